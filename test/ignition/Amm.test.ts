import { expect } from "chai";
import hre from "hardhat";
import AmmModule from "../../ignition/modules/Amm";

describe("Ignition: Amm module", () => {
  it("deploys a factory and a router bound to it, fee-to setter defaulting to the deployer", async () => {
    const [deployer] = await hre.ethers.getSigners();
    const { factory, router } = await hre.ignition.deploy(AmmModule);
    expect(await router.factory()).to.equal(await factory.getAddress());
    expect(await factory.feeToSetter()).to.equal(deployer.address);
    expect(await factory.feeTo()).to.equal(hre.ethers.ZeroAddress);
  });

  it("takes the fee-to setter as a parameter", async () => {
    const [, , , , , setter] = await hre.ethers.getSigners();
    const { factory } = await hre.ignition.deploy(AmmModule, {
      parameters: { Amm: { feeToSetter: setter.address } },
    });
    expect(await factory.feeToSetter()).to.equal(setter.address);
  });
});

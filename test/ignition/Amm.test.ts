import { expect } from "chai";
import hre from "hardhat";
import AmmModule from "../../ignition/modules/Amm";
import AmmWithWethModule from "../../ignition/modules/AmmWithWeth";

describe("Ignition: Amm module", () => {
  it("deploys a factory and a router bound to it, fee-to setter defaulting to the deployer", async () => {
    const [deployer] = await hre.ethers.getSigners();
    const { factory, router, weth } = await hre.ignition.deploy(AmmModule);
    expect(await router.factory()).to.equal(await factory.getAddress());
    expect(await router.WETH()).to.equal(await weth.getAddress());
    expect(await weth.symbol()).to.equal("WETH");
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

  it("binds the router to an existing WETH with AmmWithWeth", async () => {
    const existing = await hre.ethers.deployContract("WrappedEther");
    const { router } = await hre.ignition.deploy(AmmWithWethModule, {
      parameters: { AmmWithWeth: { weth: await existing.getAddress() } },
    });
    expect(await router.WETH()).to.equal(await existing.getAddress());
  });
});

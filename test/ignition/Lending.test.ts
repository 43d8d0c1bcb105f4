import { expect } from "chai";
import hre from "hardhat";
import LendingModule from "../../ignition/modules/Lending";
import { DEFAULT_RATE_PARAMS, MAX_UINT } from "../../scripts/lib/lendingGas";

describe("Ignition: Lending module", () => {
  it("deploys a pool bound to its oracle adapter, owned by the deployer, with the default rate model", async () => {
    const [deployer] = await hre.ethers.getSigners();
    const { pool, oracle, rateModel, lens } = await hre.ignition.deploy(LendingModule);
    expect(await pool.oracle()).to.equal(await oracle.getAddress());
    expect(await pool.owner()).to.equal(deployer.address);
    expect(await oracle.owner()).to.equal(deployer.address);
    expect(await pool.marketCount()).to.equal(0n);
    expect(await rateModel.baseRatePerSecond()).to.equal(DEFAULT_RATE_PARAMS.baseRatePerSecond);
    expect(await rateModel.multiplierPerSecond()).to.equal(DEFAULT_RATE_PARAMS.multiplierPerSecond);
    expect(await rateModel.jumpMultiplierPerSecond()).to.equal(DEFAULT_RATE_PARAMS.jumpMultiplierPerSecond);
    expect(await rateModel.kink()).to.equal(DEFAULT_RATE_PARAMS.kink);
    expect(await lens.healthFactor(await pool.getAddress(), deployer.address)).to.equal(MAX_UINT);
  });

  it("takes the owner and the rate model as parameters, and the deployment can list a market", async () => {
    const [deployer, , , , , admin] = await hre.ethers.getSigners();
    const deployed = await hre.ignition.deploy(LendingModule, {
      parameters: { Lending: { owner: admin.address, baseRatePerSecond: 1n, kink: 5n * 10n ** 17n } },
    });
    const pool = await hre.ethers.getContractAt("LendingPool", await deployed.pool.getAddress());
    const oracle = await hre.ethers.getContractAt("ChainlinkOracleAdapter", await deployed.oracle.getAddress());
    const rateModel = await hre.ethers.getContractAt("JumpRateModel", await deployed.rateModel.getAddress());
    expect(await pool.owner()).to.equal(admin.address);
    expect(await rateModel.baseRatePerSecond()).to.equal(1n);
    expect(await rateModel.kink()).to.equal(5n * 10n ** 17n);
    // The owner lists a market as the harness would.
    const token = await hre.ethers.deployContract("ERC20Mock", ["T", "T", 18]);
    const feed = await hre.ethers.deployContract("MockAggregator", [8, 1_0000_0000n]);
    await oracle.connect(admin).setFeed(await token.getAddress(), await feed.getAddress(), 3600);
    await pool
      .connect(admin)
      .listMarket(await token.getAddress(), await rateModel.getAddress(), 7500, 8000, 10800, 1000, MAX_UINT, MAX_UINT);
    expect((await pool.marketConfig(await token.getAddress())).id).to.equal(1n);
    await expect(
      pool.connect(deployer).listMarket(deployer.address, await rateModel.getAddress(), 0, 0, 10000, 0, 0, 0),
    ).to.be.revertedWithCustomError(pool, "OwnableUnauthorizedAccount");
  });
});

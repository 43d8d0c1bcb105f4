/** The Chainlink adapter: decimals normalisation, heartbeat, non-positive answers, admin. */
import { expect } from "chai";
import hre from "hardhat";
import { loadFixture, time } from "@nomicfoundation/hardhat-network-helpers";
import * as ref from "./reference";

async function adapterFixture() {
  const [owner, alice] = await hre.ethers.getSigners();
  const adapter = await hre.ethers.deployContract("ChainlinkOracleAdapter", [owner.address]);
  const token6 = await hre.ethers.deployContract("ERC20Mock", ["Six", "SIX", 6]);
  const token18 = await hre.ethers.deployContract("ERC20Mock", ["Eighteen", "EIG", 18]);
  const feed8 = await hre.ethers.deployContract("MockAggregator", [8, 1_0001_0000n]);
  const feed18 = await hre.ethers.deployContract("MockAggregator", [18, 2500n * 10n ** 18n + 7n]);
  return { adapter, token6, token18, feed8, feed18, owner, alice };
}

describe("ChainlinkOracleAdapter", () => {
  it("normalises to 1e(36 - token decimals) for any token and feed decimals", async () => {
    const { adapter, token6, token18, feed8, feed18 } = await loadFixture(adapterFixture);
    await adapter.setFeed(await token6.getAddress(), await feed8.getAddress(), 3600);
    await adapter.setFeed(await token18.getAddress(), await feed18.getAddress(), 3600);
    expect(await adapter.price(await token6.getAddress())).to.equal(ref.normalisedPrice(1_0001_0000n, 6, 8));
    expect(await adapter.price(await token18.getAddress())).to.equal(
      ref.normalisedPrice(2500n * 10n ** 18n + 7n, 18, 18),
    );
    // 1 whole token's value in 1e18 units: $1.0001 and $2500.000...007.
    expect(((await adapter.price(await token6.getAddress())) * 10n ** 6n) / 10n ** 18n).to.equal(
      1_000_100_000_000_000_000n,
    );
    const [agg, heartbeat, scale] = await adapter.feed(await token6.getAddress());
    expect([agg, heartbeat, scale]).to.deep.equal([await feed8.getAddress(), 3600n, 22n]);
  });

  it("rejects answers older than the heartbeat, and accepts one exactly at it", async () => {
    const { adapter, token6, feed8 } = await loadFixture(adapterFixture);
    const t = await token6.getAddress();
    await adapter.setFeed(t, await feed8.getAddress(), 3600);
    const now = await time.latest();
    await feed8.setRound(1_0000_0000n, now - 3600);
    // The next call is evaluated in a block one second later: updatedAt + heartbeat < now.
    await time.setNextBlockTimestamp(now + 1);
    await hre.network.provider.send("evm_mine");
    await expect(adapter.price(t))
      .to.be.revertedWithCustomError(adapter, "StalePrice")
      .withArgs(t, now - 3600, 3600);
    await feed8.setRound(1_0000_0000n, (await time.latest()) + 1 - 3600);
    expect(await adapter.price(t)).to.equal(ref.normalisedPrice(1_0000_0000n, 6, 8));
  });

  it("rejects zero and negative answers and unknown assets", async () => {
    const { adapter, token6, feed8, alice } = await loadFixture(adapterFixture);
    const t = await token6.getAddress();
    await expect(adapter.price(t)).to.be.revertedWithCustomError(adapter, "FeedNotSet").withArgs(t);
    await adapter.setFeed(t, await feed8.getAddress(), 3600);
    await feed8.setAnswer(0n);
    await expect(adapter.price(t)).to.be.revertedWithCustomError(adapter, "NonPositivePrice").withArgs(t, 0n);
    await feed8.setAnswer(-5n);
    await expect(adapter.price(t)).to.be.revertedWithCustomError(adapter, "NonPositivePrice").withArgs(t, -5n);
    void alice;
  });

  it("lets only the owner set feeds, with valid heartbeats and decimals", async () => {
    const { adapter, token6, feed8, feed18, alice } = await loadFixture(adapterFixture);
    const t = await token6.getAddress();
    await expect(adapter.connect(alice).setFeed(t, await feed8.getAddress(), 1))
      .to.be.revertedWithCustomError(adapter, "OwnableUnauthorizedAccount")
      .withArgs(alice.address);
    await expect(adapter.setFeed(hre.ethers.ZeroAddress, await feed8.getAddress(), 1)).to.be.revertedWithCustomError(
      adapter,
      "ZeroAddress",
    );
    await expect(adapter.setFeed(t, hre.ethers.ZeroAddress, 1)).to.be.revertedWithCustomError(adapter, "ZeroAddress");
    await expect(adapter.setFeed(t, await feed8.getAddress(), 0))
      .to.be.revertedWithCustomError(adapter, "InvalidHeartbeat")
      .withArgs(0);
    await expect(adapter.setFeed(t, await feed8.getAddress(), 2n ** 32n)).to.be.revertedWithCustomError(
      adapter,
      "InvalidHeartbeat",
    );
    const big = await hre.ethers.deployContract("ERC20Mock", ["Big", "BIG", 30]);
    await expect(adapter.setFeed(await big.getAddress(), await feed18.getAddress(), 1))
      .to.be.revertedWithCustomError(adapter, "UnsupportedDecimals")
      .withArgs(30, 18);
    await expect(adapter.setFeed(t, await feed8.getAddress(), 60))
      .to.emit(adapter, "FeedSet")
      .withArgs(t, await feed8.getAddress(), 60, 22);
  });
});

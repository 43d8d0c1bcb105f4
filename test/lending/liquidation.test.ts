/** Liquidations: eligibility, close factor, seize and protocol share, caps, bad debt. */
import { expect } from "chai";
import hre from "hardhat";
import { loadFixture, time } from "@nomicfoundation/hardhat-network-helpers";
import { E18, MAX_UINT, borrowedFixture, units } from "./fixtures";
import * as ref from "./reference";

/** Bob's collateral loses value until he is liquidatable: WETH $700, WBTC $5000 ($9,350 < $10,000). */
async function unhealthyFixture() {
  const f = await borrowedFixture();
  await f.eth.feed.setAnswer(700_0000_0000n);
  await f.btc.feed.setAnswer(5000_0000_0000n);
  return f;
}

const price = (answer: bigint, decimals: number) => ref.normalisedPrice(answer, decimals, 8);

describe("LendingPool liquidation", () => {
  it("refuses to liquidate a healthy account, oneself, zero, and unlisted markets", async () => {
    const { pool, usd, eth, bob, carol } = await loadFixture(borrowedFixture);
    const v = await pool.accountLiquidity(bob.address);
    await expect(pool.connect(carol).liquidate(bob.address, usd.address, eth.address, 1n))
      .to.be.revertedWithCustomError(pool, "AccountHealthy")
      // The debt value grows by the interest of the seconds until the transaction is mined.
      .withArgs(bob.address, v.liquidationValue, (d: bigint) => d >= v.debtValue && d < v.debtValue + 10n ** 18n);
    await expect(pool.connect(bob).liquidate(bob.address, usd.address, eth.address, 1n))
      .to.be.revertedWithCustomError(pool, "SelfLiquidation")
      .withArgs(bob.address);
    await expect(
      pool.connect(carol).liquidate(bob.address, usd.address, eth.address, 0n),
    ).to.be.revertedWithCustomError(pool, "ZeroAmount");
    await expect(
      pool.connect(carol).liquidate(bob.address, carol.address, eth.address, 1n),
    ).to.be.revertedWithCustomError(pool, "MarketNotListed");
  });

  it("becomes possible exactly when the liquidation-threshold value falls below the debt", async () => {
    const { pool, usd, eth, btc, bob, carol } = await loadFixture(borrowedFixture);
    // Debt $10,000. LT value = 10 ETH * p * 80% + 1 BTC * $30,000 * 75% = 8p + 22,500 -> never below
    // $10,000 with BTC there; drop BTC to $0.01 and find the ETH price threshold: 8p < 10,000.
    await btc.feed.setAnswer(1_000_000n);
    await eth.feed.setAnswer(1250_0000_0000n + 1_0000_0000n); // $1251: still healthy
    await expect(
      pool.connect(carol).liquidate(bob.address, usd.address, eth.address, 1n),
    ).to.be.revertedWithCustomError(pool, "AccountHealthy");
    await eth.feed.setAnswer(1249_0000_0000n);
    await pool.connect(carol).liquidate(bob.address, usd.address, eth.address, units(usd, 100n));
  });

  it("repays at most the close factor and seizes repaid value * incentive in collateral shares", async () => {
    const { pool, usd, eth, bob, carol } = await loadFixture(unhealthyFixture);
    const debt = units(usd, 10_000n);
    const pd = price(1_0000_0000n, 6);
    const pc = price(700_0000_0000n, 18);
    const s = await pool.marketState(eth.address);
    const repaid = debt / 2n; // close factor 50%
    const seizeAssets = (repaid * (pd * 10800n)) / (pc * 10_000n);
    const seized = ref.toSharesDown(seizeAssets, s.totalSupplyAssets, s.totalSupplyShares);
    const protocolShares = (seized * 280n) / 10_000n;
    const protocolAssets = ref.toAssetsDown(protocolShares, s.totalSupplyAssets, s.totalSupplyShares);
    const bobShares = (await pool.position(eth.address, bob.address)).supplyShares;
    const before = await usd.token.balanceOf(carol.address);
    await expect(pool.connect(carol).liquidate(bob.address, usd.address, eth.address, MAX_UINT))
      .to.emit(pool, "Liquidate")
      .withArgs(carol.address, bob.address, usd.address, eth.address, repaid, seized, protocolAssets);
    expect(before - (await usd.token.balanceOf(carol.address))).to.equal(repaid);
    expect((await pool.position(eth.address, bob.address)).supplyShares).to.equal(bobShares - seized);
    expect((await pool.position(eth.address, carol.address)).supplyShares).to.equal(seized - protocolShares);
    const after = await pool.marketState(eth.address);
    expect(after.totalReserves).to.equal(protocolAssets);
    expect(after.totalSupplyShares).to.equal(s.totalSupplyShares - protocolShares);
    expect(after.cash).to.equal(s.cash);
    expect(await pool.position(usd.address, bob.address).then((p) => ref.debtOf(p.borrowScaled, E18))).to.equal(
      debt - repaid,
    );
    // Never more collateral value than repaid value times the incentive.
    expect(ref.valueDown(seizeAssets, pc) <= (ref.valueUp(repaid, pd) * 10800n) / 10_000n).to.equal(true);
  });

  it("repays less than asked when asked for less", async () => {
    const { pool, usd, eth, bob, carol } = await loadFixture(unhealthyFixture);
    const [repaid] = await pool.connect(carol).liquidate.staticCall(bob.address, usd.address, eth.address, 1234n);
    expect(repaid).to.equal(1234n);
  });

  it("caps the seize at the borrower's shares and shrinks the repayment to match (rounded up)", async () => {
    const { pool, usd, eth, btc, bob, carol } = await loadFixture(borrowedFixture);
    // WETH crashes to $50: its 10 ETH ($500) are worth less than 50% of the debt times 108%.
    await eth.feed.setAnswer(50_0000_0000n);
    await btc.feed.setAnswer(5000_0000_0000n);
    const s = await pool.marketState(eth.address);
    const shares = (await pool.position(eth.address, bob.address)).supplyShares;
    const seizeAssets = ref.toAssetsDown(shares, s.totalSupplyAssets, s.totalSupplyShares);
    const pd = price(1_0000_0000n, 6);
    const pc = price(50_0000_0000n, 18);
    const repaid = ref.divUp(seizeAssets * pc * 10_000n, pd * 10800n);
    const [r, seized] = await pool.connect(carol).liquidate.staticCall(bob.address, usd.address, eth.address, MAX_UINT);
    expect([r, seized]).to.deep.equal([repaid, shares]);
    await pool.connect(carol).liquidate(bob.address, usd.address, eth.address, MAX_UINT);
    expect((await pool.position(eth.address, bob.address)).supplyShares).to.equal(0n);
    // WBTC is still there: no bad debt yet.
    expect((await pool.position(usd.address, bob.address)).borrowScaled > 0n).to.equal(true);
  });

  it("reverts when the collateral is not entered or held, or the debt market is not owed", async () => {
    const { pool, usd, eth, btc, bob, carol, alice } = await loadFixture(unhealthyFixture);
    await expect(pool.connect(carol).liquidate(bob.address, usd.address, usd.address, 1n))
      .to.be.revertedWithCustomError(pool, "NoCollateral")
      .withArgs(bob.address, usd.address);
    await expect(pool.connect(carol).liquidate(bob.address, btc.address, eth.address, 1n))
      .to.be.revertedWithCustomError(pool, "NoDebt")
      .withArgs(bob.address, btc.address);
    // A repayment worth less than one collateral share seizes nothing.
    await expect(pool.connect(carol).liquidate(bob.address, usd.address, btc.address, 1n))
      .to.be.revertedWithCustomError(pool, "NothingToSeize")
      .withArgs(bob.address, 1n);
    void alice;
  });

  it("reverts while a price it needs is stale (no liquidation on an untrusted price)", async () => {
    const { pool, oracle, usd, eth, bob, carol } = await loadFixture(unhealthyFixture);
    await eth.feed.setRound(700_0000_0000n, (await time.latest()) - 86_401);
    await expect(
      pool.connect(carol).liquidate(bob.address, usd.address, eth.address, MAX_UINT),
    ).to.be.revertedWithCustomError(oracle, "StalePrice");
  });

  it("repays the whole debt below the dust value", async () => {
    const { pool, usd, eth, btc, alice, bob, carol } = await loadFixture(borrowedFixture);
    // Bob repays down to $60 of debt, then prices collapse.
    await pool.connect(bob).repay(usd.address, units(usd, 9_940n), bob.address);
    // 10 WETH at $7 = $70: below $60 / 80% but above $60 * 108%, so the whole $60 can be repaid.
    await eth.feed.setAnswer(7_0000_0000n);
    await btc.feed.setAnswer(1_000_000n);
    const debt = ref.debtOf(
      (await pool.position(usd.address, bob.address)).borrowScaled,
      (await pool.marketState(usd.address)).borrowIndex,
    );
    const [repaid] = await pool.connect(carol).liquidate.staticCall(bob.address, usd.address, eth.address, MAX_UINT);
    expect(repaid).to.equal(debt);
    void alice;
  });

  it("writes off the remaining debt against the suppliers when the last collateral is seized", async () => {
    const { pool, lens, usd, eth, btc, bob, carol } = await loadFixture(borrowedFixture);
    await eth.feed.setAnswer(10_0000_0000n); // 10 ETH = $100
    await btc.feed.setAnswer(100_0000_0000n); // 1 BTC = $100
    // Seize all WBTC first (not the last collateral), then all WETH (the last): bad debt.
    await pool.connect(carol).liquidate(bob.address, usd.address, btc.address, MAX_UINT);
    expect(await pool.accountMarkets(bob.address)).to.deep.equal([eth.address, btc.address, usd.address]);
    const indexBefore = await lens.supplyIndex(pool, usd.address);
    const s = await pool.marketState(usd.address);
    const tx = pool.connect(carol).liquidate(bob.address, usd.address, eth.address, MAX_UINT);
    await expect(tx).to.emit(pool, "BadDebt");
    expect((await pool.position(usd.address, bob.address)).borrowScaled).to.equal(0n);
    const after = await pool.marketState(usd.address);
    // All borrows were Bob's: none remain, the cash is what was repaid, the loss is the suppliers'.
    expect(after.totalBorrows).to.equal(0n);
    expect(after.cash).to.equal(after.totalSupplyAssets + after.totalReserves);
    expect(after.totalSupplyAssets < s.totalSupplyAssets).to.equal(true);
    expect((await lens.supplyIndex(pool, usd.address)) < indexBefore).to.equal(true);
    expect(await pool.accountMarkets(bob.address)).to.deep.equal([eth.address, btc.address]);
  });

  it("writes off debt in a second market once no collateral is left anywhere", async () => {
    const f = await loadFixture(borrowedFixture);
    const { pool, usd, eth, btc, alice, bob, carol, dave } = f;
    // Bob also borrows WBTC (Dave supplies it); then everything he holds is seized through USDL.
    await pool.connect(dave).supply(btc.address, units(btc, 10n), dave.address);
    await pool.connect(bob).borrow(btc.address, units(btc, 1n) / 10n, bob.address);
    await eth.feed.setAnswer(10_0000_0000n);
    await btc.feed.setAnswer(1000_0000_0000n);
    await pool.connect(carol).liquidate(bob.address, usd.address, btc.address, MAX_UINT);
    await pool.connect(carol).liquidate(bob.address, usd.address, eth.address, MAX_UINT);
    // No collateral left: the WBTC debt is written off by a liquidation that seizes nothing.
    const [repaid, seized] = await pool.connect(carol).liquidate.staticCall(bob.address, btc.address, eth.address, 1n);
    expect([repaid, seized]).to.deep.equal([0n, 0n]);
    await expect(pool.connect(carol).liquidate(bob.address, btc.address, eth.address, 1n)).to.emit(pool, "BadDebt");
    expect((await pool.position(btc.address, bob.address)).borrowScaled).to.equal(0n);
    expect((await pool.accountLiquidity(bob.address)).debtValue).to.equal(0n);
    void alice;
  });
});

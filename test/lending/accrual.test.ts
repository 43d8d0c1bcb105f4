/** Interest accrual over time against the TypeScript reference, and Compound's own formulas. */
import { expect } from "chai";
import { loadFixture, time } from "@nomicfoundation/hardhat-network-helpers";
import { DEFAULT_RATE_PARAMS, E18, borrowedFixture, totals, units } from "./fixtures";
import * as ref from "./reference";

describe("LendingPool accrual", () => {
  it("follows the reference to the wei over irregular intervals, borrows and repayments", async () => {
    const f = await loadFixture(borrowedFixture);
    const { pool, usd, bob, carol, eth } = f;
    await pool.connect(carol).supply(eth.address, units(eth, 100n), carol.address);
    await pool.connect(carol).enterMarket(eth.address);
    const borrowers = [bob.address, carol.address];
    let model = await totals(pool, usd.address, borrowers);
    const steps: [number, () => Promise<unknown>][] = [
      [1, () => pool.accrueInterest(usd.address)],
      [13, () => pool.connect(carol).borrow(usd.address, units(usd, 120_000n) + 17n, carol.address)],
      [86_400, () => pool.accrueInterest(usd.address)],
      [7 * 86_400 + 3, () => pool.connect(bob).repay(usd.address, units(usd, 2_000n) + 1n, bob.address)],
      [30 * 86_400, () => pool.accrueInterest(usd.address)],
      [365 * 86_400, () => pool.accrueInterest(usd.address)],
    ];
    for (const [dt, action] of steps) {
      const t = BigInt(await time.latest()) + BigInt(dt);
      await time.setNextBlockTimestamp(t);
      // Refresh the feeds in the same block is impossible; heartbeat is 1 day, so refresh before.
      const expected = ref.accrue(model, DEFAULT_RATE_PARAMS, 1000n, t);
      await action();
      const actual = await totals(pool, usd.address, borrowers);
      expect(actual.index, "index").to.equal(expected.index);
      expect(actual.lastAccrual).to.equal(t);
      // The accrual part of the totals matches; the action then moves them by known amounts.
      const s = await pool.marketState(usd.address);
      expect(s.totalReserves, "reserves").to.equal(expected.reserves);
      if (actual.borrowScaled === expected.borrowScaled) {
        expect(s.totalSupplyAssets, "supply assets").to.equal(expected.supplyAssets);
      }
      expect(s.totalBorrows).to.equal(ref.totalBorrows(actual));
      model = actual;
      for (const m of f.markets) await m.feed.setAnswer((await m.feed.latestRoundData())[1]);
    }
    expect(model.index > E18).to.equal(true);
  });

  it("coincides with Compound's accrual (totalBorrows, totalReserves, borrowIndex) on the first accrual", async () => {
    const { pool, usd } = await loadFixture(borrowedFixture);
    const s = await pool.marketState(usd.address);
    const dt = 12_345n;
    await time.setNextBlockTimestamp(s.lastAccrual + dt);
    await pool.accrueInterest(usd.address);
    const c = ref.compoundAccrue(
      s.totalBorrows,
      s.totalReserves,
      s.borrowIndex,
      s.cash,
      DEFAULT_RATE_PARAMS,
      10n ** 17n,
      dt,
    );
    const after = await pool.marketState(usd.address);
    expect([after.totalBorrows, after.totalReserves, after.borrowIndex]).to.deep.equal([
      c.totalBorrows,
      c.totalReserves,
      c.borrowIndex,
    ]);
    // Later accruals differ from Compound's only by the truncation of totalBorrows (a wei per accrual).
    await time.setNextBlockTimestamp(after.lastAccrual + dt);
    await pool.accrueInterest(usd.address);
    const c2 = ref.compoundAccrue(
      after.totalBorrows,
      after.totalReserves,
      after.borrowIndex,
      after.cash,
      DEFAULT_RATE_PARAMS,
      10n ** 17n,
      dt,
    );
    const after2 = await pool.marketState(usd.address);
    expect(after2.borrowIndex).to.equal(c2.borrowIndex);
    const diff = after2.totalBorrows - c2.totalBorrows;
    expect(diff >= -2n && diff <= 2n, `totalBorrows within 2 wei of Compound's (${diff})`).to.equal(true);
  });

  it("charges no interest without borrows, and never lets the index decrease", async () => {
    const { pool, eth } = await loadFixture(borrowedFixture);
    const before = await pool.marketState(eth.address);
    await time.increase(365 * 86_400);
    await pool.accrueInterest(eth.address);
    const after = await pool.marketState(eth.address);
    expect([after.borrowIndex, after.totalSupplyAssets, after.totalReserves]).to.deep.equal([
      before.borrowIndex,
      before.totalSupplyAssets,
      before.totalReserves,
    ]);
  });

  it("caps the borrow rate at 1000% a year", async () => {
    const { pool, usd, alice } = await loadFixture(borrowedFixture);
    const { ethers } = await import("hardhat").then((m) => m.default);
    const steep = await ethers.deployContract("JumpRateModel", [10n ** 18n, 0n, 0n, E18]);
    await pool.setRateModel(usd.address, await steep.getAddress());
    const s = await pool.marketState(usd.address);
    await time.setNextBlockTimestamp(s.lastAccrual + 100n);
    await pool.accrueInterest(usd.address);
    const index = (await pool.marketState(usd.address)).borrowIndex;
    expect(index).to.equal(s.borrowIndex + (ref.MAX_BORROW_RATE * 100n * s.borrowIndex) / E18);
    void alice;
  });
});

/** Deployments the lending tests start from (each captured once by loadFixture and reverted to). */
import hre from "hardhat";
import { ethers as ethersLib } from "ethers";
import { time } from "@nomicfoundation/hardhat-network-helpers";
import { deployLending, STANDARD_MARKETS, type LendingMarket } from "../../scripts/lib/lendingGas";
import type { LendingLens, LendingPool } from "../../typechain-types";
import * as ref from "./reference";

export { E18, PAUSE, MAX_UINT, DEFAULT_RATE_PARAMS, HEARTBEAT } from "../../scripts/lib/lendingGas";

/** `x` whole tokens of market `m`. */
export const units = (m: LendingMarket, x: bigint): bigint => x * 10n ** BigInt(m.spec.decimals);

/** Three markets (USDL 6 decimals $1, WETH 18 decimals $2000, WBTC 8 decimals $30000), four funded users. */
export async function lendingFixture() {
  const signers = await hre.ethers.getSigners();
  const [owner, alice, bob, carol, dave] = signers;
  const d = await deployLending(hre, STANDARD_MARKETS, owner);
  const [usd, eth, btc] = d.markets;
  const lens = (await hre.ethers.deployContract("LendingLens")) as unknown as LendingLens;
  const poolAddress = await d.pool.getAddress();
  for (const m of d.markets) {
    for (const u of [alice, bob, carol, dave]) {
      await (await m.token.mint(u.address, units(m, 10n ** 12n))).wait();
      await (await m.token.connect(u).approve(poolAddress, ethersLib.MaxUint256)).wait();
    }
  }
  return { ...d, usd, eth, btc, lens, poolAddress, owner, alice, bob, carol, dave, signers };
}

export type LendingFixture = Awaited<ReturnType<typeof lendingFixture>>;

/**
 * Alice lends 1,000,000 USDL; Bob supplies 10 WETH and 1 WBTC, uses both as collateral and borrows
 * 10,000 USDL.
 */
export async function borrowedFixture() {
  const f = await lendingFixture();
  const { pool, usd, eth, btc, alice, bob } = f;
  await (await pool.connect(alice).supply(usd.address, units(usd, 1_000_000n), alice.address)).wait();
  await (await pool.connect(bob).supply(eth.address, units(eth, 10n), bob.address)).wait();
  await (await pool.connect(bob).supply(btc.address, units(btc, 1n), bob.address)).wait();
  await (await pool.connect(bob).enterMarket(eth.address)).wait();
  await (await pool.connect(bob).enterMarket(btc.address)).wait();
  await (await pool.connect(bob).borrow(usd.address, units(usd, 10_000n), bob.address)).wait();
  return f;
}

/**
 * The market's totals as test/lending/reference.ts models them. The pool keeps the total scaled
 * debt equal to the sum of its accounts' scaled debts; it does not expose it, so the caller names
 * every borrower of the market and the sum of their positions stands for it.
 */
export async function totals(pool: LendingPool, asset: string, borrowers: string[]): Promise<ref.MarketTotals> {
  const s = await pool.marketState(asset);
  let borrowScaled = 0n;
  for (const a of borrowers) borrowScaled += (await pool.position(asset, a)).borrowScaled;
  return {
    supplyAssets: s.totalSupplyAssets,
    supplyShares: s.totalSupplyShares,
    borrowScaled,
    index: s.borrowIndex,
    reserves: s.totalReserves,
    lastAccrual: s.lastAccrual,
  };
}

/** Moves the clock by `seconds` and refreshes every feed (same answers), so prices stay fresh. */
export async function advance(f: { markets: LendingMarket[] }, seconds: number): Promise<void> {
  await time.increase(seconds);
  for (const m of f.markets) {
    const [, answer] = await m.feed.latestRoundData();
    await (await m.feed.setAnswer(answer)).wait();
  }
}

/** Sets a market's feed answer (8 decimals, USD). */
export async function setPrice(m: LendingMarket, answer: bigint): Promise<void> {
  await (await m.feed.setAnswer(answer)).wait();
}

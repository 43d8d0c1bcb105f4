/**
 * An independent TypeScript model of the lending market's arithmetic: Compound v2's jump rate
 * model and accrual (per second), Morpho-style virtual shares, scaled debt. Written from the
 * formulas, not from the contracts, and compared to them to the wei.
 */
export const WAD = 10n ** 18n;
export const BPS = 10_000n;
export const VIRTUAL_SHARES = 10n ** 6n;
export const VIRTUAL_ASSETS = 1n;
export const MAX_BORROW_RATE = (10n * WAD) / 31_536_000n;

export const divUp = (x: bigint, d: bigint): bigint => (x + d - 1n) / d;
export const min = (a: bigint, b: bigint): bigint => (a < b ? a : b);

export interface Rates {
  baseRatePerSecond: bigint;
  multiplierPerSecond: bigint;
  jumpMultiplierPerSecond: bigint;
  kink: bigint;
}

/** Compound: borrows / (cash + borrows - reserves), 0 without borrows. */
export function utilization(cash: bigint, borrows: bigint, reserves: bigint): bigint {
  if (borrows === 0n) return 0n;
  return (borrows * WAD) / (cash + borrows - reserves);
}

/** Compound JumpRateModelV2.getBorrowRate, per second. */
export function borrowRate(r: Rates, cash: bigint, borrows: bigint, reserves: bigint): bigint {
  const util = utilization(cash, borrows, reserves);
  if (util <= r.kink) return (util * r.multiplierPerSecond) / WAD + r.baseRatePerSecond;
  const normal = (r.kink * r.multiplierPerSecond) / WAD + r.baseRatePerSecond;
  return ((util - r.kink) * r.jumpMultiplierPerSecond) / WAD + normal;
}

/** Compound JumpRateModelV2.getSupplyRate: util * borrowRate * (1 - reserveFactor). */
export function supplyRate(r: Rates, cash: bigint, borrows: bigint, reserves: bigint, rfMantissa: bigint): bigint {
  const rateToPool = (borrowRate(r, cash, borrows, reserves) * (WAD - rfMantissa)) / WAD;
  return (utilization(cash, borrows, reserves) * rateToPool) / WAD;
}

/** A market's totals as the pool keeps them. */
export interface MarketTotals {
  supplyAssets: bigint;
  supplyShares: bigint;
  borrowScaled: bigint;
  index: bigint;
  reserves: bigint;
  lastAccrual: bigint;
}

export const totalBorrows = (m: MarketTotals): bigint => (m.borrowScaled * m.index) / WAD;
export const cash = (m: MarketTotals): bigint => m.supplyAssets + m.reserves - totalBorrows(m);

/**
 * Interest from `m.lastAccrual` to `now`: factor = min(rate, MAX) * dt; index += factor * index /
 * 1e18; borrows = scaled * index / 1e18; interest = borrows - old borrows; reserves += interest *
 * reserveFactor / 1e18; suppliers get the rest.
 */
export function accrue(m: MarketTotals, r: Rates, reserveFactorBps: bigint, now: bigint): MarketTotals {
  if (now === m.lastAccrual || m.borrowScaled === 0n) return m;
  const before = totalBorrows(m);
  const rate = min(borrowRate(r, cash(m), before, m.reserves), MAX_BORROW_RATE);
  const factor = rate * (now - m.lastAccrual);
  const index = m.index + (factor * m.index) / WAD;
  const after = (m.borrowScaled * index) / WAD;
  const interest = after - before;
  const toReserves = (interest * reserveFactorBps * 10n ** 14n) / WAD;
  return {
    ...m,
    index,
    lastAccrual: now,
    reserves: m.reserves + toReserves,
    supplyAssets: m.supplyAssets + interest - toReserves,
  };
}

/**
 * Compound v2's own accrual of (totalBorrows, totalReserves, borrowIndex), per second, for the
 * comparison where the two coincide.
 */
export function compoundAccrue(
  totalBorrowsPrior: bigint,
  reservesPrior: bigint,
  indexPrior: bigint,
  cashPrior: bigint,
  r: Rates,
  reserveFactorMantissa: bigint,
  dt: bigint,
): { totalBorrows: bigint; totalReserves: bigint; borrowIndex: bigint; interest: bigint } {
  const rate = borrowRate(r, cashPrior, totalBorrowsPrior, reservesPrior);
  const simpleInterestFactor = rate * dt;
  const interest = (simpleInterestFactor * totalBorrowsPrior) / WAD;
  return {
    interest,
    totalBorrows: interest + totalBorrowsPrior,
    totalReserves: (reserveFactorMantissa * interest) / WAD + reservesPrior,
    borrowIndex: (simpleInterestFactor * indexPrior) / WAD + indexPrior,
  };
}

export const toSharesDown = (a: bigint, ta: bigint, ts: bigint): bigint =>
  (a * (ts + VIRTUAL_SHARES)) / (ta + VIRTUAL_ASSETS);
export const toSharesUp = (a: bigint, ta: bigint, ts: bigint): bigint =>
  divUp(a * (ts + VIRTUAL_SHARES), ta + VIRTUAL_ASSETS);
export const toAssetsDown = (s: bigint, ta: bigint, ts: bigint): bigint =>
  (s * (ta + VIRTUAL_ASSETS)) / (ts + VIRTUAL_SHARES);

/** Debt of `scaled` units at `index`, rounded up. */
export const debtOf = (scaled: bigint, index: bigint): bigint => divUp(scaled * index, WAD);

/** Pool price convention: answer * 10^(36 - token decimals - feed decimals). */
export const normalisedPrice = (answer: bigint, tokenDecimals: number, feedDecimals: number): bigint =>
  answer * 10n ** BigInt(36 - tokenDecimals - feedDecimals);

/** Value (1e18 = one dollar) of `amount` base units at `price`, rounded down / up. */
export const valueDown = (amount: bigint, price: bigint): bigint => (amount * price) / WAD;
export const valueUp = (amount: bigint, price: bigint): bigint => divUp(amount * price, WAD);

/**
 * An independent bigint model of the constant-product AMM, written from the formulas
 * (Uniswap v2 whitepaper, section 2 and 3), to check the contracts against wei for wei.
 */
export const MINIMUM_LIQUIDITY = 1000n;
export const Q112 = 1n << 112n;
const U256 = 1n << 256n;

export function isqrt(n: bigint): bigint {
  if (n < 0n) throw new Error("isqrt of a negative number");
  if (n < 2n) return n;
  // Newton's method from a power of two above the root.
  let x = 1n << BigInt(Math.ceil(n.toString(2).length / 2));
  for (;;) {
    const y = (x + n / x) >> 1n;
    if (y >= x) return x;
    x = y;
  }
}

export const min = (a: bigint, b: bigint): bigint => (a < b ? a : b);

/** Output of one hop: amountIn·997·R_out / (R_in·1000 + amountIn·997), rounded down. */
export function amountOut(amountIn: bigint, reserveIn: bigint, reserveOut: bigint): bigint {
  if (amountIn <= 0n || reserveIn <= 0n || reserveOut <= 0n) throw new Error("invalid getAmountOut input");
  return (amountIn * 997n * reserveOut) / (reserveIn * 1000n + amountIn * 997n);
}

/** Input of one hop for an exact output: floor(R_in·out·1000 / ((R_out − out)·997)) + 1. */
export function amountIn(out: bigint, reserveIn: bigint, reserveOut: bigint): bigint {
  if (out <= 0n || reserveIn <= 0n || reserveOut <= out) throw new Error("invalid getAmountIn input");
  return (reserveIn * out * 1000n) / ((reserveOut - out) * 997n) + 1n;
}

export function quote(amountA: bigint, reserveA: bigint, reserveB: bigint): bigint {
  return (amountA * reserveB) / reserveA;
}

/** Liquidity minted for a deposit (amounts already in the pair). */
export function liquidityMinted(
  amount0: bigint,
  amount1: bigint,
  reserve0: bigint,
  reserve1: bigint,
  supply: bigint,
): bigint {
  if (supply === 0n) return isqrt(amount0 * amount1) - MINIMUM_LIQUIDITY;
  return min((amount0 * supply) / reserve0, (amount1 * supply) / reserve1);
}

/** Protocol fee shares: supply·(√k − √kLast) / (5·√k + √kLast), i.e. 1/6 of the growth. */
export function protocolFeeShares(reserve0: bigint, reserve1: bigint, kLast: bigint, supply: bigint): bigint {
  if (kLast === 0n) return 0n;
  const rootK = isqrt(reserve0 * reserve1);
  const rootKLast = isqrt(kLast);
  if (rootK <= rootKLast) return 0n;
  return (supply * (rootK - rootKLast)) / (rootK * 5n + rootKLast);
}

/** What the price accumulators gain over `elapsed` seconds at the given reserves (mod 2^256). */
export function cumulativeIncrement(reserve0: bigint, reserve1: bigint, elapsed: bigint): [bigint, bigint] {
  return [(((reserve1 * Q112) / reserve0) * elapsed) % U256, (((reserve0 * Q112) / reserve1) * elapsed) % U256];
}

export function amountsOut(amount: bigint, reserves: [bigint, bigint][]): bigint[] {
  const amounts = [amount];
  for (const [rIn, rOut] of reserves) amounts.push(amountOut(amounts[amounts.length - 1], rIn, rOut));
  return amounts;
}

export function amountsIn(amount: bigint, reserves: [bigint, bigint][]): bigint[] {
  const amounts = [amount];
  for (let i = reserves.length - 1; i >= 0; i--) amounts.unshift(amountIn(amounts[0], reserves[i][0], reserves[i][1]));
  return amounts;
}

/**
 * Whether the pair accepts a swap paying (out0, out1) when it holds balances (b0, b1) before
 * paying out: the inputs are whatever exceeds the reserves after the payout, and the
 * fee-adjusted balances must keep k (whitepaper §3.2.1).
 */
export function swapKeepsK(r0: bigint, r1: bigint, b0: bigint, b1: bigint, out0: bigint, out1: bigint): boolean {
  const after0 = b0 - out0;
  const after1 = b1 - out1;
  const in0 = after0 > r0 - out0 ? after0 - (r0 - out0) : 0n;
  const in1 = after1 > r1 - out1 ? after1 - (r1 - out1) : 0n;
  if (in0 === 0n && in1 === 0n) return false;
  return (after0 * 1000n - in0 * 3n) * (after1 * 1000n - in1 * 3n) >= r0 * r1 * 1_000_000n;
}

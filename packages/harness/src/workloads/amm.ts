/**
 * AMM workloads: one hot pair, swaps spread over many pairs, liquidity (the mixed DeFi block,
 * which also trades here, is in mixed.ts).
 * Every swap carries a 1% slippage bound quoted from the block's pre-state, as a wallet would
 * set it, so swaps late in a busy block can revert: those are traced like any other.
 */
import type { TxRequest } from "../chain";
import type { Rng } from "../random";
import { Zipf } from "../random";
import type { AmmWorld, Reserves } from "../world/amm";
import { readReserves } from "../world/amm";
import { SenderPicker, type Workload, type WorkloadParams } from "./types";

const DEADLINE = 2n ** 40n;
const SLIPPAGE_BPS = 100n;

function amountOut(amountIn: bigint, reserveIn: bigint, reserveOut: bigint): bigint {
  return (amountIn * 997n * reserveOut) / (reserveIn * 1000n + amountIn * 997n);
}

/** Reserves of `pair` ordered from token index `from`. */
function ordered(world: AmmWorld, reserves: Reserves[], pair: number, from: number): [bigint, bigint] {
  const p = world.pairs[pair];
  const r = reserves[pair];
  return world.tokens[from].address === p.token0 ? [r.reserve0, r.reserve1] : [r.reserve1, r.reserve0];
}

/** A size between 0.001% and 0.2% of the input reserve, log-uniform (many small, some large). */
function swapSize(rng: Rng, reserveIn: bigint): bigint {
  const ppm = BigInt(Math.max(1, Math.round(rng.logUniform(10, 2000))));
  return (reserveIn * ppm) / 1_000_000n;
}

interface SwapPlan {
  path: number[];
  pairs: number[];
}

function swapTx(world: AmmWorld, reserves: Reserves[], rng: Rng, sender: string, plan: SwapPlan): TxRequest {
  const [rIn] = ordered(world, reserves, plan.pairs[0], plan.path[0]);
  const amountIn = swapSize(rng, rIn);
  let quoted = amountIn;
  for (let h = 0; h < plan.pairs.length; h++) {
    const [ri, ro] = ordered(world, reserves, plan.pairs[h], plan.path[h]);
    quoted = amountOut(quoted, ri, ro);
  }
  const minOut = (quoted * (10_000n - SLIPPAGE_BPS)) / 10_000n;
  const path = plan.path.map((t) => world.tokens[t].address);
  return {
    from: sender,
    to: world.router,
    data: world.abi.router.encodeFunctionData("swapExactTokensForTokens", [amountIn, minOut, path, sender, DEADLINE]),
    label: plan.pairs.length === 1 ? "router.swapExactTokensForTokens" : "router.swapExactTokensForTokens (2 hops)",
  };
}

/** One hop on `pair`, in a random direction. */
function singleHop(world: AmmWorld, pair: number, rng: Rng): SwapPlan {
  const p = world.pairs[pair];
  return rng.chance(0.5) ? { path: [p.a, p.b], pairs: [pair] } : { path: [p.b, p.a], pairs: [pair] };
}

/** Two hops through a shared token, when `pair` has a neighbour; one hop otherwise. */
function twoHop(world: AmmWorld, pair: number, zipf: Zipf, rng: Rng): SwapPlan {
  const first = singleHop(world, pair, rng);
  const mid = first.path[1];
  for (let tries = 0; tries < 8; tries++) {
    const next = zipf.sample(rng);
    const q = world.pairs[next];
    if (next === pair || (q.a !== mid && q.b !== mid)) continue;
    const out = q.a === mid ? q.b : q.a;
    if (out === first.path[0]) continue;
    return { path: [...first.path, out], pairs: [pair, next] };
  }
  return first;
}

function addLiquidityTx(world: AmmWorld, reserves: Reserves[], rng: Rng, pair: number, sender: string): TxRequest {
  const p = world.pairs[pair];
  const [rA, rB] = ordered(world, reserves, pair, p.a);
  const amountA = swapSize(rng, rA) * 5n;
  // Desired B a little above the pool ratio: the router trims it to the ratio at execution.
  const amountB = (amountA * rB * 101n) / (rA * 100n) + 1n;
  const [ta, tb] = [world.tokens[p.a].address, world.tokens[p.b].address];
  return {
    from: sender,
    to: world.router,
    data: world.abi.router.encodeFunctionData("addLiquidity", [ta, tb, amountA, amountB, 0n, 0n, sender, DEADLINE]),
    label: "router.addLiquidity",
  };
}

function removeLiquidityTx(world: AmmWorld, rng: Rng, pair: number, lp: string): TxRequest {
  const p = world.pairs[pair];
  const [ta, tb] = [world.tokens[p.a].address, world.tokens[p.b].address];
  // LP positions are ~5% of each pool's initial supply; remove a small slice of one.
  const liquidity = BigInt(Math.round(rng.logUniform(1e15, 1e20)));
  return {
    from: lp,
    to: world.router,
    data: world.abi.router.encodeFunctionData("removeLiquidity", [ta, tb, liquidity, 0n, 0n, lp, DEADLINE]),
    label: "router.removeLiquidity",
  };
}

export function transferTx(world: AmmWorld, rng: Rng, token: number, sender: string): TxRequest {
  const to = rng.pick(world.users);
  const amount = BigInt(Math.round(rng.logUniform(1e15, 1e21)));
  return {
    from: sender,
    to: world.tokens[token].address,
    data: world.abi.token.encodeFunctionData("transfer", [to, amount]),
    label: "token.transfer",
  };
}

export type Ctx = { world: AmmWorld; params: WorkloadParams; rng: Rng; chain: Parameters<typeof readReserves>[0] };

/** A swap on a Zipf-chosen pair; 15% of them route two hops through a shared token. */
export function skewedSwap(c: Ctx, reserves: Reserves[], senders: SenderPicker, zipf: Zipf): TxRequest {
  const pair = zipf.sample(c.rng);
  const plan = c.rng.chance(0.15) ? twoHop(c.world, pair, zipf, c.rng) : singleHop(c.world, pair, c.rng);
  return swapTx(c.world, reserves, c.rng, senders.next(), plan);
}

/** One of a Zipf-chosen pair's liquidity providers adds (60%) or removes (40%) liquidity. */
export function skewedLiquidity(c: Ctx, reserves: Reserves[], zipf: Zipf): TxRequest {
  const pair = zipf.sample(c.rng);
  const lp = c.rng.pick(c.world.lps[pair]);
  return c.rng.chance(0.6)
    ? addLiquidityTx(c.world, reserves, c.rng, pair, lp)
    : removeLiquidityTx(c.world, c.rng, pair, lp);
}

async function generate(ctx: Ctx, pick: (ctx: Ctx, reserves: Reserves[], senders: SenderPicker) => TxRequest) {
  const reserves = await readReserves(ctx.chain, ctx.world);
  const senders = new SenderPicker(ctx.world.users, ctx.params.repeatSenders, ctx.rng);
  return Array.from({ length: ctx.params.blockSize }, () => pick(ctx, reserves, senders));
}

export const ammHotPair: Workload<AmmWorld> = {
  name: "amm-hot-pair",
  title: "AMM: swaps on one hot pair",
  description: "Every transaction swaps on WETH/USDC through the router, in a random direction.",
  worlds: ["amm"],
  protocol: "AMM",
  block: (ctx) =>
    generate(ctx, (c, reserves, senders) =>
      swapTx(c.world, reserves, c.rng, senders.next(), singleHop(c.world, 0, c.rng)),
    ),
};

export const ammManyPairs: Workload<AmmWorld> = {
  name: "amm-many-pairs",
  title: "AMM: swaps spread over many pairs",
  description: "Swaps over all pairs with Zipf skew (parameter `skew`); 15% route two hops through a shared token.",
  worlds: ["amm"],
  protocol: "AMM",
  block: (ctx) => {
    const zipf = new Zipf(ctx.world.pairs.length, ctx.params.skew);
    return generate(ctx, (c, reserves, senders) => skewedSwap(c, reserves, senders, zipf));
  },
};

export const ammLiquidity: Workload<AmmWorld> = {
  name: "amm-liquidity",
  title: "AMM: liquidity added and removed",
  description: "Liquidity providers add (60%) and remove (40%) liquidity over pairs with Zipf skew.",
  worlds: ["amm"],
  protocol: "AMM",
  block: (ctx) => {
    const zipf = new Zipf(ctx.world.pairs.length, ctx.params.skew);
    return generate(ctx, (c, reserves) => skewedLiquidity(c, reserves, zipf));
  },
};

export const AMM_WORKLOADS = [ammHotPair, ammManyPairs, ammLiquidity];

/**
 * The DeFi block: AMM swaps and liquidity, plain token transfers and lending actions in one
 * logical block, as on a chain where both protocols live.
 */
import type { TxRequest } from "../chain";
import { Zipf } from "../random";
import { readReserves } from "../world/amm";
import type { AmmLendingWorld } from "../world";
import { type Ctx, skewedLiquidity, skewedSwap, transferTx } from "./amm";
import { heartbeatUpdates, lendingAction, lendingContext, pickOp } from "./lending";
import { SenderPicker, type Workload } from "./types";

/** Shares of the block: swaps, liquidity, token transfers; lending actions take the rest. */
const SWAPS = 0.45;
const LIQUIDITY = 0.1;
const TRANSFERS = 0.25;

export const defiMixed: Workload<AmmLendingWorld> = {
  name: "defi-mixed",
  title: "Mixed DeFi block",
  description:
    "45% AMM swaps over pairs with Zipf skew, 10% liquidity, 25% plain token transfers between users and 20% " +
    "lending actions (the everyday lending mix over markets with Zipf skew).",
  worlds: ["amm", "lending"],
  protocol: "DeFi",
  block: async (ctx) => {
    const { chain, params, rng } = ctx;
    const amm: Ctx = { world: ctx.world.amm, params, rng, chain };
    const reserves = await readReserves(chain, amm.world);
    const senders = new SenderPicker(amm.world.users, params.repeatSenders, rng);
    const pairs = new Zipf(amm.world.pairs.length, params.skew);
    const tokens = new Zipf(amm.world.tokens.length, params.skew);
    const lending = await lendingContext(chain, ctx.world.lending, params, rng);
    const markets = new Zipf(ctx.world.lending.markets.length, params.skew);
    const txs: TxRequest[] = heartbeatUpdates(lending.book).slice(0, params.blockSize);
    while (txs.length < params.blockSize) {
      const u = rng.next();
      if (u < SWAPS) txs.push(skewedSwap(amm, reserves, senders, pairs));
      else if (u < SWAPS + LIQUIDITY) txs.push(skewedLiquidity(amm, reserves, pairs));
      else if (u < SWAPS + LIQUIDITY + TRANSFERS)
        txs.push(transferTx(amm.world, rng, tokens.sample(rng), senders.next()));
      else txs.push(await lendingAction(lending, markets.sample(rng), pickOp(rng)));
    }
    return txs;
  },
};

/**
 * The static side of a workload run, shared by `lanes soundness` and `lanes report`: every
 * transaction predicted by the analyzer from its calldata and its logical block's pre-state.
 *
 * The transactions of one logical block are predicted one after another, in block order, all
 * against ONE pre-state object (the state before the block's first transaction, what a chain
 * knows before executing the block): the Predictor keeps per state object what earlier
 * transactions of the block may have written, so the order and the shared object matter. Never
 * parallelise this with Promise.all.
 */
import { type AccessKey, type Key, type TxAccess, isWildcard, uniqueKeys } from "@lanes/types";
import type { Chain } from "./chain";
import type { BlockRun } from "./run";
import { type Predictor, type TxPrediction, preStateAt } from "./soundness-predict";

/** Predictions per logical block, per transaction, in block order. */
export async function predictRun(
  chain: Chain,
  predictor: Predictor,
  run: { readonly blocks: readonly BlockRun[] },
): Promise<TxPrediction[][]> {
  const out: TxPrediction[][] = [];
  for (const block of run.blocks) out.push(await predictBlock(chain, predictor, block));
  return out;
}

/** One logical block: sequentially, in block order, one shared pre-state. */
export async function predictBlock(chain: Chain, predictor: Predictor, block: BlockRun): Promise<TxPrediction[]> {
  if (block.txs.length === 0) return [];
  const state = preStateAt(chain, block.txs[0].blockNumber - 1);
  const out: TxPrediction[] = [];
  for (const tx of block.txs) out.push(await predictor.predict(tx.request, state));
  return out;
}

/**
 * The predicted access sets in the shape the executors replay, beside the traced ones: the
 * transaction's identity and gas come from its trace (the static side knows no gas, and using
 * the same gas on both sides leaves the access sets as the only difference); `reads` and
 * `writes` are the prediction, wildcards included, every written key also read; `deltas` are
 * the predicted commutative updates (a wildcard delta, which `deltas` cannot hold, is a write).
 * A delta key the prediction also reads or writes stays a delta: the executors' interning turns
 * it into a plain write, as for a traced one. No no-op writes: a prediction does not claim them.
 */
export function predictedAccesses(traced: readonly TxAccess[], predictions: readonly TxPrediction[]): TxAccess[] {
  if (traced.length !== predictions.length) {
    throw new Error(`${predictions.length} predictions for ${traced.length} traced transactions`);
  }
  return traced.map((t, i) => {
    const p = predictions[i];
    const deltas = uniqueKeys<AccessKey>(p.deltas ?? []);
    const exactDeltas = deltas.filter((k): k is Key => !isWildcard(k));
    const writes = uniqueKeys<AccessKey>([...p.writes, ...deltas.filter(isWildcard)]);
    return {
      index: t.index,
      hash: t.hash,
      from: t.from,
      to: t.to,
      selector: t.selector,
      gasUsed: t.gasUsed,
      reverted: t.reverted,
      reads: uniqueKeys<AccessKey>([...p.reads, ...writes]),
      writes,
      ...(exactDeltas.length > 0 ? { deltas: exactDeltas } : {}),
    };
  });
}

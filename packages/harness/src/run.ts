/**
 * Running a workload: generate each logical block from the chain's state, send its
 * transactions (one chain block each, one timestamp per logical block), then trace them.
 */
import type { TxAccess } from "@lanes/types";
import type { Chain, SentTx } from "./chain";
import { Rng } from "./random";
import type { Workload, WorkloadParams } from "./workloads/types";

/** Turns one mined transaction into its traced access set. */
export type TraceFn = (chain: Chain, tx: SentTx, index: number) => Promise<TxAccess>;

export interface BlockRun {
  index: number;
  txs: SentTx[];
  accesses: TxAccess[];
}

export interface WorkloadRun {
  name: string;
  blocks: BlockRun[];
  /** Wall-clock milliseconds spent sending (execution on the node) and tracing. */
  sendMs: number;
  traceMs: number;
}

export interface RunProgress {
  /** Called after each transaction is traced. */
  traced(workload: string, done: number, total: number): void;
}

/** Seconds between logical blocks, as on mainnet. */
export const BLOCK_INTERVAL_S = 12;

export async function runWorkload<World>(
  chain: Chain,
  world: World,
  workload: Workload<World>,
  params: WorkloadParams,
  trace: TraceFn,
  progress?: RunProgress,
): Promise<WorkloadRun> {
  const rng = new Rng(params.seed ^ hashName(workload.name));
  const blocks: BlockRun[] = [];
  let sendMs = 0;
  let traceMs = 0;
  const total = params.blocks * params.blockSize;
  let done = 0;
  for (let b = 0; b < params.blocks; b++) {
    const requests = await workload.block({ chain, world, params, rng: rng.fork(b), index: b });
    const timestamp = (await chain.latestBlock()).timestamp + BLOCK_INTERVAL_S;
    const txs: SentTx[] = [];
    const accesses: TxAccess[] = [];
    for (const [i, request] of requests.entries()) {
      // Every transaction of the logical block sees the same timestamp, as in one real block.
      await chain.setNextTimestamp(timestamp);
      const t0 = performance.now();
      const tx = await chain.send(request);
      const t1 = performance.now();
      // Traced at once: a raw trace is megabytes of objects, so none is kept beyond its analysis.
      accesses.push(await trace(chain, tx, i));
      traceMs += performance.now() - t1;
      sendMs += t1 - t0;
      delete tx.rawTrace;
      txs.push(tx);
      progress?.traced(workload.name, ++done, total);
    }
    blocks.push({ index: b, txs, accesses });
  }
  return { name: workload.name, blocks, sendMs, traceMs };
}

function hashName(name: string): number {
  let h = 2166136261;
  for (let i = 0; i < name.length; i++) h = Math.imul(h ^ name.charCodeAt(i), 16777619) >>> 0;
  return h;
}

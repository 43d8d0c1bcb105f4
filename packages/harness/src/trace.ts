/** Tracing one sent transaction into its real access set (the ground truth), with @lanes/tracer. */
import { traceTransaction } from "@lanes/tracer";
import type { TxAccess } from "@lanes/types";
import type { TraceFn } from "./run";

/**
 * The tracer reads slots and values off the stack; per-step storage snapshots and return data
 * only make EDR's answer bigger (a router swap is ~4,500 steps), so they are left out.
 */
const TRACER_CONFIG = { disableMemory: true, disableStack: false, disableStorage: true, enableReturnData: false };

/**
 * Each transaction has its own chain block, so the parent block is its exact pre-state and the
 * tracer can settle every no-op write against it.
 */
export const traceSent: TraceFn = async (chain, tx, index): Promise<TxAccess> =>
  (await traceTransaction(chain.rpc, tx.hash, index, { tracerConfig: TRACER_CONFIG })).access;

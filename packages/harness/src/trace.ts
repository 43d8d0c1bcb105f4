/** Tracing one sent transaction into its real access set (the ground truth), with @lanes/tracer. */
import { analyzeRawTrace, settlePending, traceTransaction } from "@lanes/tracer";
import type { TxAccess } from "@lanes/types";
import type { Chain } from "./chain";
import type { TraceFn } from "./run";

/**
 * For a node over HTTP: the tracer reads slots and values off the stack; per-step storage
 * snapshots and return data only make the answer bigger (a router swap is ~4,500 steps).
 */
const TRACER_CONFIG = { disableMemory: true, disableStack: false, disableStorage: true, enableReturnData: false };

const hex = (n: number): string => `0x${n.toString(16)}`;

function storageAt(chain: Chain, block: number) {
  return async (address: string, slot: string) =>
    (await chain.rpc.send("eth_getStorageAt", [address, slot, hex(block)])) as string;
}

/**
 * The in-process network hands back the raw trace with the transaction (no re-execution);
 * otherwise debug_traceTransaction. Each transaction has its own chain block, so its parent
 * block is its exact pre-state and its own block its exact post-state: a write whose value is
 * the same in both is a no-op write.
 */
export const traceSent: TraceFn = async (chain, tx, index): Promise<TxAccess> => {
  if (tx.rawTrace) {
    const analysis = analyzeRawTrace(tx.rawTrace, {
      index,
      hash: tx.hash,
      from: tx.request.from,
      to: tx.request.to,
      value: tx.request.value ?? 0n,
      input: tx.request.data,
      gasUsed: tx.gasUsed,
      reverted: tx.reverted,
      coinbase: await chain.coinbase(),
    });
    return settlePending(analysis, storageAt(chain, tx.blockNumber - 1), storageAt(chain, tx.blockNumber));
  }
  return (await traceTransaction(chain.rpc, tx.hash, index, { tracerConfig: TRACER_CONFIG })).access;
};

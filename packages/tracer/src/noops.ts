/**
 * Settling the writes a trace could not classify: a write is a no-op when the slot holds after
 * the transaction what it held before. Values come from the node (`eth_getStorageAt` at the
 * parent block and at the transaction's block); every helper here is pure or takes a reader.
 */
import { type Address, type Key, type Slot, type TxAccess, keyToString, uniqueKeys } from "@lanes/types";
import type { TraceAnalysis } from "./collect";
import { toWord } from "./words";

/** Reads a slot's value as of some block (the parent block for originals). */
export type PreStateReader = (address: Address, slot: Slot) => Promise<string | bigint>;

/** Slot values keyed by the storage key's canonical string. */
export type SlotValues = ReadonlyMap<string, string | bigint>;

/**
 * Adds to `unchangedWrites` the pending writes whose value before the transaction (`before`)
 * equals the value after it (`after`, or the value the trace showed). A pending write missing a
 * value on either side stays unflagged.
 */
export function settleNoOps(analysis: TraceAnalysis, before: SlotValues, after: SlotValues = new Map()): TxAccess {
  const unchanged: Key[] = [...(analysis.access.unchangedWrites ?? [])];
  for (const { key, final } of analysis.pending) {
    const text = keyToString(key);
    const original = before.get(text);
    const left = after.get(text) ?? final;
    if (original !== undefined && left !== undefined && toWord(original) === toWord(left)) unchanged.push(key);
  }
  return { ...analysis.access, unchangedWrites: uniqueKeys(unchanged) };
}

/**
 * Adds the no-op writes that pre-state values reveal, for writes whose final value the trace
 * showed. `originals` maps a key's canonical string to its value before the transaction.
 */
export function completeAccess(analysis: TraceAnalysis, originals: SlotValues): TxAccess {
  return settleNoOps(analysis, originals);
}

/** `completeAccess` with the values asked of a pre-state reader (one request per pending write). */
export async function resolvePending(analysis: TraceAnalysis, reader: PreStateReader): Promise<TxAccess> {
  return settleNoOps(analysis, await readPending(analysis, reader));
}

/**
 * `settleNoOps` with both sides asked of readers: `before` at the parent block, `after` at the
 * transaction's own block (exact only when the transaction is alone, or last, in it).
 */
export async function settlePending(
  analysis: TraceAnalysis,
  before: PreStateReader,
  after: PreStateReader,
): Promise<TxAccess> {
  const [originals, finals] = await Promise.all([readPending(analysis, before), readPending(analysis, after)]);
  return settleNoOps(analysis, originals, finals);
}

async function readPending(analysis: TraceAnalysis, reader: PreStateReader): Promise<Map<string, string | bigint>> {
  const values = await Promise.all(analysis.pending.map(({ key }) => reader(key.address, key.slot)));
  const map = new Map<string, string | bigint>();
  analysis.pending.forEach(({ key }, i) => map.set(keyToString(key), values[i]));
  return map;
}

/**
 * Values, for tests of serializability: the replay normally moves no data, but given a ValueModel
 * every executor carries real values through its store, so a schedule that lets a transaction
 * read the wrong version ends in a different final state. Kept off the fast path.
 */
import type { ExecPlan } from "./plan";

export interface ValueModel {
  /** Value of a key before the block. */
  initial(key: number): number;
  /**
   * Value transaction `tx` writes to `key`, from the keys it read and the values it saw
   * (aligned arrays, in the plan's read order).
   */
  write(tx: number, key: number, readKeys: readonly number[], readValues: readonly number[]): number;
  /**
   * Addend of transaction `tx`'s commutative update of `key`. It may depend on what the
   * transaction read (aligned arrays, in the plan's read order), never on the value of `key` nor of
   * the transaction's other delta keys: those are left out, so the addend is the same whether the
   * executor is delta-aware or folds the update into a read and a write.
   */
  delta(tx: number, key: number, readKeys: readonly number[], readValues: readonly number[]): number;
}

/** The values transaction `tx` writes (aligned with its plan writes), from the values it read. */
export function computeWrites(plan: ExecPlan, model: ValueModel, tx: number, readValues: readonly number[]): number[] {
  const from = plan.readStart[tx];
  const keys = Array.from(plan.readKeys.subarray(from, plan.readStart[tx + 1]));
  const out: number[] = [];
  let plain: [number[], number[]] | null = null;
  for (let w = plan.writeStart[tx]; w < plan.writeStart[tx + 1]; w++) {
    const key = plan.writeKeys[w];
    if (plan.writeIsDelta[w] === 1) {
      // A delta the executor does not know commutes: read, add, write back.
      plain ??= plainReads(plan, tx, keys, readValues);
      out.push(readValues[keys.indexOf(key)] + model.delta(tx, key, plain[0], plain[1]));
    } else {
      out.push(model.write(tx, key, keys, readValues));
    }
  }
  return out;
}

/**
 * Addends of transaction `tx`'s commutative updates (delta-aware plans), aligned with its plan
 * deltas, from the values it read (a delta-aware plan reads no delta key of its own).
 */
export function computeDeltas(plan: ExecPlan, model: ValueModel, tx: number, readValues: readonly number[]): number[] {
  const from = plan.deltaStart[tx];
  const to = plan.deltaStart[tx + 1];
  if (from === to) return [];
  const keys = Array.from(plan.readKeys.subarray(plan.readStart[tx], plan.readStart[tx + 1]));
  const out: number[] = [];
  for (let d = from; d < to; d++) out.push(model.delta(tx, plan.deltaKeys[d], keys, readValues));
  return out;
}

/** The reads of `tx` that are not its own folded delta keys (what a delta's addend may depend on). */
function plainReads(
  plan: ExecPlan,
  tx: number,
  keys: readonly number[],
  readValues: readonly number[],
): [number[], number[]] {
  const deltaKeys = new Set<number>();
  for (let w = plan.writeStart[tx]; w < plan.writeStart[tx + 1]; w++) {
    if (plan.writeIsDelta[w] === 1) deltaKeys.add(plan.writeKeys[w]);
  }
  const outKeys: number[] = [];
  const outValues: number[] = [];
  for (let j = 0; j < keys.length; j++) {
    if (deltaKeys.has(keys[j])) continue;
    outKeys.push(keys[j]);
    outValues.push(readValues[j]);
  }
  return [outKeys, outValues];
}

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
  /** Addend of transaction `tx`'s commutative update of `key`. */
  delta(tx: number, key: number): number;
}

/** The values transaction `tx` writes (aligned with its plan writes), from the values it read. */
export function computeWrites(plan: ExecPlan, model: ValueModel, tx: number, readValues: readonly number[]): number[] {
  const from = plan.readStart[tx];
  const keys = Array.from(plan.readKeys.subarray(from, plan.readStart[tx + 1]));
  const out: number[] = [];
  for (let w = plan.writeStart[tx]; w < plan.writeStart[tx + 1]; w++) {
    const key = plan.writeKeys[w];
    if (plan.writeIsDelta[w] === 1) {
      // A delta the executor does not know commutes: read, add, write back.
      out.push(readValues[keys.indexOf(key)] + model.delta(tx, key));
    } else {
      out.push(model.write(tx, key, keys, readValues));
    }
  }
  return out;
}

/** Addends of transaction `tx`'s commutative updates (delta-aware plans), aligned with its plan deltas. */
export function computeDeltas(plan: ExecPlan, model: ValueModel, tx: number): number[] {
  const out: number[] = [];
  for (let d = plan.deltaStart[tx]; d < plan.deltaStart[tx + 1]; d++) out.push(model.delta(tx, plan.deltaKeys[d]));
  return out;
}

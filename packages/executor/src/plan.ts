/**
 * The access sets an executor actually schedules on, for one delta mode. Not delta-aware, a delta
 * is a read and a write of its key; delta-aware, it stays a commutative update. Built once per
 * block and mode, then cached, so repeated simulations (thread sweeps) share it.
 */
import type { InternedBlock } from "./intern";

export interface ExecPlan {
  readonly block: InternedBlock;
  readonly deltaAware: boolean;
  readonly txCount: number;
  readonly keyCount: number;
  readonly gas: Float64Array;
  readonly readStart: Int32Array;
  readonly readKeys: Int32Array;
  /** Writes, deltas included when not delta-aware (flagged in `writeIsDelta` for value replay). */
  readonly writeStart: Int32Array;
  readonly writeKeys: Int32Array;
  readonly writeIsDelta: Uint8Array;
  /** Commutative updates; empty unless delta-aware. */
  readonly deltaStart: Int32Array;
  readonly deltaKeys: Int32Array;
}

const cache = new WeakMap<InternedBlock, [ExecPlan | undefined, ExecPlan | undefined]>();

export function execPlan(block: InternedBlock, deltaAware: boolean): ExecPlan {
  let entry = cache.get(block);
  if (entry === undefined) {
    entry = [undefined, undefined];
    cache.set(block, entry);
  }
  const slot = deltaAware ? 1 : 0;
  const cached = entry[slot];
  if (cached !== undefined) return cached;
  const plan = deltaAware || block.deltaKeys.length === 0 ? awarePlan(block, deltaAware) : foldedPlan(block);
  entry[slot] = plan;
  return plan;
}

function awarePlan(block: InternedBlock, deltaAware: boolean): ExecPlan {
  return {
    block,
    deltaAware,
    txCount: block.txCount,
    keyCount: block.keyCount,
    gas: block.gas,
    readStart: block.readStart,
    readKeys: block.readKeys,
    writeStart: block.writeStart,
    writeKeys: block.writeKeys,
    writeIsDelta: new Uint8Array(block.writeKeys.length),
    deltaStart: block.deltaStart,
    deltaKeys: block.deltaKeys,
  };
}

/** Deltas folded into reads and writes (the executor does not know they commute). */
function foldedPlan(block: InternedBlock): ExecPlan {
  const n = block.txCount;
  const readStart = new Int32Array(n + 1);
  const writeStart = new Int32Array(n + 1);
  const reads = new Int32Array(block.readKeys.length + block.deltaKeys.length);
  const writes = new Int32Array(block.writeKeys.length + block.deltaKeys.length);
  const isDelta = new Uint8Array(writes.length);
  let r = 0;
  let w = 0;
  for (let i = 0; i < n; i++) {
    r = mergeSorted(
      block.readKeys,
      block.readStart[i],
      block.readStart[i + 1],
      block.deltaKeys,
      block.deltaStart[i],
      block.deltaStart[i + 1],
      reads,
      r,
      null,
    );
    w = mergeSorted(
      block.writeKeys,
      block.writeStart[i],
      block.writeStart[i + 1],
      block.deltaKeys,
      block.deltaStart[i],
      block.deltaStart[i + 1],
      writes,
      w,
      isDelta,
    );
    readStart[i + 1] = r;
    writeStart[i + 1] = w;
  }
  return {
    block,
    deltaAware: false,
    txCount: n,
    keyCount: block.keyCount,
    gas: block.gas,
    readStart,
    readKeys: reads,
    writeStart,
    writeKeys: writes,
    writeIsDelta: isDelta,
    deltaStart: new Int32Array(n + 1),
    deltaKeys: new Int32Array(0),
  };
}

/** Merges two sorted disjoint slices into `out` at `at`; marks elements of the second in `mark`. */
function mergeSorted(
  a: Int32Array,
  aFrom: number,
  aTo: number,
  b: Int32Array,
  bFrom: number,
  bTo: number,
  out: Int32Array,
  at: number,
  mark: Uint8Array | null,
): number {
  let i = aFrom;
  let j = bFrom;
  while (i < aTo || j < bTo) {
    if (j >= bTo || (i < aTo && a[i] < b[j])) {
      out[at++] = a[i++];
    } else {
      if (mark !== null) mark[at] = 1;
      out[at++] = b[j++];
    }
  }
  return at;
}

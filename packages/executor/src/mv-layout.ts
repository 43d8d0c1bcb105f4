/**
 * The static shape of a multi-version memory. Access sets are known before replay, so every
 * (key, writer) pair that can ever hold a version is known too: the entries of a key are laid out
 * contiguously, sorted by writer, and each read knows where to start looking (the highest entry
 * written by an earlier transaction). A read is then a short backward scan over integers.
 */
import type { ExecPlan } from "./plan";

export interface MvLayout {
  /** Entries of key k: `entryStart[k] .. entryStart[k+1]`, ascending by writer. */
  readonly entryStart: Int32Array;
  readonly entryTx: Int32Array;
  /** 1 when the entry is a commutative delta (delta-aware plans only). */
  readonly entryIsDelta: Uint8Array;
  /** Entry of each plan write (aligned with `writeKeys`). */
  readonly writeEntry: Int32Array;
  /** Entry of each plan delta (aligned with `deltaKeys`). */
  readonly deltaEntry: Int32Array;
  /** Per plan read (aligned with `readKeys`): the highest entry of an earlier writer, or entryStart[k]-1. */
  readonly readTop: Int32Array;
}

const cache = new WeakMap<ExecPlan, MvLayout>();

export function mvLayout(plan: ExecPlan): MvLayout {
  const cached = cache.get(plan);
  if (cached !== undefined) return cached;
  const { txCount: n, keyCount, readStart, readKeys, writeStart, writeKeys, deltaStart, deltaKeys } = plan;
  const entryStart = new Int32Array(keyCount + 1);
  for (let e = 0; e < writeKeys.length; e++) entryStart[writeKeys[e] + 1]++;
  for (let e = 0; e < deltaKeys.length; e++) entryStart[deltaKeys[e] + 1]++;
  for (let k = 0; k < keyCount; k++) entryStart[k + 1] += entryStart[k];
  const total = entryStart[keyCount];
  const entryTx = new Int32Array(total);
  const entryIsDelta = new Uint8Array(total);
  const writeEntry = new Int32Array(writeKeys.length);
  const deltaEntry = new Int32Array(deltaKeys.length);
  const readTop = new Int32Array(readKeys.length);
  const cursor = entryStart.slice(0, keyCount);
  for (let i = 0; i < n; i++) {
    // Reads first: the transaction's own entries are not "earlier".
    for (let r = readStart[i]; r < readStart[i + 1]; r++) readTop[r] = cursor[readKeys[r]] - 1;
    for (let w = writeStart[i]; w < writeStart[i + 1]; w++) {
      const e = cursor[writeKeys[w]]++;
      entryTx[e] = i;
      writeEntry[w] = e;
    }
    for (let d = deltaStart[i]; d < deltaStart[i + 1]; d++) {
      const e = cursor[deltaKeys[d]]++;
      entryTx[e] = i;
      entryIsDelta[e] = 1;
      deltaEntry[d] = e;
    }
  }
  const layout: MvLayout = { entryStart, entryTx, entryIsDelta, writeEntry, deltaEntry, readTop };
  cache.set(plan, layout);
  return layout;
}

/**
 * Hot keys: the keys that make transactions depend on each other, ranked by how many
 * transactions they make dependent. Names stay canonical strings; reports look up human names.
 */
import type { CriticalPath } from "./critical-path";
import type { InternedBlock } from "./intern";
import { execPlan } from "./plan";

export interface HotKey {
  readonly key: string;
  /** Transactions that read this key after an earlier transaction of the block wrote or updated it. */
  readonly dependents: number;
  /** Transactions that write it (or update it, delta-aware). */
  readonly writers: number;
  /** Transactions that read it (writers included: a write is also a read). */
  readonly readers: number;
  readonly onCriticalPath: boolean;
}

export function hotKeys(
  block: InternedBlock,
  options: { readonly deltaAware?: boolean; readonly limit?: number; readonly criticalPath?: CriticalPath } = {},
): HotKey[] {
  const plan = execPlan(block, options.deltaAware === true);
  const k = plan.keyCount;
  const dependents = new Int32Array(k);
  const writers = new Int32Array(k);
  const readers = new Int32Array(k);
  const touched = new Uint8Array(k); // written or updated by an earlier transaction
  for (let i = 0; i < plan.txCount; i++) {
    for (let r = plan.readStart[i]; r < plan.readStart[i + 1]; r++) {
      const key = plan.readKeys[r];
      readers[key]++;
      if (touched[key] === 1) dependents[key]++;
    }
    for (let w = plan.writeStart[i]; w < plan.writeStart[i + 1]; w++) {
      writers[plan.writeKeys[w]]++;
      touched[plan.writeKeys[w]] = 1;
    }
    for (let d = plan.deltaStart[i]; d < plan.deltaStart[i + 1]; d++) {
      writers[plan.deltaKeys[d]]++;
      touched[plan.deltaKeys[d]] = 1;
    }
  }
  const onPath = new Set<string>();
  for (const step of options.criticalPath?.steps ?? []) if (step.key !== null) onPath.add(step.key);
  const ranked: HotKey[] = [];
  for (let key = 0; key < k; key++) {
    if (dependents[key] === 0) continue;
    const name = block.keys[key];
    ranked.push({
      key: name,
      dependents: dependents[key],
      writers: writers[key],
      readers: readers[key],
      onCriticalPath: onPath.has(name),
    });
  }
  ranked.sort(
    (a, b) => b.dependents - a.dependents || b.writers - a.writers || (a.key < b.key ? -1 : a.key > b.key ? 1 : 0),
  );
  return options.limit === undefined ? ranked : ranked.slice(0, options.limit);
}

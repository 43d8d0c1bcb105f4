/**
 * The dependency structure of a block under true (read-after-write) dependencies: which
 * transactions depend on an earlier one, and the longest chain of them. No executor can finish
 * the block faster than that chain runs alone, so `sequential time / critical path` is the
 * ceiling on any speedup.
 */
import { type CostModel, resolveCostModel } from "./cost-model";
import { dependencyDag } from "./dag";
import type { InternedBlock } from "./intern";
import { execPlan } from "./plan";
import { sequentialTime, txTime } from "./sequential";

export interface CriticalPathStep {
  /** Position in the block. */
  readonly tx: number;
  /** TxAccess.index of that transaction. */
  readonly txIndex: number;
  readonly gas: number;
  /** The key through which this step depends on the previous one (null for the first step). */
  readonly key: string | null;
}

export interface CriticalPath {
  readonly gas: number;
  /** Virtual time of the path's transactions run back to back (gas and reads, no overhead). */
  readonly time: number;
  /** Sequential time / critical-path time: the most any executor can speed this block up. */
  readonly ceiling: number;
  readonly steps: readonly CriticalPathStep[];
  /** The key linking the most steps of the path, the one that imposes the ceiling (null if none). */
  readonly dominantKey: string | null;
  readonly dominantKeySteps: number;
}

export interface StructureOptions {
  readonly deltaAware?: boolean;
  readonly cost?: Partial<CostModel>;
}

export function criticalPath(block: InternedBlock, options: StructureOptions = {}): CriticalPath {
  const cost = resolveCostModel(options.cost);
  const plan = execPlan(block, options.deltaAware === true);
  const { predStart, preds, predKey } = dependencyDag(plan, "raw");
  const n = plan.txCount;
  const finishTime = new Float64Array(n);
  const finishGas = new Float64Array(n);
  const via = new Int32Array(n).fill(-1);
  const viaKey = new Int32Array(n).fill(-1);
  let end = -1;
  for (let i = 0; i < n; i++) {
    let best = -1;
    for (let e = predStart[i]; e < predStart[i + 1]; e++) {
      const j = preds[e];
      // Ties go to the earliest predecessor so the path is the same on every run.
      if (best < 0 || finishTime[j] > finishTime[via[i]] || (finishTime[j] === finishTime[via[i]] && j < via[i])) {
        via[i] = j;
        viaKey[i] = predKey[e];
        best = j;
      }
    }
    finishTime[i] = txTime(plan, cost, i) + (best >= 0 ? finishTime[best] : 0);
    finishGas[i] = plan.gas[i] + (best >= 0 ? finishGas[best] : 0);
    if (end < 0 || finishTime[i] > finishTime[end]) end = i;
  }
  const steps: CriticalPathStep[] = [];
  for (let i = end; i >= 0; i = via[i]) {
    steps.push({
      tx: i,
      txIndex: block.txIndex[i],
      gas: plan.gas[i],
      key: viaKey[i] >= 0 ? block.keys[viaKey[i]] : null,
    });
  }
  steps.reverse();
  const counts = new Map<string, number>();
  for (const step of steps) if (step.key !== null) counts.set(step.key, (counts.get(step.key) ?? 0) + 1);
  let dominantKey: string | null = null;
  let dominantKeySteps = 0;
  for (const [key, count] of [...counts.entries()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))) {
    if (count > dominantKeySteps) {
      dominantKey = key;
      dominantKeySteps = count;
    }
  }
  const time = end >= 0 ? finishTime[end] : 0;
  return {
    gas: end >= 0 ? finishGas[end] : 0,
    time,
    ceiling: time > 0 ? sequentialTime(plan, cost) / time : 1,
    steps,
    dominantKey,
    dominantKeySteps,
  };
}

/** Share of transactions that read a key written (or updated) by an earlier transaction of the block. */
export function dependencyRate(block: InternedBlock, options: { readonly deltaAware?: boolean } = {}): number {
  const plan = execPlan(block, options.deltaAware === true);
  const { predStart } = dependencyDag(plan, "raw");
  if (plan.txCount === 0) return 0;
  let dependent = 0;
  for (let i = 0; i < plan.txCount; i++) if (predStart[i + 1] > predStart[i]) dependent++;
  return dependent / plan.txCount;
}

/** The first thing a report says about a workload: does it reach the target, and if not, why. */
import type { Answer, NamedKey, ScopeMetrics } from "./schema";

export interface AnswerInput {
  txs: number;
  totalGas: number;
  threads: number[];
  scope: ScopeMetrics;
  executor: string;
  targetTps: number;
  referenceGasPerSecond: number;
}

const int = (x: number): string => Math.round(x).toLocaleString("en-US");
const threadsText = (n: number): string => `${n} thread${n === 1 ? "" : "s"}`;

/** `A`, `A and B`, `A, B and C`; beyond three, the first three and how many more. */
function listNames(keys: readonly NamedKey[]): string {
  const names = keys.slice(0, 3).map((k) => k.name);
  const more = keys.length - names.length;
  if (more > 0) return `${names.join(", ")} and ${more} more key${more > 1 ? "s" : ""} (tied)`;
  if (names.length <= 1) return names[0] ?? "";
  return `${names.slice(0, -1).join(", ")} and ${names[names.length - 1]} (tied)`;
}

export function answerFor(input: AnswerInput): Answer {
  const { txs, totalGas, threads, scope, executor, targetTps, referenceGasPerSecond } = input;
  const sequentialTps = totalGas > 0 ? (txs * referenceGasPerSecond) / totalGas : 0;
  const curve = scope.executors.find((c) => c.executor === executor && !c.deltaAware);
  const speedups = curve?.speedup ?? threads.map(() => 1);
  let bestIdx = 0;
  speedups.forEach((s, i) => {
    if (s > speedups[bestIdx]) bestIdx = i;
  });
  const tps = speedups.map((s) => s * sequentialTps);
  const reach = tps.findIndex((t) => t >= targetTps);
  const ceilingTps = scope.ceiling * sequentialTps;
  const bindingKeys: NamedKey[] = reach === -1 ? scope.criticalKeys : [];
  const blame = listNames(bindingKeys);
  let sentence: string;
  // When no thread count beats one thread of sequential execution, say so rather than calling a
  // slowdown the "best".
  const best =
    speedups[bestIdx] < 1
      ? `${executor} is slower than sequential execution at every thread count (at best ${speedups[bestIdx].toFixed(2)}×)`
      : `the best simulated is ${int(tps[bestIdx])} TPS at ${threadsText(threads[bestIdx])}`;
  if (reach !== -1) {
    sentence =
      `reaches ${int(targetTps)} TPS with ${threadsText(threads[reach])} (${executor}: ${speedups[reach].toFixed(2)}× over ` +
      `${int(sequentialTps)} TPS sequential).`;
  } else if (ceilingTps < targetTps) {
    sentence =
      `does not reach ${int(targetTps)} TPS at any thread count: the dependency ceiling of ${scope.ceiling.toFixed(2)}× ` +
      `caps it at ${int(ceilingTps)} TPS` +
      (blame ? `, imposed by ${blame} on the critical path` : "") +
      `; ${best}.`;
  } else {
    sentence =
      `does not reach ${int(targetTps)} TPS: the ceiling (${int(ceilingTps)} TPS) would allow it, but ${executor} stops at ` +
      `${speedups[bestIdx].toFixed(2)}× (${int(tps[bestIdx])} TPS) at ${threadsText(threads[bestIdx])}` +
      (blame ? `; the critical path runs through ${blame}.` : ".");
  }
  return {
    sequentialTps,
    threadsForTarget: reach === -1 ? null : threads[reach],
    bestTps: tps[bestIdx],
    bestThreads: threads[bestIdx],
    ceilingTps,
    bindingKeys,
    sentence,
  };
}

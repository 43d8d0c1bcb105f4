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
  const bindingKey: NamedKey | undefined = reach === -1 ? scope.criticalKey : undefined;
  let sentence: string;
  if (reach !== -1) {
    sentence =
      `reaches ${int(targetTps)} TPS with ${threads[reach]} threads (${executor}: ${speedups[reach].toFixed(2)}× over ` +
      `${int(sequentialTps)} TPS sequential).`;
  } else if (ceilingTps < targetTps) {
    sentence =
      `does not reach ${int(targetTps)} TPS at any thread count: the dependency ceiling of ${scope.ceiling.toFixed(2)}× ` +
      `caps it at ${int(ceilingTps)} TPS (best simulated: ${int(tps[bestIdx])} TPS at ${threads[bestIdx]} threads)` +
      (bindingKey ? `, imposed by ${bindingKey.name} on the critical path.` : ".");
  } else {
    sentence =
      `does not reach ${int(targetTps)} TPS: the ceiling (${int(ceilingTps)} TPS) would allow it, but ${executor} stops at ` +
      `${speedups[bestIdx].toFixed(2)}× (${int(tps[bestIdx])} TPS) at ${threads[bestIdx]} threads` +
      (bindingKey ? `; the critical path runs through ${bindingKey.name}.` : ".");
  }
  return {
    sequentialTps,
    threadsForTarget: reach === -1 ? null : threads[reach],
    bestTps: tps[bestIdx],
    bestThreads: threads[bestIdx],
    ceilingTps,
    bindingKey,
    sentence,
  };
}

/**
 * The static-vs-dynamic section of a workload: the executors' curves on the analyzer's predicted
 * access sets beside the traced ones, the ratio of the declared executors' speedups, and the
 * prediction's soundness and precision.
 */
import type { MissRecord, ScopeRates, SoundnessTotals, WorkloadSoundness } from "../soundness-summary";
import type { ReplayedScope } from "./build";
import {
  STATIC_TARGET_RATIO,
  type KeyScope,
  type SpeedupRatio,
  type StaticComparison,
  type StaticCurve,
  type StaticScope,
} from "./schema";

/** The executors whose ratio is the acceptance figure: they schedule from declared sets. */
export const DECLARED_EXECUTORS = ["declared-locks", "declared-raw"] as const;
const MISSES_KEPT = 20;
const REASONS_KEPT = 5;
const EXTRA_SOURCES_SHOWN = 3;

export interface StaticInput {
  /** The predicted sets replayed (see `predictedAccesses`). */
  replay: Record<KeyScope, ReplayedScope>;
  soundness: WorkloadSoundness;
  misses: MissRecord[];
  predictSeconds: number;
  replaySeconds: number;
}

export function staticComparison(
  traced: Record<KeyScope, ReplayedScope>,
  input: StaticInput,
  threads: readonly number[],
): StaticComparison {
  const scopes = {} as Record<KeyScope, StaticScope>;
  for (const scope of ["all", "storage"] as const) scopes[scope] = staticScope(traced[scope], input.replay[scope]);
  const ratios: SpeedupRatio[] = [];
  for (const executor of DECLARED_EXECUTORS) {
    const curve = scopes.all.executors.find((c) => c.executor === executor);
    if (curve) ratios.push(speedupRatio(curve, threads));
  }
  return {
    targetRatio: STATIC_TARGET_RATIO,
    ratios,
    scopes,
    soundness: roundTotals(input.soundness),
    misses: input.misses.slice(0, MISSES_KEPT),
    wildcardReasons: [...input.soundness.wildcardReasons]
      .sort(
        (a, b) =>
          b.count - a.count ||
          compare(a.function, b.function) ||
          compare(a.wildcard, b.wildcard) ||
          compare(a.reason, b.reason),
      )
      .slice(0, REASONS_KEPT),
    blockPrecision: round(input.soundness.blockStorage.precision),
    extraSources: input.soundness.extraSources.slice(0, EXTRA_SOURCES_SHOWN),
  };
}

function staticScope(traced: ReplayedScope, predicted: ReplayedScope): StaticScope {
  const executors: StaticCurve[] = [];
  for (const t of traced.executors) {
    if (t.deltaAware) continue;
    const s = predicted.executors.find((c) => c.executor === t.executor && !c.deltaAware);
    if (s) executors.push({ executor: t.executor, traced: t.speedup, static: s.speedup });
  }
  // The declared executors first: their ratio is the figure the section is about.
  const rank = (e: string): number => {
    const i = (DECLARED_EXECUTORS as readonly string[]).indexOf(e);
    return i === -1 ? DECLARED_EXECUTORS.length : i;
  };
  executors.sort((a, b) => rank(a.executor) - rank(b.executor));
  const deltaAware = predicted.executors
    .filter((c) => c.deltaAware)
    .map((c) => ({ executor: c.executor, static: c.speedup }))
    .sort((a, b) => rank(a.executor) - rank(b.executor));
  return {
    dependencyRate: { traced: traced.dependencyRate, static: predicted.dependencyRate },
    ceiling: { traced: traced.ceiling, static: predicted.ceiling },
    executors,
    ...(deltaAware.length > 0 ? { deltaAware } : {}),
  };
}

/** Ratios of the speedups as the report prints them (rounded), so a reader can recompute them. */
export function speedupRatio(curve: StaticCurve, threads: readonly number[]): SpeedupRatio {
  const byThreads = curve.static.map((s, i) => ratio(s, curve.traced[i]));
  const at = (t: number): number | null => {
    const i = threads.indexOf(t);
    return i === -1 ? null : byThreads[i];
  };
  const at8 = at(8);
  const at16 = at(16);
  const atMaxThreads = byThreads[byThreads.length - 1];
  const ofBest = ratio(Math.max(...curve.static), Math.max(...curve.traced));
  const checked = [at8, at16, atMaxThreads, ofBest].filter((r): r is number => r !== null);
  return {
    executor: curve.executor,
    byThreads,
    at8,
    at16,
    atMaxThreads,
    ofBest,
    meetsTarget: checked.every((r) => r >= STATIC_TARGET_RATIO),
  };
}

function ratio(a: number, b: number): number {
  return b > 0 ? round(a / b) : 1;
}

function roundTotals(t: SoundnessTotals): SoundnessTotals {
  const rates = (r: ScopeRates): ScopeRates => ({ ...r, recall: round(r.recall), precision: round(r.precision) });
  return {
    txs: t.txs,
    reverted: t.reverted,
    missedKeys: t.missedKeys,
    txsWithWildcard: t.txsWithWildcard,
    wildcardRate: round(t.wildcardRate),
    wildcards: t.wildcards,
    storage: rates(t.storage),
    all: rates(t.all),
  };
}

const compare = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);

/** Six significant decimals, as the replay rounds. */
function round(x: number): number {
  return Math.round(x * 1e6) / 1e6;
}

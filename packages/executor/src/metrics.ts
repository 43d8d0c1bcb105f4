/** Everything a report needs about one block, from one call; and TPS projections. */
import { type CostModel, resolveCostModel } from "./cost-model";
import { type CriticalPath, criticalPath, dependencyRate } from "./critical-path";
import { ExecutorInputError } from "./errors";
import { type HotKey, hotKeys } from "./hot-keys";
import type { InternedBlock } from "./intern";
import { execPlan } from "./plan";
import { sequentialTime } from "./sequential";
import {
  type CurvePoint,
  DEFAULT_THREADS,
  EXECUTOR_KINDS,
  type ExecutorKind,
  checkThreads,
  speedupCurve,
} from "./simulate";

export interface MetricsOptions {
  readonly threads?: readonly number[];
  readonly deltaAware?: boolean;
  readonly cost?: Partial<CostModel>;
  /** Executors to sweep (default: every kind). */
  readonly executors?: readonly ExecutorKind[];
  /** How many hot keys to keep (default 10). */
  readonly hotKeys?: number;
}

export interface BlockMetrics {
  readonly txCount: number;
  readonly keyCount: number;
  readonly totalGas: number;
  readonly deltaAware: boolean;
  readonly sequentialTime: number;
  /** Share of transactions that read a key written by an earlier one. */
  readonly dependencyRate: number;
  readonly criticalPath: CriticalPath;
  /** Speedup per thread count, per executor. */
  readonly speedup: Partial<Record<ExecutorKind, CurvePoint[]>>;
  /** Block-STM at the largest thread count swept (0 when block-stm was not swept). */
  readonly reExecutionsPerTx: number;
  readonly aborts: number;
  readonly hotKeys: HotKey[];
}

export function blockMetrics(block: InternedBlock, options: MetricsOptions = {}): BlockMetrics {
  const threads = options.threads ?? DEFAULT_THREADS;
  for (const t of threads) checkThreads(t);
  const deltaAware = options.deltaAware === true;
  const cost = resolveCostModel(options.cost);
  const path = criticalPath(block, { deltaAware, cost });
  const speedup: Partial<Record<ExecutorKind, CurvePoint[]>> = {};
  for (const kind of options.executors ?? EXECUTOR_KINDS) {
    speedup[kind] = speedupCurve(kind, block, threads, { deltaAware, cost });
  }
  const stm = speedup["block-stm"];
  const widest = stm?.[stm.length - 1];
  return {
    txCount: block.txCount,
    keyCount: block.keyCount,
    totalGas: block.totalGas,
    deltaAware,
    sequentialTime: sequentialTime(execPlan(block, deltaAware), cost),
    dependencyRate: dependencyRate(block, { deltaAware }),
    criticalPath: path,
    speedup,
    reExecutionsPerTx: widest?.reExecutionsPerTx ?? 0,
    aborts: widest?.aborts ?? 0,
    hotKeys: hotKeys(block, { deltaAware, limit: options.hotKeys ?? 10, criticalPath: path }),
  };
}

export interface TpsInput {
  readonly txCount: number;
  readonly totalGas: number;
  readonly speedup: number;
  /** Sequential execution rate, e.g. measured on the Hardhat network or reth's ~1.2 Ggas/s. */
  readonly gasPerSecond: number;
}

/** Transactions per second if the block ran `speedup` times faster than sequential execution at `gasPerSecond`. */
export function projectTps(input: TpsInput): number {
  const { txCount, totalGas, speedup, gasPerSecond } = input;
  for (const [name, value] of Object.entries(input)) {
    if (typeof value !== "number" || !Number.isFinite(value) || value < 0) {
      throw new ExecutorInputError(`projectTps: ${name} = ${String(value)} must be a non-negative number`);
    }
  }
  if (totalGas === 0 || txCount === 0) return 0;
  if (gasPerSecond === 0 || speedup === 0)
    throw new ExecutorInputError("projectTps: gasPerSecond and speedup must be positive");
  return (txCount * gasPerSecond * speedup) / totalGas;
}

/** Reference sequential rate: reth, ~1.2 Ggas/s (QuarkChain's block-access-list study, ethresear.ch t/23632). */
export const RETH_GAS_PER_SECOND = 1.2e9;
export const RETH_GAS_PER_SECOND_SOURCE =
  "reth ~1.2 Ggas/s sequential (QuarkChain block-access-list study, ethresear.ch t/23632)";

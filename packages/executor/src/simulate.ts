/** One entry point for every executor: simulate(kind, block, options) and thread sweeps. */
import { runBlockStm } from "./block-stm";
import { type CostModel, resolveCostModel } from "./cost-model";
import { runDeclared } from "./declared";
import { ThreadCountError, UnknownExecutorError } from "./errors";
import type { InternedBlock } from "./intern";
import { execPlan } from "./plan";
import type { ExecutorRun } from "./run";
import { runSequential, sequentialTime } from "./sequential";
import type { ValueModel } from "./values";

export const EXECUTOR_KINDS = ["sequential", "block-stm", "declared-locks", "declared-raw"] as const;
export type ExecutorKind = (typeof EXECUTOR_KINDS)[number];

export interface SimulateOptions {
  readonly threads: number;
  /** Treat `deltas` as commutative updates (a what-if for chains that charge them value-independently). */
  readonly deltaAware?: boolean;
  /** Overrides of DEFAULT_COST_MODEL. */
  readonly cost?: Partial<CostModel>;
  /** block-stm only: false turns validation off (reads are never checked), to show it is needed. */
  readonly validation?: boolean;
  /** Carry values through the executor's store and return the final state (tests). */
  readonly values?: ValueModel;
}

export interface SimulationResult {
  readonly kind: ExecutorKind;
  readonly threads: number;
  readonly deltaAware: boolean;
  readonly txCount: number;
  /** Virtual time from the first task to the last. */
  readonly makespan: number;
  /** Virtual time of the sequential baseline under the same cost model. */
  readonly sequentialTime: number;
  /** sequentialTime / makespan (1 for an empty block). */
  readonly speedup: number;
  readonly executions: number;
  /** executions - txCount. */
  readonly reExecutions: number;
  /** Incarnations that did not commit: validation aborts plus dependency suspensions. */
  readonly aborts: number;
  readonly validationAborts: number;
  readonly dependencyAborts: number;
  readonly validations: number;
  readonly schedulerOps: number;
  /** Start and finish of each transaction's committed execution, in virtual time. */
  readonly start: Float64Array;
  readonly finish: Float64Array;
  /** Final value per key id, when `values` was given. */
  readonly state?: Float64Array;
}

export function isExecutorKind(kind: string): kind is ExecutorKind {
  return (EXECUTOR_KINDS as readonly string[]).includes(kind);
}

export function checkThreads(threads: unknown): number {
  if (typeof threads !== "number" || !Number.isInteger(threads) || threads < 1) throw new ThreadCountError(threads);
  return threads;
}

export function simulate(kind: ExecutorKind, block: InternedBlock, options: SimulateOptions): SimulationResult {
  if (!isExecutorKind(kind)) throw new UnknownExecutorError(String(kind), EXECUTOR_KINDS);
  const threads = checkThreads(options.threads);
  const cost = resolveCostModel(options.cost);
  const deltaAware = options.deltaAware === true;
  const plan = execPlan(block, deltaAware);
  let run: ExecutorRun;
  switch (kind) {
    case "sequential":
      run = runSequential(plan, cost, options.values);
      break;
    case "block-stm":
      run = runBlockStm(plan, { threads, cost, validation: options.validation !== false, values: options.values });
      break;
    case "declared-locks":
      run = runDeclared(plan, "locks", threads, cost, options.values);
      break;
    case "declared-raw":
      run = runDeclared(plan, "raw", threads, cost, options.values);
      break;
  }
  const baseline = sequentialTime(plan, cost);
  const n = plan.txCount;
  return {
    kind,
    threads: kind === "sequential" ? 1 : threads,
    deltaAware,
    txCount: n,
    makespan: run.makespan,
    sequentialTime: baseline,
    speedup: run.makespan > 0 ? baseline / run.makespan : 1,
    executions: run.executions,
    reExecutions: run.executions - n,
    aborts: run.validationAborts + run.dependencyAborts,
    validationAborts: run.validationAborts,
    dependencyAborts: run.dependencyAborts,
    validations: run.validations,
    schedulerOps: run.schedulerOps,
    start: run.start,
    finish: run.finish,
    state: run.state,
  };
}

/** One point of a speedup curve. */
export interface CurvePoint {
  readonly threads: number;
  readonly speedup: number;
  readonly makespan: number;
  readonly reExecutionsPerTx: number;
  readonly aborts: number;
}

export const DEFAULT_THREADS: readonly number[] = [1, 2, 4, 8, 16, 32, 64];

export function speedupCurve(
  kind: ExecutorKind,
  block: InternedBlock,
  threads: readonly number[] = DEFAULT_THREADS,
  options: Omit<SimulateOptions, "threads" | "values"> = {},
): CurvePoint[] {
  for (const t of threads) checkThreads(t);
  return threads.map((t) => {
    const result = simulate(kind, block, { ...options, threads: t });
    return {
      threads: t,
      speedup: result.speedup,
      makespan: result.makespan,
      reExecutionsPerTx: result.txCount > 0 ? result.reExecutions / result.txCount : 0,
      aborts: result.aborts,
    };
  });
}

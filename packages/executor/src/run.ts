/** What one executor's simulation produces, before it is dressed up as a SimulationResult. */
export interface ExecutorRun {
  /** Virtual time at which the last task of the block finished. */
  readonly makespan: number;
  /** Executions started (incarnations, aborted ones included). */
  readonly executions: number;
  readonly validations: number;
  /** Incarnations aborted because validation found a read out of date. */
  readonly validationAborts: number;
  /** Incarnations aborted because they read an ESTIMATE (suspended on a dependency). */
  readonly dependencyAborts: number;
  /** Operations on the shared scheduler. */
  readonly schedulerOps: number;
  /** Start and finish of each transaction's final (committed) execution. */
  readonly start: Float64Array;
  readonly finish: Float64Array;
  /** Final value per key id, when a ValueModel was given. */
  readonly state?: Float64Array;
}

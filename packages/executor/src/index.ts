/**
 * @lanes/executor: deterministic virtual-time parallel executors replaying TxAccess lists.
 */
export { internBlock, KeyOrigin, type InternedBlock, type InternOptions } from "./intern";
export {
  simulate,
  speedupCurve,
  isExecutorKind,
  EXECUTOR_KINDS,
  DEFAULT_THREADS,
  type ExecutorKind,
  type SimulateOptions,
  type SimulationResult,
  type CurvePoint,
} from "./simulate";
export {
  DEFAULT_COST_MODEL,
  GAS_ONLY_COST_MODEL,
  P2P_TRANSFER_GAS,
  resolveCostModel,
  type CostModel,
} from "./cost-model";
export {
  blockMetrics,
  projectTps,
  RETH_GAS_PER_SECOND,
  RETH_GAS_PER_SECOND_SOURCE,
  type BlockMetrics,
  type MetricsOptions,
  type TpsInput,
} from "./metrics";
export {
  criticalPath,
  dependencyRate,
  type CriticalPath,
  type CriticalPathStep,
  type StructureOptions,
} from "./critical-path";
export { hotKeys, type HotKey } from "./hot-keys";
export { dependencyDag, type Dag, type DagSemantics } from "./dag";
export { execPlan, type ExecPlan } from "./plan";
export { p2pTransfers, type P2pOptions } from "./p2p";
export { seededRandom, type Random } from "./random";
export type { ValueModel } from "./values";
export { ThreadCountError, UnknownExecutorError, ExecutorInputError } from "./errors";

export * from "./errors";
export * from "./options";
export * from "./main";
export * from "./chain";
export * from "./run";
export * from "./random";
export * from "./naming";
export * from "./layout";
export * from "./replay";
export * from "./report/schema";
export { buildReport, nameKey, type ReplayedScope, type ReportSettings, type WorkloadInput } from "./report/build";
export { renderHtml } from "./report/html";
export { renderMarkdown } from "./report/markdown";
export { answerFor } from "./report/answer";
export { staticComparison, speedupRatio, DECLARED_EXECUTORS, type StaticInput } from "./report/static";
export { predictRun, predictBlock, predictedAccesses } from "./predict-run";
export { WORKLOADS, WORKLOAD_NAMES } from "./workloads";
export * from "./workloads/types";
export * from "./world/amm";
export { analyzeArtifacts, type AnalyzeRequest } from "./analyze";
export {
  runSoundness,
  compareRun,
  SOUNDNESS_NOTES,
  type ComparedTx,
  type SoundnessRequest,
  type SoundnessHooks,
} from "./soundness";
export {
  compareTx,
  blockKeysOf,
  type CompareInput,
  type PredictedAccess,
  type TxComparison,
  type MissedKey,
  type MissMode,
  type ScopeCounts,
} from "./soundness-compare";
export {
  AMM_CONTRACTS,
  Predictor,
  ammContractsOf,
  loadSummaries,
  preStateAt,
  type TxPrediction,
} from "./soundness-predict";
export * from "./soundness-summary";

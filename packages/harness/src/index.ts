export * from "./errors";
export * from "./options";
export * from "./main";
export * from "./chain";
export * from "./run";
export { traceSent } from "./trace";
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
export { WORKLOADS, WORKLOAD_NAMES, selectWorkloads, type AnyWorkload } from "./workloads";
export * from "./workloads/types";
export { LendingBook, AccountPicker, LENDING_WORKLOADS, LENDING_MIX, type LendingOp } from "./workloads/lending";
export * from "./world/amm";
export * from "./world/lending";
export * from "./world";
export { keyNamesFor } from "./world/names";
export { userAddresses, derivedAddress } from "./world/accounts";
export { analyzeArtifacts, type AnalyzeRequest } from "./analyze";
export {
  runSoundness,
  compareRun,
  reasonKind,
  SOUNDNESS_NOTES,
  type ComparedTx,
  type SoundnessRequest,
  type SoundnessHooks,
} from "./soundness";
export {
  compareTx,
  compareBlockSets,
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
  LENDING_CONTRACTS,
  Predictor,
  ammContractsOf,
  lendingContractsOf,
  contractsOf,
  contractsFor,
  loadSummaries,
  preStateAt,
  type BlockPreState,
  type TxPrediction,
} from "./soundness-predict";
export * from "./soundness-summary";

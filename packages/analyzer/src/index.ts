export * from "./errors";
export * from "./summary";
export type { Expr, ParamStep, LoadShape, WriteLog, WriteEntry, KeccakPart } from "./expr";
export type { StorageLayout, LayoutType, LayoutVariable } from "./layout";
export { type BuildInfo, parseBuildInfo, readBuildInfo, readBuildInfos, findContract } from "./buildinfo";
export { analyzeBuildInfo, analyzeContract, codeHashOf } from "./analyze";
export { Unresolved } from "./evaluate";
export { indexAst } from "./ast";
export {
  type TxInput,
  type PreState,
  type AsyncPreState,
  type Prediction,
  type ConcretizeOptions,
  type KeyOrigin,
  type BlockInput,
  Program,
  BlockTracker,
  PreStateCache,
  concretize,
  concretizeAsync,
  entryPointFor,
} from "./concretize";
export {
  summaryToJson,
  sourceLocator,
  formatExpr,
  type ContractSummaryJson,
  type EntryPointJson,
  type AccessJson,
  type SourceLocator,
} from "./render";

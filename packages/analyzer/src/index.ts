export * from "./errors";
export * from "./summary";
export type { Expr, ParamStep, LoadShape, WriteLog, WriteEntry, KeccakPart } from "./expr";
export type { StorageLayout, LayoutType, LayoutVariable } from "./layout";
export { type BuildInfo, parseBuildInfo, readBuildInfo, readBuildInfos, findContract } from "./buildinfo";
export { analyzeBuildInfo, analyzeContract } from "./analyze";
export { indexAst } from "./ast";
export {
  type TxInput,
  type PreState,
  type AsyncPreState,
  type Prediction,
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

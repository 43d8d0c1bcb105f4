/** `lanes analyze`: the static access summaries of every compiled contract, as JSON. */
import { existsSync, readdirSync, statSync } from "node:fs";
import path from "node:path";
import {
  analyzeBuildInfo,
  readBuildInfo,
  sourceLocator,
  summaryToJson,
  type ContractSummaryJson,
} from "@lanes/analyzer";
import { HarnessInputError, MissingArtifactsError } from "./errors";

export interface AnalyzeRequest {
  /** Hardhat's artifacts folder (its `build-info/` is read). */
  artifacts: string;
  /** Only this contract (`Name` or `path/File.sol:Name`). */
  contract?: string;
}

export function analyzeArtifacts(request: AnalyzeRequest): ContractSummaryJson[] {
  const dir = path.join(request.artifacts, "build-info");
  if (!existsSync(dir)) throw new MissingArtifactsError(`no ${dir}: run \`pnpm compile\` first`);
  // Oldest first: a later build-info (an incremental compile) supersedes earlier ones.
  const files = readdirSync(dir)
    .filter((f) => f.endsWith(".json"))
    .map((f) => path.join(dir, f))
    .sort((a, b) => statSync(a).mtimeMs - statSync(b).mtimeMs);
  if (files.length === 0) throw new MissingArtifactsError(`no build-info in ${dir}: run \`pnpm compile\` first`);
  const byName = new Map<string, ContractSummaryJson>();
  for (const info of files.map((f) => readBuildInfo(f))) {
    const locate = sourceLocator(info);
    for (const summary of analyzeBuildInfo(info)) byName.set(summary.name, summaryToJson(summary, locate));
  }
  const all = [...byName.values()].sort((a, b) => (a.contract < b.contract ? -1 : a.contract > b.contract ? 1 : 0));
  if (request.contract === undefined) return all;
  const wanted = request.contract;
  const hits = all.filter((c) => c.contract === wanted || c.contract.endsWith(`:${wanted}`));
  if (hits.length === 0) {
    throw new HarnessInputError(
      `no compiled contract "${wanted}"; e.g. ${all
        .slice(0, 3)
        .map((c) => c.contract.split(":").pop())
        .join(", ")}`,
    );
  }
  return hits;
}

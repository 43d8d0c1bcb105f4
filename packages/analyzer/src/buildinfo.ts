/**
 * Hardhat build-info: solc's standard JSON input and output. Validated here once, so the
 * analysis can trust every contract it is given to have an AST and a storage layout.
 */
import { readFileSync, readdirSync, existsSync } from "node:fs";
import { join } from "node:path";
import type { SourceUnit } from "solidity-ast";
import { BuildInfoError, MissingSourceError } from "./errors";
import type { StorageLayout } from "./layout";

export interface CompiledContract {
  readonly abi: readonly unknown[];
  readonly storageLayout?: StorageLayout;
  readonly evm?: {
    readonly deployedBytecode?: {
      /** Hex without `0x`, immutables zeroed. */
      readonly object?: string;
      /** Where linked library addresses go, by source and library name. */
      readonly linkReferences?: Readonly<
        Record<string, Readonly<Record<string, readonly { start: number; length: number }[]>>>
      >;
      readonly immutableReferences?: Readonly<Record<string, readonly { start: number; length: number }[]>>;
    };
  };
}

export interface BuildInfo {
  readonly input: { readonly sources: Readonly<Record<string, { readonly content?: string }>> };
  readonly output: {
    readonly sources: Readonly<Record<string, { readonly id: number; readonly ast?: SourceUnit }>>;
    readonly contracts?: Readonly<Record<string, Readonly<Record<string, CompiledContract>>>>;
  };
}

const LAYOUT_HINT =
  'add "storageLayout" to solidity.settings.outputSelection["*"]["*"] in hardhat.config.ts and recompile';
const AST_HINT = 'add "ast" to solidity.settings.outputSelection["*"][""] in hardhat.config.ts and recompile';

/** Checks the shape the analysis relies on; `where` names the file in messages. */
export function parseBuildInfo(value: unknown, where: string): BuildInfo {
  if (typeof value !== "object" || value === null) throw new BuildInfoError(`${where}: not a build-info object`);
  const info = value as Partial<BuildInfo>;
  if (!info.input?.sources || !info.output?.sources) {
    throw new BuildInfoError(`${where}: not a Hardhat build-info (no input.sources / output.sources)`);
  }
  for (const [file, contracts] of Object.entries(info.output.contracts ?? {})) {
    const source = info.output.sources[file];
    if (!source) throw new BuildInfoError(`${where}: stale build-info, ${file} has contracts but no output source`);
    if (!source.ast) throw new BuildInfoError(`${where}: ${file} has no AST; ${AST_HINT}`);
    for (const [name, contract] of Object.entries(contracts)) {
      if (!contract.storageLayout) {
        throw new BuildInfoError(`${where}: ${file}:${name} has no storageLayout; ${LAYOUT_HINT}`);
      }
    }
  }
  return info as BuildInfo;
}

export function readBuildInfo(path: string): BuildInfo {
  if (!existsSync(path)) throw new BuildInfoError(`${path}: build-info not found; run hardhat compile`);
  let json: unknown;
  try {
    json = JSON.parse(readFileSync(path, "utf8"));
  } catch (error) {
    throw new BuildInfoError(`${path}: unreadable build-info (${(error as Error).message.split("\n")[0]})`);
  }
  return parseBuildInfo(json, path);
}

/** Every build-info of a Hardhat artifacts directory. */
export function readBuildInfos(artifactsDir: string): BuildInfo[] {
  const dir = join(artifactsDir, "build-info");
  if (!existsSync(dir)) throw new BuildInfoError(`${dir}: no build-info directory; run hardhat compile`);
  const files = readdirSync(dir).filter((f) => f.endsWith(".json"));
  if (files.length === 0) throw new BuildInfoError(`${dir}: no build-info files; run hardhat compile`);
  return files.map((f) => readBuildInfo(join(dir, f)));
}

/** The build-info and compiled output holding `source:Name` (or `Name` when unique). */
export function findContract(
  infos: readonly BuildInfo[],
  name: string,
): { info: BuildInfo; sourceName: string; contractName: string } {
  const [wantSource, wantName] = name.includes(":") ? name.split(":") : [undefined, name];
  const found: { info: BuildInfo; sourceName: string; contractName: string }[] = [];
  for (const info of infos) {
    for (const [sourceName, contracts] of Object.entries(info.output.contracts ?? {})) {
      if (wantSource !== undefined && sourceName !== wantSource) continue;
      if (wantName in contracts) found.push({ info, sourceName, contractName: wantName });
    }
  }
  if (found.length === 0) throw new MissingSourceError(`no source for contract ${name} in the build-info given`);
  // The same source compiled in several builds is the same contract; take the last (newest).
  const distinct = new Set(found.map((f) => f.sourceName));
  if (distinct.size > 1) {
    throw new MissingSourceError(`contract name ${name} is ambiguous (${[...distinct].join(", ")}); use source:Name`);
  }
  return found[found.length - 1];
}

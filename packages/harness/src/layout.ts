/**
 * Storage layouts and source positions from Hardhat's build-info (solc's own output: slot
 * numbers are read, never recomputed).
 */
import type { HardhatRuntimeEnvironment } from "hardhat/types";
import { MissingArtifactsError } from "./errors";

export interface LayoutVariable {
  label: string;
  slot: bigint;
  offset: number;
  /** solc type id, e.g. `t_mapping(t_address,t_uint256)`. */
  type: string;
  /** Declaring contract and source position (`file:line`). */
  contract: string;
  source?: { file: string; line: number };
}

export interface LayoutType {
  encoding: "inplace" | "mapping" | "dynamic_array" | "bytes";
  label: string;
  numberOfBytes: string;
  key?: string;
  value?: string;
  base?: string;
  members?: { label: string; slot: string; offset: number; type: string }[];
}

export interface ContractLayout {
  contract: string;
  variables: LayoutVariable[];
  types: Record<string, LayoutType>;
}

interface RawLayout {
  storage: { label: string; slot: string; offset: number; type: string; contract: string; astId: number }[];
  types: Record<string, LayoutType> | null;
}

const cache = new WeakMap<HardhatRuntimeEnvironment, Map<string, ContractLayout>>();

/** The storage layout of a contract by name (`LanesPair`) or fully qualified name. */
export async function readLayout(hre: HardhatRuntimeEnvironment, name: string): Promise<ContractLayout> {
  let byName = cache.get(hre);
  if (!byName) cache.set(hre, (byName = new Map()));
  const cached = byName.get(name);
  if (cached) return cached;

  let artifact;
  try {
    artifact = await hre.artifacts.readArtifact(name);
  } catch {
    throw new MissingArtifactsError(`no compiled artifact for ${name}: run \`pnpm compile\` first`);
  }
  const fqn = `${artifact.sourceName}:${artifact.contractName}`;
  const buildInfo = await hre.artifacts.getBuildInfo(fqn);
  if (!buildInfo) throw new MissingArtifactsError(`no build-info for ${fqn}: run \`pnpm compile --force\``);
  const output = buildInfo.output.contracts[artifact.sourceName]?.[artifact.contractName] as unknown as
    { storageLayout?: RawLayout } | undefined;
  if (!output?.storageLayout) {
    throw new MissingArtifactsError(
      `build-info of ${fqn} has no storageLayout: add "storageLayout" to solidity.settings.outputSelection ` +
        "in hardhat.config.ts and run `pnpm compile --force`",
    );
  }
  const positions = sourcePositions(buildInfo.input.sources, buildInfo.output.sources);
  const layout: ContractLayout = {
    contract: artifact.contractName,
    variables: output.storageLayout.storage.map((v) => ({
      label: v.label,
      slot: BigInt(v.slot),
      offset: v.offset,
      type: v.type,
      contract: v.contract.split(":").pop() ?? v.contract,
      source: positions(v.astId),
    })),
    types: output.storageLayout.types ?? {},
  };
  byName.set(name, layout);
  return layout;
}

/** astId → file:line of its declaration, from the AST's `src` offsets. */
function sourcePositions(
  inputSources: Record<string, { content: string }>,
  outputSources: Record<string, { ast: unknown; id: number }>,
): (astId: number) => { file: string; line: number } | undefined {
  const byId = new Map<number, { file: string; start: number }>();
  const walk = (node: unknown, file: string): void => {
    if (Array.isArray(node)) {
      for (const child of node) walk(child, file);
      return;
    }
    if (node === null || typeof node !== "object") return;
    const n = node as { id?: number; src?: string; nodeType?: string };
    if (n.nodeType === "VariableDeclaration" && typeof n.id === "number" && typeof n.src === "string") {
      byId.set(n.id, { file, start: Number(n.src.split(":")[0]) });
    }
    for (const value of Object.values(node)) if (typeof value === "object") walk(value, file);
  };
  for (const [file, source] of Object.entries(outputSources)) walk(source.ast, file);
  return (astId) => {
    const hit = byId.get(astId);
    if (!hit) return undefined;
    const content = inputSources[hit.file]?.content ?? "";
    // src offsets are in bytes of the UTF-8 source.
    const before = Buffer.from(content, "utf8").subarray(0, hit.start).toString("utf8");
    return { file: hit.file, line: before.split("\n").length };
  };
}

/** The variable of a layout by label; a clear error if the contract changed shape. */
export function variable(layout: ContractLayout, label: string): LayoutVariable {
  const v = layout.variables.find((x) => x.label === label);
  if (!v) throw new MissingArtifactsError(`${layout.contract} has no storage variable "${label}"; recompile?`);
  return v;
}

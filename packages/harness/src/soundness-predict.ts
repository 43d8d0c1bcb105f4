/**
 * The static side of `lanes soundness`: the analyzer's summaries of the contracts the world
 * deployed, bound to their addresses, concretized against a logical block's pre-state.
 *
 * Binding: addresses come from the world that deployed them (router, factory, pairs, tokens),
 * each mapped to the artifact it was deployed from. That is exact by construction and needs no
 * code-hash matching (which would have to mask immutables). A call to an address the map does
 * not know is predicted as an `any` wildcard with its reason: never a smaller set.
 */
import {
  type ContractSummary,
  type AsyncPreState,
  UnknownSelectorError,
  analyzeContract,
  concretizeAsync,
  indexAst,
  parseBuildInfo,
} from "@lanes/analyzer";
import { type AccessKey, type Address, accountKey, anyWildcard, toAddress, uniqueKeys } from "@lanes/types";
import type { HardhatRuntimeEnvironment } from "hardhat/types";
import type { Chain, TxRequest } from "./chain";
import { MissingArtifactsError } from "./errors";
import type { AmmWorld } from "./world/amm";

/** Artifact names of the contracts of the AMM world. */
export const AMM_CONTRACTS = ["LanesRouter", "LanesFactory", "LanesPair", "ERC20Mock"] as const;

/** Deployed address → artifact name, from the world that deployed them. */
export function ammContractsOf(world: AmmWorld): Map<Address, string> {
  return new Map<Address, string>([
    [toAddress(world.router), "LanesRouter"],
    [toAddress(world.factory), "LanesFactory"],
    ...world.pairs.map((p) => [toAddress(p.address), "LanesPair"] as [Address, string]),
    ...world.tokens.map((t) => [toAddress(t.address), "ERC20Mock"] as [Address, string]),
  ]);
}

/** The analyzer's summary of each named artifact, from the build-info it was compiled in. */
export async function loadSummaries(
  hre: HardhatRuntimeEnvironment,
  names: readonly string[],
): Promise<Map<string, ContractSummary>> {
  const out = new Map<string, ContractSummary>();
  for (const name of names) {
    let sourceName: string;
    try {
      sourceName = (await hre.artifacts.readArtifact(name)).sourceName;
    } catch {
      throw new MissingArtifactsError(`no compiled artifact for ${name}: run \`pnpm compile\` first`);
    }
    const qualified = `${sourceName}:${name}`;
    const raw = await hre.artifacts.getBuildInfo(qualified);
    if (!raw) throw new MissingArtifactsError(`no build-info for ${qualified}: run \`pnpm compile\` first`);
    const info = parseBuildInfo(raw, `build-info of ${qualified}`);
    out.set(name, analyzeContract(info, indexAst(info), sourceName, name));
  }
  return out;
}

const hex = (n: number | bigint): string => `0x${n.toString(16)}`;

/**
 * The state after chain block `block`, read over RPC once per slot and cached: a chain knows it
 * before executing the next block, and every transaction of a logical block shares it.
 */
export function preStateAt(chain: Chain, block: number): AsyncPreState {
  const slots = new Map<string, Promise<bigint>>();
  const codes = new Map<string, Promise<string>>();
  return {
    storage(address, slot) {
      const id = `${address}:${slot}`;
      let v = slots.get(id);
      if (!v) {
        v = chain.rpc.send("eth_getStorageAt", [address, hex(slot), hex(block)]).then((r) => BigInt(r as string));
        slots.set(id, v);
      }
      return v;
    },
    code(address) {
      let v = codes.get(address);
      if (!v) {
        v = chain.rpc.send("eth_getCode", [address, hex(block)]) as Promise<string>;
        codes.set(address, v);
      }
      return v;
    },
  };
}

export interface TxPrediction {
  readonly reads: AccessKey[];
  readonly writes: AccessKey[];
  /** `LanesPair.swap(uint256,uint256,address,bytes)`, or `<unknown contract>`. */
  readonly function: string;
  readonly warnings: readonly string[];
}

/** Predicts transactions of the world's contracts; anything else is an `any` wildcard. */
export class Predictor {
  constructor(
    private readonly contracts: ReadonlyMap<Address, string>,
    private readonly summaries: ReadonlyMap<string, ContractSummary>,
  ) {}

  async predict(tx: TxRequest, state: AsyncPreState): Promise<TxPrediction> {
    const to = toAddress(tx.to);
    const name = this.contracts.get(to);
    const summary = name === undefined ? undefined : this.summaries.get(name);
    if (!summary || name === undefined) return unknownTarget(tx, `no summary for the contract at ${to}`, "<unknown>");
    try {
      const p = await concretizeAsync(summary, { from: tx.from, to, value: tx.value ?? 0n, input: tx.data }, state);
      const entry = summary.entryPoints.find((e) => e.selector === p.entryPoint);
      return {
        reads: p.reads,
        writes: p.writes,
        function: `${name}.${entry ? entry.signature : `<${p.entryPoint}>`}`,
        warnings: p.warnings,
      };
    } catch (error) {
      if (!(error instanceof UnknownSelectorError)) throw error;
      return unknownTarget(tx, error.message, `${name}.<${tx.data.slice(0, 10)}>`);
    }
  }
}

/** What no summary answers: the sender's account keys, and anything at all. */
function unknownTarget(tx: TxRequest, reason: string, fn: string): TxPrediction {
  const from = toAddress(tx.from);
  const keys = uniqueKeys<AccessKey>([accountKey("nonce", from), accountKey("balance", from), anyWildcard(reason)]);
  return { reads: keys, writes: keys, function: fn, warnings: [reason] };
}

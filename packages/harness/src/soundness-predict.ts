/**
 * The static side of `lanes soundness`: the analyzer's summaries of the contracts the world
 * deployed, bound to their addresses, concretized against a logical block's pre-state.
 *
 * Binding: a transaction's own target comes from the world that deployed it (the AMM's router,
 * factory, pairs and tokens; the lending pool, oracle adapter, feeds, rate models and assets),
 * each mapped to the artifact it was deployed from. Calls between contracts are
 * followed by the analyzer, which binds each callee by its code (immutables masked) to one of
 * the same summaries. An address no summary answers is an `any` wildcard with its reason.
 *
 * Transactions of a logical block are predicted in order against the block's pre-state; a slot
 * an earlier transaction of the block is predicted to write holds the pre-state's value or one
 * that transaction may leave, when it said which, and is not trusted otherwise (`BlockTracker`).
 */
import {
  type AsyncPreState,
  type BlockInput,
  type ContractSummary,
  type KeyOrigin,
  BlockTracker,
  PreStateCache,
  Program,
  UnknownSelectorError,
  analyzeContract,
  concretize,
  indexAst,
  parseBuildInfo,
} from "@lanes/analyzer";
import { type AccessKey, type Address, accountKey, anyWildcard, toAddress, uniqueKeys } from "@lanes/types";
import type { HardhatRuntimeEnvironment } from "hardhat/types";
import type { Chain, TxRequest } from "./chain";
import { MissingArtifactsError } from "./errors";
import type { Worlds } from "./world";
import type { AmmWorld } from "./world/amm";
import type { LendingWorld } from "./world/lending";
import type { WorldKind } from "./workloads/types";

/** Artifact names of the contracts of the AMM world. */
export const AMM_CONTRACTS = ["LanesRouter", "LanesFactory", "LanesPair", "ERC20Mock"] as const;

/**
 * Artifact names of the contracts of the lending world: every one it deploys, so that the calls
 * between them (pool → oracle adapter → aggregator, pool → rate model, pool → tokens) are followed.
 */
export const LENDING_CONTRACTS = [
  "LendingPool",
  "ChainlinkOracleAdapter",
  "MockAggregator",
  "JumpRateModel",
  "ERC20Mock",
] as const;

/** Deployed address → artifact name, from the world that deployed them. */
export function ammContractsOf(world: AmmWorld): Map<Address, string> {
  return new Map<Address, string>([
    [toAddress(world.router), "LanesRouter"],
    [toAddress(world.factory), "LanesFactory"],
    ...world.pairs.map((p) => [toAddress(p.address), "LanesPair"] as [Address, string]),
    ...world.tokens.map((t) => [toAddress(t.address), "ERC20Mock"] as [Address, string]),
  ]);
}

/** Deployed address → artifact name for every contract the lending world deployed. */
export function lendingContractsOf(world: LendingWorld): Map<Address, string> {
  return new Map<Address, string>([
    [toAddress(world.pool), "LendingPool"],
    [toAddress(world.oracle), "ChainlinkOracleAdapter"],
    [toAddress(world.rateModels.stable), "JumpRateModel"],
    [toAddress(world.rateModels.volatile), "JumpRateModel"],
    ...world.markets.flatMap((m) => [
      [toAddress(m.asset), "ERC20Mock"] as [Address, string],
      [toAddress(m.feed), "MockAggregator"] as [Address, string],
    ]),
  ]);
}

/** Deployed address → artifact name over every deployed world. */
export function contractsOf(worlds: Worlds): Map<Address, string> {
  return new Map<Address, string>([
    ...(worlds.amm ? ammContractsOf(worlds.amm) : []),
    ...(worlds.lending ? lendingContractsOf(worlds.lending) : []),
  ]);
}

/** The artifacts whose summaries the worlds of `kinds` need (each once). */
export function contractsFor(kinds: readonly WorldKind[]): string[] {
  const names = [
    ...(kinds.includes("amm") ? AMM_CONTRACTS : []),
    ...(kinds.includes("lending") ? LENDING_CONTRACTS : []),
  ];
  return [...new Set(names)];
}

/** The analyzer's summary of each named artifact, from the build-info it was compiled in. */
export async function loadSummaries(
  hre: HardhatRuntimeEnvironment,
  names: readonly string[],
): Promise<Map<string, ContractSummary>> {
  const out = new Map<string, ContractSummary>();
  // Contracts compiled together share one build-info: parse and index it once.
  const parsed = new Map<string, { info: ReturnType<typeof parseBuildInfo>; ast: ReturnType<typeof indexAst> }>();
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
    let p = parsed.get(raw.id);
    if (!p) {
      const info = parseBuildInfo(raw, `build-info of ${qualified}`);
      parsed.set(raw.id, (p = { info, ast: indexAst(info) }));
    }
    out.set(name, analyzeContract(p.info, p.ast, sourceName, name));
  }
  return out;
}

const hex = (n: number | bigint): string => `0x${n.toString(16)}`;

/** A logical block's pre-state, and the header of the block being built on it. */
export interface BlockPreState extends AsyncPreState {
  header(): Promise<BlockInput>;
}

/**
 * The state after chain block `block`, read over RPC once per slot and cached: a chain knows it
 * before executing the next block, and every transaction of a logical block shares it. The
 * header is the next block's timestamp, which the logical block's transactions share. Not its
 * number: each transaction is mined in a chain block of its own, so `block.number` differs
 * between them, and a prediction that assumed one number could take the wrong branch.
 */
export function preStateAt(chain: Chain, block: number): BlockPreState {
  const slots = new Map<string, Promise<bigint>>();
  const codes = new Map<string, Promise<string>>();
  let header: Promise<BlockInput> | null = null;
  return {
    header() {
      header ??= (
        chain.rpc.send("eth_getBlockByNumber", [hex(block + 1), false]) as Promise<{ timestamp: string } | null>
      ).then((b) => (b ? { timestamp: BigInt(b.timestamp) } : {}));
      return header;
    },
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
  /** Commutative updates (`x += c`), apart from reads and writes. */
  readonly deltas: AccessKey[];
  /** `LanesPair.swap(uint256,uint256,address,bytes)`, or `<unknown contract>`. */
  readonly function: string;
  readonly warnings: readonly string[];
  /** Per predicted key (`keyToString`): the source lines that read or write it. */
  readonly origins?: Readonly<Record<string, readonly KeyOrigin[]>>;
  /** Per written storage key: the words the transaction may leave there (null: not known). */
  readonly values?: ReadonlyMap<string, readonly bigint[] | null>;
}

/**
 * Predicts transactions of the world's contracts; anything else is an `any` wildcard. Call
 * `predict` for the transactions of one logical block in block order, all with the same state.
 */
export class Predictor {
  private readonly program: Program;
  private readonly blocks = new WeakMap<AsyncPreState, { cache: PreStateCache; tracker: BlockTracker }>();

  constructor(
    private readonly contracts: ReadonlyMap<Address, string>,
    private readonly summaries: ReadonlyMap<string, ContractSummary>,
  ) {
    this.program = new Program([...summaries.values()]);
  }

  async predict(tx: TxRequest, state: AsyncPreState | BlockPreState): Promise<TxPrediction> {
    let block = this.blocks.get(state);
    if (!block) this.blocks.set(state, (block = { cache: new PreStateCache(state), tracker: new BlockTracker() }));
    const prediction = await this.predictOne(tx, state, block.cache, block.tracker);
    block.tracker.note(prediction);
    return prediction;
  }

  private async predictOne(
    tx: TxRequest,
    state: AsyncPreState | BlockPreState,
    cache: PreStateCache,
    tracker: BlockTracker,
  ): Promise<TxPrediction> {
    const to = toAddress(tx.to);
    const name = this.contracts.get(to);
    const summary = name === undefined ? undefined : this.summaries.get(name);
    if (!summary || name === undefined) return unknownTarget(tx, `no summary for the contract at ${to}`, "<unknown>");
    const header = "header" in state ? await state.header() : {};
    try {
      const input = { from: tx.from, to, value: tx.value ?? 0n, input: tx.data };
      const p = await cache.run((s) =>
        concretize(summary, input, tracker.wrap(s), {
          program: this.program,
          block: header,
          origins: true,
          values: true,
        }),
      );
      const entry = summary.entryPoints.find((e) => e.selector === p.entryPoint);
      return {
        reads: p.reads,
        writes: p.writes,
        deltas: p.deltas,
        function: `${name}.${entry ? entry.signature : `<${p.entryPoint}>`}`,
        warnings: p.warnings,
        ...(p.origins ? { origins: p.origins } : {}),
        ...(p.values ? { values: p.values } : {}),
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
  return { reads: keys, writes: keys, deltas: [], function: fn, warnings: [reason] };
}

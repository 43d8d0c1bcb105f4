/**
 * Shared by the analyzer's Hardhat tests: send a transaction (reverting or not), trace it with
 * @lanes/tracer, concretize the static summary against the parent block, and compare.
 */
import type { HardhatRuntimeEnvironment } from "hardhat/types";
import {
  type AccessKey,
  type Key,
  type TxAccess,
  isWildcard,
  keyToString,
  keysOverlap,
  partitionKeys,
} from "@lanes/types";
import {
  type AsyncPreState,
  BlockTracker,
  type ContractSummary,
  type Prediction,
  PreStateCache,
  Program,
  analyzeContract,
  concretize,
  concretizeAsync,
  indexAst,
  parseBuildInfo,
} from "../../packages/analyzer/src";
import { traceTransaction } from "../../packages/tracer/src";

export const GAS = 3_000_000n;

export async function summaryOf(hre: HardhatRuntimeEnvironment, fqn: string): Promise<ContractSummary> {
  const info = await hre.artifacts.getBuildInfo(fqn);
  if (!info) throw new Error(`no build-info for ${fqn}; run hardhat compile`);
  const parsed = parseBuildInfo(info, fqn);
  const [source, name] = fqn.split(":");
  return analyzeContract(parsed, indexAst(parsed), source, name);
}

interface Rpc {
  send(method: string, params: unknown[]): Promise<unknown>;
}

/** Sends and mines one transaction; a revert still mines it (its hash comes from the block). */
export async function sendRaw(
  rpc: Rpc,
  tx: { from: string; to: string; data: string; value: bigint },
): Promise<string> {
  const request = {
    from: tx.from,
    to: tx.to,
    data: tx.data,
    value: `0x${tx.value.toString(16)}`,
    gas: `0x${GAS.toString(16)}`,
  };
  try {
    return (await rpc.send("eth_sendTransaction", [request])) as string;
  } catch (error) {
    const block = (await rpc.send("eth_getBlockByNumber", ["latest", true])) as {
      transactions: { hash: string; from: string }[];
    };
    const mined = block.transactions.find((t) => t.from.toLowerCase() === tx.from.toLowerCase());
    if (!mined) throw error;
    return mined.hash;
  }
}

export interface Comparison {
  readonly reverted: boolean;
  /** Traced keys no predicted key covers: soundness violations. */
  readonly missed: string[];
  /** Traced storage keys, and predicted exact storage keys that were traced / all predicted exact storage keys. */
  readonly tracedStorage: number;
  readonly exactHit: number;
  readonly exactPredicted: number;
  readonly wildcards: AccessKey[];
  readonly prediction: Prediction;
}

/** The state after `block` (a hex block number), read over RPC. */
function stateAt(rpc: Rpc, block: string): AsyncPreState {
  return {
    storage: async (address, slot) =>
      BigInt((await rpc.send("eth_getStorageAt", [address, `0x${slot.toString(16)}`, block])) as string),
    code: async (address) => (await rpc.send("eth_getCode", [address, block])) as string,
  };
}

function covered(key: Key, predicted: readonly AccessKey[]): boolean {
  return predicted.some((p) => keysOverlap(p, key));
}

/** A traced transaction against its prediction: misses (a written key needs a predicted write) and counts. */
function compare(access: TxAccess, prediction: Prediction): Comparison {
  const missed: string[] = [];
  for (const [what, traced, predicted] of [
    ["read", access.reads, [...prediction.reads, ...prediction.deltas]],
    ["write", access.writes, [...prediction.writes, ...prediction.deltas]],
  ] as const) {
    for (const key of traced) {
      if (isWildcard(key)) continue;
      if (!covered(key, predicted)) missed.push(`${what} ${keyToString(key)}`);
    }
  }
  const tracedStorage = new Set(partitionKeys(access.reads).storage.map(keyToString));
  const exact = partitionKeys(prediction.reads).storage.map(keyToString);
  return {
    reverted: access.reverted,
    missed,
    tracedStorage: tracedStorage.size,
    exactHit: exact.filter((k) => tracedStorage.has(k)).length,
    exactPredicted: exact.length,
    wildcards: prediction.reads.filter(isWildcard),
    prediction,
  };
}

/**
 * Sends, traces and compares one transaction against the summary's prediction. With `program`,
 * calls into other contracts are followed (each bound by its code to one of its summaries).
 */
export async function checkTransaction(
  hre: HardhatRuntimeEnvironment,
  summary: ContractSummary,
  tx: { from: string; to: string; data: string; value: bigint },
  index: number,
  program?: Program,
): Promise<Comparison> {
  const rpc = hre.network.provider;
  const hash = await sendRaw(rpc, tx);
  const receipt = (await rpc.send("eth_getTransactionReceipt", [hash])) as { blockNumber: string };
  const block = (await rpc.send("eth_getBlockByNumber", [receipt.blockNumber, false])) as {
    timestamp: string;
    number: string;
  };
  const parent = `0x${(BigInt(receipt.blockNumber) - 1n).toString(16)}`;
  const prediction = await concretizeAsync(
    summary,
    { from: tx.from, to: tx.to, value: tx.value, input: tx.data },
    stateAt(rpc, parent),
    { program, block: { timestamp: BigInt(block.timestamp), number: BigInt(block.number) } },
  );
  const { access } = await traceTransaction(rpc, hash, index);
  return compare(access, prediction);
}

/**
 * A logical block: the transactions are sent one after another (each mined in a chain block of
 * its own, all with one timestamp), then predicted in order from the state before the first, as
 * a chain would before executing the block (`BlockTracker` with the values each earlier
 * prediction says it may leave), and each is compared with its trace.
 */
export async function checkBlock(
  hre: HardhatRuntimeEnvironment,
  txs: readonly { summary: ContractSummary; tx: { from: string; to: string; data: string; value: bigint } }[],
  firstIndex: number,
  program: Program,
): Promise<Comparison[]> {
  const rpc = hre.network.provider;
  const parent = Number(await rpc.send("eth_blockNumber", []));
  const hex = (n: bigint | number): string => `0x${n.toString(16)}`;
  const timestamp =
    BigInt(((await rpc.send("eth_getBlockByNumber", [hex(parent), false])) as { timestamp: string }).timestamp) + 1n;
  const hashes: string[] = [];
  for (const { tx } of txs) {
    await rpc.send("evm_setNextBlockTimestamp", [hex(timestamp)]);
    hashes.push(await sendRaw(rpc, tx));
  }
  const cache = new PreStateCache(stateAt(rpc, hex(parent)));
  const tracker = new BlockTracker();
  const out: Comparison[] = [];
  for (const [i, { summary, tx }] of txs.entries()) {
    const prediction = await cache.run((s) =>
      concretize(summary, { from: tx.from, to: tx.to, value: tx.value, input: tx.data }, tracker.wrap(s), {
        program,
        values: true,
        block: { timestamp },
      }),
    );
    tracker.note(prediction);
    const { access } = await traceTransaction(rpc, hashes[i], firstIndex + i);
    out.push(compare(access, prediction));
  }
  return out;
}

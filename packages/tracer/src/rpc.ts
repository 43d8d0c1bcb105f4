/**
 * Tracing one mined transaction through a JSON-RPC node (the in-process Hardhat network, anvil,
 * geth). The only impure module: it fetches, then hands plain data to the pure passes.
 */
import { type Address, type Slot, type TxAccess, toAddress } from "@lanes/types";
import { analyzeTrace } from "./access";
import type { TxContext } from "./collect";
import { type PreStateReader, resolvePending, settlePending } from "./noops";
import type { RawTraceItem } from "./raw";
import { analyzeRawTrace } from "./rawaccess";
import { type SlotCandidates, collectCandidates } from "./candidates";
import { TraceFormatError, TraceRpcError } from "./errors";
import { parseStructLogTrace } from "./structlog";

/** What the tracer needs of a node: hardhat's `network.provider` and ethers' JsonRpcProvider both fit. */
export interface JsonRpc {
  send(method: string, params: unknown[]): Promise<unknown>;
}

export interface TraceOptions {
  /**
   * Value of a slot before the transaction, for writes whose original the trace does not show.
   * Default: `eth_getStorageAt` at the parent block, used only when the transaction is the
   * first of its chain block (otherwise the parent block is not its pre-state). null: never ask.
   */
  readonly preState?: PreStateReader | null;
  /** Options merged over the default `{ disableMemory: true, disableStack: false, disableStorage: false }`. */
  readonly tracerConfig?: Readonly<Record<string, unknown>>;
  /** Leave the coinbase's balance in (default false: parallel EVMs credit fees lazily). */
  readonly keepCoinbase?: boolean;
}

export interface TracedTransaction {
  readonly access: TxAccess;
  readonly candidates: SlotCandidates;
  readonly warnings: readonly string[];
  readonly blockNumber: number;
}

export const DEFAULT_TRACER_CONFIG: Readonly<Record<string, unknown>> = {
  disableMemory: true,
  disableStack: false,
  disableStorage: false,
};

/**
 * Traces the mined transaction `hash` and returns its access set (`index` is its position in
 * the caller's logical block) and the preimage candidates for naming its slots.
 */
export async function traceTransaction(
  rpc: JsonRpc,
  hash: string,
  index: number,
  options: TraceOptions = {},
): Promise<TracedTransaction> {
  const [mined, traceRaw] = await Promise.all([
    readMinedTransaction(rpc, hash, index, options),
    call(rpc, "debug_traceTransaction", [hash, { ...DEFAULT_TRACER_CONFIG, ...options.tracerConfig }]),
  ]);
  const trace = parseStructLogTrace(traceRaw, `debug_traceTransaction(${hash})`);
  const analysis = analyzeTrace(trace, mined.context);
  const warnings = [...analysis.warnings];
  let reader = options.preState;
  if (reader === undefined) {
    if (mined.transactionIndex === 0) reader = parentBlockReader(rpc, mined.blockNumber);
    else if (analysis.pending.length > 0) {
      warnings.push(
        `${analysis.pending.length} write(s) not checked for no-ops: the transaction is not first in its chain block`,
      );
    }
  }
  const access = reader ? await resolvePending(analysis, reader) : analysis.access;
  const { context } = mined;
  const addresses = [context.from, ...(context.to ? [context.to] : []), ...(context.created ? [context.created] : [])];
  const candidates = collectCandidates(trace, { input: context.input, addresses });
  return { access, candidates, warnings, blockNumber: mined.blockNumber };
}

/** A mined transaction as the analyses need it, and where it sits in the chain. */
export interface MinedTransaction {
  readonly context: TxContext;
  readonly blockNumber: number;
  /** Position in its chain block. */
  readonly transactionIndex: number;
  /** Transactions in its chain block. */
  readonly blockSize: number;
}

/** The transaction, its receipt and its block's coinbase, as a `TxContext` (`index` is the caller's numbering). */
export async function readMinedTransaction(
  rpc: JsonRpc,
  hash: string,
  index: number,
  options: Pick<TraceOptions, "keepCoinbase"> = {},
): Promise<MinedTransaction> {
  const [txRaw, receiptRaw] = await Promise.all([
    call(rpc, "eth_getTransactionByHash", [hash]),
    call(rpc, "eth_getTransactionReceipt", [hash]),
  ]);
  const tx = readTransaction(txRaw, hash);
  const receipt = readReceipt(receiptRaw, hash);
  const blockRaw = await call(rpc, "eth_getBlockByNumber", [quantity(receipt.blockNumber), false]);
  const coinbase = readCoinbase(blockRaw, receipt.blockNumber);
  const listed = (blockRaw as { transactions?: unknown }).transactions;
  const context: TxContext = {
    index,
    hash,
    from: tx.from,
    to: tx.to,
    created: receipt.contractAddress,
    value: tx.value,
    input: tx.input,
    gasUsed: receipt.gasUsed,
    reverted: !receipt.status,
    coinbase: options.keepCoinbase ? null : coinbase,
  };
  return {
    context,
    blockNumber: receipt.blockNumber,
    transactionIndex: receipt.transactionIndex,
    blockSize: Array.isArray(listed) ? listed.length : 0,
  };
}

export interface RawTracedTransaction {
  readonly access: TxAccess;
  readonly warnings: readonly string[];
  readonly blockNumber: number;
}

/**
 * The access set of a transaction sent with `sendTracedTransaction`, from its raw trace. Every
 * write is settled against the node: a no-op when the slot held the same value at the parent
 * block as at the transaction's block, which is exact only for a transaction alone in its chain
 * block (otherwise writes stay unflagged, with a warning).
 */
export async function analyzeSentTransaction(
  rpc: JsonRpc,
  sent: { readonly hash: string; readonly items: readonly RawTraceItem[] },
  index: number,
  options: Pick<TraceOptions, "keepCoinbase"> = {},
): Promise<RawTracedTransaction> {
  const mined = await readMinedTransaction(rpc, sent.hash, index, options);
  const analysis = analyzeRawTrace(sent.items, mined.context);
  const warnings = [...analysis.warnings];
  let access = analysis.access;
  if (mined.blockSize === 1) {
    access = await settlePending(
      analysis,
      parentBlockReader(rpc, mined.blockNumber),
      blockReader(rpc, mined.blockNumber),
    );
  } else if (analysis.pending.length > 0) {
    warnings.push(`${analysis.pending.length} write(s) not checked for no-ops: the transaction shares its chain block`);
  }
  return { access, warnings, blockNumber: mined.blockNumber };
}

/** A pre-state reader asking the node for slots as of block `blockNumber - 1`. */
export function parentBlockReader(rpc: JsonRpc, blockNumber: number): PreStateReader {
  return blockReader(rpc, blockNumber - 1);
}

/** A reader asking the node for slots as of block `blockNumber` (after its transactions). */
export function blockReader(rpc: JsonRpc, blockNumber: number): PreStateReader {
  return async (address: Address, slot: Slot) => {
    const value = await call(rpc, "eth_getStorageAt", [address, slot, quantity(blockNumber)]);
    if (typeof value !== "string")
      throw new TraceFormatError(`eth_getStorageAt(${address}, ${slot}): not a hex string`);
    return value;
  };
}

async function call(rpc: JsonRpc, method: string, params: unknown[]): Promise<unknown> {
  let result: unknown;
  try {
    result = await rpc.send(method, params);
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    throw new TraceRpcError(`${method} failed: ${message.split("\n")[0]}`);
  }
  if (result === null || result === undefined) {
    throw new TraceRpcError(`${method}(${String(params[0])}) returned nothing (unknown or unmined transaction?)`);
  }
  return result;
}

interface TxFields {
  from: string;
  to: string | null;
  value: bigint;
  input: string;
}

interface ReceiptFields {
  status: boolean;
  gasUsed: number;
  blockNumber: number;
  transactionIndex: number;
  contractAddress: string | null;
}

function readTransaction(value: unknown, hash: string): TxFields {
  const where = `eth_getTransactionByHash(${hash})`;
  const v = object(value, where);
  return {
    from: address(v.from, `${where}.from`),
    to: v.to === null || v.to === undefined ? null : address(v.to, `${where}.to`),
    value: bigQuantity(v.value, `${where}.value`),
    input: hexString(v.input ?? v.data, `${where}.input`),
  };
}

function readReceipt(value: unknown, hash: string): ReceiptFields {
  const where = `eth_getTransactionReceipt(${hash})`;
  const v = object(value, where);
  return {
    status: Number(bigQuantity(v.status, `${where}.status`)) === 1,
    gasUsed: Number(bigQuantity(v.gasUsed, `${where}.gasUsed`)),
    blockNumber: Number(bigQuantity(v.blockNumber, `${where}.blockNumber`)),
    transactionIndex: Number(bigQuantity(v.transactionIndex, `${where}.transactionIndex`)),
    contractAddress:
      v.contractAddress === null || v.contractAddress === undefined
        ? null
        : address(v.contractAddress, `${where}.contractAddress`),
  };
}

function readCoinbase(value: unknown, blockNumber: number): string {
  const where = `eth_getBlockByNumber(${blockNumber})`;
  return address(object(value, where).miner, `${where}.miner`);
}

function object(value: unknown, where: string): Record<string, unknown> {
  if (typeof value !== "object" || value === null) throw new TraceFormatError(`${where}: expected an object`);
  return value as Record<string, unknown>;
}

function address(value: unknown, where: string): string {
  if (typeof value !== "string" || !/^0x[0-9a-fA-F]{40}$/.test(value)) {
    throw new TraceFormatError(`${where}: expected an address, got ${JSON.stringify(value)}`);
  }
  return toAddress(value);
}

function hexString(value: unknown, where: string): string {
  if (typeof value !== "string" || !/^0x[0-9a-fA-F]*$/.test(value)) {
    throw new TraceFormatError(`${where}: expected 0x-hex data`);
  }
  return value;
}

function bigQuantity(value: unknown, where: string): bigint {
  if (typeof value === "string" && /^0x[0-9a-fA-F]+$/.test(value)) return BigInt(value);
  if (typeof value === "number" && Number.isSafeInteger(value) && value >= 0) return BigInt(value);
  throw new TraceFormatError(`${where}: expected a hex quantity, got ${JSON.stringify(value)}`);
}

function quantity(n: number): string {
  return `0x${n.toString(16)}`;
}

/**
 * Sending a transaction straight to EDR's provider, which returns the raw trace of what it
 * executed with the response: tracing at no re-execution cost. No Hardhat import: the provider
 * is found by walking the wrapper fields of whatever object the caller has (Hardhat 2's
 * `network.provider`), and used through `handleRequest(json)` alone.
 */
import { TraceFormatError, TraceRpcError } from "./errors";
import { type RawTraceItem, bytesToAddress, bytesToHex, isRawMessage, rawTraceItems } from "./raw";

/** What the tracer needs of EDR's `Provider`; its `Response` class fits (`data` and `traces` are getters). */
export interface EdrProvider {
  handleRequest(json: string): Promise<{ readonly data: string | object; readonly traces: readonly unknown[] }>;
}

/** The transaction to send (EDR signs for the accounts it owns, as `eth_sendTransaction` does). */
export interface EdrTransactionRequest {
  readonly from: string;
  readonly to?: string | null;
  /** Calldata or init code, 0x-hex. */
  readonly data?: string;
  readonly value?: bigint;
  /** Gas limit; EDR's default when absent. */
  readonly gas?: bigint;
  readonly nonce?: number;
}

export interface SentTransaction {
  readonly hash: string;
  /** The transaction's raw trace, for `analyzeRawTrace`. */
  readonly items: RawTraceItem[];
  /** The node answered with an error that carries the hash: the transaction was mined and reverted. */
  readonly reverted: boolean;
}

/** Fields Hardhat 2's provider wrappers keep the next provider in, outermost first. */
const WRAPPER_FIELDS = ["_wrapped", "_wrappedProvider", "_provider"] as const;
const MAX_WRAPPERS = 32;

/**
 * The EDR provider under `provider`'s wrappers, or null. Hardhat creates its network lazily:
 * call this after the provider has answered one request (e.g. `eth_chainId`); before that the
 * lazy wrapper's field throws, and null is returned.
 */
export function findEdrProvider(provider: unknown): EdrProvider | null {
  let current: unknown = provider;
  for (let level = 0; level < MAX_WRAPPERS; level++) {
    if (typeof current !== "object" || current === null) return null;
    if (typeof (current as { handleRequest?: unknown }).handleRequest === "function") return current as EdrProvider;
    current = nextWrapped(current);
  }
  return null;
}

function nextWrapped(wrapper: object): unknown {
  for (const field of WRAPPER_FIELDS) {
    let inner: unknown;
    try {
      inner = (wrapper as Record<string, unknown>)[field];
    } catch {
      // Hardhat's lazy adapter throws from `_wrapped` until the network is created.
      return null;
    }
    if (typeof inner === "object" && inner !== null) return inner;
  }
  return null;
}

/**
 * Sends one transaction through `edr.handleRequest` and returns its hash and raw trace. With
 * automine on, EDR mines it before answering, reverted or not (a revert comes back as an error
 * carrying `data.transactionHash`). `label` names the transaction in error messages.
 */
export async function sendTracedTransaction(
  edr: EdrProvider,
  tx: EdrTransactionRequest,
  label = "eth_sendTransaction",
): Promise<SentTransaction> {
  let response: { readonly data: string | object; readonly traces: readonly unknown[] };
  try {
    response = await edr.handleRequest(JSON.stringify({ method: "eth_sendTransaction", params: [rpcRequest(tx)] }));
  } catch (error) {
    throw new TraceRpcError(`${label}: ${(error instanceof Error ? error.message : String(error)).split("\n")[0]}`);
  }
  const { hash, reverted } = readHash(response.data, label);
  const items = pickTrace(response.traces, tx, label);
  return { hash, items, reverted };
}

function rpcRequest(tx: EdrTransactionRequest): Record<string, string> {
  const request: Record<string, string> = { from: tx.from };
  if (tx.to !== undefined && tx.to !== null) request.to = tx.to;
  if (tx.data !== undefined) request.data = tx.data;
  if (tx.value !== undefined) request.value = quantity(tx.value);
  if (tx.gas !== undefined) request.gas = quantity(tx.gas);
  if (tx.nonce !== undefined) request.nonce = quantity(BigInt(tx.nonce));
  return request;
}

interface JsonRpcAnswer {
  readonly result?: unknown;
  readonly error?: { readonly message?: unknown; readonly data?: { readonly transactionHash?: unknown } };
}

function readHash(data: string | object, label: string): { hash: string; reverted: boolean } {
  let answer: JsonRpcAnswer;
  try {
    answer = (typeof data === "string" ? JSON.parse(data) : data) as JsonRpcAnswer;
  } catch {
    throw new TraceFormatError(`${label}: the response is not JSON`);
  }
  if (typeof answer.result === "string") return { hash: answer.result, reverted: false };
  const error = answer.error;
  if (error === undefined) throw new TraceFormatError(`${label}: the response has neither result nor error`);
  const mined = error.data?.transactionHash;
  if (typeof mined === "string") return { hash: mined, reverted: true };
  throw new TraceRpcError(`${label}: ${String(error.message ?? "unknown error").split("\n")[0]}`);
}

/**
 * The trace of the transaction sent. EDR returns one trace per transaction it executed; when
 * the mined block held others (a queued transaction mined with it), the one whose top message
 * matches sender, target and input is ours.
 */
function pickTrace(traces: readonly unknown[], tx: EdrTransactionRequest, label: string): RawTraceItem[] {
  if (!Array.isArray(traces) || traces.length === 0) {
    throw new TraceRpcError(`${label}: EDR returned no trace (is automine off, or tracing disabled?)`);
  }
  const all = traces.map((trace, k) => rawTraceItems(trace, `${label} trace ${k}`));
  if (all.length === 1) return all[0];
  const ours = all.filter((items) => isSentBy(items, tx));
  if (ours.length !== 1) {
    throw new TraceFormatError(`${label}: ${all.length} traces came back and ${ours.length} match the transaction`);
  }
  return ours[0];
}

function isSentBy(items: readonly RawTraceItem[], tx: EdrTransactionRequest): boolean {
  const first = items[0];
  if (first === undefined || !isRawMessage(first)) return false;
  const to = first.to === undefined ? null : bytesToAddress(first.to, "message.to");
  const data = bytesToHex(first.data);
  return (
    bytesToAddress(first.caller, "message.caller") === tx.from.toLowerCase() &&
    (tx.to === undefined || tx.to === null ? to === null : to === tx.to.toLowerCase()) &&
    data === (tx.data ?? "0x").toLowerCase()
  );
}

function quantity(n: bigint): string {
  return `0x${n.toString(16)}`;
}

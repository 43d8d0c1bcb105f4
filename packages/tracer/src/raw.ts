/**
 * EDR's raw traces: the items its provider returns with every `handleRequest` that executes a
 * transaction (`response.traces[k].trace`), typed structurally so this package does not depend
 * on EDR. Three kinds, in execution order:
 *
 * - a message start when a frame begins (the transaction's own at depth 0, one per CALL-family
 *   or CREATE step that enters a frame — also calls to accounts without code);
 * - a step per instruction, with the stack before it executes: only its top item unless
 *   verbose tracing is on (then the whole stack, bottom first);
 * - a message result when a frame ends: success, revert or exceptional halt, and for creations
 *   the new account's address (also when the init code reverted).
 */
import type { Address } from "@lanes/types";
import { TraceFormatError } from "./errors";

export interface RawMessage {
  readonly caller: Uint8Array;
  /**
   * The account whose storage and balance the frame uses: the callee, or for DELEGATECALL and
   * CALLCODE the calling contract. Absent for creations.
   */
  readonly to?: Uint8Array;
  /** The account whose code runs (the library of a DELEGATECALL); absent for creations. */
  readonly codeAddress?: Uint8Array;
  readonly isStaticCall: boolean;
  /** 0 for the transaction's own frame. */
  readonly depth: number;
  /** For DELEGATECALL, the caller's own call value (nothing moves). */
  readonly value: bigint;
  readonly data: Uint8Array;
}

export interface RawStep {
  /** The message's depth + 1 (the struct-log numbering). */
  readonly depth: number;
  readonly pc: bigint;
  readonly opcode: string;
  /** Bottom first; without verbose tracing only the top item (empty when the stack is). */
  readonly stack: readonly bigint[];
}

/** Success carries a reason and an output object; revert an output of bytes; halt a reason only. */
export interface RawExecutionResult {
  readonly reason?: number;
  readonly output?: Uint8Array | { readonly returnValue: Uint8Array; readonly address?: Uint8Array };
  readonly gasUsed: bigint;
}

export interface RawMessageResult {
  readonly executionResult: {
    readonly result: RawExecutionResult;
    /** The created account, for creations (successful or reverted). */
    readonly contractAddress?: Uint8Array;
  };
}

export type RawTraceItem = RawMessage | RawStep | RawMessageResult;

export type RawOutcome = "success" | "revert" | "halt";

export function isRawStep(item: RawTraceItem): item is RawStep {
  return "pc" in item;
}

export function isRawResult(item: RawTraceItem): item is RawMessageResult {
  return "executionResult" in item;
}

export function isRawMessage(item: RawTraceItem): item is RawMessage {
  return !isRawStep(item) && !isRawResult(item);
}

export function rawOutcome(result: RawExecutionResult): RawOutcome {
  if (result.output === undefined) return "halt";
  return result.output instanceof Uint8Array ? "revert" : "success";
}

/** The top of a step's stack (the last item, in both verbose and plain tracing), if any. */
export function rawTop(step: RawStep): bigint | undefined {
  return step.stack[step.stack.length - 1];
}

const HEX = Array.from({ length: 256 }, (_, i) => i.toString(16).padStart(2, "0"));

export function bytesToHex(bytes: Uint8Array): string {
  let text = "0x";
  for (let i = 0; i < bytes.length; i++) text += HEX[bytes[i]];
  return text;
}

export function bytesToAddress(bytes: Uint8Array, where: string): Address {
  if (!(bytes instanceof Uint8Array) || bytes.length !== 20) {
    throw new TraceFormatError(`${where}: expected a 20-byte address`);
  }
  return bytesToHex(bytes) as Address;
}

/** The low 20 bytes of a stack word, as the EVM reads an address operand. */
export function bigIntToAddress(word: bigint): Address {
  return `0x${(word & ((1n << 160n) - 1n)).toString(16).padStart(40, "0")}` as Address;
}

/**
 * The items of one raw trace (`{ trace: [...] }` as EDR returns it), checked enough to walk:
 * every item is an object of one of the three kinds. EDR marshals the whole trace each time
 * `trace` is read, so it is read once.
 */
export function rawTraceItems(value: unknown, where = "raw trace"): RawTraceItem[] {
  if (typeof value !== "object" || value === null) throw new TraceFormatError(`${where}: expected an object`);
  const items: unknown = (value as { trace?: unknown }).trace;
  if (!Array.isArray(items)) throw new TraceFormatError(`${where}: no trace array`);
  for (let i = 0; i < items.length; i++) {
    const item: unknown = items[i];
    if (typeof item !== "object" || item === null) throw new TraceFormatError(`${where}[${i}] is not an object`);
    if ("pc" in item) {
      const step = item as Partial<RawStep>;
      if (typeof step.opcode !== "string" || !Array.isArray(step.stack) || typeof step.depth !== "number") {
        throw new TraceFormatError(`${where}[${i}]: a step needs opcode, depth and stack`);
      }
    } else if ("executionResult" in item) {
      const result = (item as { executionResult?: { result?: unknown } }).executionResult?.result;
      if (typeof result !== "object" || result === null) {
        throw new TraceFormatError(`${where}[${i}]: a message result needs executionResult.result`);
      }
    } else if (typeof (item as Partial<RawMessage>).depth !== "number") {
      throw new TraceFormatError(`${where}[${i}]: neither a step, a message result nor a message`);
    }
  }
  return items as RawTraceItem[];
}

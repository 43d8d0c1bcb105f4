/**
 * Pass one over a trace: the call frames. Struct logs carry no addresses and no call results,
 * only depths and stacks, so frames are recovered from what changes between two steps: the
 * depth rises after a CALL/CREATE that entered code, and when it falls back, the caller's next
 * step has the call's result on top of its stack (1/0 for calls, the new address or 0 for
 * creations). Knowing every frame's fate before collecting accesses keeps pass two a single
 * forward walk with no journal to undo.
 */
import type { Address } from "@lanes/types";
import { TraceFormatError } from "./errors";
import { type StructLog, stackItem } from "./structlog";
import { isZeroWord, toWord, wordToAddress, wordToBigInt } from "./words";

export type CallOp = "CALL" | "CALLCODE" | "DELEGATECALL" | "STATICCALL";
export type CreateOp = "CREATE" | "CREATE2";
export type FrameKind = "TX" | CallOp | CreateOp;

export interface Frame {
  readonly id: number;
  /** -1 for the transaction's own frame. */
  readonly parent: number;
  readonly kind: FrameKind;
  readonly depth: number;
  /** Index of the CALL/CREATE step that opened the frame; -1 for the transaction's frame. */
  readonly opener: number;
  /** Account of the frame when it runs in its own context (null until a creation's address is known). */
  account: Address | null;
  /** Code that runs: the call target; the new account for creations. */
  readonly codeAddress: Address | null;
  /** The frame whose account's storage and balance this frame uses (DELEGATECALL/CALLCODE: the caller's). */
  readonly contextFrame: number;
  /** Wei moved into the frame's account when it was entered. */
  readonly value: bigint;
  /** Index of the frame's first and last step (first > last when it ran no code). */
  readonly first: number;
  last: number;
  succeeded: boolean;
}

export interface FrameTree {
  readonly frames: Frame[];
  /** Frame of each step. */
  readonly frameOf: Int32Array;
  /** Frame a step opened, or -1 (a call to an account without code, a precompile, or a failed call). */
  readonly childOf: Int32Array;
  /** Whether a frame's effects survive: it and every frame above it succeeded. */
  readonly committed: boolean[];
  readonly warnings: string[];
}

export interface TopFrame {
  /** Callee of the transaction, or null for a creation. */
  readonly to: Address | null;
  /** The contract a creation transaction made, when known. */
  readonly created: Address | null;
  readonly value: bigint;
  readonly reverted: boolean;
}

const CALL_OPS: ReadonlySet<string> = new Set(["CALL", "CALLCODE", "DELEGATECALL", "STATICCALL"]);
const CREATE_OPS: ReadonlySet<string> = new Set(["CREATE", "CREATE2"]);

export function isCallOp(op: string): op is CallOp {
  return CALL_OPS.has(op);
}

export function isCreateOp(op: string): op is CreateOp {
  return CREATE_OPS.has(op);
}

/** The account whose storage a frame accesses. */
export function contextAccount(tree: FrameTree, frame: number): Address | null {
  return tree.frames[tree.frames[frame].contextFrame].account;
}

/** The call target operand of a CALL-family step. */
export function callTarget(log: StructLog): Address {
  return wordToAddress(toWord(stackItem(log, 1) ?? "0"));
}

/** The wei a CALL/CALLCODE (second operand) or CREATE/CREATE2 (first operand) moves. */
export function transferredValue(log: StructLog): bigint {
  if (log.op === "CALL" || log.op === "CALLCODE") return wordToBigInt(toWord(stackItem(log, 2) ?? "0"));
  if (isCreateOp(log.op)) return wordToBigInt(toWord(stackItem(log, 0) ?? "0"));
  return 0n;
}

export function buildFrames(logs: readonly StructLog[], top: TopFrame): FrameTree {
  const frames: Frame[] = [];
  const warnings: string[] = [];
  const frameOf = new Int32Array(logs.length);
  const childOf = new Int32Array(logs.length).fill(-1);
  const baseDepth = logs.length > 0 ? logs[0].depth : 1;
  frames.push({
    id: 0,
    parent: -1,
    kind: "TX",
    depth: baseDepth,
    opener: -1,
    account: top.to ?? top.created,
    codeAddress: top.to ?? top.created,
    contextFrame: 0,
    value: top.value,
    first: 0,
    last: logs.length - 1,
    succeeded: !top.reverted,
  });
  const open: number[] = [0];

  for (let i = 0; i < logs.length; i++) {
    const log = logs[i];
    if (i > 0) {
      const prev = logs[i - 1];
      if (log.depth === prev.depth + 1) {
        open.push(openChild(frames, open[open.length - 1], prev, i, childOf));
      } else if (log.depth > prev.depth + 1) {
        throw new TraceFormatError(`structLogs[${i}]: depth jumps from ${prev.depth} to ${log.depth}`);
      } else if (log.depth < prev.depth) {
        closeFrames(frames, open, log, i, warnings);
      }
    }
    const current = open[open.length - 1];
    frameOf[i] = current;
    // ADDRESS names the running context; it is the only way to learn where a creation that
    // later fails was running (its address never reaches the creator's stack).
    if (log.op === "ADDRESS" && i + 1 < logs.length && logs[i + 1].depth === log.depth) {
      const context = frames[frames[current].contextFrame];
      if (context.account === null) context.account = wordToAddress(toWord(stackItem(logs[i + 1], 0) ?? "0"));
    }
  }
  for (let k = open.length - 1; k >= 1; k--) {
    const frame = frames[open[k]];
    frame.last = logs.length - 1;
    frame.succeeded = !top.reverted;
    warnings.push(`trace ended inside a ${frame.kind} frame at depth ${frame.depth}; its outcome is the transaction's`);
  }

  const committed = frames.map(() => false);
  for (const frame of frames) {
    committed[frame.id] = frame.succeeded && (frame.parent < 0 || committed[frame.parent]);
  }
  return { frames, frameOf, childOf, committed, warnings };
}

function openChild(frames: Frame[], parentId: number, opener: StructLog, first: number, childOf: Int32Array): number {
  const parent = frames[parentId];
  const op = opener.op;
  if (!isCallOp(op) && !isCreateOp(op)) {
    throw new TraceFormatError(`structLogs[${first}]: depth rises after ${op}, which does not call`);
  }
  const id = frames.length;
  const delegated = op === "DELEGATECALL" || op === "CALLCODE";
  const target = isCallOp(op) ? callTarget(opener) : null;
  frames.push({
    id,
    parent: parentId,
    kind: op,
    depth: opener.depth + 1,
    opener: first - 1,
    account: delegated ? null : target,
    codeAddress: target,
    contextFrame: delegated ? parent.contextFrame : id,
    value: transferredValue(opener),
    first,
    last: first,
    succeeded: false,
  });
  childOf[first - 1] = id;
  return id;
}

function closeFrames(frames: Frame[], open: number[], resumed: StructLog, index: number, warnings: string[]): void {
  while (open.length > 1 && frames[open[open.length - 1]].depth > resumed.depth) {
    const frame = frames[open.pop() as number];
    frame.last = index - 1;
    const callerDepth = frames[open[open.length - 1]].depth;
    if (callerDepth !== resumed.depth) {
      // Only the innermost caller's next step shows a result; frames skipped over cannot have
      // succeeded without their caller running again.
      frame.succeeded = false;
      warnings.push(`structLogs[${index}]: ${frame.kind} frame at depth ${frame.depth} ended without a result`);
      continue;
    }
    const result = toWord(stackItem(resumed, 0) ?? "0");
    frame.succeeded = !isZeroWord(result);
    if (isCreateOp(frame.kind) && frame.succeeded) frame.account = wordToAddress(result);
  }
  if (frames[open[open.length - 1]].depth !== resumed.depth) {
    throw new TraceFormatError(`structLogs[${index}]: depth ${resumed.depth} is below the transaction's frame`);
  }
}

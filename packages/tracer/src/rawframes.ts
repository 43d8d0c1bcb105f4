/**
 * Pass one over a raw trace: the call frames. Unlike struct logs, raw items say where each
 * frame starts and how it ends, and which account it runs in: `to` is the storage context
 * (the calling contract for DELEGATECALL/CALLCODE), a creation's result carries the new
 * address. Only the kind of call comes from the step that opened the frame.
 */
import type { Address } from "@lanes/types";
import { TraceFormatError } from "./errors";
import { type FrameKind, isCallOp, isCreateOp } from "./frames";
import {
  type RawMessage,
  type RawOutcome,
  type RawTraceItem,
  bytesToAddress,
  isRawResult,
  isRawStep,
  rawOutcome,
} from "./raw";

export interface RawFrame {
  readonly id: number;
  /** -1 for the transaction's own frame. */
  readonly parent: number;
  readonly kind: FrameKind;
  /** The message's depth (0 for the transaction's frame). */
  readonly depth: number;
  /** Item index of the CALL/CREATE step that opened the frame; -1 for the transaction's frame. */
  readonly opener: number;
  /** The account whose storage and balance the frame uses; a creation's is known at its result. */
  account: Address | null;
  /** Wei the message carries (for DELEGATECALL the caller's value, which does not move). */
  readonly value: bigint;
  outcome: RawOutcome | null;
}

export interface RawFrameTree {
  readonly frames: RawFrame[];
  /** Frame of each item. */
  readonly frameOf: Int32Array;
  /** Frame a step opened, or -1 (no message followed: the call or creation failed before entering). */
  readonly childOf: Int32Array;
  /** Whether a frame's effects survive: it and every frame above it succeeded. */
  readonly committed: boolean[];
  readonly warnings: string[];
}

export function buildRawFrames(items: readonly RawTraceItem[]): RawFrameTree {
  const frames: RawFrame[] = [];
  const warnings: string[] = [];
  const frameOf = new Int32Array(items.length).fill(-1);
  const childOf = new Int32Array(items.length).fill(-1);
  const open: number[] = [];
  const where = (i: number): string => `raw trace item ${i}`;

  for (let i = 0; i < items.length; i++) {
    const item = items[i];
    const current = open.length > 0 ? open[open.length - 1] : -1;
    if (isRawStep(item)) {
      if (current < 0) throw new TraceFormatError(`${where(i)}: a step outside any message`);
      if (item.depth !== frames[current].depth + 1) {
        throw new TraceFormatError(
          `${where(i)}: step depth ${item.depth} in a frame of depth ${frames[current].depth}`,
        );
      }
      frameOf[i] = current;
    } else if (isRawResult(item)) {
      if (current < 0) throw new TraceFormatError(`${where(i)}: a message result without a message`);
      const frame = frames[current];
      frame.outcome = rawOutcome(item.executionResult.result);
      const created = item.executionResult.contractAddress;
      if (frame.account === null && created !== undefined) frame.account = bytesToAddress(created, where(i));
      frameOf[i] = current;
      open.pop();
    } else {
      if (current < 0 && frames.length > 0) throw new TraceFormatError(`${where(i)}: a second transaction frame`);
      if (item.depth !== open.length) {
        throw new TraceFormatError(`${where(i)}: message depth ${item.depth} under ${open.length} open frame(s)`);
      }
      const id = frames.length;
      const opener = current >= 0 ? i - 1 : -1;
      frames.push({
        id,
        parent: current,
        kind: current < 0 ? "TX" : openerKind(items, opener, item, warnings),
        depth: item.depth,
        opener,
        account: item.to === undefined ? null : bytesToAddress(item.to, `${where(i)}.to`),
        value: item.value,
        outcome: null,
      });
      if (opener >= 0 && isRawStep(items[opener])) childOf[opener] = id;
      frameOf[i] = id;
      open.push(id);
    }
  }
  if (frames.length === 0) throw new TraceFormatError("raw trace: no message (an empty trace)");
  for (const id of open) {
    warnings.push(`raw trace ended inside a ${frames[id].kind} frame at depth ${frames[id].depth}`);
  }

  const committed = frames.map(() => false);
  for (const frame of frames) {
    committed[frame.id] = frame.outcome === "success" && (frame.parent < 0 || committed[frame.parent]);
  }
  return { frames, frameOf, childOf, committed, warnings };
}

/**
 * The kind of a nested frame: the opcode of the step just before its message. Should that step
 * be missing, the message itself tells creations and static calls apart; a plain CALL is
 * assumed otherwise (a DELEGATECALL has `codeAddress` ≠ `to`, CALLCODE cannot be told).
 */
function openerKind(
  items: readonly RawTraceItem[],
  opener: number,
  message: RawMessage,
  warnings: string[],
): FrameKind {
  const step = items[opener];
  if (step !== undefined && isRawStep(step) && (isCallOp(step.opcode) || isCreateOp(step.opcode))) return step.opcode;
  warnings.push(`raw trace item ${opener + 1}: a message not preceded by its CALL/CREATE step`);
  if (message.to === undefined) return "CREATE";
  if (message.isStaticCall) return "STATICCALL";
  const to = bytesToAddress(message.to, "message.to");
  return message.codeAddress !== undefined && bytesToAddress(message.codeAddress, "message.codeAddress") !== to
    ? "DELEGATECALL"
    : "CALL";
}

/**
 * Pass two over a struct-log trace: decodes each step into the events of `AccessCollector`
 * (which holds the EVM rules shared with the raw-trace path), with the frames of pass one.
 * Pure: the trace and the transaction's context in, a TxAccess out, plus the writes whose
 * value before the transaction the trace alone does not show.
 */
import { type Address, toAddress } from "@lanes/types";
import { AccessCollector, type TraceAnalysis, type TxContext } from "./collect";
import { TraceFormatError } from "./errors";
import { type FrameTree, buildFrames, callTarget, contextAccount, transferredValue } from "./frames";
import { type StructLog, type StructLogTrace, stackItem } from "./structlog";
import { type Word, isZeroWord, toWord, wordToAddress } from "./words";

/** SSTORE gas (EIP-2929/3529, warm and cold) when the slot's current value equals its original. */
const NOOP_STORE_COSTS = new Set([100, 2200]);
const CREATE_SLOT_COSTS = new Set([20000, 22100]);
const UPDATE_SLOT_COSTS = new Set([2900, 5000]);

export const CODE_READERS: ReadonlySet<string> = new Set(["EXTCODESIZE", "EXTCODEHASH", "EXTCODECOPY"]);

export function analyzeTrace(trace: StructLogTrace, tx: TxContext): TraceAnalysis {
  if (trace.failed !== tx.reverted) {
    throw new TraceFormatError(
      `tx ${tx.hash ?? tx.index}: the trace says failed=${trace.failed}, the receipt says reverted=${tx.reverted}`,
    );
  }
  const to = tx.to === null ? null : toAddress(tx.to);
  const created = tx.created ? toAddress(tx.created) : null;
  const logs = trace.structLogs;
  const tree = buildFrames(logs, { to, created, value: tx.value, reverted: tx.reverted });
  const walker = new StructLogWalker(tree);
  walker.walk(logs);
  walker.keys.transaction(tx, tree.frames[0].account);
  return walker.keys.finish(tx);
}

class StructLogWalker {
  readonly keys: AccessCollector;

  constructor(private readonly tree: FrameTree) {
    this.keys = new AccessCollector(tree.warnings);
    for (const frame of tree.frames) {
      if ((frame.kind === "CREATE" || frame.kind === "CREATE2") && frame.account) this.keys.markCreated(frame.account);
    }
  }

  walk(logs: readonly StructLog[]): void {
    const { frameOf, committed } = this.tree;
    for (let i = 0; i < logs.length; i++) {
      const log = logs[i];
      const frame = frameOf[i];
      switch (log.op) {
        case "SLOAD":
          this.sload(logs, i, frame);
          break;
        case "SSTORE":
          this.sstore(log, frame, committed[frame]);
          break;
        case "BALANCE":
          this.keys.account("balance", operandAddress(log), false);
          break;
        case "SELFBALANCE":
          this.keys.contextAccount("balance", contextAccount(this.tree, frame), false);
          break;
        case "CALL":
        case "CALLCODE":
          this.valueCall(logs, i, frame);
          break;
        case "CREATE":
        case "CREATE2":
          this.create(logs, i, frame);
          break;
        case "SELFDESTRUCT":
        case "SUICIDE":
          this.keys.selfdestruct(contextAccount(this.tree, frame), operandAddress(log), committed[frame]);
          break;
        default:
          if (CODE_READERS.has(log.op)) this.keys.account("code", operandAddress(log), false);
      }
    }
  }

  private sload(logs: readonly StructLog[], i: number, frame: number): void {
    const log = logs[i];
    const slotWord = stackItem(log, 0);
    if (slotWord === undefined) return;
    const state = this.keys.slot(contextAccount(this.tree, frame), slotWord);
    if (state === null || state.original !== undefined || state.written) return;
    // Before any write, a load returns the value at the start of the transaction. The result
    // is on top of the next step's stack; the storage snapshot is the fallback.
    const next = logs[i + 1];
    if (next !== undefined && next.depth === log.depth && this.tree.frameOf[i + 1] === frame) {
      const top = stackItem(next, 0);
      if (top !== undefined) state.original = { known: toWord(top) };
    } else {
      const seen = snapshotValue(log, state.key.slot);
      if (seen !== undefined) state.original = { known: seen };
    }
  }

  private sstore(log: StructLog, frame: number, committed: boolean): void {
    const slotWord = stackItem(log, 0);
    const valueWord = stackItem(log, 1);
    if (slotWord === undefined || valueWord === undefined) return;
    const state = this.keys.slot(contextAccount(this.tree, frame), slotWord);
    if (state === null) return;
    const value = toWord(valueWord);
    if (state.original === undefined && !state.written) {
      // First touch is this store, so current = original and its gas tells how they compare.
      if (NOOP_STORE_COSTS.has(log.gasCost)) state.original = { known: value };
      else if (CREATE_SLOT_COSTS.has(log.gasCost)) state.original = { known: toWord("0") };
      else if (UPDATE_SLOT_COSTS.has(log.gasCost)) state.original = { differsFrom: [value, toWord("0")] };
    }
    this.keys.store(state, committed, value);
  }

  private valueCall(logs: readonly StructLog[], i: number, frame: number): void {
    const log = logs[i];
    if (transferredValue(log) === 0n) return;
    const sender = contextAccount(this.tree, frame);
    // CALLCODE runs the target's code in the caller's account: the value goes to itself.
    const recipient = log.op === "CALL" ? callTarget(log) : sender;
    this.keys.valueCall(sender, recipient, this.childSurvives(logs, i, frame) && log.op === "CALL");
  }

  private create(logs: readonly StructLog[], i: number, frame: number): void {
    const log = logs[i];
    const child = this.tree.childOf[i];
    const result = nextResult(logs, i);
    const newAccount =
      child >= 0
        ? this.tree.frames[child].account
        : result !== undefined && !isZeroWord(result)
          ? wordToAddress(result)
          : null;
    this.keys.creation(contextAccount(this.tree, frame), newAccount, {
      started: child >= 0 || (result !== undefined && !isZeroWord(result)),
      creatorCommitted: this.tree.committed[frame],
      survives: this.childSurvives(logs, i, frame),
      value: transferredValue(log),
    });
  }

  /**
   * Whether the effects of the frame a CALL/CREATE at step `i` opened survive. A call that
   * entered no code (an account without code, a precompile) has its result on the next step.
   */
  private childSurvives(logs: readonly StructLog[], i: number, frame: number): boolean {
    const child = this.tree.childOf[i];
    if (child >= 0) return this.tree.committed[child];
    const result = nextResult(logs, i);
    return this.tree.committed[frame] && (result === undefined || !isZeroWord(result));
  }
}

function operandAddress(log: StructLog): Address {
  return wordToAddress(toWord(stackItem(log, 0) ?? "0"));
}

/** The word a step left on top of the stack, read from the next step of the same frame. */
function nextResult(logs: readonly StructLog[], i: number): Word | undefined {
  const next = logs[i + 1];
  if (next === undefined || next.depth !== logs[i].depth) return undefined;
  const top = stackItem(next, 0);
  return top === undefined ? undefined : toWord(top);
}

function snapshotValue(log: StructLog, slot: string): Word | undefined {
  const storage = log.storage;
  if (storage === undefined) return undefined;
  const raw = storage[slot.slice(2)] ?? storage[slot];
  return raw === undefined ? undefined : toWord(raw);
}

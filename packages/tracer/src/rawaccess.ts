/**
 * Pass two over an EDR raw trace: the keys one transaction read and wrote, with the rules of
 * `AccessCollector` shared with the struct-log path. Steps show only the top of the stack, which
 * is the operand that matters for SLOAD/SSTORE (the slot), BALANCE, EXTCODESIZE/HASH/COPY and SELFDESTRUCT (the
 * address) and CREATE/CREATE2 (the value); calls take their target and value from the message
 * they open. Stored values are not shown, so every surviving write is `pending`: settle it
 * with the slot's values before and after the transaction (`settleNoOps`, `settlePending`).
 */
import { type Address, toAddress } from "@lanes/types";
import { CODE_READERS } from "./access";
import { AccessCollector, type TraceAnalysis, type TxContext } from "./collect";
import { TraceFormatError } from "./errors";
import { type RawStep, type RawTraceItem, bigIntToAddress, isRawStep, rawTop } from "./raw";
import { type RawFrameTree, buildRawFrames } from "./rawframes";

/** Pops and pushes of the instructions that may compute a CALL's gas operand (see `recipientOfFailedCall`). */
const PUSHES_ONE_POPS_NONE = /^(PUSH\d*|GAS|ADDRESS|CALLER|CALLVALUE|SELFBALANCE|PC|MSIZE|RETURNDATASIZE)$/;

/** EIP-150's depth limit: a call below it that failed before entering lacked the balance. */
const MAX_DEPTH = 1024;

export function analyzeRawTrace(items: readonly RawTraceItem[], tx: TxContext): TraceAnalysis {
  const tree = buildRawFrames(items);
  const top = tree.frames[0];
  const failed = top.outcome !== "success";
  if (failed !== tx.reverted) {
    throw new TraceFormatError(
      `tx ${tx.hash ?? tx.index}: the raw trace says ${top.outcome ?? "unfinished"}, the receipt says reverted=${tx.reverted}`,
    );
  }
  if (top.account === null && tx.to === null && tx.created) top.account = toAddress(tx.created);
  const walker = new RawWalker(items, tree);
  walker.walk();
  walker.keys.transaction(tx, top.account);
  return walker.keys.finish(tx);
}

class RawWalker {
  readonly keys: AccessCollector;

  constructor(
    private readonly items: readonly RawTraceItem[],
    private readonly tree: RawFrameTree,
  ) {
    this.keys = new AccessCollector(tree.warnings);
    for (const frame of tree.frames) {
      if ((frame.kind === "CREATE" || frame.kind === "CREATE2") && frame.account) this.keys.markCreated(frame.account);
    }
  }

  walk(): void {
    const { items } = this;
    const { frameOf, frames, committed } = this.tree;
    for (let i = 0; i < items.length; i++) {
      const item = items[i];
      if (!isRawStep(item)) continue;
      const frame = frameOf[i];
      const context = frames[frame].account;
      const operand = rawTop(item);
      switch (item.opcode) {
        case "SLOAD":
          if (operand !== undefined) this.keys.slot(context, operand);
          break;
        case "SSTORE": {
          const state = operand === undefined ? null : this.keys.slot(context, operand);
          if (state !== null) this.keys.store(state, committed[frame]);
          break;
        }
        case "BALANCE":
          this.keys.account("balance", bigIntToAddress(operand ?? 0n), false);
          break;
        case "SELFBALANCE":
          this.keys.contextAccount("balance", context, false);
          break;
        case "CALL":
        case "CALLCODE":
          this.valueCall(i, item, frame);
          break;
        case "CREATE":
        case "CREATE2":
          this.create(i, operand ?? 0n, frame);
          break;
        case "SELFDESTRUCT":
          this.keys.selfdestruct(context, bigIntToAddress(operand ?? 0n), committed[frame]);
          break;
        default:
          if (CODE_READERS.has(item.opcode)) this.keys.account("code", bigIntToAddress(operand ?? 0n), false);
      }
    }
  }

  private valueCall(i: number, step: RawStep, frame: number): void {
    const { frames, committed, childOf } = this.tree;
    const sender = frames[frame].account;
    const child = childOf[i];
    if (child >= 0) {
      // EDR opens a message for every call that starts, also to accounts without code.
      if (frames[child].value === 0n) return;
      const recipient = step.opcode === "CALL" ? frames[child].account : sender;
      this.keys.valueCall(sender, recipient, committed[child] && step.opcode === "CALL");
      return;
    }
    const result = this.nextTop(i, frame);
    if (result === undefined || result !== 0n) {
      this.keys.warnings.push(`raw trace item ${i}: ${step.opcode} succeeded without a message; its value is unknown`);
      return;
    }
    // No message and a 0 result: the call failed before entering, which below the depth limit
    // means the value exceeded the balance. Both balances were read; nothing moved.
    if (frames[frame].depth + 1 >= MAX_DEPTH) return;
    const recipient = step.opcode === "CALL" ? this.recipientOfFailedCall(i, frame) : sender;
    if (recipient === null) {
      this.keys.warnings.push(
        `raw trace item ${i}: a CALL failed for lack of balance and its target is not on the traced stack top`,
      );
    }
    this.keys.valueCall(sender, recipient, false);
  }

  /**
   * A CALL's target is its second operand, which plain tracing does not show. Compilers compute
   * the gas operand last (Solidity: GAS or a PUSH right before the CALL); when the previous step
   * pushed one item and popped none, its stack top was the item now under the gas: the target.
   */
  private recipientOfFailedCall(i: number, frame: number): Address | null {
    const previous = this.items[i - 1];
    if (previous === undefined || !isRawStep(previous) || this.tree.frameOf[i - 1] !== frame) return null;
    if (!PUSHES_ONE_POPS_NONE.test(previous.opcode)) return null;
    const top = rawTop(previous);
    return top === undefined ? null : bigIntToAddress(top);
  }

  private create(i: number, value: bigint, frame: number): void {
    const { frames, committed, childOf } = this.tree;
    const child = childOf[i];
    const result = child >= 0 ? undefined : this.nextTop(i, frame);
    const started = child >= 0 || (result !== undefined && result !== 0n);
    const created = child >= 0 ? frames[child].account : started ? bigIntToAddress(result as bigint) : null;
    this.keys.creation(frames[frame].account, created, {
      started,
      creatorCommitted: committed[frame],
      survives: child >= 0 ? committed[child] : committed[frame] && started,
      value,
    });
  }

  /** The word a step left on top of the stack: the next item's top, when it is a step of the same frame. */
  private nextTop(i: number, frame: number): bigint | undefined {
    const next = this.items[i + 1];
    if (next === undefined || !isRawStep(next) || this.tree.frameOf[i + 1] !== frame) return undefined;
    return rawTop(next);
  }
}

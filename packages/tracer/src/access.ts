/**
 * Pass two over a trace: the keys one transaction read and wrote, with the EVM rules of
 * DESIGN.md ("EVM subtleties"). Pure: the trace and the transaction's context in, a TxAccess
 * out, plus the writes whose value before the transaction the trace alone does not show.
 */
import {
  type AccountKey,
  type AccountKeyKind,
  type Address,
  type Key,
  type Slot,
  type StorageKey,
  type TxAccess,
  accountKey,
  keyToString,
  storageKey,
  toAddress,
  uniqueKeys,
} from "@lanes/types";
import { TraceFormatError } from "./errors";
import { type FrameTree, buildFrames, callTarget, contextAccount, transferredValue } from "./frames";
import { type StructLog, type StructLogTrace, stackItem } from "./structlog";
import { type Word, isZeroWord, toWord, wordToAddress } from "./words";

/** What the receipt and the transaction say about the traced transaction. */
export interface TxContext {
  /** Position in the logical block (the workload's numbering, not the chain's). */
  readonly index: number;
  readonly hash?: string;
  readonly from: string;
  /** null for a contract creation. */
  readonly to: string | null;
  /** The contract a creation made (the receipt's contractAddress), when `to` is null. */
  readonly created?: string | null;
  readonly value: bigint;
  /** Calldata (or init code for a creation), 0x-hex. */
  readonly input: string;
  readonly gasUsed: number;
  /** The receipt's status was 0. */
  readonly reverted: boolean;
  /** The block's fee recipient, whose balance is left out (parallel EVMs credit it lazily). */
  readonly coinbase?: string | null;
}

/** A storage write whose value before the transaction is not in the trace. */
export interface PendingOriginal {
  readonly key: StorageKey;
  /** The value the transaction left in the slot. */
  readonly final: Slot;
}

export interface TraceAnalysis {
  /** `unchangedWrites` holds the no-op writes the trace proves; `pending` may add more. */
  readonly access: TxAccess;
  readonly pending: readonly PendingOriginal[];
  readonly warnings: readonly string[];
}

/** Reads a slot's value as of the parent block, for writes whose original value the trace does not show. */
export type PreStateReader = (address: Address, slot: Slot) => Promise<string | bigint>;

/**
 * What the trace says about a slot's value at the start of the transaction: known, or known
 * to differ from some values (a first SSTORE that cost a fresh write proves original ≠ 0 and
 * original ≠ the value written).
 */
type Original = { readonly known: Word } | { readonly differsFrom: readonly Word[] };

interface SlotState {
  readonly key: StorageKey;
  original?: Original;
  /** Some store hit the slot (whether or not it survived): later loads no longer show the original. */
  written?: boolean;
  /** Value of the last write that survived, if one did. */
  final?: Word;
}

/** SSTORE gas (EIP-2929/3529, warm and cold) when the slot's current value equals its original. */
const NOOP_STORE_COSTS = new Set([100, 2200]);
const CREATE_SLOT_COSTS = new Set([20000, 22100]);
const UPDATE_SLOT_COSTS = new Set([2900, 5000]);

const CODE_READERS = new Set(["EXTCODESIZE", "EXTCODEHASH", "EXTCODECOPY"]);

export function analyzeTrace(trace: StructLogTrace, tx: TxContext): TraceAnalysis {
  if (trace.failed !== tx.reverted) {
    throw new TraceFormatError(
      `tx ${tx.hash ?? tx.index}: the trace says failed=${trace.failed}, the receipt says reverted=${tx.reverted}`,
    );
  }
  const from = toAddress(tx.from);
  const to = tx.to === null ? null : toAddress(tx.to);
  const created = tx.created ? toAddress(tx.created) : null;
  const logs = trace.structLogs;
  const tree = buildFrames(logs, { to, created, value: tx.value, reverted: tx.reverted });
  const collector = new Collector(tree);
  collector.walk(logs);

  // The transaction itself: gas payment and nonce, the value it carries, the account it creates.
  collector.account("nonce", from, true);
  collector.account("balance", from, true);
  const target = tree.frames[0].account;
  if (target !== null) {
    if (tx.value > 0n) collector.account("balance", target, !tx.reverted);
    if (to === null) {
      collector.account("code", target, !tx.reverted);
      collector.account("nonce", target, !tx.reverted);
    }
  } else if (to === null) {
    collector.warnings.push("creation transaction without a contract address: its own account keys are missing");
  }

  const coinbase = tx.coinbase ? toAddress(tx.coinbase) : null;
  return collector.finish(tx, from, to, coinbase);
}

/**
 * Adds the no-op writes that pre-state values reveal. `originals` maps a key's canonical
 * string to its value before the transaction; pending writes without an entry stay unflagged.
 */
export function completeAccess(analysis: TraceAnalysis, originals: ReadonlyMap<string, string | bigint>): TxAccess {
  const unchanged: Key[] = [...(analysis.access.unchangedWrites ?? [])];
  for (const { key, final } of analysis.pending) {
    const original = originals.get(keyToString(key));
    if (original !== undefined && toWord(original) === final) unchanged.push(key);
  }
  return { ...analysis.access, unchangedWrites: uniqueKeys(unchanged) };
}

/** `completeAccess` with the values asked of a pre-state reader (one request per pending write). */
export async function resolvePending(analysis: TraceAnalysis, reader: PreStateReader): Promise<TxAccess> {
  const values = await Promise.all(analysis.pending.map(({ key }) => reader(key.address, key.slot)));
  const originals = new Map<string, string | bigint>();
  analysis.pending.forEach(({ key }, i) => originals.set(keyToString(key), values[i]));
  return completeAccess(analysis, originals);
}

class Collector {
  readonly warnings: string[];
  private readonly reads = new Map<string, Key>();
  private readonly writes = new Map<string, AccountKey>();
  private readonly slots = new Map<string, SlotState>();
  private readonly createdHere = new Set<Address>();
  private unattributed = 0;

  constructor(private readonly tree: FrameTree) {
    this.warnings = [...tree.warnings];
    for (const frame of tree.frames) {
      if ((frame.kind === "CREATE" || frame.kind === "CREATE2") && frame.account) this.createdHere.add(frame.account);
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
          this.account("balance", operandAddress(log), false);
          break;
        case "SELFBALANCE":
          this.contextAccount("balance", frame, false);
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
          this.selfdestruct(log, frame, committed[frame]);
          break;
        default:
          if (CODE_READERS.has(log.op)) this.account("code", operandAddress(log), false);
      }
    }
  }

  /** Records a read of an account key, and a write when `written`. */
  account(kind: AccountKeyKind, address: Address, written: boolean): void {
    const key = accountKey(kind, address);
    const text = keyToString(key);
    this.reads.set(text, key);
    if (written) this.writes.set(text, key);
  }

  finish(tx: TxContext, from: Address, to: Address | null, coinbase: Address | null): TraceAnalysis {
    const kept = (key: Key): boolean => !(coinbase !== null && key.kind === "balance" && key.address === coinbase);
    const writes: Key[] = [...this.writes.values()];
    const unchanged: Key[] = [];
    const pending: PendingOriginal[] = [];
    for (const state of this.slots.values()) {
      if (state.final === undefined) continue;
      writes.push(state.key);
      const original = state.original;
      if (original !== undefined && "known" in original) {
        if (original.known === state.final) unchanged.push(state.key);
      } else if (original === undefined || !original.differsFrom.includes(state.final)) {
        pending.push({ key: state.key, final: state.final });
      }
    }
    if (this.unattributed > 0) {
      this.warnings.push(
        `${this.unattributed} storage access(es) ran in a failed creation whose address the trace does not show`,
      );
    }
    const input = tx.input.startsWith("0x") ? tx.input.slice(2) : tx.input;
    const access: TxAccess = {
      index: tx.index,
      ...(tx.hash !== undefined ? { hash: tx.hash } : {}),
      from,
      to,
      selector: to !== null && input.length >= 8 ? `0x${input.slice(0, 8).toLowerCase()}` : null,
      gasUsed: tx.gasUsed,
      reverted: tx.reverted,
      reads: uniqueKeys([...this.reads.values()].filter(kept)),
      writes: uniqueKeys(writes.filter(kept)),
      unchangedWrites: uniqueKeys(unchanged),
    };
    return { access, pending, warnings: this.warnings };
  }

  private contextAccount(kind: AccountKeyKind, frame: number, written: boolean): void {
    const address = contextAccount(this.tree, frame);
    if (address === null) this.unattributed++;
    else this.account(kind, address, written);
  }

  private slot(frame: number, slotWord: string): SlotState | null {
    const address = contextAccount(this.tree, frame);
    if (address === null) {
      this.unattributed++;
      return null;
    }
    const key = storageKey(address, toWord(slotWord));
    const text = keyToString(key);
    let state = this.slots.get(text);
    if (state === undefined) {
      state = { key };
      this.slots.set(text, state);
      this.reads.set(text, key);
    }
    return state;
  }

  private sload(logs: readonly StructLog[], i: number, frame: number): void {
    const log = logs[i];
    const slotWord = stackItem(log, 0);
    if (slotWord === undefined) return;
    const state = this.slot(frame, slotWord);
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
    const state = this.slot(frame, slotWord);
    if (state === null) return;
    const value = toWord(valueWord);
    if (state.original === undefined && !state.written) {
      // First touch is this store, so current = original and its gas tells how they compare.
      if (NOOP_STORE_COSTS.has(log.gasCost)) state.original = { known: value };
      else if (CREATE_SLOT_COSTS.has(log.gasCost)) state.original = { known: toWord("0") };
      else if (UPDATE_SLOT_COSTS.has(log.gasCost)) state.original = { differsFrom: [value, toWord("0")] };
    }
    state.written = true;
    if (committed) state.final = value;
  }

  private valueCall(logs: readonly StructLog[], i: number, frame: number): void {
    const log = logs[i];
    const value = transferredValue(log);
    if (value === 0n) return;
    const sender = contextAccount(this.tree, frame);
    // CALLCODE runs the target's code in the caller's account: the value goes to itself.
    const recipient = log.op === "CALL" ? callTarget(log) : sender;
    const moved = this.childSurvives(logs, i, frame) && log.op === "CALL";
    if (sender === null) this.unattributed++;
    else this.account("balance", sender, moved);
    if (recipient !== null) this.account("balance", recipient, moved);
  }

  private create(logs: readonly StructLog[], i: number, frame: number): void {
    const log = logs[i];
    const creator = contextAccount(this.tree, frame);
    const child = this.tree.childOf[i];
    const result = nextResult(logs, i);
    // The creator's nonce rises once the creation starts, even if the init code then fails.
    const started = child >= 0 || (result !== undefined && !isZeroWord(result));
    const newAccount =
      child >= 0
        ? this.tree.frames[child].account
        : result !== undefined && !isZeroWord(result)
          ? wordToAddress(result)
          : null;
    const survives = this.childSurvives(logs, i, frame);
    if (creator === null) this.unattributed++;
    else this.account("nonce", creator, started && this.tree.committed[frame]);
    if (newAccount !== null) {
      this.createdHere.add(newAccount);
      this.account("code", newAccount, survives);
      this.account("nonce", newAccount, survives);
    }
    if (transferredValue(log) > 0n) {
      if (creator !== null) this.account("balance", creator, survives);
      if (newAccount !== null) this.account("balance", newAccount, survives);
    }
  }

  private selfdestruct(log: StructLog, frame: number, committed: boolean): void {
    const self = contextAccount(this.tree, frame);
    const beneficiary = operandAddress(log);
    if (self === null) {
      this.unattributed++;
      return;
    }
    const moves = committed && beneficiary !== self;
    this.account("balance", self, moves);
    this.account("balance", beneficiary, moves);
    // Since Cancun (EIP-6780) only an account created in the same transaction is deleted.
    if (this.createdHere.has(self)) {
      this.account("code", self, committed);
      this.account("nonce", self, committed);
    }
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

function snapshotValue(log: StructLog, slot: Slot): Word | undefined {
  const storage = log.storage;
  if (storage === undefined) return undefined;
  const raw = storage[slot.slice(2)] ?? storage[slot];
  return raw === undefined ? undefined : toWord(raw);
}

/**
 * The EVM rules of DESIGN.md ("EVM subtleties"), once for every trace format. A walker decodes
 * its own trace (struct logs, EDR's raw items) into the semantic events below — a slot loaded
 * or stored, value moved, an account created or destroyed — and the collector turns them into
 * keys: writes also reads, writes only where the frame's effects survive, the sender's nonce
 * and balance always, the coinbase's balance left out.
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
import { type Word, toWord } from "./words";

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
  /**
   * The value the transaction left in the slot, when the trace shows it (struct logs do; EDR's
   * raw steps do not, so the value after the transaction must be read from the node).
   */
  readonly final?: Slot;
}

export interface TraceAnalysis {
  /** `unchangedWrites` holds the no-op writes the trace proves; `pending` may add more. */
  readonly access: TxAccess;
  readonly pending: readonly PendingOriginal[];
  readonly warnings: readonly string[];
}

/**
 * What the trace says about a slot's value at the start of the transaction: known, or known
 * to differ from some values (a first SSTORE that cost a fresh write proves original ≠ 0 and
 * original ≠ the value written).
 */
export type Original = { readonly known: Word } | { readonly differsFrom: readonly Word[] };

export interface SlotState {
  readonly key: StorageKey;
  original?: Original;
  /** Some store hit the slot (whether or not it survived): later loads no longer show the original. */
  written?: boolean;
  /** A store to the slot survived (its frame and every frame above it succeeded). */
  survived?: boolean;
  /** Value of the last store that survived, when the trace shows stored values. */
  final?: Word;
}

export class AccessCollector {
  readonly warnings: string[];
  private readonly reads = new Map<string, Key>();
  private readonly writes = new Map<string, AccountKey>();
  private readonly slots = new Map<string, SlotState>();
  private readonly createdHere = new Set<Address>();
  private unattributed = 0;

  constructor(warnings: readonly string[] = []) {
    this.warnings = [...warnings];
  }

  /** Records a read of an account key, and a write when `written`. */
  account(kind: AccountKeyKind, address: Address, written: boolean): void {
    const key = accountKey(kind, address);
    const text = keyToString(key);
    this.reads.set(text, key);
    if (written) this.writes.set(text, key);
  }

  /** An account key of a frame's context, which may be unknown (a failed creation's account). */
  contextAccount(kind: AccountKeyKind, address: Address | null, written: boolean): void {
    if (address === null) this.unattributed++;
    else this.account(kind, address, written);
  }

  /** The state of slot `slotWord` of `address` (the key is read from now on); null when the address is unknown. */
  slot(address: Address | null, slotWord: string | bigint): SlotState | null {
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

  /** An SSTORE; `value` is undefined when the trace does not show stored values. */
  store(state: SlotState, committed: boolean, value?: Word): void {
    state.written = true;
    if (committed) {
      state.survived = true;
      state.final = value;
    }
  }

  /**
   * Value moved by CALL/CALLCODE: both balances read, written when the call's effects survive
   * and the value really left the account (CALLCODE sends it to the caller itself).
   */
  valueCall(sender: Address | null, recipient: Address | null, moved: boolean): void {
    this.contextAccount("balance", sender, moved);
    if (recipient !== null) this.account("balance", recipient, moved);
  }

  /**
   * CREATE/CREATE2. The creator's nonce rises once the creation starts (even when the init code
   * then fails); the new account's code and nonce are written when the creation survives, and
   * read (the collision check) when it does not but its address is known.
   */
  creation(
    creator: Address | null,
    created: Address | null,
    event: { started: boolean; creatorCommitted: boolean; survives: boolean; value: bigint },
  ): void {
    this.contextAccount("nonce", creator, event.started && event.creatorCommitted);
    if (created !== null) {
      this.createdHere.add(created);
      this.account("code", created, event.survives);
      this.account("nonce", created, event.survives);
    }
    if (event.value > 0n) {
      if (creator !== null) this.account("balance", creator, event.survives);
      if (created !== null) this.account("balance", created, event.survives);
    }
  }

  /** An account created by this transaction (EIP-6780: only those are deleted by SELFDESTRUCT). */
  markCreated(address: Address): void {
    this.createdHere.add(address);
  }

  selfdestruct(self: Address | null, beneficiary: Address, committed: boolean): void {
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
   * The transaction's own keys: gas payment and nonce, the value it carries, the account it
   * creates. `target` is the callee, or the created account (null when unknown).
   */
  transaction(tx: TxContext, target: Address | null): void {
    const from = toAddress(tx.from);
    this.account("nonce", from, true);
    this.account("balance", from, true);
    if (target !== null) {
      if (tx.value > 0n) this.account("balance", target, !tx.reverted);
      if (tx.to === null) {
        this.account("code", target, !tx.reverted);
        this.account("nonce", target, !tx.reverted);
      }
    } else if (tx.to === null) {
      this.warnings.push("creation transaction without a contract address: its own account keys are missing");
    }
  }

  finish(tx: TxContext): TraceAnalysis {
    const coinbase = tx.coinbase ? toAddress(tx.coinbase) : null;
    const kept = (key: Key): boolean => !(coinbase !== null && key.kind === "balance" && key.address === coinbase);
    const writes: Key[] = [...this.writes.values()];
    const unchanged: Key[] = [];
    const pending: PendingOriginal[] = [];
    for (const state of this.slots.values()) {
      if (!state.survived) continue;
      writes.push(state.key);
      const { original, final } = state;
      if (final === undefined) pending.push({ key: state.key });
      else if (original !== undefined && "known" in original) {
        if (original.known === final) unchanged.push(state.key);
      } else if (original === undefined || !original.differsFrom.includes(final)) {
        pending.push({ key: state.key, final });
      }
    }
    if (this.unattributed > 0) {
      this.warnings.push(
        `${this.unattributed} storage access(es) ran in a failed creation whose address the trace does not show`,
      );
    }
    const to = tx.to === null ? null : toAddress(tx.to);
    const input = tx.input.startsWith("0x") ? tx.input.slice(2) : tx.input;
    const access: TxAccess = {
      index: tx.index,
      ...(tx.hash !== undefined ? { hash: tx.hash } : {}),
      from: toAddress(tx.from),
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
}

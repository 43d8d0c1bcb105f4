/**
 * Interning at the boundary: TxAccess lists (keys as objects) become integer key ids in flat typed
 * arrays, once per block, so every executor's hot loop touches numbers only.
 *
 * Wildcards are resolved here, against the concrete keys present in the block: a wildcard stands
 * for every key of the block it covers, plus one synthetic key per pair of overlapping wildcards
 * of the block (the pair {W, W} included). Two wildcards then share a key exactly when they
 * overlap, a wildcard shares a key with exactly the concrete keys it covers, and no executor needs
 * to know wildcards exist.
 */
import {
  type AccessKey,
  type Key,
  type SlotBaseOf,
  type TxAccess,
  type WildcardKey,
  isAccountKey,
  keyToString,
  keysOverlap,
  wildcardCovers,
} from "@lanes/types";
import { ExecutorInputError } from "./errors";

/** What a key id stands for. */
export const KeyOrigin = {
  Storage: 0,
  Account: 1,
  /** A synthetic key standing for the overlap of one or two wildcards. */
  Wildcard: 2,
} as const;

export interface InternOptions {
  /** `storage` drops the account pseudo-keys (nonce, balance, code): reports show storage apart. */
  readonly keys?: "all" | "storage";
  /** Where a storage slot hangs (mapping base), to narrow `slots` wildcards; unknown origin = covered. */
  readonly baseOf?: SlotBaseOf;
  /**
   * No-op writes (`unchangedWrites`): `write` keeps them as writes (what a Block-STM port does),
   * `read` records them as reads only (EIP-7928 block access lists).
   */
  readonly noopWrites?: "write" | "read";
}

/**
 * A block with integer keys. Per-transaction sets are CSR slices: the keys of transaction `i` are
 * `readKeys[readStart[i] .. readStart[i+1])`, sorted ascending and without duplicates.
 */
export interface InternedBlock {
  readonly txCount: number;
  readonly keyCount: number;
  /** Canonical key string per key id (`wildcard:…` or `A&B` for a synthetic wildcard key). */
  readonly keys: readonly string[];
  readonly keyOrigin: Uint8Array;
  /** `TxAccess.index` of each transaction, in block order. */
  readonly txIndex: Int32Array;
  readonly gas: Float64Array;
  readonly totalGas: number;
  /** Every key read, written keys included (a write depends on the value before it). Deltas excluded. */
  readonly readStart: Int32Array;
  readonly readKeys: Int32Array;
  readonly writeStart: Int32Array;
  readonly writeKeys: Int32Array;
  /** Commutative updates: keys the transaction neither reads nor writes otherwise. */
  readonly deltaStart: Int32Array;
  readonly deltaKeys: Int32Array;
}

interface KeyTable {
  readonly ids: Map<string, number>;
  readonly strings: string[];
  readonly objects: (Key | null)[];
  readonly origin: number[];
}

function internKey(table: KeyTable, key: Key): number {
  const text = keyToString(key);
  let id = table.ids.get(text);
  if (id === undefined) {
    id = table.strings.length;
    table.ids.set(text, id);
    table.strings.push(text);
    table.objects.push(key);
    table.origin.push(isAccountKey(key) ? KeyOrigin.Account : KeyOrigin.Storage);
  }
  return id;
}

export function internBlock(txs: readonly TxAccess[], options: InternOptions = {}): InternedBlock {
  const storageOnly = options.keys === "storage";
  const noopAsRead = options.noopWrites === "read";
  const keep = (key: AccessKey): boolean => !(storageOnly && key.kind !== "wildcard" && isAccountKey(key));
  const table: KeyTable = { ids: new Map(), strings: [], objects: [], origin: [] };

  // Pass 1: concrete keys get ids in order of first appearance; distinct wildcards are collected.
  const wildcardIds = new Map<string, number>();
  const wildcards: WildcardKey[] = [];
  const noteWildcard = (key: WildcardKey): void => {
    const text = keyToString(key);
    if (!wildcardIds.has(text)) {
      wildcardIds.set(text, wildcards.length);
      wildcards.push(key);
    }
  };
  for (const tx of txs) {
    if (!Number.isFinite(tx.gasUsed) || tx.gasUsed < 0) {
      throw new ExecutorInputError(`transaction ${tx.index}: gasUsed ${tx.gasUsed} must be a non-negative number`);
    }
    for (const list of [tx.reads, tx.writes, tx.deltas ?? []]) {
      for (const key of list) {
        if (!keep(key)) continue;
        if (key.kind === "wildcard") noteWildcard(key);
        else internKey(table, key);
      }
    }
  }
  const concreteCount = table.strings.length;

  // Pass 2: each wildcard expands to the concrete keys it covers and to one synthetic key per
  // overlapping wildcard pair.
  const expansion: number[][] = wildcards.map(() => []);
  for (let w = 0; w < wildcards.length; w++) {
    for (let k = 0; k < concreteCount; k++) {
      if (wildcardCovers(wildcards[w], table.objects[k] as Key, options.baseOf)) expansion[w].push(k);
    }
  }
  for (let a = 0; a < wildcards.length; a++) {
    for (let b = a; b < wildcards.length; b++) {
      if (!keysOverlap(wildcards[a], wildcards[b], options.baseOf)) continue;
      const text =
        a === b ? keyToString(wildcards[a]) : overlapName(keyToString(wildcards[a]), keyToString(wildcards[b]));
      const id = table.strings.length;
      table.ids.set(text, id);
      table.strings.push(text);
      table.objects.push(null);
      table.origin.push(KeyOrigin.Wildcard);
      expansion[a].push(id);
      if (b !== a) expansion[b].push(id);
    }
  }
  const keyCount = table.strings.length;

  // Pass 3: per-transaction sets, deduplicated with a stamp per key and sorted.
  const n = txs.length;
  const readStamp = new Int32Array(keyCount).fill(-1);
  const writeStamp = new Int32Array(keyCount).fill(-1);
  const deltaStamp = new Int32Array(keyCount).fill(-1);
  const reads: number[] = [];
  const writes: number[] = [];
  const deltas: number[] = [];
  const readStart = new Int32Array(n + 1);
  const writeStart = new Int32Array(n + 1);
  const deltaStart = new Int32Array(n + 1);
  const gas = new Float64Array(n);
  const txIndex = new Int32Array(n);
  let totalGas = 0;
  const idsOf = (key: AccessKey): readonly number[] =>
    key.kind === "wildcard"
      ? expansion[wildcardIds.get(keyToString(key)) as number]
      : [table.ids.get(keyToString(key)) as number];

  for (let i = 0; i < n; i++) {
    const tx = txs[i];
    gas[i] = tx.gasUsed;
    totalGas += tx.gasUsed;
    txIndex[i] = tx.index;
    const noop = noopAsRead && tx.unchangedWrites ? new Set(tx.unchangedWrites.map(keyToString)) : null;
    const readFrom = reads.length;
    const writeFrom = writes.length;
    const deltaFrom = deltas.length;
    const addRead = (id: number): void => {
      if (readStamp[id] !== i) {
        readStamp[id] = i;
        reads.push(id);
      }
    };
    for (const key of tx.writes) {
      if (!keep(key)) continue;
      const asWrite = noop === null || key.kind === "wildcard" || !noop.has(keyToString(key));
      for (const id of idsOf(key)) {
        addRead(id);
        if (asWrite && writeStamp[id] !== i) {
          writeStamp[id] = i;
          writes.push(id);
        }
      }
    }
    for (const key of tx.reads) if (keep(key)) for (const id of idsOf(key)) addRead(id);
    for (const key of tx.deltas ?? []) {
      if (!keep(key)) continue;
      for (const id of idsOf(key)) {
        if (readStamp[id] !== i) {
          if (deltaStamp[id] !== i) {
            deltaStamp[id] = i;
            deltas.push(id);
          }
        } else if (writeStamp[id] !== i) {
          // Read plainly as well: the update is not commutative in this transaction, it is a write.
          writeStamp[id] = i;
          writes.push(id);
        }
      }
    }
    sortTail(reads, readFrom);
    sortTail(writes, writeFrom);
    sortTail(deltas, deltaFrom);
    readStart[i + 1] = reads.length;
    writeStart[i + 1] = writes.length;
    deltaStart[i + 1] = deltas.length;
  }

  return {
    txCount: n,
    keyCount,
    keys: table.strings,
    keyOrigin: Uint8Array.from(table.origin),
    txIndex,
    gas,
    totalGas,
    readStart,
    readKeys: Int32Array.from(reads),
    writeStart,
    writeKeys: Int32Array.from(writes),
    deltaStart,
    deltaKeys: Int32Array.from(deltas),
  };
}

/** The synthetic key of two overlapping wildcards: the same name whichever appears first in the block. */
function overlapName(a: string, b: string): string {
  return a < b ? `${a}&${b}` : `${b}&${a}`;
}

function sortTail(list: number[], from: number): void {
  if (list.length - from < 2) return;
  const tail = list.splice(from).sort((a, b) => a - b);
  for (const id of tail) list.push(id);
}

/**
 * Comparing one transaction's static prediction with its traced truth. Pure: no chain, no
 * analyzer, so the rule that decides a soundness violation can be tested on its own.
 *
 * - A traced key is *missed* when no predicted key or wildcard covers it (`keysOverlap`).
 *   A written key (in `writes` or `deltas`) must be covered by a predicted *write*: a key
 *   predicted as read only would let a declared-access executor miss a write-read conflict.
 * - *Extra* keys are exact predicted keys the transaction did not touch.
 * - Precision counts a wildcard as every key it covers among the keys the transaction's
 *   logical block touched (the only finite universe a run knows: for an `any` wildcard, every
 *   key of the block; for `contract`/`slots`, the block's keys of that contract / under that
 *   base). A wildcard thus costs precision in proportion to how much of the block it blankets.
 */
import {
  type AccessKey,
  type Key,
  type SlotBaseOf,
  type TxAccess,
  type WildcardKey,
  isWildcard,
  keyToString,
  keysOverlap,
} from "@lanes/types";

export interface PredictedAccess {
  readonly reads: readonly AccessKey[];
  readonly writes: readonly AccessKey[];
  /** Commutative updates: each covers a traced read and write of its key. */
  readonly deltas?: readonly AccessKey[];
}

export type MissMode = "read" | "write";

export interface MissedKey {
  readonly key: string;
  /** `write`: the key was written but predicted (at most) as read. */
  readonly mode: MissMode;
}

/** Counts over one key scope (contract storage only, or every key). */
export interface ScopeCounts {
  /** Distinct keys the transaction touched. */
  traced: number;
  /** Traced keys covered by the prediction (recall numerator). */
  covered: number;
  /** Size of the predicted set: exact keys plus what the wildcards cover in the block. */
  predicted: number;
  /** Predicted keys the transaction touched (precision numerator). */
  truePositives: number;
  /** Exact predicted keys it did not touch. */
  extra: number;
}

export interface TxComparison {
  readonly missed: readonly MissedKey[];
  /** The exact predicted keys the transaction did not touch (`keyToString`), in prediction order. */
  readonly extraKeys: readonly string[];
  readonly wildcards: readonly WildcardKey[];
  readonly storage: ScopeCounts;
  readonly all: ScopeCounts;
}

const isStorage = (key: string): boolean => key.startsWith("storage:");

function concrete(keys: readonly AccessKey[] | undefined): Key[] {
  return (keys ?? []).filter((k): k is Key => !isWildcard(k));
}

/** A predicted set, indexed for the two questions asked of it: exact hit, or wildcard cover. */
class Cover {
  private readonly exact: Set<string>;
  readonly wildcards: WildcardKey[];

  constructor(
    keys: readonly AccessKey[],
    private readonly baseOf?: SlotBaseOf,
  ) {
    this.exact = new Set(keys.filter((k) => !isWildcard(k)).map(keyToString));
    this.wildcards = keys.filter(isWildcard);
  }

  has(key: Key): boolean {
    return this.exact.has(keyToString(key)) || this.wildcards.some((w) => keysOverlap(w, key, this.baseOf));
  }

  exactKeys(): string[] {
    return [...this.exact];
  }
}

export interface CompareInput {
  readonly traced: TxAccess;
  readonly predicted: PredictedAccess;
  /** Every key the transaction's logical block touched (the transaction's own included). */
  readonly blockKeys: readonly Key[];
  /** Where a storage slot hangs (mapping/array base), to narrow `slots` wildcards; unknown = covered. */
  readonly baseOf?: SlotBaseOf;
}

export function compareTx({ traced, predicted, blockKeys, baseOf }: CompareInput): TxComparison {
  const deltas = predicted.deltas ?? [];
  const any = new Cover([...predicted.reads, ...predicted.writes, ...deltas], baseOf);
  const written = new Cover([...predicted.writes, ...deltas], baseOf);

  const tracedKeys = new Map<string, Key>();
  for (const k of [...concrete(traced.reads), ...concrete(traced.writes), ...concrete(traced.deltas)])
    tracedKeys.set(keyToString(k), k);
  const tracedWrites = new Map<string, Key>();
  for (const k of [...concrete(traced.writes), ...concrete(traced.deltas)]) tracedWrites.set(keyToString(k), k);

  const missed: MissedKey[] = [];
  const covered = new Set<string>();
  for (const [text, key] of tracedKeys) {
    if (!any.has(key)) missed.push({ key: text, mode: "read" });
    else if (tracedWrites.has(text) && !written.has(key)) missed.push({ key: text, mode: "write" });
    else covered.add(text);
  }

  // The predicted set as keys: exact ones, plus each block key some wildcard covers.
  const predictedSet = new Set(any.exactKeys());
  if (any.wildcards.length > 0) {
    for (const key of blockKeys) {
      if (any.wildcards.some((w) => keysOverlap(w, key, baseOf))) predictedSet.add(keyToString(key));
    }
  }
  const exact = any.exactKeys();
  const count = (keep: (key: string) => boolean): ScopeCounts => ({
    traced: [...tracedKeys.keys()].filter(keep).length,
    covered: [...covered].filter(keep).length,
    predicted: [...predictedSet].filter(keep).length,
    truePositives: [...predictedSet].filter((k) => keep(k) && tracedKeys.has(k)).length,
    extra: exact.filter((k) => keep(k) && !tracedKeys.has(k)).length,
  });
  return {
    missed,
    extraKeys: exact.filter((k) => !tracedKeys.has(k)),
    wildcards: dedupeWildcards(any.wildcards),
    storage: count(isStorage),
    all: count(() => true),
  };
}

function dedupeWildcards(wildcards: readonly WildcardKey[]): WildcardKey[] {
  const seen = new Map<string, WildcardKey>();
  for (const w of wildcards) {
    const id = `${keyToString(w)} ${w.reason}`;
    if (!seen.has(id)) seen.set(id, w);
  }
  return [...seen.values()];
}

/**
 * A whole logical block's prediction against its truth, as sets: the union of its transactions'
 * predicted keys (wildcards counted as the block keys they cover) against the union of the keys
 * they touched. This is the precision of a block-level access list (EIP-7928's use): a key one
 * transaction predicts in vain but another touches costs nothing here. Recall is not asked of it:
 * per-transaction soundness implies it.
 */
export function compareBlockSets(
  traced: readonly TxAccess[],
  predicted: readonly PredictedAccess[],
  baseOf?: SlotBaseOf,
  blockKeys: readonly Key[] = blockKeysOf(traced),
): ScopeCounts {
  const tracedSet = new Set(blockKeys.map(keyToString));
  const predictedSet = new Set<string>();
  const wildcards: WildcardKey[] = [];
  for (const p of predicted)
    for (const k of [...p.reads, ...p.writes, ...(p.deltas ?? [])]) {
      if (isWildcard(k)) wildcards.push(k);
      else predictedSet.add(keyToString(k));
    }
  if (wildcards.length > 0)
    for (const key of blockKeys)
      if (wildcards.some((w) => keysOverlap(w, key, baseOf))) predictedSet.add(keyToString(key));
  const storage = (keys: Iterable<string>): string[] => [...keys].filter(isStorage);
  const predictedStorage = storage(predictedSet);
  const truePositives = predictedStorage.filter((k) => tracedSet.has(k)).length;
  return {
    traced: storage(tracedSet).length,
    covered: storage(tracedSet).filter((k) => predictedSet.has(k)).length,
    predicted: predictedStorage.length,
    truePositives,
    extra: predictedStorage.length - truePositives,
  };
}

/** Every concrete key a block's transactions touched, in first-seen order. */
export function blockKeysOf(accesses: readonly TxAccess[]): Key[] {
  const out = new Map<string, Key>();
  for (const tx of accesses)
    for (const k of [...concrete(tx.reads), ...concrete(tx.writes), ...concrete(tx.deltas)])
      if (!out.has(keyToString(k))) out.set(keyToString(k), k);
  return [...out.values()];
}

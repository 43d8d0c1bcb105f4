/**
 * Naming hashed slots: which mapping entry or array element a slot is, given the storage
 * layout's bases and the preimage candidates of a trace. A mapping entry lives at
 * keccak256(key ‖ parent) (+ a struct member offset), a dynamic array's data at
 * keccak256(parent) + index; parents nest (a mapping of mappings, an array in a mapping).
 * Paths are found backwards from the slot through a table of known hashes: exact preimages
 * first, then hashes computed forward from candidate words over the layout's bases.
 */
import { keccakWords } from "./keccak";
import type { SlotCandidates } from "./candidates";
import { type Word, toWord } from "./words";

/** A slot of solc's storage layout that other slots derive from (plain data, as the harness has it). */
export interface StorageBase {
  readonly slot: bigint | string;
  /** Variable name, e.g. `balanceOf`. */
  readonly label: string;
  /** `mapping` and `array` bases are searched forward; others (a struct holding a mapping) only match exact preimages. */
  readonly kind: "mapping" | "array" | "struct" | "value" | "bytes" | (string & {});
}

export type PathStep =
  | { readonly kind: "mapping"; readonly key: Word; readonly offset: bigint }
  | { readonly kind: "array"; readonly offset: bigint };

export interface SlotPath {
  readonly base: StorageBase;
  /** Slot offset from the base variable to the mapping/array the first step hashes (struct members). */
  readonly baseOffset: bigint;
  /** From the base outwards; each step's offset is added to its hash (struct member or array index). */
  readonly steps: readonly PathStep[];
}

export interface ResolveOptions {
  /** Longest chain of hashes followed (default 3: a mapping of mappings of mappings). */
  readonly maxDepth?: number;
  /** Largest struct member offset after a mapping hash (default 255). */
  readonly maxOffset?: bigint;
  /** Largest element offset after an array hash (default 2^32). */
  readonly maxArrayOffset?: bigint;
}

type Derivation =
  | { readonly kind: "mapping"; readonly key: Word; readonly parent: Word }
  | { readonly kind: "array"; readonly parent: Word };

/** Resolves one slot; building a resolver once is cheaper for many slots of the same trace(s). */
export function resolveSlot(
  slot: bigint | string,
  candidates: SlotCandidates | readonly (bigint | string)[],
  bases: readonly StorageBase[],
  options: ResolveOptions = {},
): SlotPath | null {
  return createSlotResolver(candidates, bases, options)(slot);
}

export function createSlotResolver(
  candidates: SlotCandidates | readonly (bigint | string)[],
  bases: readonly StorageBase[],
  options: ResolveOptions = {},
): (slot: bigint | string) => SlotPath | null {
  const maxDepth = options.maxDepth ?? 3;
  const maxOffset = options.maxOffset ?? 255n;
  const maxArrayOffset = options.maxArrayOffset ?? 1n << 32n;
  const { words, preimages } = isCandidateList(candidates)
    ? { words: candidates.map((c) => toWord(c)), preimages: [] }
    : candidates;
  const baseBySlot = new Map<Word, StorageBase>();
  for (const base of bases) if (!baseBySlot.has(toWord(base.slot))) baseBySlot.set(toWord(base.slot), base);

  const table = new Map<Word, Derivation>();
  for (const { hash, words: pre } of preimages) {
    if (pre.length === 2) table.set(hash, { kind: "mapping", key: pre[0], parent: pre[1] });
    else if (pre.length === 1) table.set(hash, { kind: "array", parent: pre[0] });
  }

  // Forward search from the bases, one level per pass. A nested level only hashes over
  // intermediate slots that were observed as words (Solidity leaves each hash on the stack),
  // which keeps the work linear in the candidates per level instead of exponential.
  const uniqueWords = [...new Set(words)];
  let parents: { slot: Word; kind: string }[] = [...baseBySlot.entries()]
    .filter(([, base]) => base.kind === "mapping" || base.kind === "array")
    .map(([slot, base]) => ({ slot, kind: base.kind }));
  for (let level = 1; level <= maxDepth && parents.length > 0; level++) {
    const derived: Word[] = [];
    for (const parent of parents) {
      if (parent.kind !== "mapping") {
        const hash = keccakWords([parent.slot]);
        if (!table.has(hash)) table.set(hash, { kind: "array", parent: parent.slot });
        derived.push(hash);
      }
      if (parent.kind !== "array") {
        for (const key of uniqueWords) {
          const hash = keccakWords([key, parent.slot]);
          if (!table.has(hash)) table.set(hash, { kind: "mapping", key, parent: parent.slot });
          derived.push(hash);
        }
      }
    }
    if (level === maxDepth) break;
    const sortedDerived = derived.map(BigInt).sort(compareBig);
    parents = uniqueWords
      .filter((word) => {
        const below = floor(sortedDerived, BigInt(word));
        return below !== undefined && BigInt(word) - below <= maxOffset;
      })
      .map((slot) => ({ slot, kind: "unknown" }));
  }

  const hashes = [...table.keys()].map(BigInt).sort(compareBig);
  const sortedBases = [...baseBySlot.entries()]
    .map(([slot, base]) => ({ at: BigInt(slot), base }))
    .sort((a, b) => compareBig(a.at, b.at));

  return (slotValue: bigint | string): SlotPath | null => {
    let current = BigInt(toWord(slotValue));
    const steps: PathStep[] = [];
    for (let depth = 0; depth <= maxDepth; depth++) {
      const base = baseBySlot.get(toWord(current));
      if (base) return { base, baseOffset: 0n, steps };
      const holder = structBase(sortedBases, current, maxOffset);
      if (holder) return { base: holder.base, baseOffset: current - holder.at, steps };
      if (depth === maxDepth) break;
      const hash = floor(hashes, current);
      if (hash === undefined) return null;
      const derivation = table.get(toWord(hash)) as Derivation;
      const offset = current - hash;
      if (offset > (derivation.kind === "array" ? maxArrayOffset : maxOffset)) return null;
      steps.unshift(
        derivation.kind === "mapping" ? { kind: "mapping", key: derivation.key, offset } : { kind: "array", offset },
      );
      current = BigInt(derivation.parent);
    }
    return null;
  };
}

/** `positions[0x7099…79c8]+1`, `allowance[0xf39f…2266][0x7099…79c8]`, `items[]+3`. */
export function formatSlotPath(path: SlotPath): string {
  let text = path.base.label + (path.baseOffset > 0n ? `.+${path.baseOffset}` : "");
  for (const step of path.steps) {
    text += step.kind === "mapping" ? `[${formatKey(step.key)}]` : "[]";
    if (step.offset > 0n) text += `+${step.offset}`;
  }
  return text;
}

/** A mapping key as a reader would write it: small numbers in decimal, addresses as 20 bytes, the rest as hex. */
export function formatKey(key: Word): string {
  const n = BigInt(key);
  if (n < 1n << 64n) return n.toString(10);
  if (n < 1n << 160n) return `0x${key.slice(26)}`;
  return key;
}

function isCandidateList(value: SlotCandidates | readonly (bigint | string)[]): value is readonly (bigint | string)[] {
  return Array.isArray(value);
}

function compareBig(a: bigint, b: bigint): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** Largest element of a sorted list that is ≤ value. */
function floor(sorted: readonly bigint[], value: bigint): bigint | undefined {
  let lo = 0;
  let hi = sorted.length - 1;
  let found: bigint | undefined;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    if (sorted[mid] <= value) {
      found = sorted[mid];
      lo = mid + 1;
    } else hi = mid - 1;
  }
  return found;
}

/** A struct-kind base a few slots below `slot` (a mapping that is a member of a struct variable). */
function structBase(
  sorted: readonly { at: bigint; base: StorageBase }[],
  slot: bigint,
  maxOffset: bigint,
): { at: bigint; base: StorageBase } | undefined {
  let best: { at: bigint; base: StorageBase } | undefined;
  for (const entry of sorted) {
    if (entry.at > slot) break;
    if (entry.base.kind === "struct" && slot - entry.at <= maxOffset) best = entry;
  }
  return best;
}

/**
 * Preimage candidates for naming hashed slots, gathered without memory (tracing with memory
 * costs megabytes per swap). Two kinds:
 * - exact preimages: Solidity hashes mapping keys from scratch memory it has just filled with
 *   MSTOREs, whose operands are on the stack. Replaying those stores in a sparse per-frame
 *   memory gives the hashed words; keccak over them must equal the SHA3 result on the next
 *   step, so a stale or partial reconstruction is dropped, never trusted;
 * - candidate words: stored values, hash results, slots, calldata words and addresses, for a
 *   brute-force match when the exact route missed (data copied in with CALLDATACOPY, MCOPY…).
 */
import { keccakWords } from "./keccak";
import { type StructLog, type StructLogTrace, stackItem } from "./structlog";
import { type Word, addressToWord, calldataWords, toWord } from "./words";
import { toAddress } from "@lanes/types";

export interface SlotPreimage {
  readonly hash: Word;
  /** The hashed words: `[key, parentSlot]` for a mapping entry, `[parentSlot]` for array data. */
  readonly words: readonly Word[];
}

export interface SlotCandidates {
  readonly words: readonly Word[];
  readonly preimages: readonly SlotPreimage[];
}

export interface CandidateOptions {
  /** Calldata of the transaction. */
  readonly input?: string;
  /** Addresses known to take part (sender, callee, created contracts). */
  readonly addresses?: readonly string[];
  /** Cap on candidate words (default 2048), to bound brute-force matching. */
  readonly maxWords?: number;
}

const HASH_OPS = new Set(["SHA3", "KECCAK256"]);
const RESULT_OPS = new Set(["CALLER", "ADDRESS", "ORIGIN", "CALLDATALOAD"]);
/** Longest preimage replayed: four words covers mapping entries and small abi.encode hashes. */
const MAX_PREIMAGE_WORDS = 4;

export function collectCandidates(trace: StructLogTrace, options: CandidateOptions = {}): SlotCandidates {
  const maxWords = options.maxWords ?? 2048;
  const words = new Set<Word>();
  const add = (word: Word): void => {
    if (words.size < maxWords) words.add(word);
  };
  for (const address of options.addresses ?? []) add(addressToWord(toAddress(address)));
  if (options.input !== undefined) calldataWords(options.input).forEach(add);

  const preimages = new Map<Word, SlotPreimage>();
  const logs = trace.structLogs;
  // Sparse memory of each open frame, innermost last; a frame starts with empty memory.
  const memories: Map<number, Word>[] = [new Map()];
  for (let i = 0; i < logs.length; i++) {
    const log = logs[i];
    if (i > 0) {
      const prev = logs[i - 1];
      if (log.depth > prev.depth) memories.push(new Map());
      else for (let d = prev.depth; d > log.depth && memories.length > 1; d--) memories.pop();
    }
    const memory = memories[memories.length - 1];
    const next = logs[i + 1];
    const result = next !== undefined && next.depth === log.depth ? stackItem(next, 0) : undefined;
    if (log.op === "MSTORE") {
      const offset = smallNumber(stackItem(log, 0));
      const value = stackItem(log, 1);
      if (value === undefined) continue;
      const word = toWord(value);
      add(word);
      if (offset !== undefined) memory.set(offset, word);
    } else if (HASH_OPS.has(log.op)) {
      for (const item of log.stack) add(toWord(item));
      if (result === undefined) continue;
      const hash = toWord(result);
      add(hash);
      const preimage = replay(memory, log);
      if (preimage !== undefined && !preimages.has(hash) && keccakWords(preimage) === hash) {
        preimages.set(hash, { hash, words: preimage });
      }
    } else if (log.op === "SLOAD" || log.op === "SSTORE") {
      const slot = stackItem(log, 0);
      if (slot !== undefined) add(toWord(slot));
    } else if (RESULT_OPS.has(log.op) && result !== undefined) {
      add(toWord(result));
    }
  }
  return { words: [...words], preimages: [...preimages.values()] };
}

/** Candidate words and exact preimages of several transactions, deduplicated. */
export function mergeCandidates(all: readonly SlotCandidates[]): SlotCandidates {
  const words = new Set<Word>();
  const preimages = new Map<Word, SlotPreimage>();
  for (const candidates of all) {
    candidates.words.forEach((word) => words.add(word));
    candidates.preimages.forEach((p) => preimages.set(p.hash, p));
  }
  return { words: [...words], preimages: [...preimages.values()] };
}

function replay(memory: ReadonlyMap<number, Word>, log: StructLog): Word[] | undefined {
  const offset = smallNumber(stackItem(log, 0));
  const size = smallNumber(stackItem(log, 1));
  if (offset === undefined || size === undefined || size === 0 || size % 32 !== 0) return undefined;
  if (size / 32 > MAX_PREIMAGE_WORDS) return undefined;
  const words: Word[] = [];
  for (let at = offset; at < offset + size; at += 32) {
    const word = memory.get(at);
    if (word === undefined) return undefined;
    words.push(word);
  }
  return words;
}

function smallNumber(item: string | undefined): number | undefined {
  if (item === undefined) return undefined;
  const n = BigInt(toWord(item));
  return n < 1n << 32n ? Number(n) : undefined;
}

/** keccak256 over 32-byte words, the only hashing the tracer needs (mapping and array slots). */
import { keccak_256 } from "@noble/hashes/sha3";
import type { Word } from "./words";

export function keccakWords(words: readonly Word[]): Word {
  const bytes = new Uint8Array(32 * words.length);
  words.forEach((word, i) => bytes.set(Buffer.from(word.slice(2), "hex"), 32 * i));
  return `0x${Buffer.from(keccak_256(bytes)).toString("hex")}` as Word;
}

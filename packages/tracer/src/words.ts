/**
 * 32-byte EVM words as they appear in traces. Nodes print stack items differently (EDR and geth:
 * 64 hex digits without `0x`; revm-based nodes: `0x` and as few digits as needed), so every word
 * goes through `toWord` before it is compared or used as a key.
 */
import { type Address, type Slot } from "@lanes/types";
import { TraceFormatError } from "./errors";

/** A word in canonical form: `0x` and 64 lowercase hex digits. */
export type Word = Slot;

const HEX_BODY_RE = /^[0-9a-fA-F]{1,64}$/;
const ZERO_WORD = `0x${"0".repeat(64)}` as Word;

export function toWord(value: string | bigint): Word {
  if (typeof value === "bigint") {
    if (value < 0n || value >= 1n << 256n) throw new TraceFormatError(`word ${value} is outside 0 .. 2^256-1`);
    return `0x${value.toString(16).padStart(64, "0")}` as Word;
  }
  const body = value.startsWith("0x") || value.startsWith("0X") ? value.slice(2) : value;
  if (body.length === 0) return ZERO_WORD;
  if (!HEX_BODY_RE.test(body)) throw new TraceFormatError(`"${value}" is not a 32-byte hex word`);
  return `0x${body.toLowerCase().padStart(64, "0")}` as Word;
}

export function wordToBigInt(word: Word): bigint {
  return BigInt(word);
}

/** The address in the low 20 bytes of a word (how the EVM reads an address operand). */
export function wordToAddress(word: Word): Address {
  return `0x${word.slice(26)}` as Address;
}

export function addressToWord(address: Address): Word {
  return `0x${address.slice(2).padStart(64, "0")}` as Word;
}

export function isZeroWord(word: Word): boolean {
  return word === ZERO_WORD;
}

/** The 32-byte words of calldata (a trailing partial word is zero-padded, as CALLDATALOAD would). */
export function calldataWords(input: string): Word[] {
  const body = input.startsWith("0x") ? input.slice(2) : input;
  const words: Word[] = [];
  // The selector shifts every argument by four bytes: read from both alignments so keys are
  // found whether the caller looks at raw calldata or at ABI arguments.
  for (const start of [8, 0]) {
    for (let i = start; i < body.length; i += 64) {
      const chunk = body.slice(i, i + 64).padEnd(64, "0");
      if (/^[0-9a-fA-F]{64}$/.test(chunk)) words.push(`0x${chunk.toLowerCase()}` as Word);
    }
  }
  return words;
}

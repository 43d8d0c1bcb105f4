/**
 * Decoding calldata arguments. Most entry points take only static value types (addresses,
 * integers, booleans, bytesN): those are read straight from their 32-byte words, with the same
 * validity checks the ABI decoder applies; anything else, or any word a strict decoder would
 * reject, goes through ethers' decoder (which then decides).
 */
import { AbiCoder, type ParamType, type Result, dataSlice } from "ethers";

const STATIC = /^(address|bool|u?int\d*|bytes([1-9]|[12]\d|3[0-2]))$/;

export function decodeArguments(inputs: readonly ParamType[], input: string): Result | unknown[] {
  return decodeStatic(inputs, input) ?? AbiCoder.defaultAbiCoder().decode(inputs, dataSlice(input, 4));
}

/** The arguments read word by word, or null when the fast path does not apply. */
function decodeStatic(inputs: readonly ParamType[], input: string): unknown[] | null {
  if (input.length < 10 + 64 * inputs.length) return null;
  const out: unknown[] = [];
  for (let i = 0; i < inputs.length; i++) {
    const type = inputs[i].type;
    if (!STATIC.test(type)) return null;
    const hex = input.slice(10 + 64 * i, 74 + 64 * i);
    const value = parseWord(type, hex);
    if (value === null) return null;
    out.push(value);
  }
  return out;
}

function parseWord(type: string, hex: string): unknown {
  if (type === "address") return /^0{24}/.test(hex) ? `0x${hex.slice(24)}` : null;
  if (type === "bool") return /^0{63}[01]$/.test(hex) ? hex.endsWith("1") : null;
  const word = BigInt(`0x${hex}`);
  if (type.startsWith("uint")) {
    const bits = type === "uint" ? 256 : Number(type.slice(4));
    return word < 1n << BigInt(bits) ? word : null;
  }
  if (type.startsWith("int")) {
    const bits = type === "int" ? 256 : Number(type.slice(3));
    // Valid only if sign-extended from `bits`: the signed value survives a round trip.
    const signed = BigInt.asIntN(bits, word);
    return BigInt.asUintN(256, signed) === word ? signed : null;
  }
  const size = Number(type.slice(5));
  return /^0*$/.test(hex.slice(size * 2)) ? `0x${hex.slice(0, size * 2)}` : null;
}

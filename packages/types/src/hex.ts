import { KeyFormatError } from "./errors";

/** A 20-byte address: `0x` and 40 lowercase hex digits (canonical form, never checksummed). */
export type Address = `0x${string}`;
/** A 32-byte storage slot: `0x` and 64 lowercase hex digits. */
export type Slot = `0x${string}`;

const ADDRESS_RE = /^0x[0-9a-fA-F]{40}$/;
const HEX_RE = /^0x[0-9a-fA-F]{1,64}$/;
const SLOT_MAX = (1n << 256n) - 1n;

/** Canonical address: lowercase. Rejects anything but 20 bytes of hex. */
export function toAddress(value: string): Address {
  if (!ADDRESS_RE.test(value)) {
    throw new KeyFormatError(`"${value}" is not an address (expected 0x and 40 hex digits)`);
  }
  return value.toLowerCase() as Address;
}

/**
 * Canonical slot: 32 bytes, lowercase, zero-padded. Accepts a bigint, a non-negative safe
 * integer, or hex of at most 32 bytes (EVM traces print slots unpadded or padded).
 */
export function toSlot(value: string | bigint | number): Slot {
  let n: bigint;
  if (typeof value === "bigint") {
    n = value;
  } else if (typeof value === "number") {
    if (!Number.isSafeInteger(value)) throw new KeyFormatError(`slot ${value} is not a safe integer`);
    n = BigInt(value);
  } else {
    if (!HEX_RE.test(value)) {
      throw new KeyFormatError(`"${value}" is not a storage slot (expected 0x and 1 to 64 hex digits)`);
    }
    n = BigInt(value);
  }
  if (n < 0n || n > SLOT_MAX) throw new KeyFormatError(`slot ${n} is outside 0 .. 2^256-1`);
  return `0x${n.toString(16).padStart(64, "0")}` as Slot;
}

export function isAddress(value: string): value is Address {
  return ADDRESS_RE.test(value) && value === value.toLowerCase();
}

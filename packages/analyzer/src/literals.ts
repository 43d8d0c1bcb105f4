/**
 * Number literals and value-type conversions on 256-bit words. Words are kept normalised:
 * unsigned integers, addresses, bools and enums right-aligned; signed integers sign-extended;
 * bytesN left-aligned (as the EVM holds them on the stack).
 */
import { type Expr, bin, constant, unknown } from "./expr";

const UNITS: Record<string, bigint> = {
  wei: 1n,
  gwei: 10n ** 9n,
  szabo: 10n ** 12n,
  finney: 10n ** 15n,
  ether: 10n ** 18n,
  seconds: 1n,
  minutes: 60n,
  hours: 3600n,
  days: 86400n,
  weeks: 604800n,
};

/** The value of a number literal (`1_000`, `0xff`, `1e18`, `1.5 ether`), or null if not an integer. */
export function parseNumber(text: string, unit?: string | null): bigint | null {
  const clean = text.replace(/_/g, "");
  const scale = unit ? (UNITS[unit] ?? 1n) : 1n;
  if (/^0x[0-9a-fA-F]+$/.test(clean)) return BigInt(clean) * scale;
  const m = /^(\d*)(?:\.(\d*))?(?:[eE](-?\d+))?$/.exec(clean);
  if (!m) return null;
  const whole = m[1] || "0";
  const frac = m[2] ?? "";
  const exp = BigInt(m[3] ?? "0") - BigInt(frac.length);
  let num = BigInt(whole + frac) * scale;
  if (exp >= 0n) return num * 10n ** exp;
  const den = 10n ** -exp;
  if (num % den !== 0n) return null;
  num /= den;
  return num;
}

export interface ValueType {
  readonly kind: "uint" | "int" | "bytes" | "other";
  /** Bits for integers, bytes for bytesN. */
  readonly size: number;
}

/** Classifies a typeString (`uint8`, `int256`, `address payable`, `bytes4`, `contract X`, `enum E`, `bool`). */
export function valueType(typeString: string): ValueType {
  let m = /^uint(\d*)$/.exec(typeString);
  if (m) return { kind: "uint", size: Number(m[1] || 256) };
  m = /^int(\d*)$/.exec(typeString);
  if (m) return { kind: "int", size: Number(m[1] || 256) };
  m = /^bytes(\d+)$/.exec(typeString);
  if (m) return { kind: "bytes", size: Number(m[1]) };
  if (/^(address|address payable|contract .*)$/.test(typeString)) return { kind: "uint", size: 160 };
  if (/^(bool|enum .*)$/.test(typeString)) return { kind: "uint", size: 8 };
  m = /^int_const (-?\d+)$/.exec(typeString);
  if (m) return { kind: "int", size: 256 };
  return { kind: "other", size: 0 };
}

/** Truncates (or sign-extends) a word to an integer type. */
export function maskTo(e: Expr, bits: number, signed: boolean): Expr {
  if (bits >= 256) return e;
  if (e.k === "const") {
    const low = BigInt.asUintN(bits, e.value);
    return constant(signed ? BigInt.asIntN(bits, low) : low);
  }
  return { k: "mask", a: e, bits, signed };
}

/** Explicit conversion between value types, as solc performs it. */
export function convert(e: Expr, from: string, to: string): Expr {
  if (from === to) return e;
  const a = valueType(from);
  const b = valueType(to);
  if (from.startsWith("int_const") || from.startsWith("rational_const")) {
    return b.kind === "bytes"
      ? shiftBytes(e, 32 - b.size)
      : b.kind === "other"
        ? e
        : maskTo(e, b.size, b.kind === "int");
  }
  if (/^literal_string/.test(from)) return e;
  if (a.kind === "other" || b.kind === "other") {
    // bytes/string <-> bytes/string, and references: the same data.
    return a.kind === b.kind ? e : unknown(`conversion ${from} -> ${to} not modelled`);
  }
  // Integer to integer (addresses, enums and bools are unsigned integers here): truncate or sign-extend.
  if (a.kind !== "bytes" && b.kind !== "bytes") return maskTo(e, b.size, b.kind === "int");
  if (a.kind === "bytes" && b.kind === "bytes") {
    if (b.size >= a.size) return e;
    return bin("&", e, constant(((1n << BigInt(b.size * 8)) - 1n) << BigInt((32 - b.size) * 8)));
  }
  if (a.kind === "bytes") return shiftBytes(e, -(32 - a.size));
  return shiftBytes(e, 32 - b.size);
}

/** Shifts a word left (positive) or right (negative) by whole bytes. */
export function shiftBytes(e: Expr, by: number): Expr {
  if (by === 0) return e;
  if (e.k === "const") return constant(by > 0 ? e.value << BigInt(by * 8) : e.value >> BigInt(-by * 8));
  return { k: "shiftBytes", a: e, by };
}

/** `type(T).max` / `type(T).min`. */
export function typeBound(typeName: string, which: "max" | "min"): Expr {
  const t = valueType(typeName);
  if (t.kind === "uint") return constant(which === "max" ? (1n << BigInt(t.size)) - 1n : 0n);
  if (t.kind === "int") {
    const half = 1n << BigInt(t.size - 1);
    return constant(which === "max" ? half - 1n : -half);
  }
  return unknown(`type(${typeName}).${which}`);
}

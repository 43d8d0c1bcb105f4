/**
 * Abstract values of the interpreter and how two paths' values merge.
 */
import { type Expr, type KeccakPart, type WriteLog, phi, sameExpr, unknown } from "./expr";
import type { Root } from "./summary";

/** A location in the contract's storage: a slot expression and the layout type found there. */
export interface Ref {
  readonly slot: Expr;
  /** Byte offset in the slot (packed values); -1 when it depends on an index not known statically. */
  readonly offset: number;
  /** storageLayout type id; "" when the layout does not describe it (a slot set in assembly). */
  readonly type: string;
  /** The state variable it hangs under; null for slots set in assembly. */
  readonly root: Root | null;
  readonly name: string;
}

export type AValue =
  | { readonly t: "val"; readonly e: Expr }
  | { readonly t: "ref"; readonly ref: Ref | null; readonly why?: string }
  /** A memory copy of storage taken when `writes` was the write log (member reads are loads). */
  | { readonly t: "mem"; readonly ref: Ref | null; readonly writes: WriteLog | null }
  /** A memory struct built field by field (struct constructor). */
  | { readonly t: "struct"; readonly fields: readonly AValue[] }
  /**
   * abi.encode / abi.encodePacked output, for keccak256; abi.encodeCall / encodeWithSelector /
   * encodeWithSignature output as the call it encodes (`call`), for low-level calls.
   */
  | {
      readonly t: "enc";
      readonly parts: readonly KeccakPart[] | null;
      readonly call?: { readonly selector: string; readonly args: readonly Expr[] };
    }
  | { readonly t: "tuple"; readonly items: readonly AValue[] };

export const val = (e: Expr): AValue => ({ t: "val", e });
export const unknownVal = (reason: string): AValue => ({ t: "val", e: unknown(reason) });
export const unknownRef = (why: string): AValue => ({ t: "ref", ref: null, why });
export const unknownMem: AValue = { t: "mem", ref: null, writes: null };

/** The word an abstract value stands for, or unknown. */
export function exprOf(v: AValue, reason = "value not tracked"): Expr {
  return v.t === "val" ? v.e : unknown(reason);
}

/** One value standing for all of `values` (paths that merged). */
export function mergeValues(values: readonly AValue[]): AValue {
  const first = values[0];
  if (values.every((v) => v === first)) return first;
  if (values.every((v) => v.t === "val")) return val(phi(values.map((v) => (v as { e: Expr }).e)));
  if (values.every((v) => v.t === "ref")) {
    const refs = values.map((v) => (v as { ref: Ref | null }).ref);
    const r0 = refs[0];
    if (r0 && refs.every((r) => r && r.type === r0.type && r.offset === r0.offset && sameRoot(r.root, r0.root))) {
      return { t: "ref", ref: { ...r0, slot: phi(refs.map((r) => (r as Ref).slot)) } };
    }
    return unknownRef("storage pointer differs between paths");
  }
  if (values.every((v) => v.t === "mem")) {
    const mems = values as readonly (AValue & { t: "mem" })[];
    const m0 = mems[0];
    if (m0.ref && mems.every((m) => m.ref && m.writes === m0.writes && sameExpr(m.ref.slot, m0.ref!.slot))) return m0;
  }
  return unknownMem;
}

function sameRoot(a: Root | null, b: Root | null): boolean {
  return a === b || (a !== null && b !== null && a.slot === b.slot && a.label === b.label);
}

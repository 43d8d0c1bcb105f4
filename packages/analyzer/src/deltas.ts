/**
 * Commutative deltas: a slot an entry point only ever updates as `x + c` or `x - c`, with `x`
 * the value it loaded from that slot and used for nothing else (no key, branch, call argument,
 * return value or other write depends on it). A chain that charges such updates independently
 * of the current value (Aptos aggregators, Polygon's balance-delta store) can run them in any
 * order; concretization reports their keys as `deltas` instead of reads and writes.
 */
import { type Expr, type KeccakPart, sameExpr } from "./expr";
import type { Access, SlotAccess } from "./summary";

type Sload = Extract<Expr, { k: "sload" }>;

/**
 * `x ± c` with `x` a load of `slot`, seen through a narrowing to the variable's type. Checked
 * arithmetic whose revert can depend on `x` is no delta: a checked `x - c` (underflow), a checked
 * `x + c` on a type narrower than 256 bits (overflow within reach).
 */
function deltaBase(value: Expr | null | undefined, slot: Expr, checked: boolean): Sload | null {
  let v = value;
  const narrow = v?.k === "mask";
  if (v?.k === "mask") v = v.a;
  if (v?.k !== "bin" || (v.op !== "+" && v.op !== "-")) return null;
  if (checked && (v.op === "-" || narrow)) return null;
  if (v.a.k !== "sload" || !sameExpr(v.a.slot, slot)) return null;
  return v.a;
}

/** Every load an expression refers to, except `skip` when it is the delta's own operand. */
function collectLoads(e: Expr | null | undefined, into: Set<Expr>): void {
  if (!e) return;
  switch (e.k) {
    case "sload":
      into.add(e);
      collectLoads(e.slot, into);
      return;
    case "bin":
      collectLoads(e.a, into);
      collectLoads(e.b, into);
      return;
    case "not":
    case "mask":
    case "shiftBytes":
      collectLoads(e.a, into);
      return;
    case "mapslot":
      collectLoads(e.key, into);
      collectLoads(e.base, into);
      return;
    case "keccak":
      e.parts.forEach((p: KeccakPart) => collectLoads(p.value, into));
      return;
    case "phi":
      e.options.forEach((o) => collectLoads(o, into));
      return;
    case "gphi":
      e.options.forEach((o) => {
        o.when.forEach((w) => collectLoads(w, into));
        collectLoads(o.value, into);
      });
      return;
    case "ite":
      collectLoads(e.c, into);
      collectLoads(e.a, into);
      collectLoads(e.b, into);
      return;
    case "codesize":
      collectLoads(e.address, into);
      return;
    case "param":
      for (const step of e.path) if ("index" in step) collectLoads(step.index, into);
      return;
    default:
      return;
  }
}

/** The accesses with delta reads and writes marked. */
export function markDeltas(accesses: readonly Access[], returns: readonly Expr[]): Access[] {
  const candidates = new Map<SlotAccess, Sload>();
  for (const a of accesses) {
    if (a.kind !== "slot" || a.mode !== "write") continue;
    const base = deltaBase(a.value, a.slot, a.checked === true);
    if (base) candidates.set(a, base);
  }
  if (candidates.size === 0) return [...accesses];

  // Loads something other than a delta's own `x` depends on.
  const used = new Set<Expr>();
  for (const a of accesses) {
    for (const g of a.guard ?? []) collectLoads(g, used);
    switch (a.kind) {
      case "slot": {
        collectLoads(a.slot, used);
        const base = candidates.get(a);
        if (a.mode === "write" && a.value) {
          // A delta's own `x` is not a use; its `c` is.
          const v = a.value.k === "mask" ? a.value.a : a.value;
          collectLoads(base && v.k === "bin" ? v.b : a.value, used);
        }
        break;
      }
      case "balance":
      case "code":
        collectLoads(a.address, used);
        break;
      case "call":
        collectLoads(a.target, used);
        a.args?.forEach((x) => collectLoads(x, used));
        collectLoads(a.value, used);
        break;
      default:
        break;
    }
  }
  returns.forEach((r) => collectLoads(r, used));

  const deltaReads = new Set<Expr>();
  const deltaWrites = new Set<SlotAccess>();
  for (const [write, base] of candidates) {
    if (used.has(base)) continue;
    // Every other access to the slot must be this load or another delta on it.
    const ok = accesses.every(
      (a) =>
        a.kind !== "slot" ||
        !sameExpr(a.slot, write.slot) ||
        (a.mode === "read" ? a.value === base : candidates.get(a) === base),
    );
    if (!ok) continue;
    deltaReads.add(base);
    deltaWrites.add(write);
  }
  return accesses.map((a) =>
    a.kind === "slot" && (deltaWrites.has(a) || (a.mode === "read" && a.value && deltaReads.has(a.value)))
      ? { ...a, delta: true }
      : a,
  );
}

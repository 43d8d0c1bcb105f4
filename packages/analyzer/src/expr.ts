/**
 * Symbolic values: what a storage key is made of, before a transaction gives the numbers.
 * Values are 256-bit words (bigint) or byte strings (Uint8Array, for `bytes`/`string`).
 */

/** A path into a decoded calldata argument: struct members and array elements by index, or `length`. */
export type ParamStep = { readonly member: number } | { readonly index: Expr } | { readonly length: true };

/** How a loaded slot is interpreted: which bytes, and how they make a word. */
export interface LoadShape {
  readonly offset: number;
  readonly bytes: number;
  /** `int`: sign-extended; `fixedBytes`: left-aligned (bytesN); `uint`: right-aligned. */
  readonly align: "uint" | "int" | "fixedBytes";
}

/** One write seen earlier on the path: a later load of the same slot must see its value. */
export interface WriteEntry {
  /** `null`: an unknown write to any slot of the contract (an external call may re-enter). */
  readonly slot: Expr | null;
  readonly shape: LoadShape | null;
  /** `null`: the value is not known (a branch or a loop may or may not have written it). */
  readonly value: Expr | null;
  /**
   * For `slot: null` entries made by an external call: the call site. Concretization knows
   * whether that call could have re-entered this contract; when it could not, loads see through.
   */
  readonly site?: number;
  /** The path condition the write happened under: a later load skips it when that is known false. */
  readonly guard?: readonly Expr[];
  /**
   * Written on one of several paths that joined: it happened exactly when `guard` holds, so a
   * later load uses `value` only when `guard` is known true.
   */
  readonly maybe?: boolean;
  /**
   * For `maybe`: how many leading conditions of `guard` the paths that joined shared. A later
   * load runs under those anyway; whether the write happened is the rest of the guard.
   */
  readonly from?: number;
}

/** The writes before a point of the path, newest first (persistent: branches share tails). */
export interface WriteLog {
  readonly entry: WriteEntry;
  readonly prev: WriteLog | null;
}

export type BinaryOp =
  | "+"
  | "-"
  | "*"
  | "/"
  | "%"
  | "**"
  | "&"
  | "|"
  | "^"
  | "<<"
  | ">>"
  /** Comparisons and logic are unsigned and give 1 or 0, as the EVM does. */
  | "=="
  | "!="
  | "<"
  | ">"
  | "<="
  | ">="
  | "&&"
  | "||";

/** Block and transaction context a chain knows before executing the block. */
export type EnvName =
  "timestamp" | "number" | "chainid" | "coinbase" | "origin" | "basefee" | "gasprice" | "prevrandao";

export interface KeccakPart {
  readonly value: Expr;
  /** `word`: 32 bytes (abi.encode of a value type); `packed`: its natural size; `bytes`: raw. */
  readonly mode: "word" | "packed" | "bytes";
  /** For `packed`: the size in bytes and the alignment of the value. */
  readonly size?: number;
  readonly align?: "right" | "left";
}

export type Expr =
  | { readonly k: "const"; readonly value: bigint }
  | { readonly k: "bytes"; readonly value: Uint8Array }
  | { readonly k: "param"; readonly index: number; readonly name: string; readonly path: readonly ParamStep[] }
  | { readonly k: "sender" }
  | { readonly k: "value" }
  | { readonly k: "this" }
  | { readonly k: "immutable"; readonly id: number; readonly name: string }
  | { readonly k: "sload"; readonly slot: Expr; readonly shape: LoadShape; readonly writes: WriteLog | null }
  | { readonly k: "keccak"; readonly parts: readonly KeccakPart[] }
  /** keccak256(key . slot): the slot of a mapping value. */
  | { readonly k: "mapslot"; readonly key: Expr; readonly keyBytes: boolean; readonly base: Expr }
  | { readonly k: "bin"; readonly op: BinaryOp; readonly a: Expr; readonly b: Expr }
  | { readonly k: "not"; readonly a: Expr }
  /** Conversion to a narrower integer or between integer and bytesN: keep `bits` low bits, or shift. */
  | { readonly k: "mask"; readonly a: Expr; readonly bits: number; readonly signed: boolean }
  | { readonly k: "shiftBytes"; readonly a: Expr; readonly by: number }
  /** One of several values (paths that merged). */
  | { readonly k: "phi"; readonly options: readonly Expr[] }
  /**
   * One of the values several joined paths left, each with the conditions that distinguish its
   * path: an option whose conditions are known false is left out (never the whole thing).
   */
  | { readonly k: "gphi"; readonly options: readonly { readonly when: readonly Expr[]; readonly value: Expr }[] }
  /** `c ? a : b`, also what an `if`/`else` leaves in a local: decided when `c` is known. */
  | { readonly k: "ite"; readonly c: Expr; readonly a: Expr; readonly b: Expr }
  | { readonly k: "env"; readonly name: EnvName }
  /** `addr.code.length`, from the pre-state. */
  | { readonly k: "codesize"; readonly address: Expr }
  /** Return value `index` of the external call made at `site`. */
  | { readonly k: "ret"; readonly site: number; readonly index: number; readonly text: string }
  | { readonly k: "unknown"; readonly reason: string };

export const constant = (value: bigint): Expr => ({ k: "const", value: BigInt.asUintN(256, value) });
export const unknown = (reason: string): Expr => ({ k: "unknown", reason });
export const bin = (op: BinaryOp, a: Expr, b: Expr): Expr => {
  if (a.k === "const" && b.k === "const") {
    const folded = foldBinary(op, a.value, b.value);
    if (folded !== null) return constant(folded);
  }
  // Short-circuit with one side known decides the whole, even when the other is unknown.
  if (op === "&&" && ((a.k === "const" && a.value === 0n) || (b.k === "const" && b.value === 0n))) return constant(0n);
  if (op === "||" && ((a.k === "const" && a.value !== 0n) || (b.k === "const" && b.value !== 0n))) return constant(1n);
  if (a.k === "unknown") return a;
  if (b.k === "unknown") return b;
  return { k: "bin", op, a, b };
};

export function foldBinary(op: BinaryOp, a: bigint, b: bigint): bigint | null {
  const m = (x: bigint): bigint => BigInt.asUintN(256, x);
  switch (op) {
    case "+":
      return m(a + b);
    case "-":
      return m(a - b);
    case "*":
      return m(a * b);
    case "/":
      return b === 0n ? null : a / b;
    case "%":
      return b === 0n ? null : a % b;
    case "**":
      return b > 4096n ? null : m(a ** b);
    case "&":
      return a & b;
    case "|":
      return a | b;
    case "^":
      return a ^ b;
    case "<<":
      return b >= 256n ? 0n : m(a << b);
    case ">>":
      return b >= 256n ? 0n : a >> b;
    case "==":
      return a === b ? 1n : 0n;
    case "!=":
      return a !== b ? 1n : 0n;
    case "<":
      return a < b ? 1n : 0n;
    case ">":
      return a > b ? 1n : 0n;
    case "<=":
      return a <= b ? 1n : 0n;
    case ">=":
      return a >= b ? 1n : 0n;
    case "&&":
      return a !== 0n && b !== 0n ? 1n : 0n;
    case "||":
      return a !== 0n || b !== 0n ? 1n : 0n;
  }
}

/** `c ? a : b`, folded when `c` is a constant or both sides are the same. */
export function ite(c: Expr, a: Expr, b: Expr): Expr {
  if (c.k === "const") return c.value !== 0n ? a : b;
  if (sameExpr(a, b)) return a;
  if (c.k === "unknown") return phi([a, b]);
  return { k: "ite", c, a, b };
}

/**
 * Logical negation (`!c`, or the other side of a branch). Of an unknown condition, another
 * unknown: `bin` would return the same object, and the two sides of a branch would then carry
 * one identical guard, which merging takes for a condition both share (so a write on one side
 * would count as certain after the branch).
 */
export const negate = (c: Expr): Expr => (c.k === "unknown" ? unknown(c.reason) : bin("==", c, constant(0n)));

/** A phi of the given options, flattened; one option is the option itself. */
export function phi(options: readonly Expr[]): Expr {
  const flat: Expr[] = [];
  for (const option of options) {
    if (option.k === "unknown") return option;
    for (const o of option.k === "phi" ? option.options : [option]) if (!flat.some((f) => sameExpr(f, o))) flat.push(o);
  }
  return flat.length === 1 ? flat[0] : { k: "phi", options: flat };
}

/** Structural identity, for merging paths that computed the same thing. */
export function sameExpr(a: Expr, b: Expr): boolean {
  return a === b || (a.k === "const" && b.k === "const" && a.value === b.value) || exprKey(a) === exprKey(b);
}

const keyCache = new WeakMap<object, string>();

/** A string identifying an expression's structure (write logs by identity). */
export function exprKey(e: Expr): string {
  const cached = keyCache.get(e);
  if (cached !== undefined) return cached;
  const text = JSON.stringify(e, (_k, v: unknown) => {
    if (typeof v === "bigint") return `0x${v.toString(16)}`;
    if (v instanceof Uint8Array) return Buffer.from(v).toString("hex");
    if (v !== null && typeof v === "object" && "entry" in v && "prev" in v) return `log#${logId(v as WriteLog)}`;
    return v;
  });
  keyCache.set(e, text);
  return text;
}

const logIds = new WeakMap<WriteLog, number>();
let nextLogId = 1;
function logId(log: WriteLog): number {
  let id = logIds.get(log);
  if (id === undefined) {
    id = nextLogId++;
    logIds.set(log, id);
  }
  return id;
}

/** Whether an expression depends on anything unknown (then a key built from it is a wildcard). */
export function unknownReason(e: Expr): string | null {
  switch (e.k) {
    case "unknown":
      return e.reason;
    case "bin":
      return unknownReason(e.a) ?? unknownReason(e.b);
    case "not":
    case "mask":
    case "shiftBytes":
      return unknownReason(e.a);
    case "mapslot":
      return unknownReason(e.key) ?? unknownReason(e.base);
    case "keccak":
      for (const p of e.parts) {
        const r = unknownReason(p.value);
        if (r !== null) return r;
      }
      return null;
    case "phi":
      for (const o of e.options) {
        const r = unknownReason(o);
        if (r !== null) return r;
      }
      return null;
    case "sload":
      return unknownReason(e.slot);
    case "ite":
      return unknownReason(e.a) ?? unknownReason(e.b);
    case "gphi":
      for (const o of e.options) {
        const r = unknownReason(o.value);
        if (r !== null) return r;
      }
      return null;
    case "codesize":
      return unknownReason(e.address);
    case "param":
      for (const step of e.path) {
        const r = "index" in step ? unknownReason(step.index) : null;
        if (r !== null) return r;
      }
      return null;
    default:
      return null;
  }
}

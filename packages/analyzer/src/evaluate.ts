/**
 * Evaluating symbolic expressions for one transaction: calldata arguments, the sender, the
 * pre-state (loads, memoised), earlier writes of the same transaction. A value may have several
 * options (merged paths); anything unknown throws `Unresolved` with the reason.
 */
import { keccak_256 } from "@noble/hashes/sha3";
import type { ParamType, Result } from "ethers";
import { type EnvName, type Expr, type LoadShape, type ParamStep, type WriteLog, foldBinary } from "./expr";

export type Value = bigint | Uint8Array;

/**
 * Something the prediction cannot know. Thrown and caught on the hot path (every unresolved key
 * or condition), so it carries no stack trace: capturing one costs more than the evaluation.
 */
export class Unresolved extends Error {
  constructor(message?: string) {
    const limit = Error.stackTraceLimit;
    Error.stackTraceLimit = 0;
    super(message);
    Error.stackTraceLimit = limit;
  }
}

/** Every path that could have produced a value is known not taken (the value's path is not). */
export class Impossible extends Unresolved {}

/** An argument (or a member, element or length of one); index steps are already numbers. */
export type ParamLookup = (index: number, path: readonly ResolvedStep[]) => Value[];
export type ResolvedStep = { readonly member: number } | { readonly index: bigint } | { readonly length: true };

export interface EvalEnv {
  readonly from: bigint;
  readonly to: bigint;
  /** msg.value; null when not known (a call forwarding a computed amount). */
  readonly value: bigint | null;
  readonly param: ParamLookup;
  /**
   * The value the slot holds before the transaction, or the values it may hold when earlier
   * transactions of the block may change it (a list; a single value is not wrapped, for speed).
   * Throws `Unresolved` for a slot whose value is not known at all.
   */
  readonly storage: (slot: bigint) => bigint | readonly bigint[];
  readonly immutable: (id: number) => bigint | null;
  readonly block: (name: EnvName) => bigint | null;
  /** Code size of an account in the pre-state; throws `Unresolved` when not known. */
  readonly codeSize: (address: bigint) => bigint;
  /** Return value `index` of the call at `site`, as the callee computed it; throws `Unresolved`. */
  readonly callResult: (site: number, index: number) => Value[];
  /** Whether the call at `site` may have written this contract's storage (re-entry); null: not known. */
  readonly callWrote: (site: number) => boolean | null;
}

const MAX_OPTIONS = 256;
/**
 * Evaluation steps one frame may take. Alternatives multiply through loops over slots with
 * several possible values; past this, what is left of the frame is unknown (wildcards, with
 * this reason) instead of a concretization that runs for minutes.
 */
const STEP_BUDGET = 1_000_000;
const U256 = (1n << 256n) - 1n;

export function wordBytes(v: bigint): Uint8Array {
  return Uint8Array.from(Buffer.from(BigInt.asUintN(256, v).toString(16).padStart(64, "0"), "hex"));
}

const toBig = (b: Uint8Array): bigint => (b.length === 0 ? 0n : BigInt(`0x${Buffer.from(b).toString("hex")}`));

/** A word from a value: short byte strings (string literals as bytes32) are left-aligned. */
function asWord(v: Value): bigint {
  if (typeof v === "bigint") return v;
  if (v.length > 32) throw new Unresolved("byte string used as a word");
  const word = new Uint8Array(32);
  word.set(v);
  return toBig(word);
}

/**
 * Slot hashes repeat across a block's transactions (the same senders, the same pools): they are
 * memoised, bounded so that a long run cannot grow without limit.
 */
const hashMemo = new Map<string, bigint>();
const HASH_MEMO_LIMIT = 1 << 18;

export function keccakWord(data: Uint8Array): bigint {
  const key = Buffer.from(data).toString("hex");
  let hit = hashMemo.get(key);
  if (hit === undefined) {
    hit = toBig(keccak_256(data));
    if (hashMemo.size >= HASH_MEMO_LIMIT) hashMemo.clear();
    hashMemo.set(key, hit);
  }
  return hit;
}

const NO_STEPS: readonly ResolvedStep[] = [];
const mapMemo = new Map<string, bigint>();
const pair = Buffer.alloc(64);

/** keccak256(key . base) of two words: a mapping value's slot, memoised (the hot path of a block). */
function mapSlotWord(key: bigint, base: bigint): bigint {
  const id = `${key.toString(16)}:${base.toString(16)}`;
  let hit = mapMemo.get(id);
  if (hit === undefined) {
    pair.write(BigInt.asUintN(256, key).toString(16).padStart(64, "0"), 0, "hex");
    pair.write(BigInt.asUintN(256, base).toString(16).padStart(64, "0"), 32, "hex");
    hit = toBig(keccak_256(pair));
    if (mapMemo.size >= HASH_MEMO_LIMIT) mapMemo.clear();
    mapMemo.set(id, hit);
  }
  return hit;
}

/** `single` found no one-word answer (memoised as such). */
const NOT_SINGLE = Symbol("not single");

export class Evaluator {
  private readonly memo = new Map<Expr, Value[]>();
  private readonly singles = new Map<Expr, bigint | typeof NOT_SINGLE | Unresolved>();
  private steps = 0;

  private step(): void {
    if (++this.steps > STEP_BUDGET) throw new Unresolved(`evaluation over ${STEP_BUDGET} steps`);
  }
  constructor(private readonly env: EvalEnv) {}

  words(e: Expr): bigint[] {
    const one = this.single(e);
    if (one !== undefined) return [one];
    return this.eval(e).map(asWord);
  }

  /**
   * The words `e` may be, each slot that holds one of several values before the transaction
   * pinned to one of them at a time — the same one wherever `e` reads it. A plain evaluation
   * combines every option of one read with every option of another read of the same slot,
   * pairs no execution can produce (a transaction sees one value per slot). Past `limit`
   * combinations, the plain (larger, still sound) answer.
   */
  wordsPinned(e: Expr, limit = 64): bigint[] {
    const several = new Map<bigint, readonly bigint[]>();
    const probe = new Evaluator({
      ...this.env,
      storage: (slot) => {
        const v = this.env.storage(slot);
        if (typeof v !== "bigint" && v.length > 1) several.set(slot, v);
        return v;
      },
    });
    const plain = probe.words(e);
    let combinations = 1;
    for (const v of several.values()) combinations *= v.length;
    if (several.size === 0 || combinations > limit) return plain;
    const slots = [...several.keys()];
    const pinned = new Map<bigint, bigint>();
    const out: bigint[] = [];
    const pick = (i: number): void => {
      if (i === slots.length) {
        const ev = new Evaluator({ ...this.env, storage: (slot) => pinned.get(slot) ?? this.env.storage(slot) });
        for (const w of ev.words(e)) if (!out.includes(w)) out.push(w);
        return;
      }
      for (const v of several.get(slots[i])!) {
        pinned.set(slots[i], v);
        pick(i + 1);
      }
      pinned.delete(slots[i]);
    };
    pick(0);
    return out;
  }

  /** Whole arguments as words (null: not one word), by index. */
  private readonly params: (bigint | null)[] = [];
  /** Loads evaluated on the fast path, by expression. */
  private readonly loads = new Map<Expr, bigint>();

  /**
   * The fast path: the value when it is one word computed without alternatives, else undefined
   * (then `eval` decides, alternatives and all). Allocates nothing on the way; it throws
   * `Unresolved` exactly where `eval` would.
   */
  private single(e: Expr): bigint | undefined {
    // Expressions are DAGs: a loop's value refers to the previous iteration's in a choice's
    // condition and its sides. Choices are answered once, or a deep one would be walked
    // exponentially often (what else repeats is bounded by the step budget).
    if (e.k !== "ite") return this.singleOnce(e);
    const hit = this.singles.get(e);
    if (hit !== undefined) {
      if (hit instanceof Unresolved) throw hit;
      return hit === NOT_SINGLE ? undefined : hit;
    }
    try {
      const v = this.singleOnce(e);
      this.singles.set(e, v === undefined ? NOT_SINGLE : v);
      return v;
    } catch (error) {
      if (error instanceof Unresolved) this.singles.set(e, error);
      throw error;
    }
  }

  private singleOnce(e: Expr): bigint | undefined {
    this.step();
    switch (e.k) {
      case "const":
        return e.value;
      case "sender":
        return this.env.from;
      case "this":
        return this.env.to;
      case "value":
        return this.env.value ?? undefined;
      case "param": {
        if (e.path.length !== 0) return undefined;
        let p = this.params[e.index];
        if (p === undefined) {
          const v = this.env.param(e.index, NO_STEPS);
          p = this.params[e.index] = v.length === 1 && typeof v[0] === "bigint" ? v[0] : null;
        }
        return p ?? undefined;
      }
      case "bin": {
        const a = this.single(e.a);
        if (a === undefined) return undefined;
        // Short-circuit as Solidity does: the right side does not run.
        if (e.op === "&&" && a === 0n) return 0n;
        if (e.op === "||" && a !== 0n) return 1n;
        const b = this.single(e.b);
        if (b === undefined) return undefined;
        return foldBinary(e.op, a, b) ?? undefined;
      }
      case "mask": {
        const a = this.single(e.a);
        if (a === undefined) return undefined;
        const low = BigInt.asUintN(e.bits, a);
        return e.signed ? BigInt.asUintN(256, BigInt.asIntN(e.bits, low)) : low;
      }
      case "not": {
        const a = this.single(e.a);
        return a === undefined ? undefined : ~a & U256;
      }
      case "mapslot": {
        if (e.keyBytes) return undefined;
        const k = this.single(e.key);
        if (k === undefined) return undefined;
        const b = this.single(e.base);
        return b === undefined ? undefined : mapSlotWord(k, b);
      }
      case "ite": {
        let c: bigint | undefined;
        try {
          c = this.single(e.c);
        } catch (error) {
          if (!(error instanceof Unresolved)) throw error;
          return undefined;
        }
        if (c === undefined) return undefined;
        return this.single(c !== 0n ? e.a : e.b);
      }
      case "sload": {
        const hit = this.loads.get(e);
        if (hit !== undefined) return hit;
        const slot = this.single(e.slot);
        if (slot === undefined) return undefined;
        const v = this.load(slot, e.shape, e.writes);
        if (v.length !== 1 || typeof v[0] !== "bigint") return undefined;
        this.loads.set(e, v[0]);
        return v[0];
      }
      default:
        return undefined;
    }
  }

  eval(e: Expr): Value[] {
    const hit = this.memo.get(e);
    if (hit) return hit;
    const out = this.compute(e);
    if (out.length > MAX_OPTIONS) throw new Unresolved("too many alternatives");
    this.memo.set(e, out);
    return out;
  }

  private compute(e: Expr): Value[] {
    this.step();
    switch (e.k) {
      case "const":
        return [e.value];
      case "bytes":
        return [e.value];
      case "sender":
        return [this.env.from];
      case "value":
        if (this.env.value === null) throw new Unresolved("msg.value not known");
        return [this.env.value];
      case "this":
        return [this.env.to];
      case "unknown":
        throw new Unresolved(e.reason);
      case "immutable": {
        const v = this.env.immutable(e.id);
        if (v === null) throw new Unresolved(`immutable ${e.name} (no deployed code given)`);
        return [v];
      }
      case "param":
        return this.env.param(
          e.index,
          e.path.map((step) => {
            if (!("index" in step)) return step;
            const idx = this.words(step.index);
            if (idx.length !== 1) throw new Unresolved("calldata index with several options");
            return { index: idx[0] };
          }),
        );
      case "ite": {
        let c: bigint[];
        try {
          c = this.words(e.c);
        } catch (error) {
          if (!(error instanceof Unresolved)) throw error;
          c = [0n, 1n]; // undecided: either side
        }
        const sides: Expr[] = [];
        if (c.some((x) => x !== 0n)) sides.push(e.a);
        if (c.some((x) => x === 0n)) sides.push(e.b);
        return this.alternatives(sides);
      }
      case "env": {
        const v = this.env.block(e.name);
        if (v === null) throw new Unresolved(`${e.name} of the block not given`);
        return [v];
      }
      case "codesize":
        return this.words(e.address).map((a) => this.env.codeSize(BigInt.asUintN(160, a)));
      case "ret":
        return this.env.callResult(e.site, e.index);
      case "gphi": {
        const out: Value[] = [];
        for (const o of e.options) {
          if (this.never(o.when)) continue;
          let values: Value[];
          try {
            values = this.eval(o.value);
          } catch (error) {
            // A value built on a path that cannot have been taken: so this path was not either.
            if (error instanceof Impossible) continue;
            throw error;
          }
          for (const v of values) if (!out.some((x) => same(x, v))) out.push(v);
        }
        if (out.length === 0) throw new Impossible("no joined path possible");
        return out;
      }
      case "phi":
        return this.alternatives(e.options);
      case "bin":
        if (e.op === "&&" || e.op === "||") return this.logical(e.op, e.a, e.b);
        return this.product([e.a, e.b], ([a, b]) => {
          const r = foldBinary(e.op, asWord(a), asWord(b));
          if (r === null) throw new Unresolved(`${e.op} by zero`);
          return r;
        });
      case "not":
        return this.words(e.a).map((a) => ~a & U256);
      case "mask":
        return this.words(e.a).map((a) => {
          const low = BigInt.asUintN(e.bits, a);
          return e.signed ? BigInt.asUintN(256, BigInt.asIntN(e.bits, low)) : low;
        });
      case "shiftBytes":
        return this.words(e.a).map((a) => (e.by > 0 ? (a << BigInt(e.by * 8)) & U256 : a >> BigInt(-e.by * 8)));
      case "mapslot": {
        const keys = this.eval(e.key);
        const bases = this.eval(e.base);
        if (keys.length === 1 && bases.length === 1 && !(e.keyBytes && keys[0] instanceof Uint8Array))
          return [mapSlotWord(asWord(keys[0]), asWord(bases[0]))];
        return this.product([e.key, e.base], ([k, b]) => {
          const key = e.keyBytes && k instanceof Uint8Array ? k : wordBytes(asWord(k));
          return keccakWord(Buffer.concat([key, wordBytes(asWord(b))]));
        });
      }
      case "keccak":
        return this.product(
          e.parts.map((p) => p.value),
          (values) =>
            keccakWord(
              Buffer.concat(
                values.map((v, i) => {
                  const part = e.parts[i];
                  if (part.mode === "bytes") return v instanceof Uint8Array ? v : wordBytes(v);
                  const word = wordBytes(asWord(v));
                  if (part.mode === "word") return word;
                  const size = part.size ?? 32;
                  return part.align === "left" ? word.subarray(0, size) : word.subarray(32 - size);
                }),
              ),
            ),
        );
      case "sload":
        return this.words(e.slot).flatMap((slot) => this.load(slot, e.shape, e.writes));
    }
  }

  /** The value a load sees: the newest earlier write to the slot, else the pre-state. */
  private load(slot: bigint, shape: LoadShape, writes: WriteLog | null): Value[] {
    for (let l = writes; l; l = l.prev) {
      const w = l.entry;
      // A write on a joined path happened iff its conditions past the shared ones held.
      const cond = w.guard && w.maybe ? w.guard.slice(w.from ?? 0) : w.guard;
      if (cond && this.never(cond)) continue;
      if (w.slot === null) {
        if (w.site !== undefined && this.env.callWrote(w.site) === false) continue;
        throw new Unresolved("storage may have been changed by a call or assembly earlier on");
      }
      let slots: bigint[];
      try {
        slots = this.words(w.slot);
      } catch (error) {
        if (error instanceof Unresolved)
          throw new Unresolved(`an earlier write may alias this slot (${error.message})`);
        throw error;
      }
      if (!slots.includes(slot)) continue;
      if (w.shape && disjoint(w.shape, shape)) continue;
      if (
        slots.length === 1 &&
        w.shape &&
        w.value &&
        w.shape.offset === shape.offset &&
        w.shape.bytes === shape.bytes
      ) {
        // Stored values are kept normalised, as loads return them.
        if (!w.maybe || (cond !== undefined && this.always(cond))) return this.words(w.value);
        // Undecided whether it happened: the value written, or whatever the slot held before.
        let out: Value[];
        try {
          out = [...this.words(w.value)];
        } catch (error) {
          // A value no execution computes: the write did not happen.
          if (!(error instanceof Impossible)) throw error;
          out = [];
        }
        for (const v of this.load(slot, shape, l.prev)) if (!out.some((x) => same(x, v))) out.push(v);
        if (out.length > MAX_OPTIONS) throw new Unresolved("too many alternatives");
        return out;
      }
      throw new Unresolved("slot written earlier in the transaction with a value not known");
    }
    const words = this.env.storage(slot);
    if (typeof words === "bigint") return [extract(words, shape)];
    const out: Value[] = [];
    for (const word of words) {
      const v = extract(word, shape);
      if (!out.some((x) => same(x, v))) out.push(v);
    }
    if (out.length > MAX_OPTIONS) throw new Unresolved("too many alternatives");
    return out;
  }

  /** Whether a path condition is known to be false (some conjunct is zero on every option). */
  never(guard: readonly Expr[]): boolean {
    for (const cond of guard) {
      let no = this.falsity.get(cond);
      if (no === undefined) {
        try {
          no = this.words(cond).every((v) => v === 0n);
        } catch (error) {
          if (!(error instanceof Unresolved)) throw error;
          no = false;
        }
        this.falsity.set(cond, no);
      }
      if (no) return true;
    }
    return false;
  }

  /** Whether every condition of a path is known true (on every option). */
  always(guard: readonly Expr[]): boolean {
    for (const cond of guard) {
      try {
        if (!this.words(cond).every((v) => v !== 0n)) return false;
      } catch (error) {
        if (!(error instanceof Unresolved)) throw error;
        return false;
      }
    }
    return true;
  }

  /** Conditions already judged: guards share most of their conditions. */
  private readonly falsity = new Map<Expr, boolean>();

  /** The values of whichever of `options` may run (see `possibleValues`). */
  private alternatives(options: readonly Expr[]): Value[] {
    return possibleValues(options.map((o) => () => this.eval(o)));
  }

  /** `a && b`, `a || b` as Solidity runs them: `b` only where `a` does not decide. */
  private logical(op: "&&" | "||", a: Expr, b: Expr): Value[] {
    const left = this.words(a);
    const decided = op === "&&" ? 0n : 1n;
    const out: bigint[] = left.some((x) => (op === "&&" ? x === 0n : x !== 0n)) ? [decided] : [];
    if (!left.some((x) => (op === "&&" ? x !== 0n : x === 0n))) return out;
    let right: bigint[];
    try {
      right = this.words(b);
    } catch (error) {
      // The right side cannot run: where it would have, the transaction did not get here.
      if (error instanceof Impossible && out.length > 0) return out;
      throw error;
    }
    for (const r of right) {
      const v = r !== 0n ? 1n : 0n;
      if (!out.includes(v)) out.push(v);
    }
    return out;
  }

  private product(exprs: readonly Expr[], f: (values: Value[]) => Value): Value[] {
    let combos: Value[][] = [[]];
    for (const e of exprs) {
      const options = this.eval(e);
      combos = combos.flatMap((c) => options.map((o) => [...c, o]));
      if (combos.length > MAX_OPTIONS) throw new Unresolved("too many alternatives");
    }
    return combos.map(f);
  }
}

/**
 * The union of the values of whichever alternatives may run. One that no execution reaches
 * (`Impossible`: say, a helper that reverts for these arguments, or a callee that always reverts)
 * is dropped while another may run: only if none can is the whole impossible. Letting it escape
 * would make an enclosing `gphi` drop a path that does run.
 */
export function possibleValues(alternatives: readonly (() => Value[])[]): Value[] {
  const out: Value[] = [];
  let impossible: Impossible | null = null;
  for (const values of alternatives) {
    let vs: Value[];
    try {
      vs = values();
    } catch (error) {
      if (error instanceof Impossible && alternatives.length > 1) {
        impossible = error;
        continue;
      }
      throw error;
    }
    for (const v of vs) if (!out.some((x) => same(x, v))) out.push(v);
  }
  if (out.length === 0 && impossible) throw impossible;
  return out;
}

function same(a: Value, b: Value): boolean {
  if (typeof a === "bigint" || typeof b === "bigint") return a === b;
  return Buffer.from(a).equals(Buffer.from(b));
}

function disjoint(a: LoadShape, b: LoadShape): boolean {
  return a.offset + a.bytes <= b.offset || b.offset + b.bytes <= a.offset;
}

/** The normalised value of a packed field of a slot. */
export function extract(word: bigint, shape: LoadShape): bigint {
  if (shape.bytes >= 32) return word;
  const bits = BigInt(shape.bytes * 8);
  const raw = (word >> BigInt(shape.offset * 8)) & ((1n << bits) - 1n);
  if (shape.align === "int") return BigInt.asUintN(256, BigInt.asIntN(Number(bits), raw));
  if (shape.align === "fixedBytes") return raw << BigInt((32 - shape.bytes) * 8);
  return raw;
}

/** A decoded ABI value as the word (or bytes) Solidity holds on the stack. */
export function normalise(value: unknown, type: ParamType): Value {
  const base = type.baseType;
  if (base === "address") return BigInt(value as string);
  if (base === "bool") return value ? 1n : 0n;
  if (/^u?int\d*$/.test(base)) return BigInt.asUintN(256, value as bigint);
  const m = /^bytes(\d+)$/.exec(base);
  if (m) return BigInt(value as string) << BigInt((32 - Number(m[1])) * 8);
  if (base === "bytes") return Uint8Array.from(Buffer.from((value as string).slice(2), "hex"));
  if (base === "string") return Uint8Array.from(Buffer.from(value as string, "utf8"));
  throw new Unresolved(`whole ${type.format()} argument used as a value`);
}

/** Arguments from decoded calldata (a transaction's own input). */
export function decodedParams(args: Result | null, inputs: readonly ParamType[]): ParamLookup {
  return (index, path) => {
    if (!args) throw new Unresolved("no decoded calldata");
    let value: unknown = args[index];
    let type: ParamType | null = inputs[index] ?? null;
    for (const step of path) {
      if (!type) throw new Unresolved("calldata path");
      if ("member" in step) {
        value = (value as Result)[step.member];
        type = type.components?.[step.member] ?? null;
      } else if ("length" in step) {
        // ethers gives bytes as 0x-hex and strings as JS strings: their lengths in bytes.
        if (type.baseType === "bytes") return [BigInt(((value as string).length - 2) / 2)];
        if (type.baseType === "string") return [BigInt(Buffer.byteLength(value as string, "utf8"))];
        return [BigInt((value as unknown[]).length)];
      } else {
        const list = value as unknown[];
        if (step.index >= BigInt(list.length)) throw new Unresolved("calldata index out of range (the call reverts)");
        value = list[Number(step.index)];
        type = type.arrayChildren;
      }
    }
    if (!type) throw new Unresolved("calldata type");
    return [normalise(value, type)];
  };
}

/**
 * Arguments a caller passed (its expressions, evaluated by the caller's evaluator): a whole
 * value, the length of a byte string, or a path into the caller's own calldata argument.
 */
export function passedParams(args: readonly Expr[], caller: Evaluator): ParamLookup {
  return (index, path) => {
    const arg = args[index];
    if (!arg) throw new Unresolved("argument not passed");
    if (path.length === 0) return caller.eval(arg);
    if (arg.k === "param") {
      const steps: ParamStep[] = path.map((s) => ("index" in s ? { index: { k: "const", value: s.index } } : s));
      return caller.eval({ ...arg, path: [...arg.path, ...steps] });
    }
    if (path.length === 1 && "length" in path[0]) {
      return caller.eval(arg).map((v) => {
        if (typeof v === "bigint") throw new Unresolved("length of a word");
        return BigInt(v.length);
      });
    }
    throw new Unresolved("a member or element of an argument built in memory");
  };
}

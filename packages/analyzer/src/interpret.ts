/**
 * The abstract interpreter: walks an entry point's code (modifiers, internal and library calls
 * inlined with their arguments), keeps locals as symbolic values, and records every storage
 * slot an expression reads or writes. Paths are joined, never chosen: the union over all paths
 * is what a transaction may touch.
 */
import type { ContractDefinition, FunctionDefinition, ModifierDefinition, VariableDeclaration } from "solidity-ast";
import { type AstNode, typeIdOf, typeOf } from "./ast";
import { runAssembly } from "./assembly";
import { recordCall } from "./calls";
import { keccak_256 } from "@noble/hashes/sha3";
import { type Ctx, type Exits, type Frame, type State, cloneState, enter, freshState, newSink, node } from "./context";
import { type BinaryOp, type EnvName, type Expr, type KeccakPart, bin, constant, ite, negate, unknown } from "./expr";
import { convert, maskTo, parseNumber, typeBound, valueType } from "./literals";
import { havocLog, maybeLog, mergeStates } from "./merge";
import {
  indexRef,
  isValueRef,
  load,
  member,
  recordSlot,
  recordWildcard,
  rootRef,
  store,
  touchAll,
  arrayData,
  elementRef,
} from "./storage";
import { type AValue, type Ref, exprOf, unknownMem, unknownRef, unknownVal, val } from "./values";

type N = AstNode;
const arr = (v: unknown): N[] => (Array.isArray(v) ? (v as N[]) : []);
const child = (n: N, field: string): N | undefined => (n[field] as N | null | undefined) ?? undefined;
const text = (ctx: Ctx, n: N): string => ctx.index.text(n.src).replace(/\s+/g, " ");

const ZERO = constant(0n);
const MAX_CALL_DEPTH = 32;

// ---------------------------------------------------------------------------------------------
// Expressions

export function evalExpr(ctx: Ctx, f: Frame, st: State, n: N): AValue {
  switch (n.nodeType) {
    case "Identifier":
    case "IndexAccess":
    case "MemberAccess":
      return autoLoad(ctx, st, evalPlace(ctx, f, st, n), n);
    case "Literal":
      return literal(n);
    case "TupleExpression": {
      const items = arr(n.components).map((c) => (c ? evalExpr(ctx, f, st, c) : unknownVal("empty tuple slot")));
      if (n.isInlineArray) return unknownMem;
      return items.length === 1 ? items[0] : { t: "tuple", items };
    }
    case "BinaryOperation": {
      const op = n.operator as string;
      const left = child(n, "leftExpression") as N;
      const right = child(n, "rightExpression") as N;
      const a = evalExpr(ctx, f, st, left);
      if (op === "&&" || op === "||") {
        // The right side runs only when the left did not decide: its accesses are guarded so.
        const ae = exprOf(a);
        const b = guarded(ctx, st, op === "&&" ? ae : negate(ae), () => evalExpr(ctx, f, st, right));
        return val(bin(op, ae, exprOf(b)));
      }
      const b = evalExpr(ctx, f, st, right);
      if (COMPARE.has(op)) {
        // Signedness from the type both sides are converted to (`0 < x` has an int_const left).
        const common = (n.commonType as { typeString?: string } | undefined)?.typeString ?? typeOf(left);
        const literal = common.startsWith("int_const") || common.startsWith("rational_const");
        if ((valueType(common).kind === "int" && !literal) || (literal && common.includes("-")))
          return unknownVal(`signed comparison ${text(ctx, n)}`);
        return val(bin(op as BinaryOp, exprOf(a), exprOf(b)));
      }
      if (!ARITH.has(op)) return unknownVal(`condition ${text(ctx, n)}`);
      return val(arith(op as BinaryOp, exprOf(a), exprOf(b), typeOf(n)));
    }
    case "UnaryOperation":
      return unary(ctx, f, st, n);
    case "Assignment":
      return assignment(ctx, f, st, n);
    case "Conditional": {
      const c = exprOf(evalExpr(ctx, f, st, child(n, "condition") as N));
      const a = guarded(ctx, st, c, () => evalExpr(ctx, f, st, child(n, "trueExpression") as N));
      const b = guarded(ctx, st, negate(c), () => evalExpr(ctx, f, st, child(n, "falseExpression") as N));
      // One side a word, the other untracked: still a choice, decided by the condition alone.
      const choose = (x: AValue, y: AValue): AValue =>
        x.t === "val" || y.t === "val" ? val(ite(c, exprOf(x), exprOf(y))) : unknownMem;
      if (a.t === "tuple" && b.t === "tuple" && a.items.length === b.items.length)
        return { t: "tuple", items: a.items.map((x, i) => choose(x, b.items[i])) };
      return choose(a, b);
    }
    case "FunctionCall":
      return functionCall(ctx, f, st, n);
    case "FunctionCallOptions":
      for (const o of arr(n.options)) evalExpr(ctx, f, st, o);
      return evalExpr(ctx, f, st, child(n, "expression") as N);
    case "IndexRangeAccess":
      evalExpr(ctx, f, st, child(n, "baseExpression") as N);
      for (const k of ["startExpression", "endExpression"]) if (child(n, k)) evalExpr(ctx, f, st, child(n, k) as N);
      return unknownVal("slice");
    case "NewExpression":
    case "ElementaryTypeNameExpression":
      return unknownVal(text(ctx, n));
    default:
      return unknownVal(`${n.nodeType} not modelled`);
  }
}

const ARITH = new Set(["+", "-", "*", "/", "%", "**", "&", "|", "^", "<<", ">>"]);
const COMPARE = new Set(["==", "!=", "<", ">", "<=", ">="]);

/**
 * Runs `body` on a sub-path that happens only when `cond` holds (a short-circuit operand, a side
 * of `?:`). Conditions the sub-path adds (a callee that may revert) do not outlive it.
 */
function guarded<T>(ctx: Ctx, st: State, cond: Expr, body: () => T): T {
  const saved = st.guard;
  const alive = st.alive;
  const writes = st.writes;
  st.guard = [...saved, cond];
  enter(ctx, st);
  const out = body();
  // The sub-path may not have run: what it wrote is "may have been written" (value unknown
  // unless its condition is known false), and if it always reverts the other side still runs.
  st.writes = maybeLog(writes, st.writes, writes, saved.length);
  st.guard = saved;
  st.alive = alive;
  enter(ctx, st);
  return out;
}

function arith(op: BinaryOp, a: Expr, b: Expr, type: string): Expr {
  const t = valueType(type);
  if (t.kind === "int" && (op === "/" || op === "%" || op === ">>" || op === "**")) return unknown(`signed ${op}`);
  const e = bin(op, a, b);
  if (t.kind === "bytes") return highBytes(e, t.size);
  return t.kind === "uint" || t.kind === "int" ? maskTo(e, t.size, t.kind === "int") : e;
}

/** A bytesN value keeps its N high bytes (a shift or `~` leaves bits below them). */
function highBytes(e: Expr, n: number): Expr {
  if (n >= 32) return e;
  const mask = ((1n << BigInt(n * 8)) - 1n) << BigInt((32 - n) * 8);
  return bin("&", e, constant(mask));
}

function literal(n: N): AValue {
  switch (n.kind) {
    case "bool":
      return val(constant(n.value === "true" ? 1n : 0n));
    case "number": {
      const m = /^int_const (-?\d+)$/.exec(typeOf(n));
      if (m) return val(constant(BigInt(m[1])));
      const v = parseNumber(String(n.value), n.subdenomination as string | null);
      return v === null ? unknownVal(`literal ${String(n.value)}`) : val(constant(v));
    }
    default:
      return val({ k: "bytes", value: Uint8Array.from(Buffer.from(String(n.hexValue), "hex")) });
  }
}

/** A value-type storage location becomes a load; everything else stays a reference. */
function autoLoad(ctx: Ctx, st: State, v: AValue, n: N): AValue {
  if (
    v.t === "ref" &&
    v.ref &&
    (isValueRef(ctx, v.ref) || (v.ref.type === "" && valueType(typeOf(n)).kind !== "other"))
  ) {
    return load(ctx, st, v.ref, n.src);
  }
  if (v.t === "ref" && v.ref === null && !/storage|mapping/.test(typeOf(n))) {
    // A value-type read through a location the analysis lost: the whole contract.
    ctx.sink.accesses.push({
      kind: "wildcard",
      mode: "read",
      scope: "contract",
      reason: v.why ?? "storage location not known",
      src: n.src,
    });
    return unknownVal(v.why ?? "storage location not known");
  }
  if (v.t === "mem" && v.ref && isValueRef(ctx, v.ref)) return loadFromCopy(ctx, v.ref, v.writes);
  // A word read from memory the analysis does not follow (`amounts[i]` of a memory array) is
  // still a word: an unknown one, so that expressions built on it (`c ? 0 : amounts[i]`) keep
  // whatever the other operands decide.
  if (v.t === "mem" && !v.ref && valueType(typeOf(n)).kind !== "other")
    return unknownVal(`${text(ctx, n)}: memory not tracked`);
  return v;
}

function loadFromCopy(
  ctx: Ctx,
  ref: Ref,
  writes: AValue extends never ? never : import("./expr").WriteLog | null,
): AValue {
  const sink = ctx.sink;
  ctx.sink = newSink(); // the copy already read these slots
  const v = load(ctx, freshState(writes), ref, "");
  ctx.sink = sink;
  return v;
}

/** A storage reference flowing into memory (or an event, or abi.encode) is copied: all of it is read. */
export function materialize(ctx: Ctx, st: State, v: AValue, src: string): AValue {
  if (v.t !== "ref") return v;
  if (v.ref === null) {
    ctx.sink.accesses.push({
      kind: "wildcard",
      mode: "read",
      scope: "contract",
      reason: v.why ?? "storage location not known",
      src,
    });
    return unknownMem;
  }
  touchAll(ctx, st, v.ref, "read", src);
  return { t: "mem", ref: v.ref, writes: st.writes };
}

/** Evaluates a location without loading it: storage references stay references. */
export function evalPlace(ctx: Ctx, f: Frame, st: State, n: N): AValue {
  switch (n.nodeType) {
    case "Identifier":
      return identifier(ctx, st, n);
    case "IndexAccess":
      return indexAccess(ctx, f, st, n);
    case "MemberAccess":
      return memberAccess(ctx, f, st, n);
    case "FunctionCall":
      return functionCall(ctx, f, st, n);
    case "TupleExpression": {
      const c = arr(n.components);
      if (c.length === 1 && c[0]) return evalPlace(ctx, f, st, c[0]);
      return evalExpr(ctx, f, st, n);
    }
    case "Conditional": {
      evalExpr(ctx, f, st, child(n, "condition") as N);
      const a = evalPlace(ctx, f, st, child(n, "trueExpression") as N);
      const b = evalPlace(ctx, f, st, child(n, "falseExpression") as N);
      if (
        a.t === "ref" &&
        b.t === "ref" &&
        a.ref &&
        b.ref &&
        a.ref.type === b.ref.type &&
        a.ref.root?.slot === b.ref.root?.slot
      ) {
        return { t: "ref", ref: { ...a.ref, slot: { k: "phi", options: [a.ref.slot, b.ref.slot] } } };
      }
      if (a.t === "ref" || b.t === "ref") return unknownRef(`storage pointer chosen by ${text(ctx, n)}`);
      return a.t === "val" && b.t === "val" ? val({ k: "phi", options: [a.e, b.e] }) : unknownMem;
    }
    default:
      return evalExpr(ctx, f, st, n);
  }
}

export function constantValue(ctx: Ctx, decl: VariableDeclaration): Expr {
  const cached = ctx.constants.get(decl.id);
  if (cached) return cached;
  ctx.constants.set(decl.id, unknown(`constant ${decl.name} refers to itself`));
  let e: Expr = unknown(`constant ${decl.name} has no value`);
  if (decl.value) {
    const sink = ctx.sink;
    ctx.sink = newSink();
    const v = evalExpr(ctx, dummyFrame(ctx), freshState(), decl.value as unknown as N);
    ctx.sink = sink;
    e =
      v.t === "val"
        ? convertValue(v.e, typeOf(decl.value as unknown as N), typeOf(decl as unknown as N))
        : unknown(`constant ${decl.name}`);
  }
  ctx.constants.set(decl.id, e);
  return e;
}

function convertValue(e: Expr, from: string, to: string): Expr {
  if (e.k === "bytes" && /^bytes\d+$/.test(to)) {
    const word = new Uint8Array(32);
    word.set(e.value.subarray(0, 32));
    return constant(BigInt(`0x${Buffer.from(word).toString("hex")}`));
  }
  if (from.startsWith("int_const") || from === to) return e;
  return convert(e, from, to);
}

function dummyFrame(ctx: Ctx): Frame {
  return { scope: ctx.contract, returns: { states: [] }, returnParams: [], loop: null, placeholder: null };
}

function identifier(ctx: Ctx, st: State, n: N): AValue {
  const name = n.name as string;
  if (name === "this") return val({ k: "this" });
  const decl = node(ctx, n.referencedDeclaration as number);
  if (!decl || decl.nodeType !== "VariableDeclaration") return unknownVal(`${name} is not a variable`);
  const v = decl as unknown as VariableDeclaration;
  if (v.stateVariable) {
    if (v.constant) return val(constantValue(ctx, v));
    if (v.mutability === "immutable") return val({ k: "immutable", id: v.id, name: v.name });
    if ((v.mutability as string) === "transient" || (v.storageLocation as string) === "transient")
      return unknownVal(`transient ${v.name} (not a storage key)`);
    const ref = rootRef(ctx, v.id, ctx.contract.name);
    return ref ? { t: "ref", ref } : unknownRef(`state variable ${v.name} is not in the storage layout`);
  }
  const local = st.env.get(v.id);
  if (local) return local;
  if (v.constant) return val(constantValue(ctx, v));
  return unknownVal(`${name} not tracked`);
}

function indexAccess(ctx: Ctx, f: Frame, st: State, n: N): AValue {
  const baseNode = child(n, "baseExpression") as N;
  const base = evalPlace(ctx, f, st, baseNode);
  const indexNode = child(n, "indexExpression");
  const index = indexNode ? exprOf(evalExpr(ctx, f, st, indexNode), "index not tracked") : unknown("no index");
  const keyBytes = indexNode
    ? /^(string|bytes)( |$)/.test(typeOf(indexNode)) || typeOf(indexNode).startsWith("literal_string")
    : false;
  const idxText = indexNode ? text(ctx, indexNode) : "";
  if (base.t === "ref") {
    if (!base.ref) return base;
    if (base.ref.type !== "" && ctx.layout.types?.[base.ref.type]?.encoding === "bytes") {
      recordSlot(ctx, base.ref, "read", n.src);
      recordWildcard(ctx, base.ref, "read", `${base.ref.name}: byte of long bytes data`, n.src);
      return unknownVal("byte of storage bytes");
    }
    const ref = indexRef(ctx, base.ref, index, idxText, keyBytes, n.src);
    return ref ? { t: "ref", ref } : unknownRef(`${text(ctx, n)}: index into a location with no layout`);
  }
  if (base.t === "mem") {
    if (!base.ref) return unknownMem;
    const sink = ctx.sink;
    ctx.sink = newSink();
    const ref = indexRef(ctx, base.ref, index, idxText, keyBytes, n.src);
    ctx.sink = sink;
    return ref ? { t: "mem", ref, writes: base.writes } : unknownMem;
  }
  if (base.t === "val" && base.e.k === "param") return val({ ...base.e, path: [...base.e.path, { index }] });
  return unknownVal(`${text(ctx, n)} not tracked`);
}

function memberAccess(ctx: Ctx, f: Frame, st: State, n: N): AValue {
  const baseNode = child(n, "expression") as N;
  const name = n.memberName as string;
  if (baseNode.nodeType === "Identifier") {
    const b = baseNode.name as string;
    if (b === "msg" && !ctx.index.nodes.has(baseNode.referencedDeclaration as number)) {
      return name === "sender"
        ? val({ k: "sender" })
        : name === "value"
          ? val({ k: "value" })
          : unknownVal(`msg.${name}`);
    }
    if ((b === "block" || b === "tx") && !ctx.index.nodes.has(baseNode.referencedDeclaration as number)) {
      const env = ENV[`${b}.${name}`];
      return env ? val({ k: "env", name: env }) : unknownVal(`${b}.${name}`);
    }
  }
  if (baseNode.nodeType === "FunctionCall" && (child(baseNode, "expression") as N).name === "type") {
    const arg = arr(baseNode.arguments)[0];
    const inner = /^type\((.*)\)$/.exec(typeOf(arg))?.[1] ?? "";
    if (name === "max" || name === "min") return val(typeBound(inner, name));
    return unknownVal(`type(${inner}).${name}`);
  }
  if (name === "selector") {
    const selector = selectorOf(ctx, baseNode);
    if (selector !== null) return val(constant(BigInt(selector) << 224n));
  }
  const decl = node(ctx, n.referencedDeclaration as number);
  if (decl?.nodeType === "EnumValue") return val(constant(BigInt(ctx.index.enumValues.get(decl.id) ?? 0)));
  if (decl?.nodeType === "VariableDeclaration" && (decl as unknown as VariableDeclaration).constant) {
    return val(constantValue(ctx, decl as unknown as VariableDeclaration));
  }
  const baseType = typeOf(baseNode);
  if (/^address( payable)?$/.test(baseType) && ["balance", "code", "codehash"].includes(name)) {
    const target = exprOf(evalExpr(ctx, f, st, baseNode), `address ${text(ctx, baseNode)} not tracked`);
    ctx.sink.accesses.push({
      kind: name === "balance" ? "balance" : "code",
      mode: "read",
      address: target,
      src: n.src,
    });
    return name === "code" ? unknownMem : unknownVal(`${name} of an account`);
  }
  if (name === "length" && (baseNode.nodeType !== "MemberAccess" || (baseNode.memberName as string) !== "code")) {
    const base = evalPlace(ctx, f, st, baseNode);
    return lengthOf(ctx, st, base, n);
  }
  if (name === "length") {
    const owner = child(baseNode, "expression") as N;
    if (/^address( payable)?$/.test(typeOf(owner))) {
      const address = exprOf(evalExpr(ctx, f, st, owner), `address ${text(ctx, owner)} not tracked`);
      ctx.sink.accesses.push({ kind: "code", mode: "read", address, src: n.src });
      return val({ k: "codesize", address });
    }
    evalExpr(ctx, f, st, baseNode);
    return unknownVal("code length");
  }
  const base = evalPlace(ctx, f, st, baseNode);
  if (base.t === "ref") {
    if (!base.ref) return base;
    const ref = member(ctx, base.ref, name) ?? assemblyMember(ctx, base.ref, n);
    return ref ? { t: "ref", ref } : unknownRef(`${text(ctx, n)}: member of a location with no layout (stage 1)`);
  }
  if (base.t === "mem") {
    const ref = base.ref ? member(ctx, base.ref, name) : null;
    return ref ? { t: "mem", ref, writes: base.writes } : unknownMem;
  }
  const index = memberIndex(ctx, n);
  if (base.t === "struct" && index >= 0) return base.fields[index] ?? unknownVal("struct field");
  if (base.t === "val" && base.e.k === "param" && index >= 0)
    return val({ ...base.e, path: [...base.e.path, { member: index }] });
  return unknownVal(`${text(ctx, n)} not tracked`);
}

const ENV: Record<string, EnvName> = {
  "block.timestamp": "timestamp",
  "block.number": "number",
  "block.chainid": "chainid",
  "block.coinbase": "coinbase",
  "block.basefee": "basefee",
  "block.prevrandao": "prevrandao",
  "block.difficulty": "prevrandao",
  "tx.origin": "origin",
  "tx.gasprice": "gasprice",
};

/** The 4-byte selector (`0x…`) of the function, public getter or error an expression names. */
function selectorOf(ctx: Ctx, n: N): string | null {
  const decl = node(ctx, n.referencedDeclaration as number);
  const sel = (decl?.functionSelector ?? decl?.errorSelector) as string | undefined;
  return sel ? `0x${sel}` : null;
}

/** A struct member's position in its definition (for calldata and memory structs). */
function memberIndex(ctx: Ctx, n: N): number {
  const decl = node(ctx, n.referencedDeclaration as number);
  if (!decl || decl.nodeType !== "VariableDeclaration") return -1;
  const struct = node(ctx, decl.scope as number);
  if (!struct || struct.nodeType !== "StructDefinition") return -1;
  return arr(struct.members).findIndex((m) => m.id === decl.id);
}

/**
 * A member of a struct whose slot was set in assembly (OpenZeppelin's `StorageSlot`): the first
 * member sits at the slot itself, whatever the struct; other members would need a layout solc
 * did not give for this slot, so they stay unknown.
 */
function assemblyMember(ctx: Ctx, ref: Ref, n: N): Ref | null {
  if (ref.type !== "" || memberIndex(ctx, n) !== 0) return null;
  return { ...ref, name: `${ref.name}.${n.memberName as string}` };
}

function lengthOf(ctx: Ctx, st: State, base: AValue, n: N): AValue {
  if (base.t === "ref" && base.ref) {
    const type = base.ref.type === "" ? undefined : ctx.layout.types?.[base.ref.type];
    if (type?.encoding === "dynamic_array") {
      const ref = { ...base.ref, offset: 0, name: `${base.ref.name}.length` };
      recordSlot(ctx, ref, "read", n.src);
      return val({ k: "sload", slot: ref.slot, shape: { offset: 0, bytes: 32, align: "uint" }, writes: st.writes });
    }
    if (type?.encoding === "bytes") {
      recordSlot(ctx, base.ref, "read", n.src);
      return unknownVal("length of storage bytes");
    }
    const m = /\[(\d+)\]$/.exec(type?.label ?? "");
    return m ? val(constant(BigInt(m[1]))) : unknownVal("length");
  }
  if (base.t === "ref") return autoLoad(ctx, st, base, n);
  if (base.t === "mem" && base.ref && ctx.layout.types?.[base.ref.type]?.encoding === "dynamic_array") {
    return val({
      k: "sload",
      slot: base.ref.slot,
      shape: { offset: 0, bytes: 32, align: "uint" },
      writes: base.writes,
    });
  }
  if (base.t === "val" && base.e.k === "param") return val({ ...base.e, path: [...base.e.path, { length: true }] });
  return unknownVal("length not tracked");
}

function unary(ctx: Ctx, f: Frame, st: State, n: N): AValue {
  const op = n.operator as string;
  const sub = child(n, "subExpression") as N;
  if (op === "++" || op === "--") {
    // The location is evaluated once (`m[i++]++` moves `i` once).
    const place = sub.nodeType === "Identifier" ? undefined : evalPlace(ctx, f, st, sub);
    const old = place ? autoLoad(ctx, st, place, sub) : evalExpr(ctx, f, st, sub);
    const next = val(arith(op === "++" ? "+" : "-", exprOf(old), constant(1n), typeOf(sub)));
    assignTo(ctx, f, st, sub, next, false, place);
    return n.prefix ? next : old;
  }
  if (op === "delete") {
    assignTo(ctx, f, st, sub, { t: "val", e: ZERO }, true);
    return { t: "tuple", items: [] };
  }
  const v = evalExpr(ctx, f, st, sub);
  if (op === "!") return val(negate(exprOf(v)));
  if (op === "-") return val(arith("-", ZERO, exprOf(v), typeOf(n)));
  if (op === "~") {
    const t = valueType(typeOf(n));
    const e = exprOf(v);
    const inverted: Expr = e.k === "unknown" ? e : { k: "not", a: e };
    return val(
      t.kind === "uint" ? maskTo(inverted, t.size, false) : t.kind === "bytes" ? highBytes(inverted, t.size) : inverted,
    );
  }
  return unknownVal(`${op}${text(ctx, sub)}`);
}

const COMPOUND: Record<string, BinaryOp> = {
  "+=": "+",
  "-=": "-",
  "*=": "*",
  "/=": "/",
  "%=": "%",
  "|=": "|",
  "&=": "&",
  "^=": "^",
  "<<=": "<<",
  ">>=": ">>",
};

function assignment(ctx: Ctx, f: Frame, st: State, n: N): AValue {
  const lhs = child(n, "leftHandSide") as N;
  const rhsNode = child(n, "rightHandSide") as N;
  const op = n.operator as string;
  const rhs = storageTarget(lhs) ? evalPlace(ctx, f, st, rhsNode) : evalExpr(ctx, f, st, rhsNode);
  if (op !== "=") {
    // The location is evaluated once (`m[i++] += 5` moves `i` once).
    const place = lhs.nodeType === "Identifier" ? undefined : evalPlace(ctx, f, st, lhs);
    const old = place ? autoLoad(ctx, st, place, lhs) : evalExpr(ctx, f, st, lhs);
    const next = val(arith(COMPOUND[op], exprOf(old), exprOf(rhs), typeOf(lhs)));
    assignTo(ctx, f, st, lhs, next, false, place);
    return next;
  }
  if (lhs.nodeType === "TupleExpression" && arr(lhs.components).length > 1) {
    const items = rhs.t === "tuple" ? rhs.items : [];
    arr(lhs.components).forEach((c, i) => {
      if (c) assignTo(ctx, f, st, c, items[i] ?? unknownVal("tuple component"));
    });
    return rhs;
  }
  assignTo(ctx, f, st, lhs, rhs);
  return rhs;
}

/** Whether an lvalue is a storage pointer local (assigning re-points it, copies nothing). */
function storageTarget(lhs: N): boolean {
  return lhs.nodeType === "Identifier" && / storage pointer$/.test(typeOf(lhs));
}

function assignTo(ctx: Ctx, f: Frame, st: State, lhs: N, value: AValue, isDelete = false, evaluated?: AValue): void {
  if (lhs.nodeType === "Identifier") {
    const decl = node(ctx, lhs.referencedDeclaration as number) as unknown as VariableDeclaration | undefined;
    if (decl && decl.nodeType === "VariableDeclaration" && !decl.stateVariable) {
      if (decl.storageLocation === "storage") st.env.set(decl.id, isDelete ? unknownRef("deleted pointer") : value);
      else
        st.env.set(
          decl.id,
          value.t === "ref"
            ? materialize(ctx, st, value, lhs.src)
            : isDelete && !isValueTypeString(typeOf(lhs))
              ? unknownMem
              : value,
        );
      return;
    }
  }
  if (lhs.nodeType === "TupleExpression" && arr(lhs.components).length === 1) {
    assignTo(ctx, f, st, arr(lhs.components)[0], value, isDelete);
    return;
  }
  const place = evaluated ?? evalPlace(ctx, f, st, lhs);
  if (place.t === "ref") {
    if (!place.ref) {
      ctx.sink.accesses.push({
        kind: "wildcard",
        mode: "write",
        scope: "contract",
        reason: place.why ?? "storage location not known",
        src: lhs.src,
      });
      st.writes = { entry: { slot: null, shape: null, value: null }, prev: st.writes };
      return;
    }
    if (isValueRef(ctx, place.ref) || place.ref.type === "") {
      store(ctx, st, place.ref, value.t === "val" ? value.e : null, lhs.src);
      return;
    }
    if (value.t === "ref") materialize(ctx, st, value, lhs.src);
    touchAll(ctx, st, place.ref, "write", lhs.src);
    return;
  }
  const baseNode = child(lhs, lhs.nodeType === "IndexAccess" ? "baseExpression" : "expression");
  if (baseNode && / storage (ref|pointer)$/.test(typeOf(baseNode))) {
    // A location in storage the place did not resolve (a byte of storage `bytes`): all of it.
    const base = evalPlace(ctx, f, st, baseNode);
    if (base.t === "ref" && base.ref) touchAll(ctx, st, base.ref, "write", lhs.src);
    else {
      ctx.sink.accesses.push({
        kind: "wildcard",
        mode: "write",
        scope: "contract",
        reason: `${text(ctx, lhs)}: storage location not resolved`,
        src: lhs.src,
      });
      st.writes = { entry: { slot: null, shape: null, value: null }, prev: st.writes };
    }
    return;
  }
  // A member or element of a memory value: it, and any local that may alias it, no longer
  // mirror anything known.
  const root = rootLocal(lhs);
  if (root !== null) st.env.set(root, unknownMem);
  forgetMemory(ctx, st, baseNode ? typeOf(baseNode) : "*");
}

/**
 * An object of memory type `written` changed: every memory local that may reach it (the same
 * type, or a struct/array holding that type) no longer mirrors anything known. Memory of
 * unrelated types cannot alias. `*` (assembly writing memory): every memory local.
 */
export function forgetMemory(ctx: Ctx, st: State, written: string): void {
  const w = memoryType(written);
  ctx.memoryWrites.add(w);
  for (const id of st.env.keys()) {
    const decl = node(ctx, id) as unknown as VariableDeclaration | undefined;
    if (decl?.nodeType !== "VariableDeclaration" || decl.storageLocation !== "memory") continue;
    if (w === "*" || mayHold(ctx, memoryType(typeOf(decl as unknown as N)), w, 0)) st.env.set(id, unknownMem);
  }
}

const memoryType = (t: string): string =>
  t === "*" ? t : t.replace(/ (memory|calldata|storage ref|storage pointer|storage)\b/g, "").trim();

/** Whether a value of type `holder` may be or contain an object of type `inner`. */
function mayHold(ctx: Ctx, holder: string, inner: string, depth: number): boolean {
  if (holder === inner) return true;
  if (depth > 8) return true;
  const array = /^(.*)\[\d*\]$/.exec(holder);
  if (array) return mayHold(ctx, array[1], inner, depth + 1);
  const struct = /^struct (.+)$/.exec(holder);
  if (!struct) return false;
  const def = ctx.index.structs.get(struct[1]);
  if (!def) return true; // not found: assume it may
  return arr(def.members).some((m) => mayHold(ctx, memoryType(typeOf(m)), inner, depth + 1));
}

function isValueTypeString(t: string): boolean {
  return valueType(t).kind !== "other";
}

function rootLocal(n: N): number | null {
  let cur: N | undefined = n;
  while (cur && (cur.nodeType === "IndexAccess" || cur.nodeType === "MemberAccess")) {
    cur = child(cur, cur.nodeType === "IndexAccess" ? "baseExpression" : "expression");
  }
  return cur?.nodeType === "Identifier" ? (cur.referencedDeclaration as number) : null;
}

// ---------------------------------------------------------------------------------------------
// Calls

function functionCall(ctx: Ctx, f: Frame, st: State, n: N): AValue {
  const args = arr(n.arguments);
  let callee = child(n, "expression") as N;
  let valueOption: Expr | null = null;
  if (callee.nodeType === "FunctionCallOptions") {
    const names = callee.names as string[];
    arr(callee.options).forEach((o, i) => {
      const v = evalExpr(ctx, f, st, o);
      if (names[i] === "value") valueOption = exprOf(v);
    });
    callee = child(callee, "expression") as N;
  }
  if (n.kind === "typeConversion") {
    const v = args[0] ? evalExpr(ctx, f, st, args[0]) : unknownVal("conversion");
    if (v.t !== "val") return v;
    return val(convertValue(v.e, typeOf(args[0]), typeOf(n)));
  }
  if (n.kind === "structConstructorCall") {
    const values = args.map((a) => materialize(ctx, st, evalExpr(ctx, f, st, a), a.src));
    const names = n.names as string[];
    if (names.length === 0) return { t: "struct", fields: values };
    const struct = node(ctx, callee.referencedDeclaration as number);
    const order = arr(struct?.members).map((m) => names.indexOf(m.name as string));
    return { t: "struct", fields: order.map((i) => values[i] ?? unknownVal("field")) };
  }
  const decl = node(ctx, callee.referencedDeclaration as number);
  if (callee.nodeType === "Identifier" || callee.nodeType === "IdentifierPath") {
    if (decl?.nodeType === "FunctionDefinition") {
      const fn = resolveVirtual(ctx, decl as unknown as FunctionDefinition, 0);
      return inlineCall(ctx, f, st, fn, args, null, n);
    }
    if (decl?.nodeType === "VariableDeclaration") {
      args.forEach((a) => evalExpr(ctx, f, st, a));
      ctx.sink.accesses.push({
        kind: "wildcard",
        mode: "write",
        scope: "any",
        reason: `call through function pointer ${text(ctx, callee)} not followed`,
        src: n.src,
      });
      ctx.sink.accesses.push({
        kind: "wildcard",
        mode: "read",
        scope: "any",
        reason: `call through function pointer ${text(ctx, callee)} not followed`,
        src: n.src,
      });
      st.writes = { entry: { slot: null, shape: null, value: null }, prev: st.writes };
      return unknownVal("function pointer result");
    }
    if (decl === undefined) return builtin(ctx, f, st, n, callee.name as string, args);
    args.forEach((a) => materialize(ctx, st, evalExpr(ctx, f, st, a), a.src));
    return unknownVal(`${text(ctx, callee)}(…)`);
  }
  if (callee.nodeType === "MemberAccess") return memberCall(ctx, f, st, n, callee, decl, args, valueOption);
  if (callee.nodeType === "NewExpression" && !/^contract /.test(typeOf(child(callee, "typeName")))) {
    // `new uint256[](n)`, `new bytes(n)`: a memory allocation, no state touched.
    args.forEach((a) => evalExpr(ctx, f, st, a));
    return typeOf(n) === "bytes memory" && args[0] ? sizedBytes(exprOf(evalExpr(ctx, f, st, args[0]))) : unknownMem;
  }
  evalExpr(ctx, f, st, callee);
  args.forEach((a) => evalExpr(ctx, f, st, a));
  ctx.sink.accesses.push({
    kind: "wildcard",
    mode: "write",
    scope: "any",
    reason: `call through ${text(ctx, callee)} not followed`,
    src: n.src,
  });
  ctx.sink.accesses.push({
    kind: "wildcard",
    mode: "read",
    scope: "any",
    reason: `call through ${text(ctx, callee)} not followed`,
    src: n.src,
  });
  return unknownVal("call result");
}

/** `new bytes(n)` with `n` known: n zero bytes (its length is what callees look at). */
function sizedBytes(n: Expr): AValue {
  return n.k === "const" && n.value <= 4096n ? val({ k: "bytes", value: new Uint8Array(Number(n.value)) }) : unknownMem;
}

function builtin(ctx: Ctx, f: Frame, st: State, n: N, name: string, args: N[]): AValue {
  const values = args.map((a) => materialize(ctx, st, evalExpr(ctx, f, st, a), a.src));
  switch (name) {
    case "revert":
      st.alive = false;
      return unknownVal("revert");
    case "require":
    case "assert": {
      // What follows runs only if the condition held.
      const cond = values[0]?.t === "val" ? values[0].e : null;
      if (cond && cond.k === "const" && cond.value === 0n) st.alive = false;
      else if (cond && cond.k !== "unknown" && cond.k !== "const") {
        st.guard = [...st.guard, cond];
        enter(ctx, st);
      }
      return { t: "tuple", items: [] };
    }
    case "keccak256": {
      const v = values[0];
      if (v?.t === "enc")
        return v.parts ? val({ k: "keccak", parts: v.parts }) : unknownVal("keccak256 of an encoding not modelled");
      if (v?.t === "val") return val({ k: "keccak", parts: [{ value: v.e, mode: "bytes" }] });
      return unknownVal("keccak256 of memory data");
    }
    case "selfdestruct":
      ctx.sink.accesses.push({ kind: "balance", mode: "write", address: { k: "this" }, src: n.src });
      if (values[0]?.t === "val")
        ctx.sink.accesses.push({ kind: "balance", mode: "write", address: values[0].e, src: n.src });
      return unknownVal("selfdestruct");
    default:
      return unknownVal(`${name}(…)`);
  }
}

function memberCall(
  ctx: Ctx,
  f: Frame,
  st: State,
  n: N,
  callee: N,
  decl: N | undefined,
  args: N[],
  value: Expr | null,
): AValue {
  const baseNode = child(callee, "expression") as N;
  const name = callee.memberName as string;
  const baseType = typeOf(baseNode);
  if (baseNode.nodeType === "Identifier" && baseNode.name === "abi") {
    if (name === "encodeCall") return encodeCall(ctx, f, st, args);
    const values = args.map((a) => materialize(ctx, st, evalExpr(ctx, f, st, a), a.src));
    if (name === "encode" || name === "encodePacked")
      return { t: "enc", parts: encodeParts(ctx, args, values, name === "encodePacked") };
    if (name === "encodeWithSelector" || name === "encodeWithSignature") {
      const first = values[0];
      let selector: string | null = null;
      if (name === "encodeWithSelector" && first?.t === "val" && first.e.k === "const")
        selector = `0x${(first.e.value >> 224n).toString(16).padStart(8, "0")}`;
      if (name === "encodeWithSignature" && first?.t === "val" && first.e.k === "bytes")
        selector = `0x${Buffer.from(keccak_256(first.e.value)).subarray(0, 4).toString("hex")}`;
      if (selector === null) return { t: "enc", parts: null };
      return { t: "enc", parts: null, call: { selector, args: values.slice(1).map((v) => exprOf(v)) } };
    }
    return name === "decode" ? unknownVal("abi.decode") : { t: "enc", parts: null };
  }
  if (baseNode.nodeType === "Identifier" && baseNode.name === "super" && decl?.nodeType === "FunctionDefinition") {
    const at = ctx.linearization.findIndex((c) => c.id === f.scope.id);
    return inlineCall(ctx, f, st, resolveVirtual(ctx, decl as unknown as FunctionDefinition, at + 1), args, null, n);
  }
  if (decl?.nodeType === "FunctionDefinition") {
    const fn = decl as unknown as FunctionDefinition;
    const owner = node(ctx, ctx.index.scopeOf.get(fn.id)) as unknown as ContractDefinition | undefined;
    if (owner?.contractKind === "library") {
      // Internal library calls are inlined; public ones run by DELEGATECALL in this storage: the
      // same, except that solc first checks the linked library has code when no data comes back.
      if ((fn.visibility === "public" || fn.visibility === "external") && fn.returnParameters.parameters.length === 0)
        ctx.sink.accesses.push({
          kind: "code",
          mode: "read",
          address: { k: "immutable", id: -owner.id, name: `address(${owner.name})` },
          src: n.src,
        });
      const bound = baseType.startsWith("type(library") ? null : baseNode;
      return inlineCall(ctx, f, st, fn, args, bound, n);
    }
    if (baseType.startsWith("type(contract") || baseType.startsWith("type(abstract")) {
      return inlineCall(ctx, f, st, fn, args, null, n); // `Base.f()`: a non-virtual internal call
    }
  }
  if (/ storage (ref|pointer)$/.test(baseType) && (name === "push" || name === "pop")) {
    const base = evalPlace(ctx, f, st, baseNode);
    const values = args.map((a) => evalExpr(ctx, f, st, a));
    return pushPop(ctx, st, base, name, values[0], n);
  }
  if (/^address( payable)?$/.test(baseType)) {
    const target = exprOf(evalExpr(ctx, f, st, baseNode), `address ${text(ctx, baseNode)} not tracked`);
    const values = args.map((a) => evalExpr(ctx, f, st, a));
    const who = text(ctx, baseNode);
    if (name === "transfer" || name === "send") {
      recordCall(ctx, st, {
        target,
        kind: "transfer",
        value: exprOf(values[0] ?? unknownVal("amount")),
        text: who,
        src: n.src,
      });
      return unknownVal("send result");
    }
    if (name === "call" || name === "delegatecall" || name === "staticcall") {
      const data = values[0];
      const encoded =
        data?.t === "enc" && data.call
          ? data.call
          : data?.t === "val" && data.e.k === "bytes" && data.e.value.length === 0
            ? { selector: null, args: [] }
            : null;
      recordCall(ctx, st, {
        target,
        kind: name,
        value: name === "call" ? (value ?? ZERO) : null,
        text: `${who} (low-level ${name})`,
        src: n.src,
        selector: encoded?.selector ?? null,
        args: encoded?.args ?? null,
      });
      return { t: "tuple", items: [unknownVal("call success"), unknownMem] };
    }
  }
  if (/^contract /.test(baseType) || baseType.startsWith("address")) {
    const target = exprOf(evalExpr(ctx, f, st, baseNode), `address ${text(ctx, baseNode)} not tracked`);
    const values = args.map((a) => exprOf(materialize(ctx, st, evalExpr(ctx, f, st, a), a.src)));
    const view =
      decl &&
      (decl.stateMutability === "view" || decl.stateMutability === "pure" || decl.nodeType === "VariableDeclaration");
    const selector = decl ? selectorOf(ctx, callee) : null;
    const site = recordCall(ctx, st, {
      target,
      kind: view ? "staticcall" : "call",
      value,
      text: text(ctx, callee),
      src: n.src,
      selector,
      args: selector === null ? null : values,
      // solc ≥ 0.8.10 skips the check when it will decode return data.
      checksCode: !(
        decl?.nodeType === "VariableDeclaration" ||
        (decl !== undefined && arr(child(decl, "returnParameters")?.parameters).length > 0)
      ),
    });
    return callResults(decl, site, text(ctx, callee));
  }
  if (decl?.nodeType === "FunctionDefinition") {
    // A free function: attached with `using {f} for T` (the base is its first argument), or
    // reached through an imported module.
    const fn = decl as unknown as FunctionDefinition;
    const owner = node(ctx, ctx.index.scopeOf.get(fn.id));
    if (!owner || owner.nodeType === "SourceUnit")
      return inlineCall(ctx, f, st, fn, args, baseType.startsWith("module") ? null : baseNode, n);
  }
  evalExpr(ctx, f, st, baseNode);
  args.forEach((a) => materialize(ctx, st, evalExpr(ctx, f, st, a), a.src));
  if (decl !== undefined && (decl.nodeType === "FunctionDefinition" || /^function /.test(typeOf(callee)))) {
    // A function this analysis does not resolve (a function-typed member, say): anything.
    const reason = `call through ${text(ctx, callee)} not followed`;
    ctx.sink.accesses.push({ kind: "wildcard", mode: "write", scope: "any", reason, src: n.src });
    ctx.sink.accesses.push({ kind: "wildcard", mode: "read", scope: "any", reason, src: n.src });
    st.writes = { entry: { slot: null, shape: null, value: null }, prev: st.writes };
    return unknownVal(reason);
  }
  if (/^function .* external/.test(typeOf(callee)) || decl === undefined) {
    if (!["selector", "encode", "concat", "wrap", "unwrap"].includes(name) && !/^type\(/.test(baseType)) {
      if (/^(bytes|string)/.test(baseType) || /\[\]/.test(baseType)) return unknownVal(`${name}`);
    }
  }
  if (name === "wrap" || name === "unwrap") return unknownVal(`${name}`);
  if (name === "concat") return unknownMem;
  return unknownVal(`${text(ctx, callee)}(…)`);
}

/** `abi.encodeCall(I.f, (a, b))`: the call it encodes, for a low-level call to follow. */
function encodeCall(ctx: Ctx, f: Frame, st: State, args: N[]): AValue {
  const selector = args[0] ? selectorOf(ctx, args[0]) : null;
  const tuple = args[1];
  const items = !tuple ? [] : tuple.nodeType === "TupleExpression" ? arr(tuple.components) : [tuple];
  const values = items.map((a) => exprOf(materialize(ctx, st, evalExpr(ctx, f, st, a), a.src)));
  return selector === null ? { t: "enc", parts: null } : { t: "enc", parts: null, call: { selector, args: values } };
}

/** What a typed external call returns: symbolic results the concretizer fills in from the callee. */
function callResults(decl: N | undefined, site: number, what: string): AValue {
  const outs: N[] =
    decl?.nodeType === "FunctionDefinition"
      ? arr(child(decl, "returnParameters")?.parameters)
      : decl?.nodeType === "VariableDeclaration"
        ? [decl]
        : [];
  // A getter of a mapping or array returns its value type, not the variable's: left unknown.
  const results = outs.map((p, index) =>
    valueType(typeOf(p)).kind !== "other"
      ? val({ k: "ret", site, index, text: what })
      : unknownVal(`result of ${what}`),
  );
  if (results.length === 0) return unknownVal(`result of ${what}`);
  return results.length === 1 ? results[0] : { t: "tuple", items: results };
}

function pushPop(ctx: Ctx, st: State, base: AValue, name: string, pushed: AValue | undefined, n: N): AValue {
  if (base.t !== "ref" || !base.ref) {
    ctx.sink.accesses.push({
      kind: "wildcard",
      mode: "write",
      scope: "contract",
      reason: `${name} on a location not known`,
      src: n.src,
    });
    return unknownVal(name);
  }
  const ref = base.ref;
  const type = ctx.layout.types?.[ref.type];
  if (!type || type.encoding !== "dynamic_array" || !type.base) {
    touchAll(ctx, st, ref, "write", n.src); // bytes.push / pop: the length slot and the data
    return unknownVal(name);
  }
  const lengthRef: Ref = { ...ref, offset: 0, name: `${ref.name}.length` };
  const length: Expr = {
    k: "sload",
    slot: ref.slot,
    shape: { offset: 0, bytes: 32, align: "uint" },
    writes: st.writes,
  };
  recordSlot(ctx, lengthRef, "read", n.src);
  const index = name === "push" ? length : bin("-", length, constant(1n));
  const element = elementRef(
    ctx,
    ref,
    type.base,
    arrayData(ref.slot),
    index,
    `${ref.name}[${name === "push" ? "length" : "length-1"}]`,
  );
  if (isValueRef(ctx, element))
    store(ctx, st, element, pushed?.t === "val" ? pushed.e : name === "push" ? ZERO : ZERO, n.src);
  else touchAll(ctx, st, element, "write", n.src);
  store(ctx, st, lengthRef, name === "push" ? bin("+", length, constant(1n)) : index, n.src);
  return name === "push" && !pushed ? { t: "ref", ref: element } : { t: "tuple", items: [] };
}

/** The words abi.encode / abi.encodePacked lays out, when every argument is a value type or a static struct. */
function encodeParts(ctx: Ctx, args: N[], values: AValue[], packed: boolean): KeccakPart[] | null {
  const parts: KeccakPart[] = [];
  for (const [i, a] of args.entries()) {
    if (!pushParts(ctx, parts, typeOf(a), typeIdOf(a), values[i], packed)) return null;
  }
  return parts;
}

function pushParts(ctx: Ctx, parts: KeccakPart[], type: string, typeId: string, v: AValue, packed: boolean): boolean {
  const t = valueType(type);
  if (t.kind !== "other" || type.startsWith("int_const")) {
    const value = exprOf(v);
    if (!packed) parts.push({ value, mode: "word" });
    else if (t.kind === "bytes") parts.push({ value, mode: "packed", size: t.size, align: "left" });
    else parts.push({ value, mode: "packed", size: type.startsWith("int_const") ? 32 : t.size / 8, align: "right" });
    return true;
  }
  if (packed && /^(bytes|string|literal_string)( |$)/.test(type) && v.t === "val") {
    parts.push({ value: v.e, mode: "bytes" });
    return true;
  }
  const m = /^t_struct\$_\w+?_\$(\d+)_/.exec(typeId);
  if (!packed && m) {
    const struct = ctx.index.nodes.get(Number(m[1]));
    for (const [i, mem] of arr(struct?.members).entries()) {
      const field: AValue =
        v.t === "struct"
          ? (v.fields[i] ?? unknownVal("field"))
          : v.t === "val" && v.e.k === "param"
            ? val({ ...v.e, path: [...v.e.path, { member: i }] })
            : v.t === "mem" && v.ref
              ? memField(ctx, v, mem.name as string)
              : unknownVal("struct field");
      if (!pushParts(ctx, parts, typeOf(mem), typeIdOf(mem), field, false)) return false;
    }
    return true;
  }
  return false;
}

function memField(ctx: Ctx, v: AValue & { t: "mem" }, name: string): AValue {
  const ref = v.ref ? member(ctx, v.ref, name) : null;
  return ref && isValueRef(ctx, ref) ? loadFromCopy(ctx, ref, v.writes) : unknownVal("struct field");
}

/** The implementation a call to `fn` runs in the most derived contract, searching from `from`. */
function resolveVirtual(ctx: Ctx, fn: FunctionDefinition, from: number): FunctionDefinition {
  const owner = node(ctx, ctx.index.scopeOf.get(fn.id)) as unknown as ContractDefinition | undefined;
  if (!owner || owner.contractKind === "library" || !ctx.linearization.some((c) => c.id === owner.id)) return fn;
  const sig = (g: FunctionDefinition): string =>
    g.parameters.parameters.map((p) => typeIdOf(p as unknown as N)).join(",");
  for (const c of ctx.linearization.slice(from)) {
    for (const part of c.nodes) {
      const g = part as unknown as FunctionDefinition;
      if (
        g.nodeType === "FunctionDefinition" &&
        g.name === fn.name &&
        g.kind === fn.kind &&
        g.body &&
        sig(g) === sig(fn)
      )
        return g;
    }
  }
  return fn;
}

function resolveModifier(ctx: Ctx, m: ModifierDefinition): ModifierDefinition {
  for (const c of ctx.linearization) {
    for (const part of c.nodes) {
      const g = part as unknown as ModifierDefinition;
      if (g.nodeType === "ModifierDefinition" && g.name === m.name && g.body) return g;
    }
  }
  return m;
}

function inlineCall(ctx: Ctx, f: Frame, st: State, fn: FunctionDefinition, args: N[], bound: N | null, n: N): AValue {
  const params = fn.parameters.parameters;
  const argNodes = bound ? [bound, ...args] : args;
  const values = argNodes.map((a, i) => {
    const p = params[i];
    if (p?.storageLocation === "storage") return evalPlace(ctx, f, st, a);
    return materialize(ctx, st, evalExpr(ctx, f, st, a), a.src);
  });
  // A memory argument is passed by reference: what the callee writes in memory, the caller's
  // locals of those types may see.
  const outer = ctx.memoryWrites;
  ctx.memoryWrites = new Set();
  const result = callFunction(ctx, st, fn, values, n.src);
  const written = ctx.memoryWrites;
  ctx.memoryWrites = outer;
  for (const w of written) forgetMemory(ctx, st, w);
  return result;
}

/** Runs a function (with its modifiers) on `args`, updating the caller's path; returns its result. */
export function callFunction(
  ctx: Ctx,
  st: State,
  fn: FunctionDefinition,
  args: readonly AValue[],
  src: string,
): AValue {
  const scope = node(ctx, ctx.index.scopeOf.get(fn.id)) as unknown as ContractDefinition | undefined;
  if (!fn.body || ctx.callStack.includes(fn.id) || ctx.callStack.length >= MAX_CALL_DEPTH) {
    const reason = fn.body ? `recursive call to ${fn.name} not unrolled` : `${fn.name} has no body here`;
    ctx.sink.accesses.push({ kind: "wildcard", mode: "write", scope: "any", reason, src });
    ctx.sink.accesses.push({ kind: "wildcard", mode: "read", scope: "any", reason, src });
    st.writes = { entry: { slot: null, shape: null, value: null }, prev: st.writes };
    return unknownVal(reason);
  }
  ctx.callStack.push(fn.id);
  // `unchecked { f(); }` does not make f's own arithmetic unchecked.
  const unchecked = ctx.unchecked;
  ctx.unchecked = 0;
  const inner = freshState(st.writes, st.guard);
  fn.parameters.parameters.forEach((p, i) => inner.env.set(p.id, args[i] ?? unknownVal("argument")));
  const returnIds = fn.returnParameters.parameters.map((p) => p.id);
  for (const p of fn.returnParameters.parameters) inner.env.set(p.id, defaultValue(p));
  const frameScope = scope ?? ctx.contract;
  const modifiers = (fn.modifiers ?? []).filter(
    (m) => node(ctx, m.modifierName.referencedDeclaration)?.nodeType === "ModifierDefinition",
  );
  const outer: Frame = {
    scope: frameScope,
    returns: { states: [] },
    returnParams: returnIds,
    loop: null,
    placeholder: null,
  };
  const body = fn.body;
  const run = (i: number, s: State): State => {
    if (i === modifiers.length) {
      const bodyFrame: Frame = {
        scope: frameScope,
        returns: { states: [] },
        returnParams: returnIds,
        loop: null,
        placeholder: null,
      };
      execBlock(ctx, bodyFrame, s, body as unknown as N);
      return mergeStates([s, ...bodyFrame.returns.states]);
    }
    const inv = modifiers[i];
    const mod = resolveModifier(
      ctx,
      node(ctx, inv.modifierName.referencedDeclaration) as unknown as ModifierDefinition,
    );
    const modScope =
      (node(ctx, ctx.index.scopeOf.get(mod.id)) as unknown as ContractDefinition | undefined) ?? ctx.contract;
    const own = declaredIn(mod as unknown as N);
    const modFrame: Frame = {
      scope: modScope,
      returns: { states: [] },
      returnParams: [],
      loop: null,
      placeholder: (at) => {
        // The same modifier applied twice must find its own arguments and locals after `_`.
        const saved = own.map((id) => [id, at.env.get(id)] as const);
        const end = run(i + 1, at);
        for (const [id, v] of saved)
          if (v === undefined) end.env.delete(id);
          else end.env.set(id, v);
        return end;
      },
    };
    arr(inv.arguments).forEach((a, k) => {
      const p = mod.parameters.parameters[k];
      if (p) s.env.set(p.id, materialize(ctx, s, evalExpr(ctx, modFrame, s, a as N), a.src as string));
    });
    if (mod.body) execBlock(ctx, modFrame, s, mod.body as unknown as N);
    return mergeStates([s, ...modFrame.returns.states]);
  };
  const end = run(0, inner);
  void outer;
  ctx.unchecked = unchecked;
  ctx.callStack.pop();
  st.writes = end.writes;
  st.alive = st.alive && end.alive;
  // What every path out of the callee requires (a `require` in it) holds after the call too.
  if (end.alive) st.guard = end.guard;
  enter(ctx, st);
  const results = returnIds.map((id) => end.env.get(id) ?? unknownVal("return value"));
  return results.length === 1 ? results[0] : { t: "tuple", items: results };
}

/** Ids of the variables a modifier or function declares (parameters and locals). */
function declaredIn(root: N): number[] {
  const out: number[] = [];
  const visit = (v: unknown): void => {
    if (Array.isArray(v)) return v.forEach(visit);
    if (typeof v !== "object" || v === null) return;
    const x = v as N;
    if (x.nodeType === "VariableDeclaration") out.push(x.id as number);
    for (const [k, c] of Object.entries(x)) if (k !== "typeDescriptions" && typeof c === "object") visit(c);
  };
  visit(root);
  return out;
}

function defaultValue(p: VariableDeclaration): AValue {
  if (p.storageLocation === "storage") return unknownRef("uninitialised storage pointer");
  if (valueType(typeOf(p as unknown as N)).kind !== "other") return val(ZERO);
  return unknownMem;
}

// ---------------------------------------------------------------------------------------------
// Statements

export function execBlock(ctx: Ctx, f: Frame, st: State, block: N): void {
  for (const s of arr(block.statements)) {
    if (!st.alive) return;
    exec(ctx, f, st, s);
  }
}

function replace(st: State, next: State): void {
  st.env = next.env;
  st.writes = next.writes;
  st.alive = next.alive;
  st.guard = next.guard;
}

function exit(st: State, exits: Exits): void {
  exits.states.push(cloneState(st));
  st.alive = false;
}

export function exec(ctx: Ctx, f: Frame, st: State, s: N): void {
  enter(ctx, st);
  switch (s.nodeType) {
    case "Block":
      execBlock(ctx, f, st, s);
      return;
    case "UncheckedBlock":
      ctx.unchecked++;
      execBlock(ctx, f, st, s);
      ctx.unchecked--;
      return;
    case "ExpressionStatement":
      evalExpr(ctx, f, st, child(s, "expression") as N);
      return;
    case "VariableDeclarationStatement":
      return declare(ctx, f, st, s);
    case "IfStatement": {
      const cond = exprOf(evalExpr(ctx, f, st, child(s, "condition") as N));
      const a = cloneState(st);
      const b = cloneState(st);
      a.guard = [...st.guard, cond];
      b.guard = [...st.guard, negate(cond)];
      if (cond.k === "const") (cond.value === 0n ? a : b).alive = false;
      if (a.alive) exec(ctx, f, a, child(s, "trueBody") as N);
      const falseBody = child(s, "falseBody");
      if (falseBody && b.alive) exec(ctx, f, b, falseBody);
      replace(st, mergeStates([a, b], cond));
      enter(ctx, st);
      return;
    }
    case "ForStatement":
    case "WhileStatement":
    case "DoWhileStatement":
      return loop(ctx, f, st, s);
    case "Return": {
      const e = child(s, "expression");
      if (e) {
        const storageReturn =
          / storage (ref|pointer)$/.test(typeOf(e)) &&
          f.returnParams.some((id) => (node(ctx, id) as unknown as VariableDeclaration).storageLocation === "storage");
        const v = storageReturn ? evalPlace(ctx, f, st, e) : evalExpr(ctx, f, st, e);
        const items = f.returnParams.length > 1 && v.t === "tuple" ? v.items : [v];
        f.returnParams.forEach((id, i) => {
          const p = node(ctx, id) as unknown as VariableDeclaration;
          const item = items[i] ?? unknownVal("return value");
          st.env.set(id, p.storageLocation === "storage" ? item : materialize(ctx, st, item, s.src));
        });
      }
      exit(st, f.returns);
      return;
    }
    case "Break":
      if (f.loop) exit(st, f.loop.breaks);
      else st.alive = false;
      return;
    case "Continue":
      if (f.loop) exit(st, f.loop.continues);
      else st.alive = false;
      return;
    case "RevertStatement":
      for (const a of arr((child(s, "errorCall") as N).arguments)) materialize(ctx, st, evalExpr(ctx, f, st, a), a.src);
      st.alive = false;
      return;
    case "EmitStatement":
      for (const a of arr((child(s, "eventCall") as N).arguments)) materialize(ctx, st, evalExpr(ctx, f, st, a), a.src);
      return;
    case "PlaceholderStatement":
      if (f.placeholder) replace(st, f.placeholder(cloneState(st)));
      enter(ctx, st);
      return;
    case "InlineAssembly":
      runAssembly(ctx, st, s);
      return;
    case "TryStatement": {
      evalExpr(ctx, f, st, child(s, "externalCall") as N);
      const ends = arr(s.clauses).map((c) => {
        const branch = cloneState(st);
        // Which clause runs depends on the callee's outcome: never decided here.
        branch.guard = [...st.guard, unknown("which try/catch clause runs")];
        for (const p of arr(child(c, "parameters")?.parameters))
          branch.env.set(p.id, valueType(typeOf(p)).kind !== "other" ? unknownVal("try result") : unknownMem);
        execBlock(ctx, f, branch, child(c, "block") as N);
        return branch;
      });
      replace(st, mergeStates(ends));
      enter(ctx, st);
      return;
    }
    default:
      ctx.sink.warnings.add(`statement ${s.nodeType} not modelled`);
      return;
  }
}

function declare(ctx: Ctx, f: Frame, st: State, s: N): void {
  const decls = arr(s.declarations);
  const init = child(s, "initialValue");
  if (!init) {
    for (const d of decls) if (d) st.env.set(d.id, defaultValue(d as unknown as VariableDeclaration));
    return;
  }
  const single = decls.length === 1 ? (decls[0] as unknown as VariableDeclaration | null) : null;
  const v = single?.storageLocation === "storage" ? evalPlace(ctx, f, st, init) : evalExpr(ctx, f, st, init);
  const items = decls.length > 1 ? (v.t === "tuple" ? v.items : []) : [v];
  decls.forEach((d, i) => {
    if (!d) return;
    const decl = d as unknown as VariableDeclaration;
    const item = items[i] ?? unknownVal("tuple component");
    st.env.set(decl.id, decl.storageLocation === "storage" ? item : materialize(ctx, st, item, s.src));
  });
}

/** Locals a piece of code assigns (they change from one iteration to the next). */
function assignedLocals(ctx: Ctx, nodes: (N | undefined)[]): Set<number> {
  const out = new Set<number>();
  const visit = (v: unknown): void => {
    if (Array.isArray(v)) return v.forEach(visit);
    if (typeof v !== "object" || v === null) return;
    const n = v as N;
    if (n.nodeType === "Assignment") addTarget(child(n, "leftHandSide"));
    if (n.nodeType === "UnaryOperation" && ["++", "--", "delete"].includes(n.operator as string))
      addTarget(child(n, "subExpression"));
    if (n.nodeType === "InlineAssembly") for (const r of arr(n.externalReferences)) out.add(r.declaration as number);
    for (const [k, c] of Object.entries(n)) if (k !== "typeDescriptions" && typeof c === "object") visit(c);
  };
  const addTarget = (t: N | undefined): void => {
    if (!t) return;
    if (t.nodeType === "TupleExpression") return arr(t.components).forEach((c) => addTarget(c ?? undefined));
    const root = rootLocal(t);
    if (root !== null) out.add(root);
  };
  nodes.forEach(visit);
  void ctx;
  return out;
}

/** Iterations run one by one (their index known) before the rest is summarised, by nesting depth. */
const UNROLL = [8, 2];

/**
 * A loop runs its first iterations one by one, each guarded by the loop condition (a router's
 * `path` has a length known at concretization: iteration i happens iff `i < path.length - 1`).
 * Whatever iterations may remain after those are summarised once from a havocked state: every
 * local the loop assigns, and every slot it writes, is unknown there.
 */
function loop(ctx: Ctx, f: Frame, st: State, s: N): void {
  const init = child(s, "initializationExpression");
  const cond = child(s, "condition");
  const update = child(s, "loopExpression");
  const body = child(s, "body") as N;
  const doWhile = s.nodeType === "DoWhileStatement";
  if (init) exec(ctx, f, st, init);
  const unroll = UNROLL[ctx.loopDepth] ?? 0;
  ctx.loopDepth++;
  const done: State[] = [];
  const runBody = (at: State): State => {
    const saved = f.loop;
    f.loop = { breaks: { states: [] }, continues: { states: [] } };
    exec(ctx, f, at, body);
    const afterBody = mergeStates([at, ...f.loop.continues.states]);
    if (update && afterBody.alive) exec(ctx, f, afterBody, update);
    done.push(...f.loop.breaks.states);
    f.loop = saved;
    return afterBody;
  };
  /** Evaluates the condition on `at`: the state that leaves goes to `done`, `at` continues under it. */
  const test = (at: State): void => {
    if (!cond) return;
    enter(ctx, at);
    const c = exprOf(evalExpr(ctx, f, at, cond));
    if (c.k === "const" && c.value !== 0n) return;
    const leave = cloneState(at);
    leave.guard = [...at.guard, negate(c)];
    done.push(leave);
    if (c.k === "const") at.alive = false;
    else at.guard = [...at.guard, c];
  };
  let cur = cloneState(st);
  for (let i = 0; i < unroll && cur.alive; i++) {
    if (!(doWhile && i === 0)) test(cur);
    if (cur.alive) cur = runBody(cur);
  }
  if (cur.alive) {
    // The rest happens only if the condition still holds after the unrolled iterations.
    if (!(doWhile && unroll === 0)) test(cur);
    if (cur.alive) done.push(summariseRest(ctx, f, cur, cond, update, body, doWhile && unroll === 0));
  }
  ctx.loopDepth--;
  replace(st, mergeStates(done));
  enter(ctx, st);
}

/** The iterations after the unrolled ones, any number of them, from a havocked state. */
function summariseRest(
  ctx: Ctx,
  f: Frame,
  st: State,
  cond: N | undefined,
  update: N | undefined,
  body: N,
  firstUnconditional: boolean,
): State {
  for (const id of assignedLocals(ctx, [cond, update, body])) {
    const decl = node(ctx, id) as unknown as VariableDeclaration | undefined;
    if (!decl || decl.nodeType !== "VariableDeclaration" || decl.stateVariable || !st.env.has(id)) continue;
    const why = `${decl.name} changes from one iteration to the next`;
    st.env.set(
      id,
      decl.storageLocation === "storage"
        ? unknownRef(why)
        : valueType(typeOf(decl as unknown as N)).kind !== "other"
          ? unknownVal(why)
          : unknownMem,
    );
  }
  const iteration = (at: State): { end: State; exits: State[] } => {
    const saved = f.loop;
    f.loop = { breaks: { states: [] }, continues: { states: [] } };
    ctx.repeated++;
    enter(ctx, at);
    if (cond && !firstUnconditional) {
      const c = exprOf(evalExpr(ctx, f, at, cond));
      if (c.k !== "unknown" && c.k !== "const") at.guard = [...at.guard, c];
    }
    if (at.alive) exec(ctx, f, at, body);
    const afterBody = mergeStates([at, ...f.loop.continues.states]);
    if (update && afterBody.alive) exec(ctx, f, afterBody, update);
    const exits = f.loop.breaks.states;
    f.loop = saved;
    ctx.repeated--;
    return { end: afterBody, exits };
  };
  // Pass 1, discarded: which slots one iteration writes. Later iterations load them unknown.
  const sink = ctx.sink;
  const returns = f.returns.states.length;
  const site = ctx.nextSite;
  ctx.sink = newSink();
  const probe = iteration(cloneState(st));
  ctx.sink = sink;
  ctx.nextSite = site; // the recorded pass numbers the same call sites again
  const probeReturns = f.returns.states.splice(returns);
  // A local the probe changed by any means (a callee writing memory through an alias) differs
  // between iterations too.
  for (const end of [probe.end, ...probe.exits, ...probeReturns]) {
    for (const [id, v] of end.env) {
      const before = st.env.get(id);
      if (before === undefined || before === v) continue;
      const decl = node(ctx, id) as unknown as VariableDeclaration | undefined;
      const why = `${decl?.name ?? "a local"} changes from one iteration to the next`;
      st.env.set(
        id,
        decl?.storageLocation === "storage" ? unknownRef(why) : before.t === "val" ? unknownVal(why) : unknownMem,
      );
    }
  }
  const start = st.writes;
  for (const end of [probe.end, ...probe.exits, ...probeReturns]) st.writes = havocLog(st.writes, end.writes, start);
  // Pass 2: the recorded one, from the havocked state.
  const real = iteration(cloneState(st));
  return mergeStates([cloneState(st), real.end, ...real.exits]);
}

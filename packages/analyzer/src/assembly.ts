/**
 * Inline assembly. Storage opcodes with a slot the analysis can name (a literal, `x.slot` of a
 * state variable or storage pointer, a Solidity local holding a known value) are exact keys;
 * any other slot is a whole-contract wildcard. A call whose calldata was laid out with `mstore`
 * at constant offsets (OpenZeppelin 5's SafeERC20: selector at 0, arguments after it) is followed
 * like a typed call; other calls and creations are `any` wildcards.
 * `p.slot := s` re-points a storage pointer (OpenZeppelin's StorageSlot, ERC-7201).
 */
import type { VariableDeclaration } from "solidity-ast";
import type { AstNode } from "./ast";
import { recordCall } from "./calls";
import { type Ctx, type State, node, pushWrite } from "./context";
import { type BinaryOp, type Expr, bin, constant, negate, unknown } from "./expr";
import { parseNumber } from "./literals";
import { recordSlot, rootRef } from "./storage";
import { structTypeOf } from "./synthetic";
import { constantValue, forgetMemory } from "./interpret";
import { type AValue, unknownMem, unknownVal } from "./values";

type N = AstNode;
const arr = (v: unknown): N[] => (Array.isArray(v) ? (v as N[]) : []);

interface ExternalRef {
  readonly declaration: number;
  readonly isSlot: boolean;
  readonly isOffset: boolean;
  readonly src: string;
}

const CALLS = new Set(["call", "callcode", "delegatecall", "staticcall", "create", "create2", "selfdestruct"]);

/** Yul builtins (EVM dialect): anything else called is a user-defined function. */
const BUILTIN = new Set(
  (
    "stop add sub mul div sdiv mod smod exp not lt gt slt sgt eq iszero and or xor byte shl shr sar addmod mulmod " +
    "signextend keccak256 pc pop mload mstore mstore8 sload sstore tload tstore msize gas address balance selfbalance " +
    "caller callvalue calldataload calldatasize calldatacopy codesize codecopy extcodesize extcodecopy returndatasize " +
    "returndatacopy mcopy extcodehash create create2 call callcode delegatecall staticcall return revert selfdestruct " +
    "invalid log0 log1 log2 log3 log4 chainid basefee blobbasefee blobhash origin gasprice blockhash coinbase timestamp " +
    "number difficulty prevrandao gaslimit datasize dataoffset datacopy setimmutable loadimmutable linkersymbol memoryguard"
  ).split(" "),
);

const MEMORY_WRITES = new Set(["mstore8", "calldatacopy", "codecopy", "extcodecopy", "returndatacopy", "mcopy"]);

/** Whether a Yul block stores to memory at all (mstore, copies, calls with output). */
function writesMemory(root: N): boolean {
  let found = false;
  const visit = (v: unknown): void => {
    if (found || typeof v !== "object" || v === null) return;
    if (Array.isArray(v)) return v.forEach(visit);
    const x = v as N;
    if (x.nodeType === "YulFunctionCall") {
      const name = (x.functionName as N).name as string;
      if (MEMORY_WRITES.has(name) || name === "mstore" || CALLS.has(name) || !BUILTIN.has(name)) found = true;
    }
    for (const c of Object.values(x)) if (typeof c === "object") visit(c);
  };
  visit(root);
  return found;
}

/** Pure Yul builtins folded into expressions (arguments in Yul order). */
const PURE: Record<string, BinaryOp> = {
  add: "+",
  sub: "-",
  mul: "*",
  div: "/",
  mod: "%",
  and: "&",
  or: "|",
  xor: "^",
  eq: "==",
  lt: "<",
  gt: ">",
};

/** One `mstore` seen in the block, in order: what calldata laid out in memory is made of. */
interface MemWord {
  readonly at: number;
  readonly value: Expr;
}
const ACCOUNT = new Set(["balance", "selfbalance", "extcodesize", "extcodehash", "extcodecopy"]);

export function runAssembly(ctx: Ctx, st: State, asm: N): void {
  const refs = arr(asm.externalReferences) as unknown as ExternalRef[];
  const bySrc = new Map(refs.map((r) => [r.src, r]));
  const yulLocals = new Map<string, Expr>();
  const resolve = (e: N | undefined): Expr => {
    if (!e) return unknown("assembly value");
    if (e.nodeType === "YulLiteral") {
      const v = e.kind === "number" ? parseNumber(String(e.value)) : null;
      return v === null ? unknown("assembly literal") : constant(v);
    }
    if (e.nodeType === "YulIdentifier") {
      const ext = bySrc.get(e.src);
      if (!ext) return yulLocals.get(e.name as string) ?? unknown(`assembly variable ${String(e.name)}`);
      const decl = node(ctx, ext.declaration) as unknown as VariableDeclaration | undefined;
      if (!decl) return unknown("assembly reference");
      if (ext.isSlot) {
        if (decl.stateVariable) {
          const ref = rootRef(ctx, decl.id, ctx.contract.name);
          return ref ? ref.slot : unknown(`${decl.name}.slot`);
        }
        const v = st.env.get(decl.id);
        return v?.t === "ref" && v.ref ? v.ref.slot : unknown(`${decl.name}.slot`);
      }
      if (ext.isOffset) return unknown(`${decl.name}.offset`);
      if (decl.constant) return constantValue(ctx, decl); // solc allows only literal-valued ones here
      const v = st.env.get(decl.id);
      return v?.t === "val" ? v.e : unknown(`${decl.name} in assembly`);
    }
    if (e.nodeType === "YulFunctionCall") {
      const name = (e.functionName as N).name as string;
      const a = arr(e.arguments).map(resolve);
      if (PURE[name] && a.length === 2) return bin(PURE[name], a[0], a[1]);
      if (name === "shl" && a.length === 2) return bin("<<", a[1], a[0]);
      if (name === "shr" && a.length === 2) return bin(">>", a[1], a[0]);
      if (name === "not" && a.length === 1) return a[0].k === "const" ? constant(~a[0].value) : { k: "not", a: a[0] };
      if (name === "iszero" && a.length === 1) return negate(a[0]);
      if (name === "caller") return { k: "sender" };
      if (name === "callvalue") return { k: "value" };
      if (name === "address") return { k: "this" };
      if (name === "timestamp") return { k: "env", name: "timestamp" };
      if (name === "number") return { k: "env", name: "number" };
      if (name === "chainid") return { k: "env", name: "chainid" };
      if (name === "origin") return { k: "env", name: "origin" };
    }
    return unknown("computed in assembly");
  };
  const memory: MemWord[] = [];
  const constOf = (e: Expr): number | null => (e.k === "const" && e.value < 1n << 32n ? Number(e.value) : null);
  /** The newest store covering [at, at+size) whole, if no later store overlaps that range. */
  const wordAt = (at: number, size: number): MemWord | null => {
    for (let i = memory.length - 1; i >= 0; i--) {
      const w = memory[i];
      if (w.at + 32 <= at || w.at >= at + size) continue;
      return w.at <= at && w.at + 32 >= at + size ? w : null;
    }
    return null;
  };
  /** The selector and arguments of calldata at [inOff, inOff+inSize), if laid out with mstores. */
  const calldataAt = (inOff: Expr, inSize: Expr): { selector: string | null; args: Expr[] } | null => {
    const off = constOf(inOff);
    const size = constOf(inSize);
    if (off === null || size === null) return null;
    if (size === 0) return { selector: null, args: [] };
    if (size < 4 || (size - 4) % 32 !== 0) return null;
    const head = wordAt(off, 4);
    if (!head || head.value.k !== "const") return null;
    const word = BigInt.asUintN(256, head.value.value << BigInt((off - head.at) * 8));
    const selector = `0x${(word >> 224n).toString(16).padStart(8, "0")}`;
    const args: Expr[] = [];
    for (let p = off + 4; p < off + size; p += 32) {
      const w = wordAt(p, 32);
      if (!w || w.at !== p) return null;
      args.push(w.value);
    }
    return { selector, args };
  };
  const visit = (n: N): void => {
    switch (n.nodeType) {
      case "YulBlock":
        return arr(n.statements).forEach(visit);
      case "YulVariableDeclaration": {
        if (n.value) visit(n.value as N);
        const names = arr(n.variables);
        const value = names.length === 1 ? resolve(n.value as N) : unknown("assembly tuple");
        for (const v of names) yulLocals.set(v.name as string, value);
        return;
      }
      case "YulAssignment": {
        visit(n.value as N);
        const value = arr(n.variableNames).length === 1 ? resolve(n.value as N) : unknown("assembly tuple");
        for (const target of arr(n.variableNames)) assign(target, value);
        return;
      }
      case "YulExpressionStatement":
        return visit(n.expression as N);
      case "YulFunctionCall":
        arr(n.arguments).forEach(visit);
        if (!BUILTIN.has((n.functionName as N).name as string)) memory.length = 0; // a user function may store anywhere
        return call(n);
      case "YulIf":
      case "YulSwitch": {
        // A branch may or may not run: what it assigns is unknown afterwards.
        visit((n.condition ?? n.expression) as N);
        const bodies = n.nodeType === "YulIf" ? [n.body as N] : arr(n.cases).map((c) => c.body as N);
        const before = [...memory];
        for (const b of bodies) {
          memory.splice(0, memory.length, ...before); // each branch starts from the memory before it
          visit(b);
        }
        havoc(bodies);
        memory.length = 0; // a store in a branch may or may not have happened
        return;
      }
      case "YulForLoop": {
        // Any number of iterations: what the body or `post` assigns is unknown in all of them.
        visit(n.pre as N);
        const parts = [n.body as N, n.post as N];
        havoc(parts);
        memory.length = 0;
        // The body is walked once for every iteration: a call in it may run many times, each
        // against what the previous one left, so it is not followed (`repeated`).
        ctx.repeated++;
        try {
          visit(n.condition as N);
          parts.forEach(visit);
        } finally {
          ctx.repeated--;
        }
        havoc(parts);
        memory.length = 0;
        return;
      }
      case "YulFunctionDefinition":
        // Walked once where it is defined, however often it is called: the same as a loop body.
        yulLocals.clear();
        memory.length = 0;
        ctx.repeated++;
        try {
          visit(n.body as N);
        } finally {
          ctx.repeated--;
        }
        return;
      default:
        return;
    }
  };
  /** Every variable assigned somewhere in `nodes` (not declared there) becomes unknown. */
  const havoc = (nodes: readonly N[]): void => {
    const targets: N[] = [];
    const collect = (v: unknown): void => {
      if (Array.isArray(v)) return v.forEach(collect);
      if (typeof v !== "object" || v === null) return;
      const x = v as N;
      if (x.nodeType === "YulAssignment") targets.push(...arr(x.variableNames));
      if (x.nodeType === "YulFunctionDefinition") return;
      for (const [k, c] of Object.entries(x)) if (k !== "src" && typeof c === "object") collect(c);
    };
    nodes.forEach(collect);
    for (const t of targets) {
      if (!bySrc.has(t.src)) {
        if (yulLocals.has(t.name as string))
          yulLocals.set(t.name as string, unknown("assigned in an assembly branch or loop"));
        continue;
      }
      const ext = bySrc.get(t.src)!;
      const decl = node(ctx, ext.declaration) as unknown as VariableDeclaration | undefined;
      if (!decl || decl.stateVariable) continue;
      st.env.set(
        decl.id,
        ext.isSlot || decl.storageLocation === "storage"
          ? { t: "ref", ref: null, why: `storage pointer ${decl.name} set in an assembly branch or loop` }
          : decl.storageLocation === "memory"
            ? unknownMem
            : unknownVal(`${decl.name} assigned in an assembly branch or loop`),
      );
    }
  };
  const assign = (target: N, value: Expr): void => {
    const ext = bySrc.get(target.src);
    if (!ext) {
      yulLocals.set(target.name as string, value);
      return;
    }
    const decl = node(ctx, ext.declaration) as unknown as VariableDeclaration | undefined;
    if (!decl || decl.stateVariable) return;
    if (ext.isSlot) {
      const ref: AValue =
        value.k === "unknown"
          ? { t: "ref", ref: null, why: `storage pointer ${decl.name} set in assembly from ${value.reason}` }
          : {
              t: "ref",
              ref: {
                slot: value,
                offset: 0,
                type: structTypeOf(ctx, decl as unknown as N),
                root: null,
                name: `${ctx.contract.name}.${decl.name}@slot`,
              },
            };
      st.env.set(decl.id, ref);
      return;
    }
    st.env.set(
      decl.id,
      decl.storageLocation === "memory" ? unknownMem : unknownVal(`${decl.name} assigned in assembly`),
    );
  };
  const call = (n: N): void => {
    const name = (n.functionName as N).name as string;
    const args = arr(n.arguments);
    if (MEMORY_WRITES.has(name)) memory.length = 0;
    if (name === "mstore") {
      const at = constOf(resolve(args[0]));
      if (at === null) memory.length = 0;
      else memory.push({ at, value: resolve(args[1]) });
      return;
    }
    if (name === "call" || name === "staticcall") {
      // call(gas, to, value, in, insize, out, outsize); staticcall has no value.
      const [, target, third, fourth, fifth] = args.map(resolve);
      const value = name === "call" ? third : null;
      const data = name === "call" ? calldataAt(fourth, fifth) : calldataAt(third, fourth);
      if (data) {
        recordCall(ctx, st, {
          target,
          kind: name,
          value,
          text: `inline assembly ${name}`,
          src: n.src,
          selector: data.selector,
          args: data.args,
          raw: true,
        });
        memory.length = 0; // return data lands in memory
        return;
      }
    }
    if (name === "sload" || name === "sstore") {
      const slot = resolve(args[0]);
      const mode = name === "sload" ? "read" : "write";
      if (slot.k === "unknown") {
        ctx.sink.accesses.push({
          kind: "wildcard",
          mode,
          scope: "contract",
          reason: `inline assembly ${name} of a computed slot (${slot.reason})`,
          src: n.src,
        });
        if (mode === "write") pushWrite(st, { slot: null, shape: null, value: null });
      } else {
        recordSlot(ctx, { slot, offset: 0, type: "", root: null, name: `${ctx.contract.name}@${name}` }, mode, n.src);
        if (mode === "write") pushWrite(st, { slot, shape: null, value: null });
      }
      return;
    }
    if (CALLS.has(name)) {
      const reason = `inline assembly ${name} not followed (stage 1)`;
      ctx.sink.accesses.push({ kind: "wildcard", mode: "write", scope: "any", reason, src: n.src });
      ctx.sink.accesses.push({ kind: "wildcard", mode: "read", scope: "any", reason, src: n.src });
      if (name === "delegatecall" || name === "callcode") {
        ctx.sink.accesses.push({ kind: "wildcard", mode: "write", scope: "contract", reason, src: n.src });
      }
      ctx.sink.warnings.add(`inline assembly ${name}: account keys it touches are not predicted`);
      pushWrite(st, { slot: null, shape: null, value: null });
      return;
    }
    if (ACCOUNT.has(name)) {
      const address: Expr = name === "selfbalance" ? { k: "this" } : resolve(args[0]);
      const kind = name === "balance" || name === "selfbalance" ? "balance" : "code";
      if (address.k === "unknown")
        ctx.sink.accesses.push({
          kind: "wildcard",
          mode: "read",
          scope: "any",
          reason: `inline assembly ${name} of an address not known (${address.reason})`,
          src: n.src,
        });
      else ctx.sink.accesses.push({ kind, mode: "read", address, src: n.src });
    }
  };
  visit(asm.AST as unknown as N);
  // Memory may have been rewritten under any Solidity memory variable it names; a block not
  // declared memory-safe that writes memory may have written any memory object.
  for (const r of refs) {
    const decl = node(ctx, r.declaration) as unknown as VariableDeclaration | undefined;
    if (decl && !decl.stateVariable && decl.storageLocation === "memory") st.env.set(decl.id, unknownMem);
  }
  const memorySafe = arr(asm.flags).some((f) => (f as unknown as string) === "memory-safe");
  if (!memorySafe && writesMemory(asm.AST as unknown as N)) forgetMemory(ctx, st, "*");
}

/**
 * Summaries for every externally callable entry point of every deployable contract of a build:
 * public/external functions by selector, public state variable getters, `receive`, `fallback`.
 */
import type { ContractDefinition, FunctionDefinition, VariableDeclaration } from "solidity-ast";
import { type AstIndex, type AstNode, indexAst } from "./ast";
import type { BuildInfo } from "./buildinfo";
import { keccak_256 } from "@noble/hashes/sha3";
import { Interface, type InterfaceAbi } from "ethers";
import { type Ctx, freshState, newSink } from "./context";
import { exprKey, unknown } from "./expr";
import { callFunction } from "./interpret";
import type { LayoutVariable, StorageLayout } from "./layout";
import { indexRef, isValueRef, load, rootRef, touchAll } from "./storage";
import type { Access, ContractSummary, EntryPoint, ImmutableRef } from "./summary";
import { type AValue, type Ref, exprOf, val } from "./values";
import { markDeltas } from "./deltas";
import { type SourceLocator, sourceLocator } from "./render";
import { MissingSourceError } from "./errors";
import { layoutType } from "./layout";

/** Summaries of every deployable contract (not abstract, not an interface or library) of a build. */
export function analyzeBuildInfo(info: BuildInfo): ContractSummary[] {
  const index = indexAst(info);
  const out: ContractSummary[] = [];
  for (const [sourceName, contracts] of Object.entries(info.output.contracts ?? {})) {
    for (const contractName of Object.keys(contracts)) {
      const def = findDefinition(index, sourceName, contractName);
      if (def.contractKind !== "contract" || def.abstract) continue;
      out.push(analyzeContract(info, index, sourceName, contractName));
    }
  }
  return out;
}

function findDefinition(index: AstIndex, sourceName: string, contractName: string): ContractDefinition {
  const unit = index.units.find((u) => u.absolutePath === sourceName);
  const def = unit?.nodes.find((n) => n.nodeType === "ContractDefinition" && n.name === contractName);
  if (!def)
    throw new MissingSourceError(
      `no AST for ${sourceName}:${contractName} in its build-info (stale build-info? recompile)`,
    );
  return def as ContractDefinition;
}

/** The summary of one contract; `index` may be shared between contracts of the same build. */
export function analyzeContract(
  info: BuildInfo,
  index: AstIndex,
  sourceName: string,
  contractName: string,
): ContractSummary {
  const compiled = info.output.contracts?.[sourceName]?.[contractName];
  if (!compiled) throw new MissingSourceError(`no compiled output for ${sourceName}:${contractName}`);
  const def = findDefinition(index, sourceName, contractName);
  const solcLayout = compiled.storageLayout as StorageLayout;
  // A copy: layouts of ERC-7201 structs (which solc does not print) are added to it on demand.
  const layout: StorageLayout = { storage: solcLayout.storage, types: { ...(solcLayout.types ?? {}) } };
  const linearization = def.linearizedBaseContracts.map((id) => {
    const c = index.nodes.get(id);
    if (!c) throw new MissingSourceError(`${contractName}: base contract #${id} has no source in the build-info`);
    return c as unknown as ContractDefinition;
  });
  const vars = new Map<number, LayoutVariable>(layout.storage.map((v) => [v.astId, v]));
  const entries: EntryPoint[] = [];
  const seen = new Set<string>();
  const newCtx = (): Ctx => ({
    index,
    layout,
    contract: def,
    linearization,
    vars,
    sink: newSink(),
    callStack: [],
    constants: new Map(),
    nextSite: 0,
    loopDepth: 0,
    unchecked: 0,
    memoryWrites: new Set(),
    repeated: 0,
  });
  const abiSignatures = new Map<string, string>();
  new Interface(compiled.abi as InterfaceAbi).forEachFunction((fn) => {
    abiSignatures.set(fn.selector.slice(2), fn.format("sighash"));
  });
  for (const c of linearization) {
    for (const part of c.nodes) {
      if (part.nodeType === "FunctionDefinition") {
        const fn = part as FunctionDefinition;
        const key =
          fn.kind === "function"
            ? fn.functionSelector
            : fn.kind === "receive" || fn.kind === "fallback"
              ? fn.kind
              : undefined;
        if (!key || seen.has(key) || !fn.body) continue;
        if (fn.kind === "function" && fn.visibility !== "public" && fn.visibility !== "external") continue;
        seen.add(key);
        entries.push(entryFor(newCtx(), fn, key, abiSignatures.get(key)));
      } else if (part.nodeType === "VariableDeclaration") {
        const v = part as VariableDeclaration;
        if (v.visibility !== "public" || !v.functionSelector || seen.has(v.functionSelector)) continue;
        seen.add(v.functionSelector);
        entries.push(getterFor(newCtx(), v, v.functionSelector, abiSignatures.get(v.functionSelector)));
      }
    }
  }
  const immutables: Record<number, ImmutableRef[]> = {};
  for (const [id, refs] of Object.entries(compiled.evm?.deployedBytecode?.immutableReferences ?? {})) {
    immutables[Number(id)] = refs.map((r) => ({ start: r.start, length: r.length }));
  }
  // Linked library addresses sit in the code like immutables: keyed by minus the library's AST id.
  for (const [file, libs] of Object.entries(compiled.evm?.deployedBytecode?.linkReferences ?? {})) {
    for (const [lib, refs] of Object.entries(libs)) {
      const unit = index.units.find((u) => u.absolutePath === file);
      const def = unit?.nodes.find((x) => x.nodeType === "ContractDefinition" && x.name === lib);
      if (def) immutables[-def.id] = refs.map((r) => ({ start: r.start, length: r.length }));
    }
  }
  // Unlinked placeholders (`__$…$__`) hash as the zeros a deployment's masked code has there.
  const code = compiled.evm?.deployedBytecode?.object?.replace(/__\$[0-9a-fA-F]{34}\$__/g, "0".repeat(40));
  const locate = locatorOf(info);
  const located = entries.map((e) => ({
    ...e,
    accesses: e.accesses.map((a) => {
      const at = locate(a.src);
      return at ? { ...a, at } : a;
    }),
  }));
  return {
    name: `${sourceName}:${contractName}`,
    sourceName,
    contractName,
    abi: compiled.abi,
    entryPoints: located,
    immutables,
    codeHash: code && /^[0-9a-f]+$/i.test(code) ? codeHashOf(Buffer.from(code, "hex")) : null,
  };
}

const locators = new WeakMap<BuildInfo, SourceLocator>();

/** One `file:line` resolver per build-info (line tables are built once). */
function locatorOf(info: BuildInfo): SourceLocator {
  let l = locators.get(info);
  if (!l) locators.set(info, (l = sourceLocator(info)));
  return l;
}

/** keccak256 of deployed code, `0x`-prefixed: with immutables zeroed, it names the artifact. */
export function codeHashOf(code: Uint8Array): string {
  return `0x${Buffer.from(keccak_256(code)).toString("hex")}`;
}

function signatureOf(name: string, params: readonly VariableDeclaration[]): string {
  return `${name}(${params.map((p) => p.typeDescriptions.typeString?.replace(/ (calldata|memory|storage|payable)/g, "").replace(/^(contract|enum) \S+$/, "?")).join(",")})`;
}

function entryFor(ctx: Ctx, fn: FunctionDefinition, key: string, abiSignature?: string): EntryPoint {
  const st = freshState();
  const args: AValue[] = fn.parameters.parameters.map((p, i) =>
    fn.kind === "function"
      ? val({ k: "param", index: i, name: p.name, path: [] })
      : val({ k: "unknown", reason: "fallback input" }),
  );
  const result = callFunction(ctx, st, fn, args, fn.src);
  const results = fn.returnParameters.parameters.length > 1 && result.t === "tuple" ? result.items : [result];
  return finish(
    ctx,
    key === "receive" || key === "fallback" ? key : `0x${key}`,
    fn.kind === "function" ? (abiSignature ?? signatureOf(fn.name, fn.parameters.parameters)) : `${fn.kind}()`,
    fn.stateMutability === "payable",
    st.alive ? fn.returnParameters.parameters.map((_, i) => exprOf(results[i] ?? val(unknown("return value")))) : [],
  );
}

/** A public state variable's getter: one key per mapping level or array index, then the value. */
function getterFor(ctx: Ctx, v: VariableDeclaration, selector: string, signature = `${v.name}()`): EntryPoint {
  const st = freshState();
  if (v.constant || v.mutability === "immutable") {
    const value = v.constant ? undefined : val({ k: "immutable", id: v.id, name: v.name });
    return finish(ctx, `0x${selector}`, signature, false, value ? [exprOf(value)] : []);
  }
  let ref: Ref | null = rootRef(ctx, v.id, ctx.contract.name);
  let param = 0;
  while (ref && !isValueRef(ctx, ref)) {
    const type = layoutType(ctx.layout, ref.type);
    if (type.encoding !== "mapping" && !(type.base && type.encoding !== "bytes")) break;
    const keyBytes = type.encoding === "mapping" && ctx.layout.types?.[type.key ?? ""]?.encoding === "bytes";
    ref = indexRef(
      ctx,
      ref,
      { k: "param", index: param, name: `arg${param}`, path: [] },
      `arg${param}`,
      keyBytes,
      v.src,
    );
    param++;
  }
  let result: AValue = val(unknown(`getter ${v.name}`));
  if (ref && isValueRef(ctx, ref)) result = load(ctx, st, ref, v.src);
  else if (ref) touchAll(ctx, st, ref, "read", v.src);
  else
    ctx.sink.accesses.push({
      kind: "wildcard",
      mode: "read",
      scope: "contract",
      reason: `getter ${v.name}: layout not found`,
      src: v.src,
    });
  return finish(ctx, `0x${selector}`, signature, false, [exprOf(result)]);
}

function finish(
  ctx: Ctx,
  selector: string,
  signature: string,
  payable: boolean,
  returns: readonly import("./expr").Expr[],
): EntryPoint {
  const unique = new Map<string, Access>();
  for (const a of markDeltas(ctx.sink.accesses, returns)) {
    // Calls are never merged: each site is referred to by its number.
    if (a.kind === "call") {
      unique.set(`call|${a.site}|${unique.size}`, a);
      continue;
    }
    const what =
      a.kind === "slot"
        ? `slot|${a.mode}|${exprKey(a.slot)}|${a.name}|${a.src}`
        : a.kind === "wildcard"
          ? `wc|${a.mode}|${a.scope}|${a.root?.slot ?? ""}|${a.reason}`
          : `${a.kind}|${a.mode}|${exprKey(a.address)}`;
    const delta = a.kind === "slot" && a.delta ? "|delta" : "";
    const key = `${what}${delta}|${a.guard ? a.guard.map(exprKey).join("&") : ""}`;
    const first = unique.get(key);
    if (!first) unique.set(key, a);
    // The same line writing the same slot again (a helper called twice, a loop with a constant
    // bound, `_; _;`) may store another value: the one access left keeps none of them.
    else if (first.kind === "slot" && first.mode === "write" && first.value !== null && first.value !== undefined)
      unique.set(key, { ...first, value: null });
  }
  return {
    selector,
    signature,
    payable,
    accesses: [...unique.values()],
    calls: ctx.sink.calls,
    returns,
    warnings: [...ctx.sink.warnings],
  };
}

export type { AstNode };

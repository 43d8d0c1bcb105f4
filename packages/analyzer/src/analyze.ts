/**
 * Summaries for every externally callable entry point of every deployable contract of a build:
 * public/external functions by selector, public state variable getters, `receive`, `fallback`.
 */
import type { ContractDefinition, FunctionDefinition, VariableDeclaration } from "solidity-ast";
import { type AstIndex, type AstNode, indexAst } from "./ast";
import type { BuildInfo } from "./buildinfo";
import { type Ctx, type State, newSink } from "./context";
import { exprKey } from "./expr";
import { callFunction } from "./interpret";
import type { LayoutVariable, StorageLayout } from "./layout";
import { indexRef, isValueRef, rootRef, touchAll } from "./storage";
import type { Access, ContractSummary, EntryPoint, ImmutableRef } from "./summary";
import { type AValue, type Ref, val } from "./values";
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
  const layout = compiled.storageLayout as StorageLayout;
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
        entries.push(entryFor(newCtx(), fn, key));
      } else if (part.nodeType === "VariableDeclaration") {
        const v = part as VariableDeclaration;
        if (v.visibility !== "public" || !v.functionSelector || seen.has(v.functionSelector)) continue;
        seen.add(v.functionSelector);
        entries.push(getterFor(newCtx(), v, v.functionSelector));
      }
    }
  }
  const immutables: Record<number, ImmutableRef[]> = {};
  for (const [id, refs] of Object.entries(compiled.evm?.deployedBytecode?.immutableReferences ?? {})) {
    immutables[Number(id)] = refs.map((r) => ({ start: r.start, length: r.length }));
  }
  return {
    name: `${sourceName}:${contractName}`,
    sourceName,
    contractName,
    abi: compiled.abi,
    entryPoints: entries,
    immutables,
  };
}

function signatureOf(name: string, params: readonly VariableDeclaration[]): string {
  return `${name}(${params.map((p) => p.typeDescriptions.typeString?.replace(/ (calldata|memory|storage|payable)/g, "").replace(/^(contract|enum) \S+$/, "?")).join(",")})`;
}

function entryFor(ctx: Ctx, fn: FunctionDefinition, key: string): EntryPoint {
  const st: State = { env: new Map(), writes: null, alive: true };
  const args: AValue[] = fn.parameters.parameters.map((p, i) =>
    fn.kind === "function"
      ? val({ k: "param", index: i, name: p.name, path: [] })
      : val({ k: "unknown", reason: "fallback input" }),
  );
  callFunction(ctx, st, fn, args, fn.src);
  return finish(
    ctx,
    key === "receive" || key === "fallback" ? key : `0x${key}`,
    fn.kind === "function" ? signatureOf(fn.name, fn.parameters.parameters) : `${fn.kind}()`,
    fn.stateMutability === "payable",
  );
}

/** A public state variable's getter: one key per mapping level or array index, then the value. */
function getterFor(ctx: Ctx, v: VariableDeclaration, selector: string): EntryPoint {
  const st: State = { env: new Map(), writes: null, alive: true };
  if (v.constant || v.mutability === "immutable") return finish(ctx, `0x${selector}`, `${v.name}()`, false);
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
  if (ref) touchAll(ctx, st, ref, "read", v.src);
  else
    ctx.sink.accesses.push({
      kind: "wildcard",
      mode: "read",
      scope: "contract",
      reason: `getter ${v.name}: layout not found`,
      src: v.src,
    });
  return finish(ctx, `0x${selector}`, `${v.name}(…)`, false);
}

function finish(ctx: Ctx, selector: string, signature: string, payable: boolean): EntryPoint {
  const unique = new Map<string, Access>();
  for (const a of ctx.sink.accesses) {
    const key =
      a.kind === "slot"
        ? `slot|${a.mode}|${exprKey(a.slot)}`
        : a.kind === "wildcard"
          ? `wc|${a.mode}|${a.scope}|${a.root?.slot ?? ""}|${a.reason}`
          : `${a.kind}|${a.mode}|${exprKey(a.address)}`;
    if (!unique.has(key)) unique.set(key, a);
  }
  return {
    selector,
    signature,
    payable,
    accesses: [...unique.values()],
    calls: ctx.sink.calls,
    warnings: [...ctx.sink.warnings],
  };
}

export type { AstNode };

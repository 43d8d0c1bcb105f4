/**
 * The interpreter's state: what one entry point's analysis shares (the contract, its layout,
 * where accesses are collected) and what each path carries (locals, writes so far).
 */
import type { ContractDefinition } from "solidity-ast";
import type { AstIndex, AstNode } from "./ast";
import type { Expr, WriteEntry, WriteLog } from "./expr";
import type { LayoutVariable, StorageLayout } from "./layout";
import type { Access, ExternalCall, Guard } from "./summary";
import type { AValue } from "./values";

export interface Sink {
  /** Every access pushed here is stamped with `guard`, the path condition where it happens. */
  readonly accesses: Access[];
  readonly calls: ExternalCall[];
  readonly warnings: Set<string>;
  guard: Guard;
}

export function newSink(): Sink {
  const accesses: Access[] = [];
  const sink: Sink = { accesses, calls: [], warnings: new Set(), guard: [] };
  const push = accesses.push.bind(accesses);
  // Accesses are pushed from many places; stamping here keeps each of them guard-unaware.
  accesses.push = (...items: Access[]): number =>
    push(...items.map((a) => (sink.guard.length > 0 && !a.guard ? { ...a, guard: sink.guard } : a)));
  return sink;
}

/** Makes `st`'s path condition the one new accesses are stamped with. */
export function enter(ctx: Ctx, st: State): void {
  ctx.sink.guard = st.guard;
}

/** One path through the code. */
export interface State {
  env: Map<number, AValue>;
  writes: WriteLog | null;
  alive: boolean;
  /** The branch conditions that hold on this path. */
  guard: Guard;
}

export const freshState = (writes: WriteLog | null = null, guard: Guard = []): State => ({
  env: new Map(),
  writes,
  alive: true,
  guard,
});

/** Where `return`, `break` and `continue` leave their states, to merge at the end of the construct. */
export interface Exits {
  readonly states: State[];
}

export interface Frame {
  /** The contract whose code is running (for `super`). */
  readonly scope: ContractDefinition;
  readonly returns: Exits;
  readonly returnParams: readonly number[];
  loop: { breaks: Exits; continues: Exits } | null;
  /** The modifier chain: runs the next modifier or the body at `_`. */
  placeholder: ((st: State) => State) | null;
}

export interface Ctx {
  readonly index: AstIndex;
  readonly layout: StorageLayout;
  /** The most derived contract: virtual functions and modifiers resolve against it. */
  readonly contract: ContractDefinition;
  readonly linearization: readonly ContractDefinition[];
  readonly vars: ReadonlyMap<number, LayoutVariable>;
  sink: Sink;
  readonly callStack: number[];
  readonly constants: Map<number, Expr>;
  /** Numbers external call sites (per entry point). */
  nextSite: number;
  /** How many loops enclose the current point (inner loops are unrolled less). */
  loopDepth: number;
  /** Inside `unchecked { }` (arithmetic wraps instead of reverting). */
  unchecked: number;
  /** Memory object types written during the current internal call (for the caller's aliases). */
  memoryWrites: Set<string>;
  /** Inside iterations summarised once for any number of them (past the unrolled ones). */
  repeated: number;
}

export const node = (ctx: Ctx, id: number | null | undefined): AstNode | undefined =>
  id === null || id === undefined ? undefined : ctx.index.nodes.get(id);

export function pushWrite(st: State, entry: WriteEntry): void {
  st.writes = { entry: st.guard.length > 0 ? { ...entry, guard: st.guard } : entry, prev: st.writes };
}

export function cloneState(st: State): State {
  return { env: new Map(st.env), writes: st.writes, alive: st.alive, guard: st.guard };
}

export const deadState = (st: State): State => ({ env: st.env, writes: st.writes, alive: false, guard: st.guard });

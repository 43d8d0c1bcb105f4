/**
 * Joining paths: after an `if`, a loop, a `return` under a modifier. Locals that differ become
 * phis; writes made on only some paths become writes of an unknown value (a later load of that
 * slot is then unknown, never stale).
 */
import type { State } from "./context";
import { type Expr, type WriteLog, ite } from "./expr";
import type { Guard } from "./summary";
import { type AValue, mergeValues, val } from "./values";

/**
 * Joins paths. With `cond`, `states` are the two sides of an `if (cond)`: a local that differs
 * becomes `cond ? a : b`, which concretization can decide.
 */
export function mergeStates(states: readonly State[], cond?: Expr): State {
  const alive = states.filter((s) => s.alive);
  if (alive.length === 0)
    return {
      env: states[0]?.env ?? new Map(),
      writes: states[0]?.writes ?? null,
      alive: false,
      guard: states[0]?.guard ?? [],
    };
  if (alive.length === 1)
    return { env: new Map(alive[0].env), writes: alive[0].writes, alive: true, guard: alive[0].guard };
  const env = new Map<number, AValue>();
  const ids = new Set<number>();
  for (const s of alive) for (const id of s.env.keys()) ids.add(id);
  const twoSided = cond !== undefined && states.length === 2 && alive.length === 2;
  const guard = commonGuard(alive);
  // What distinguishes each path, past what they share: a value is kept only for the paths whose
  // distinguishing conditions are not known false (a path with none is always kept).
  const suffixes = alive.map((s) => s.guard.slice(guard.length));
  for (const id of ids) {
    const all = alive.map((s) => s.env.get(id));
    const values = all.filter((v): v is AValue => v !== undefined);
    const [a, b] = values;
    if (twoSided && values.length === 2 && a.t === "val" && b.t === "val" && a !== b)
      env.set(id, val(ite(cond, a.e, b.e)));
    else if (all.every((v) => v?.t === "val") && !all.every((v) => v === all[0]))
      env.set(id, val({ k: "gphi", options: all.map((v, i) => ({ when: suffixes[i], value: (v as { e: Expr }).e })) }));
    else env.set(id, mergeValues(values));
  }
  return {
    env,
    writes: mergeLogs(
      alive.map((s) => s.writes),
      guard.length,
    ),
    alive: true,
    guard,
  };
}

/** The conditions every path shares (guards grow by appending, so a common prefix). */
function commonGuard(states: readonly State[]): Guard {
  let g = states[0].guard;
  for (const s of states.slice(1)) {
    let i = 0;
    while (i < g.length && i < s.guard.length && g[i] === s.guard[i]) i++;
    if (i < g.length) g = g.slice(0, i);
  }
  return g;
}

/** The common tail of the logs, with every write past it kept as a write of an unknown value. */
export function mergeLogs(logs: readonly (WriteLog | null)[], shared = 0): WriteLog | null {
  if (logs.every((l) => l === logs[0])) return logs[0];
  const seen = new Set<WriteLog>();
  for (let l = logs[0]; l; l = l.prev) seen.add(l);
  let common: WriteLog | null = null;
  for (const log of logs.slice(1)) {
    const mine = new Set<WriteLog>();
    for (let l = log; l; l = l.prev) mine.add(l);
    for (const l of [...seen]) if (!mine.has(l)) seen.delete(l);
  }
  for (let l = logs[0]; l; l = l.prev) {
    if (seen.has(l)) {
      common = l;
      break;
    }
  }
  let out = common;
  for (const log of logs) out = maybeLog(out, log, common, shared);
  return out;
}

/**
 * Writes in `log` past `start`, on top of `base`, as writes that may or may not have happened:
 * the value is kept with the write's path condition (known true: it happened; known false: it
 * did not; otherwise a load of that slot is unknown).
 */
export function maybeLog(
  base: WriteLog | null,
  log: WriteLog | null,
  start: WriteLog | null,
  shared: number,
): WriteLog | null {
  const entries: WriteLog["entry"][] = [];
  for (let l = log; l && l !== start; l = l.prev) entries.push(l.entry);
  let out = base;
  for (const entry of entries.reverse()) {
    const from = Math.min(entry.maybe ? (entry.from ?? 0) : shared, shared);
    out = { entry: entry.guard ? { ...entry, maybe: true, from } : { ...entry, value: null }, prev: out };
  }
  return out;
}

/** Writes in `log` past `start`, added as writes of unknown values on top of `base` (loop havoc). */
export function havocLog(base: WriteLog | null, log: WriteLog | null, start: WriteLog | null = base): WriteLog | null {
  let out = base;
  for (let l = log; l && l !== start; l = l.prev) {
    out = { entry: { ...l.entry, value: null }, prev: out };
  }
  return out;
}

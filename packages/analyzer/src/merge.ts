/**
 * Joining paths: after an `if`, a loop, a `return` under a modifier. Locals that differ become
 * phis; writes made on only some paths become writes of an unknown value (a later load of that
 * slot is then unknown, never stale).
 */
import type { State } from "./context";
import type { WriteLog } from "./expr";
import { type AValue, mergeValues } from "./values";

export function mergeStates(states: readonly State[]): State {
  const alive = states.filter((s) => s.alive);
  if (alive.length === 0) return { env: states[0]?.env ?? new Map(), writes: states[0]?.writes ?? null, alive: false };
  if (alive.length === 1) return { env: new Map(alive[0].env), writes: alive[0].writes, alive: true };
  const env = new Map<number, AValue>();
  const ids = new Set<number>();
  for (const s of alive) for (const id of s.env.keys()) ids.add(id);
  for (const id of ids) {
    const values = alive.map((s) => s.env.get(id)).filter((v): v is AValue => v !== undefined);
    env.set(id, mergeValues(values));
  }
  return { env, writes: mergeLogs(alive.map((s) => s.writes)), alive: true };
}

/** The common tail of the logs, with every write past it kept as a write of an unknown value. */
export function mergeLogs(logs: readonly (WriteLog | null)[]): WriteLog | null {
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
  for (const log of logs) {
    for (let l = log; l && l !== common; l = l.prev) {
      out = { entry: { slot: l.entry.slot, shape: l.entry.shape, value: null }, prev: out };
    }
  }
  return out;
}

/** Writes past `base` in `log`, turned into writes of unknown values on top of `base` (loop havoc). */
export function havocLog(base: WriteLog | null, log: WriteLog | null): WriteLog | null {
  let out = base;
  for (let l = log; l && l !== base; l = l.prev) {
    out = { entry: { slot: l.entry.slot, shape: l.entry.shape, value: null }, prev: out };
  }
  return out;
}

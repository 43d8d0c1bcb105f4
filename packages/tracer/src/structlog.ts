/**
 * The geth-style trace `debug_traceTransaction` returns with the default (struct) logger, and
 * its validation. Only the fields the tracer uses are typed; nodes add others (`memory`,
 * `error`, `refund`) that are ignored.
 */
import { TraceFormatError } from "./errors";

export interface StructLog {
  readonly pc: number;
  readonly op: string;
  readonly gas: number;
  readonly gasCost: number;
  /** 1 for the transaction's own frame, +1 per nested call or creation. */
  readonly depth: number;
  /** The stack before the instruction executes, bottom first (the top is the last item). */
  readonly stack: readonly string[];
  /** Storage of the executing contract as seen so far (geth and EDR send it unless disabled). */
  readonly storage?: Readonly<Record<string, string>>;
}

export interface StructLogTrace {
  readonly gas: number;
  readonly failed: boolean;
  readonly returnValue: string;
  readonly structLogs: readonly StructLog[];
}

/**
 * Checks that `value` is a struct-log trace with stacks (the tracer cannot work without them)
 * and returns it typed. Logs are checked in place, not copied: traces of big transactions hold
 * tens of thousands of steps.
 */
export function parseStructLogTrace(value: unknown, where = "debug_traceTransaction"): StructLogTrace {
  const fail = (what: string): never => {
    throw new TraceFormatError(`${where}: ${what}`);
  };
  if (typeof value !== "object" || value === null) return fail("expected an object");
  const v = value as Record<string, unknown>;
  if (!Array.isArray(v.structLogs)) return fail("no structLogs array (was a non-default tracer used?)");
  if (typeof v.failed !== "boolean") fail("`failed` must be a boolean");
  const logs = v.structLogs as unknown[];
  for (let i = 0; i < logs.length; i++) {
    const log = logs[i] as Record<string, unknown> | null;
    if (typeof log !== "object" || log === null) fail(`structLogs[${i}] is not an object`);
    const entry = log as Record<string, unknown>;
    if (typeof entry.op !== "string") fail(`structLogs[${i}].op must be a string`);
    if (!Number.isInteger(entry.depth) || (entry.depth as number) < 1) {
      fail(`structLogs[${i}].depth must be a positive integer`);
    }
    if (!Array.isArray(entry.stack)) fail(`structLogs[${i}].stack is missing (trace with disableStack: false)`);
  }
  return {
    gas: typeof v.gas === "number" ? v.gas : Number(v.gas ?? 0),
    failed: v.failed as boolean,
    returnValue: typeof v.returnValue === "string" ? v.returnValue : "",
    structLogs: logs as StructLog[],
  };
}

/** The `n`-th stack item from the top (0 = top), or undefined when the stack is shallower. */
export function stackItem(log: StructLog, n: number): string | undefined {
  return log.stack[log.stack.length - 1 - n];
}

/**
 * Calls out of the contract (high-level, low-level, value transfers, creations). Each becomes a
 * call access that concretization follows into the callee's summary, plus the account keys the
 * call itself touches. Afterwards the contract's storage may have changed if the callee
 * re-entered it: the write log gets an entry naming the call site, which concretization
 * resolves (a callee that provably never calls back leaves later loads exact).
 */
import { type Ctx, type State, pushWrite } from "./context";
import type { Expr } from "./expr";
import type { ExternalCall } from "./summary";

export interface OutgoingCall {
  readonly target: Expr;
  readonly kind: ExternalCall["kind"];
  /** The value sent; null when none can be. */
  readonly value: Expr | null;
  readonly text: string;
  readonly src: string;
  /** The callee's selector; null for empty calldata. */
  readonly selector?: string | null;
  /** ABI arguments; null (or absent) when the calldata is not modelled. */
  readonly args?: readonly Expr[] | null;
  /**
   * Whether the caller checks the target has code first (EXTCODESIZE): solc does so for a typed
   * call that expects no return data; low-level calls and assembly do not.
   */
  readonly checksCode?: boolean;
  /** Arguments are the raw words of calldata laid out in assembly. */
  readonly raw?: boolean;
}

const THIS: Expr = { k: "this" };

/** Records the call; returns its site number (for its return values). */
export function recordCall(ctx: Ctx, st: State, call: OutgoingCall): number {
  const { target, kind, value, text, src } = call;
  const site = ctx.nextSite++;
  const sendsValue = value !== null && !(value.k === "const" && value.value === 0n);
  ctx.sink.calls.push({ target, kind, sendsValue, src });
  const acc = ctx.sink.accesses;
  acc.push({
    kind: "call",
    site,
    callKind: kind,
    target,
    selector: call.selector ?? null,
    args: kind === "transfer" ? [] : (call.args ?? null),
    ...(call.raw ? { raw: true } : {}),
    ...(ctx.repeated > 0 ? { repeated: true } : {}),
    value,
    text,
    src,
  });
  if (kind === "create")
    ctx.sink.warnings.add(`${text}: the created account's nonce, code and balance are not predicted`);
  if (sendsValue && kind !== "create") {
    for (const address of [THIS, target]) acc.push({ kind: "balance", mode: "write", address, src });
  }
  if (call.checksCode) acc.push({ kind: "code", mode: "read", address: target, src });
  // A static frame can change nothing; a 2300-gas transfer cannot write storage.
  if (kind !== "transfer" && kind !== "staticcall") pushWrite(st, { slot: null, shape: null, value: null, site });
  return site;
}

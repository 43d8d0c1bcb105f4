/**
 * What stage 1 does not follow: calls out of the contract (high-level, low-level, value
 * transfers, creations). Each becomes wildcards with a reason, plus the account keys the
 * call itself touches; afterwards any storage of the contract may have changed (re-entrancy).
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
}

const THIS: Expr = { k: "this" };

export function recordCall(ctx: Ctx, st: State, call: OutgoingCall): void {
  const { target, kind, value, text, src } = call;
  const sendsValue = value !== null && !(value.k === "const" && value.value === 0n);
  ctx.sink.calls.push({ target, kind, sendsValue, src });
  const acc = ctx.sink.accesses;
  if (kind === "transfer") {
    // 2300 gas: the recipient's receive code can read its storage but not write it.
    acc.push({
      kind: "wildcard",
      mode: "read",
      scope: "any",
      reason: `receive code of ${text} not followed (stage 1)`,
      src,
    });
  } else if (kind === "create") {
    acc.push({
      kind: "wildcard",
      mode: "write",
      scope: "any",
      reason: `contract creation ${text} not followed (stage 1)`,
      src,
    });
    ctx.sink.warnings.add(`${text}: the created account's nonce, code and balance are not predicted (stage 1)`);
  } else {
    const reason =
      kind === "delegatecall"
        ? `delegatecall to ${text} not followed (stage 1)`
        : `call to ${text} not followed (stage 1)`;
    acc.push({ kind: "wildcard", mode: kind === "staticcall" ? "read" : "write", scope: "any", reason, src });
    if (kind === "delegatecall") acc.push({ kind: "wildcard", mode: "write", scope: "contract", reason, src });
    acc.push({ kind: "wildcard", mode: "read", scope: "any", reason, src });
    ctx.sink.warnings.add(`${text}: balances moved by the callee are not predicted (stage 1)`);
  }
  if (sendsValue && kind !== "create") {
    for (const address of [THIS, target]) {
      acc.push({ kind: "balance", mode: "write", address, src });
    }
  }
  if (kind === "call" || kind === "staticcall") acc.push({ kind: "code", mode: "read", address: target, src });
  // The callee may re-enter and write any slot of this contract: later loads are not known.
  if (kind !== "transfer") pushWrite(st, { slot: null, shape: null, value: null });
}

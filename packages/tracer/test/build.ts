/** A small builder of struct-log traces, shaped like EDR's (stack words as 64 hex digits, no 0x). */
import type { StructLog, StructLogTrace } from "../src";

type Operand = bigint | string;

export const SENDER = "0x00000000000000000000000000000000000000a1";
export const COINBASE = "0x00000000000000000000000000000000000000cb";
export const A = "0x00000000000000000000000000000000000000aa";
export const B = "0x00000000000000000000000000000000000000bb";
export const C = "0x00000000000000000000000000000000000000cc";
export const LIB = "0x00000000000000000000000000000000000000d1";
export const NEW = "0x00000000000000000000000000000000000000e1";

function hex(value: Operand): string {
  const n = typeof value === "bigint" ? value : BigInt(value);
  return n.toString(16).padStart(64, "0");
}

export class TraceBuilder {
  readonly logs: StructLog[] = [];
  private depth = 1;

  /** One step; `stack` is bottom first, like the trace's. */
  step(op: string, stack: readonly Operand[] = [], gasCost = 3): this {
    this.logs.push({
      pc: this.logs.length,
      op,
      gas: 1_000_000 - this.logs.length,
      gasCost,
      depth: this.depth,
      stack: stack.map(hex),
    });
    return this;
  }

  /** An instruction whose result the next step shows on top of the stack. */
  withResult(op: string, operands: readonly Operand[], result: Operand, gasCost = 3): this {
    return this.step(op, operands, gasCost).step("POP", [result]);
  }

  sload(slot: Operand, value: Operand = 0n): this {
    return this.withResult("SLOAD", [slot], value, 2100);
  }

  sstore(slot: Operand, value: Operand, gasCost = 2900): this {
    return this.step("SSTORE", [value, slot], gasCost);
  }

  /** A CALL-family step; `body` undefined means the target runs no code (EOA, precompile). */
  call(
    op: "CALL" | "CALLCODE" | "DELEGATECALL" | "STATICCALL",
    target: string,
    body: ((b: TraceBuilder) => void) | undefined,
    options: { value?: bigint; success?: boolean } = {},
  ): this {
    const success = options.success ?? true;
    const withValue = op === "CALL" || op === "CALLCODE";
    const operands: Operand[] = withValue
      ? [0n, 0n, 0n, 0n, options.value ?? 0n, target, 50_000n]
      : [0n, 0n, 0n, 0n, target, 50_000n];
    this.step(op, operands, 100);
    this.enter(body, success);
    return this.step("ISZERO", [success ? 1n : 0n]);
  }

  create(
    op: "CREATE" | "CREATE2",
    created: string | null,
    body: ((b: TraceBuilder) => void) | undefined,
    options: { value?: bigint } = {},
  ): this {
    const operands: Operand[] =
      op === "CREATE" ? [0x40n, 0n, options.value ?? 0n] : [7n, 0x40n, 0n, options.value ?? 0n];
    this.step(op, operands, 32_000);
    this.enter(body, created !== null);
    return this.step("ISZERO", [created ?? 0n]);
  }

  trace(failed = false): StructLogTrace {
    return { gas: 21_000, failed, returnValue: "", structLogs: this.logs };
  }

  private enter(body: ((b: TraceBuilder) => void) | undefined, success: boolean): void {
    if (body === undefined) return;
    this.depth++;
    body(this);
    this.step(success ? "RETURN" : "REVERT", [0n, 0n]);
    this.depth--;
  }
}

export function tb(): TraceBuilder {
  return new TraceBuilder();
}

export function tx(overrides: Partial<import("../src").TxContext> = {}): import("../src").TxContext {
  return {
    index: 0,
    hash: "0x01",
    from: SENDER,
    to: A,
    value: 0n,
    input: "0xa9059cbb0000",
    gasUsed: 21_000,
    reverted: false,
    coinbase: COINBASE,
    ...overrides,
  };
}

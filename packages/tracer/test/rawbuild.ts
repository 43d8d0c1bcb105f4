/** A small builder of EDR raw traces: message starts, steps with only the stack top, message results. */
import type { RawExecutionResult, RawTraceItem, TxContext } from "../src";
import { A, SENDER } from "./build";

type Operand = bigint | string;

export function addressBytes(address: string): Uint8Array {
  return Uint8Array.from(Buffer.from(address.slice(2).padStart(40, "0"), "hex"));
}

const SUCCESS: RawExecutionResult = { reason: 0, gasUsed: 1n, output: { returnValue: new Uint8Array() } };
const REVERT: RawExecutionResult = { gasUsed: 1n, output: new Uint8Array() };
const HALT: RawExecutionResult = { reason: 0, gasUsed: 1n };

export type Outcome = "success" | "revert" | "halt";
const RESULTS: Record<Outcome, RawExecutionResult> = { success: SUCCESS, revert: REVERT, halt: HALT };

export class RawBuilder {
  readonly items: RawTraceItem[] = [];
  /** Storage context of each open frame. */
  private readonly contexts: string[];

  constructor(private readonly top: { to: string | null; value: bigint }) {
    this.contexts = [top.to ?? "0x0000000000000000000000000000000000000000"];
  }

  /** One step; `stack` is bottom first like the struct-log builder's, but only its top is kept. */
  step(op: string, stack: readonly Operand[] = []): this {
    const top = stack[stack.length - 1];
    this.items.push({
      depth: this.contexts.length,
      pc: BigInt(this.items.length),
      opcode: op,
      stack: top === undefined ? [] : [BigInt(top)],
    });
    return this;
  }

  withResult(op: string, operands: readonly Operand[], result: Operand): this {
    return this.step(op, operands).step("POP", [result]);
  }

  sload(slot: Operand, value: Operand = 0n): this {
    return this.withResult("SLOAD", [slot], value);
  }

  sstore(slot: Operand, value: Operand): this {
    return this.step("SSTORE", [value, slot]);
  }

  /**
   * A CALL-family step and the frame it opens. EDR opens a message for every call that starts
   * (also to accounts without code: `body` undefined); `entered: false` is a call that failed
   * before (too little balance): no message, 0 on the next step.
   */
  call(
    op: "CALL" | "CALLCODE" | "DELEGATECALL" | "STATICCALL",
    target: string,
    body: ((b: RawBuilder) => void) | undefined,
    options: { value?: bigint; outcome?: Outcome; entered?: boolean; gasStep?: string } = {},
  ): this {
    const outcome = options.outcome ?? "success";
    // Solidity computes the gas operand right before the call: the target is that step's top.
    this.step(options.gasStep ?? "GAS", [target]);
    this.step(op, [target, 50_000n]);
    if (options.entered === false) return this.step("ISZERO", [0n]);
    const context = this.contexts[this.contexts.length - 1];
    const delegated = op === "DELEGATECALL" || op === "CALLCODE";
    this.message(delegated ? context : target, target, op === "DELEGATECALL" ? 0n : (options.value ?? 0n));
    this.contexts.push(delegated ? context : target);
    body?.(this);
    this.finish(outcome);
    return this.step("ISZERO", [outcome === "success" ? 1n : 0n]);
  }

  /** CREATE/CREATE2 whose result names `address` (EDR does so for reverted creations too). */
  create(
    op: "CREATE" | "CREATE2",
    address: string,
    body: ((b: RawBuilder) => void) | undefined,
    options: { value?: bigint; outcome?: Outcome } = {},
  ): this {
    const outcome = options.outcome ?? "success";
    this.step(op, [0x40n, 0n, options.value ?? 0n]);
    this.message(null, null, options.value ?? 0n);
    this.contexts.push(address);
    body?.(this);
    this.finish(outcome, outcome === "halt" ? undefined : address);
    return this.step("ISZERO", [outcome === "success" ? BigInt(address) : 0n]);
  }

  /** The whole trace: the transaction's message, the steps so far, its result. */
  trace(outcome: Outcome = "success", created?: string): RawTraceItem[] {
    const start: RawTraceItem = {
      caller: addressBytes(SENDER),
      ...(this.top.to === null ? {} : { to: addressBytes(this.top.to), codeAddress: addressBytes(this.top.to) }),
      isStaticCall: false,
      gasLimit: 1_000_000n,
      depth: 0,
      data: new Uint8Array(),
      value: this.top.value,
    } as RawTraceItem;
    const end: RawTraceItem = {
      executionResult: {
        result: RESULTS[outcome],
        ...(created ? { contractAddress: addressBytes(created) } : {}),
      },
    };
    return [start, ...this.items, end];
  }

  private message(to: string | null, code: string | null, value: bigint): void {
    this.items.push({
      caller: addressBytes(this.contexts[this.contexts.length - 1]),
      ...(to === null ? {} : { to: addressBytes(to) }),
      ...(code === null ? {} : { codeAddress: addressBytes(code) }),
      isStaticCall: false,
      depth: this.contexts.length,
      data: new Uint8Array(),
      value,
    });
  }

  private finish(outcome: Outcome, contractAddress?: string): void {
    this.contexts.pop();
    this.items.push({
      executionResult: {
        result: RESULTS[outcome],
        ...(contractAddress ? { contractAddress: addressBytes(contractAddress) } : {}),
      },
    });
  }
}

export function rb(top: Partial<{ to: string | null; value: bigint }> = {}): RawBuilder {
  return new RawBuilder({ to: top.to === undefined ? A : top.to, value: top.value ?? 0n });
}

export type { TxContext };

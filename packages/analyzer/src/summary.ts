/**
 * Summaries: what each entry point of a contract may read and write, symbolically.
 */
import type { Expr } from "./expr";

/** The state variable a storage access hangs under (its slot is the base of `slots` wildcards). */
export interface Root {
  readonly label: string;
  readonly slot: bigint;
}

export type AccessMode = "read" | "write";

/**
 * The conditions (each a word that must be non-zero) under which an access happens: the branch
 * conditions on its path. Concretization skips an access whose guard is known to be false.
 */
export type Guard = readonly Expr[];

/** One storage slot of the analysed contract, as an expression. */
export interface SlotAccess {
  readonly guard?: Guard;
  readonly kind: "slot";
  readonly mode: AccessMode;
  readonly slot: Expr;
  readonly root: Root;
  /** `Contract.variable[key].member`, for reports. */
  readonly name: string;
  /** solc source location `start:length:file` of the expression that made it. */
  readonly src: string;
  /** `file:line` of `src`, resolved when the summary was made (for reports and PR comments). */
  readonly at?: string;
  /** Reads: the value loaded. Writes: the value stored (null: not known). For delta detection. */
  readonly value?: Expr | null;
  /**
   * A commutative update: the write is `x + c` or `x - c` of the value its read loaded, and the
   * entry point uses that value for nothing else. Both the read and the write are marked.
   */
  readonly delta?: boolean;
  /** Writes: the value was computed with checked arithmetic (a revert may depend on `x`). */
  readonly checked?: boolean;
  /** Writes: `value` is the whole slot's new word (a 32-byte variable), not one packed member. */
  readonly whole?: boolean;
}

/** A set of keys the analysis could not narrow down, and why. */
export interface WildcardAccess {
  readonly guard?: Guard;
  readonly kind: "wildcard";
  readonly mode: AccessMode;
  /** `slots`: under `root` of this contract; `contract`: all of this contract; `any`: anything. */
  readonly scope: "slots" | "contract" | "any";
  readonly root?: Root;
  readonly reason: string;
  readonly src: string;
  /** `file:line` of `src`, resolved when the summary was made (for reports and PR comments). */
  readonly at?: string;
}

/** The balance or code of an account. */
export interface AccountAccess {
  readonly guard?: Guard;
  readonly kind: "balance" | "code";
  readonly mode: AccessMode;
  readonly address: Expr;
  readonly src: string;
  /** `file:line` of `src`, resolved when the summary was made (for reports and PR comments). */
  readonly at?: string;
}

/**
 * An external call, followed at concretization: the target address is evaluated, bound to a
 * summary by its code, and the callee's entry point runs with these arguments, `msg.sender` =
 * this contract. A target with unknown code, or calldata not modelled, is an `any` wildcard.
 */
export interface CallAccess {
  readonly guard?: Guard;
  readonly kind: "call";
  /** Unique within the entry point: write-log entries and return values refer to it. */
  readonly site: number;
  readonly callKind: "call" | "staticcall" | "delegatecall" | "transfer" | "create";
  readonly target: Expr;
  /** `0x` + 8 hex digits; null for empty calldata (receive/fallback). */
  readonly selector: string | null;
  /** The ABI arguments as words (or byte strings); null when the calldata is not modelled. */
  readonly args: readonly Expr[] | null;
  /** The arguments are raw head words laid out in assembly: a dynamic one would be an offset. */
  readonly raw?: boolean;
  /**
   * In loop iterations summarised once for any number of them: each run may see what earlier
   * runs wrote, which one following of the callee cannot show.
   */
  readonly repeated?: boolean;
  /** Value sent; null when none can be. */
  readonly value: Expr | null;
  readonly text: string;
  readonly src: string;
  /** `file:line` of `src`, resolved when the summary was made (for reports and PR comments). */
  readonly at?: string;
}

export type Access = SlotAccess | WildcardAccess | AccountAccess | CallAccess;

/** An external call the entry point makes, as listed in the summary. */
export interface ExternalCall {
  readonly target: Expr;
  readonly kind: "call" | "staticcall" | "delegatecall" | "transfer" | "create";
  readonly sendsValue: boolean;
  readonly src: string;
  /** `file:line` of `src`, resolved when the summary was made (for reports and PR comments). */
  readonly at?: string;
}

export interface EntryPoint {
  /** `0x` + 8 hex digits, or `receive` / `fallback`. */
  readonly selector: string;
  /** `transfer(address,uint256)`, `receive()`, `fallback()`. */
  readonly signature: string;
  readonly payable: boolean;
  readonly accesses: readonly Access[];
  readonly calls: readonly ExternalCall[];
  /** The return values (value types), for callers that use them in keys or branch conditions. */
  readonly returns: readonly Expr[];
  readonly warnings: readonly string[];
}

export interface ImmutableRef {
  readonly start: number;
  readonly length: number;
}

export interface ContractSummary {
  /** `contracts/amm/Pair.sol:Pair`. */
  readonly name: string;
  readonly sourceName: string;
  readonly contractName: string;
  /** The ABI, for decoding calldata at concretization. */
  readonly abi: readonly unknown[];
  readonly entryPoints: readonly EntryPoint[];
  /** Where each immutable sits in the deployed code, by the declaration's AST id. */
  readonly immutables: Readonly<Record<number, readonly ImmutableRef[]>>;
  /**
   * keccak256 of the deployed code with every immutable zeroed (as solc emits it): how a call
   * target is bound to this summary. Null when the build has no bytecode for it.
   */
  readonly codeHash: string | null;
}

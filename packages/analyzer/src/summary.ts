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

/** One storage slot of the analysed contract, as an expression. */
export interface SlotAccess {
  readonly kind: "slot";
  readonly mode: AccessMode;
  readonly slot: Expr;
  readonly root: Root;
  /** `Contract.variable[key].member`, for reports. */
  readonly name: string;
  /** solc source location `start:length:file` of the expression that made it. */
  readonly src: string;
}

/** A set of keys the analysis could not narrow down, and why. */
export interface WildcardAccess {
  readonly kind: "wildcard";
  readonly mode: AccessMode;
  /** `slots`: under `root` of this contract; `contract`: all of this contract; `any`: anything. */
  readonly scope: "slots" | "contract" | "any";
  readonly root?: Root;
  readonly reason: string;
  readonly src: string;
}

/** The balance or code of an account. */
export interface AccountAccess {
  readonly kind: "balance" | "code";
  readonly mode: AccessMode;
  readonly address: Expr;
  readonly src: string;
}

export type Access = SlotAccess | WildcardAccess | AccountAccess;

/** An external call the entry point makes (stage 1 does not follow it). */
export interface ExternalCall {
  readonly target: Expr;
  readonly kind: "call" | "staticcall" | "delegatecall" | "transfer" | "create";
  readonly sendsValue: boolean;
  readonly src: string;
}

export interface EntryPoint {
  /** `0x` + 8 hex digits, or `receive` / `fallback`. */
  readonly selector: string;
  /** `transfer(address,uint256)`, `receive()`, `fallback()`. */
  readonly signature: string;
  readonly payable: boolean;
  readonly accesses: readonly Access[];
  readonly calls: readonly ExternalCall[];
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
}

/**
 * Human names for keys. They live beside the keys, in a table keyed by the canonical string,
 * never inside a key: the executor works on bare keys, reports look names up.
 */
import type { Slot } from "./hex";

export interface SourceLocation {
  readonly file: string;
  readonly line: number;
  readonly column?: number;
}

export interface KeyName {
  /** Contract name, e.g. `LanesPair`. */
  readonly contract: string;
  /** Deployment label, e.g. `WETH/USDC`, when one contract is deployed many times. */
  readonly instance?: string;
  /** Every variable that lives in the slot (packed slots hold several), with its path. */
  readonly variables: readonly string[];
  /** Mapping or dynamic-array base slot the key derives from, if any. */
  readonly base?: Slot;
  /** Where the access happened in the source, when known. */
  readonly source?: SourceLocation;
}

export type KeyNames = ReadonlyMap<string, KeyName>;

/** `LanesPair.reserve0+reserve1+blockTimestampLast of WETH/USDC` — the form reports print. */
export function formatKeyName(name: KeyName): string {
  const vars = name.variables.length > 0 ? name.variables.join("+") : "(unnamed slot)";
  const text = `${name.contract}.${vars}`;
  return name.instance ? `${text} of ${name.instance}` : text;
}

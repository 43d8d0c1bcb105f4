/** Small blocks written by hand: keys named by letter, all in one contract unless said otherwise. */
import { type AccessKey, type TxAccess, storageKey } from "@lanes/types";
import type { ValueModel } from "../src";

export const CONTRACT = "0x00000000000000000000000000000000000000aa";
export const OTHER = "0x00000000000000000000000000000000000000bb";

/** Storage key `name` (a letter or a number) of CONTRACT. */
export function k(name: string | number, address = CONTRACT): AccessKey {
  const slot = typeof name === "number" ? name : name.charCodeAt(0);
  return storageKey(address, slot);
}

export interface TxSpec {
  readonly gas?: number;
  readonly r?: readonly AccessKey[];
  readonly w?: readonly AccessKey[];
  readonly d?: readonly AccessKey[];
}

/** A block from specs; written keys are added to the reads, as the tracer reports them. */
export function block(specs: readonly TxSpec[]): TxAccess[] {
  return specs.map((spec, index) => ({
    index,
    from: "0x0000000000000000000000000000000000000001",
    to: CONTRACT,
    selector: null,
    gasUsed: spec.gas ?? 10,
    reverted: false,
    reads: [...(spec.r ?? []), ...(spec.w ?? [])],
    writes: [...(spec.w ?? [])],
    deltas:
      spec.d === undefined ? undefined : ([...spec.d].filter((key) => key.kind !== "wildcard") as TxAccess["deltas"]),
  }));
}

const PRIME = 1_000_003;

/** Each write and each delta's addend depends on the writer's index, the key and every value read, in order. */
export const mixingValues: ValueModel = {
  initial: (key) => (key * 7 + 1) % PRIME,
  write: (tx, key, _keys, values) => {
    let h = (tx * 7919 + key * 104_729 + 17) % PRIME;
    for (let j = 0; j < values.length; j++) h = (h * 31 + values[j] * (j + 3)) % PRIME;
    return h;
  },
  // The addend depends on what the transaction read, so a stale read changes the final state.
  delta: (tx, key, _keys, values) => {
    let h = (tx * 6007 + key * 7877 + 3) % PRIME;
    for (let j = 0; j < values.length; j++) h = (h * 37 + values[j] * (j + 5)) % PRIME;
    return h + 1;
  },
};

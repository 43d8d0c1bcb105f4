/**
 * One transaction's predicted keys from a contract summary: decode the calldata with the ABI,
 * evaluate every symbolic slot against the block's pre-state, keep wildcards (with reasons)
 * for what does not evaluate. Account keys follow the tracer's rules: the sender's nonce and
 * balance always; both balances of a top-level value transfer; the fee recipient never.
 */
import {
  type AccessKey,
  accountKey,
  anyWildcard,
  contractWildcard,
  slotsWildcard,
  storageKey,
  toAddress,
  uniqueKeys,
} from "@lanes/types";
import { type FunctionFragment, Interface, type InterfaceAbi, type ParamType, type Result } from "ethers";
import { decodeArguments } from "./calldata";
import { UnknownSelectorError } from "./errors";
import { Evaluator, Unresolved } from "./evaluate";
import type { ContractSummary, EntryPoint } from "./summary";

export interface TxInput {
  readonly from: string;
  readonly to: string;
  readonly value: bigint;
  /** Calldata, 0x-prefixed hex. */
  readonly input: string;
}

/** The block's pre-state, as a chain knows it before executing the block. */
export interface PreState {
  storage(address: string, slot: bigint): bigint;
  /** Deployed code (hex), to read immutables; without it immutables are unknown. */
  code?(address: string): string;
}

export interface Prediction {
  /** Which entry point ran: a selector, `receive`, `fallback`, or `none` (the call reverts before any code). */
  readonly entryPoint: string;
  readonly reads: AccessKey[];
  readonly writes: AccessKey[];
  readonly warnings: string[];
}

const interfaces = new WeakMap<ContractSummary, Interface>();

function interfaceOf(summary: ContractSummary): Interface {
  let iface = interfaces.get(summary);
  if (!iface) {
    iface = new Interface(summary.abi as InterfaceAbi);
    interfaces.set(summary, iface);
  }
  return iface;
}

/** Which entry point a calldata reaches (solc's dispatcher rules). */
const fragments = new WeakMap<ContractSummary, Map<string, FunctionFragment | null>>();

/** The ABI fragment of a selector, looked up once per summary (ethers hashes every signature per lookup). */
function fragmentOf(summary: ContractSummary, selector: string): FunctionFragment | null {
  let bySelector = fragments.get(summary);
  if (!bySelector) fragments.set(summary, (bySelector = new Map()));
  let fragment = bySelector.get(selector);
  if (fragment === undefined) {
    fragment = (interfaceOf(summary).getFunction(selector) as FunctionFragment | null) ?? null;
    bySelector.set(selector, fragment);
  }
  return fragment;
}

export function entryPointFor(summary: ContractSummary, input: string): EntryPoint | null {
  const data = input.toLowerCase();
  const byKey = (key: string): EntryPoint | undefined => summary.entryPoints.find((e) => e.selector === key);
  if (data.length <= 2) return byKey("receive") ?? byKey("fallback") ?? null;
  if (data.length >= 10) {
    const hit = byKey(data.slice(0, 10));
    if (hit) return hit;
  }
  const fallback = byKey("fallback");
  if (fallback) return fallback;
  throw new UnknownSelectorError(
    `selector ${data.slice(0, 10)} is not in the ABI of ${summary.contractName} (and it has no fallback)`,
  );
}

export function concretize(summary: ContractSummary, tx: TxInput, state: PreState): Prediction {
  const from = toAddress(tx.from);
  const to = toAddress(tx.to);
  const reads: AccessKey[] = [accountKey("nonce", from), accountKey("balance", from)];
  const writes: AccessKey[] = [accountKey("nonce", from), accountKey("balance", from)];
  if (tx.value > 0n) {
    reads.push(accountKey("balance", to));
    writes.push(accountKey("balance", to));
  }
  const warnings: string[] = [];
  const entry = entryPointFor(summary, tx.input);
  if (!entry) return { entryPoint: "none", reads: uniqueKeys(reads), writes: uniqueKeys(writes), warnings };

  let args: Result | null = null;
  let inputs: readonly ParamType[] = [];
  let decodeFailed = false;
  if (entry.selector.startsWith("0x")) {
    const fragment = fragmentOf(summary, entry.selector);
    if (fragment) {
      inputs = fragment.inputs;
      try {
        // The selector was matched already: decode the arguments alone (decodeFunctionData
        // would look the function up again, hashing every signature of the ABI).
        args = decodeArguments(fragment.inputs, tx.input.toLowerCase()) as Result;
        // ethers defers an argument's decoding error until the argument is read: read them all
        // now, so that malformed calldata (which reverts on chain) is known here, not mid-way.
        for (let i = 0; i < args.length; i++) void args[i];
      } catch {
        decodeFailed = true;
      }
    }
  }
  const codeHex = state.code ? state.code(to) : null;
  const evaluator = new Evaluator({
    from: BigInt(from),
    to: BigInt(to),
    value: tx.value,
    args,
    inputs,
    storage: (slot) => state.storage(to, slot),
    immutable: (id) => {
      const refs = summary.immutables[id];
      if (!refs || refs.length === 0 || !codeHex) return null;
      const start = 2 + refs[0].start * 2;
      return BigInt(`0x${codeHex.slice(start, start + refs[0].length * 2)}`);
    },
  });
  if (decodeFailed) {
    // ethers refused the calldata; solc may still accept it: everything of the contract.
    const why = `calldata for ${entry.signature} could not be decoded`;
    reads.push(contractWildcard(to, why));
    writes.push(contractWildcard(to, why));
    warnings.push(why);
  }
  for (const access of entry.accesses) {
    const out = access.mode === "write" ? [reads, writes] : [reads];
    const add = (key: AccessKey): void => out.forEach((list) => list.push(key));
    try {
      if (decodeFailed && access.kind !== "balance" && access.kind !== "code") continue;
      switch (access.kind) {
        case "slot":
          for (const slot of evaluator.words(access.slot)) add(storageKey(to, slot));
          break;
        case "balance":
        case "code":
          for (const a of evaluator.words(access.address))
            add(accountKey(access.kind, toAddress(`0x${BigInt.asUintN(160, a).toString(16).padStart(40, "0")}`)));
          break;
        case "wildcard":
          if (access.scope === "any") add(anyWildcard(access.reason));
          else if (access.scope === "contract" || !access.root || access.root.slot < 0n)
            add(contractWildcard(to, access.reason));
          else add(slotsWildcard(to, access.root.slot, access.reason));
          break;
      }
    } catch (error) {
      if (!(error instanceof Unresolved)) throw error;
      if (access.kind === "slot") {
        const why = `${access.name}: ${error.message}`;
        add(access.root.slot >= 0n ? slotsWildcard(to, access.root.slot, why) : contractWildcard(to, why));
      } else if (access.kind !== "wildcard") {
        warnings.push(`${access.kind} of an account not resolved: ${error.message}`);
      }
    }
  }
  return { entryPoint: entry.selector, reads: uniqueKeys(reads), writes: uniqueKeys(writes), warnings };
}

/** A pre-state read asynchronously (eth_getStorageAt): fetched as the evaluation asks, memoised. */
export interface AsyncPreState {
  storage(address: string, slot: bigint): Promise<bigint>;
  code?(address: string): Promise<string>;
}

class NeedSlot extends Error {
  constructor(
    readonly address: string,
    readonly slot: bigint,
  ) {
    super("pre-state slot not loaded yet");
  }
}

export async function concretizeAsync(
  summary: ContractSummary,
  tx: TxInput,
  state: AsyncPreState,
): Promise<Prediction> {
  const cache = new Map<string, bigint>();
  const code = state.code ? await state.code(tx.to) : undefined;
  for (;;) {
    try {
      return concretize(summary, tx, {
        storage: (address, slot) => {
          const v = cache.get(`${address}:${slot}`);
          if (v === undefined) throw new NeedSlot(address, slot);
          return v;
        },
        code: code === undefined ? undefined : () => code,
      });
    } catch (error) {
      if (!(error instanceof NeedSlot)) throw error;
      cache.set(`${error.address}:${error.slot}`, await state.storage(error.address, error.slot));
    }
  }
}

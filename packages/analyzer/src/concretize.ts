/**
 * One transaction's predicted keys from contract summaries: decode the calldata with the ABI,
 * evaluate every symbolic slot against the block's pre-state, skip what a branch condition known
 * to be false guards, and follow external calls into the callee's summary (bound by its code).
 * What does not evaluate stays a wildcard with its reason. Account keys follow the tracer's
 * rules: the sender's nonce and balance always; both balances of a value transfer; the fee
 * recipient never.
 */
import {
  type AccessKey,
  type Address,
  type Slot,
  type StorageKey,
  accountKey,
  anyWildcard,
  contractWildcard,
  keyToString,
  slotsWildcard,
  storageKey,
  toAddress,
} from "@lanes/types";
import { type FunctionFragment, Interface, type InterfaceAbi, type ParamType, type Result } from "ethers";
import { codeHashOf } from "./analyze";
import { decodeArguments } from "./calldata";
import { UnknownSelectorError } from "./errors";
import {
  type EvalEnv,
  Evaluator,
  type Value,
  Unresolved,
  decodedParams,
  passedParams,
  possibleValues,
} from "./evaluate";
import type { EnvName } from "./expr";
import type { Access, CallAccess, ContractSummary, EntryPoint, Guard } from "./summary";

export interface TxInput {
  readonly from: string;
  readonly to: string;
  readonly value: bigint;
  /** Calldata, 0x-prefixed hex. */
  readonly input: string;
}

/** What a chain knows of the block before executing it. */
export interface BlockInput {
  readonly timestamp?: bigint;
  readonly number?: bigint;
  readonly chainId?: bigint;
  readonly coinbase?: bigint;
  readonly baseFee?: bigint;
  readonly gasPrice?: bigint;
}

/**
 * The block's pre-state, as a chain knows it before executing the block. `storage` and `code`
 * may throw `Unresolved` for a value an earlier transaction of the block may have changed
 * (see `BlockTracker`): whatever depends on it then becomes a wildcard, never a guess.
 */
export interface PreState {
  storage(address: string, slot: bigint): bigint;
  /**
   * Every value the slot may hold, where that is a set rather than one value (a `BlockTracker`
   * view: the pre-state's value, or one an earlier transaction of the block may have written).
   */
  storageOptions?(address: string, slot: bigint): readonly bigint[];
  /** Deployed code (hex); without it immutables are unknown and calls are not followed. */
  code?(address: string): string;
}

export interface ConcretizeOptions {
  /** The summaries call targets are bound to, by code; without it every call is an `any` wildcard. */
  readonly program?: Program;
  readonly block?: BlockInput;
  /** Also say, for every key, which source line reads or writes it (`Prediction.origins`). */
  readonly origins?: boolean;
  /** Also say which values each written slot may be left holding (`Prediction.values`). */
  readonly values?: boolean;
}

/** Where a predicted key comes from: the variable and the line that reads or writes it. */
export interface KeyOrigin {
  readonly mode: "read" | "write" | "delta";
  /** `Contract.variable[key].member`, or the wildcard's reason. */
  readonly name: string;
  /** `file:line`. */
  readonly at?: string;
  /** The contract whose code does it. */
  readonly contract: string;
}

export interface Prediction {
  /** Which entry point ran: a selector, `receive`, `fallback`, or `none` (the call reverts before any code). */
  readonly entryPoint: string;
  readonly reads: AccessKey[];
  readonly writes: AccessKey[];
  /** Commutative updates (`x += c` with `x` used for nothing else); never also in reads or writes. */
  readonly deltas: AccessKey[];
  readonly warnings: string[];
  /** With `origins: true`: per key (`keyToString`), where the code reads or writes it. */
  readonly origins?: Record<string, KeyOrigin[]>;
  /**
   * With `values: true`: per written storage key (`keyToString`), every whole word the
   * transaction may leave in it, or null when some write to it is not known (a packed member, a
   * delta, a value the pre-state does not decide). A reverted or skipped write leaves the old
   * value, which is not listed: `BlockTracker` adds it.
   */
  readonly values?: ReadonlyMap<string, readonly bigint[] | null>;
}

/** More values than this for one slot count as not known. */
const MAX_WRITTEN_VALUES = 8;

/** What a slot may hold once `words` are added to `known` (null: not known; undefined: none yet). */
function addWords(known: readonly bigint[] | null | undefined, words: readonly bigint[] | null): bigint[] | null {
  if (known === null || words === null) return null;
  const all = known ? [...known] : [];
  for (const w of words) if (!all.includes(w)) all.push(w);
  return all.length > MAX_WRITTEN_VALUES ? null : all;
}

/** Calls deeper than this are `any` wildcards (the EVM allows 1024; real call chains are short). */
const MAX_CALL_DEPTH = 16;

/**
 * Summaries bound by code: a contract's deployed code with its immutables zeroed hashes to the
 * hash solc's artifact has, whatever values the deployment gave them.
 */
export class Program {
  private readonly byHash = new Map<string, ContractSummary>();
  private readonly layouts: { refs: { start: number; length: number }[]; key: string }[] = [];
  private readonly memo = new Map<string, ContractSummary | null>();

  constructor(summaries: readonly ContractSummary[]) {
    const seen = new Set<string>();
    for (const s of summaries) {
      if (!s.codeHash) continue;
      this.byHash.set(s.codeHash, s);
      const refs = Object.values(s.immutables)
        .flat()
        .map((r) => ({ start: r.start, length: r.length }));
      const key = refs.map((r) => `${r.start}:${r.length}`).join(",");
      if (!seen.has(key)) {
        seen.add(key);
        this.layouts.push({ refs, key });
      }
    }
  }

  /** The summary whose artifact this deployed code (hex) is, or null. */
  summaryForCode(codeHex: string): ContractSummary | null {
    const hit = this.memo.get(codeHex);
    if (hit !== undefined) return hit;
    const code = Buffer.from(codeHex.replace(/^0x/, ""), "hex");
    let found: ContractSummary | null = null;
    for (const { refs } of this.layouts) {
      if (refs.some((r) => r.start + r.length > code.length)) continue;
      const masked = Buffer.from(code);
      for (const r of refs) masked.fill(0, r.start, r.start + r.length);
      const s = this.byHash.get(codeHashOf(masked));
      if (s) {
        found = s;
        break;
      }
    }
    this.memo.set(codeHex, found);
    return found;
  }
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

/** The ABI fragment of a selector, looked up once per summary (ethers hashes every signature per lookup). */
const fragments = new WeakMap<ContractSummary, Map<string, FunctionFragment | null>>();

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

const entryIndex = new WeakMap<ContractSummary, Map<string, EntryPoint>>();

function entryByKey(summary: ContractSummary, key: string): EntryPoint | undefined {
  let index = entryIndex.get(summary);
  if (!index) entryIndex.set(summary, (index = new Map(summary.entryPoints.map((e) => [e.selector, e]))));
  return index.get(key);
}

/** Which entry point a calldata reaches (solc's dispatcher rules). */
export function entryPointFor(summary: ContractSummary, input: string): EntryPoint | null {
  const data = input.toLowerCase();
  if (data.length <= 2) return entryByKey(summary, "receive") ?? entryByKey(summary, "fallback") ?? null;
  if (data.length >= 10) {
    const hit = entryByKey(summary, data.slice(0, 10));
    if (hit) return hit;
  }
  const fallback = entryByKey(summary, "fallback");
  if (fallback) return fallback;
  throw new UnknownSelectorError(
    `selector ${data.slice(0, 10)} is not in the ABI of ${summary.contractName} (and it has no fallback)`,
  );
}

/** The entry point a call with this selector (null: empty calldata) reaches; null when it reverts. */
function entryForSelector(summary: ContractSummary, selector: string | null): EntryPoint | null {
  if (selector === null) return entryByKey(summary, "receive") ?? entryByKey(summary, "fallback") ?? null;
  return entryByKey(summary, selector) ?? entryByKey(summary, "fallback") ?? null;
}

/** A storage key of an address already canonical (skips re-validating it on the hot path). */
const slotKey = (address: string, slot: bigint): StorageKey => ({
  kind: "storage",
  address: address as Address,
  slot: `0x${slot.toString(16).padStart(64, "0")}` as Slot,
});

/** Distinct keys in first-seen order (deterministic: program order). */
function distinct(keys: readonly AccessKey[]): AccessKey[] {
  if (keys.length < 2) return [...keys];
  const seen = new Set<string>();
  const out: AccessKey[] = [];
  for (const k of keys) {
    const text = keyToString(k);
    if (!seen.has(text)) {
      seen.add(text);
      out.push(k);
    }
  }
  return out;
}

const addressOf = (word: bigint): string => toAddress(`0x${BigInt.asUintN(160, word).toString(16).padStart(40, "0")}`);

interface Out {
  readonly reads: AccessKey[];
  readonly writes: AccessKey[];
  readonly deltas: AccessKey[];
  readonly warnings: string[];
  readonly origins: Record<string, KeyOrigin[]> | null;
  readonly values: Map<string, bigint[] | null> | null;
}

/** What a followed call left: whether it may have written the caller's storage, and its results. */
interface SiteResult {
  readonly wrote: boolean;
  readonly results: ((index: number) => Value[]) | null;
}

/** One contract frame being concretized. */
interface Frame {
  /** Identity of the frame, for writes made by other frames of the transaction. */
  readonly id: object;
  readonly summary: ContractSummary;
  readonly address: string;
  readonly ev: Evaluator;
  /** A static frame (STATICCALL, or a 2300-gas transfer) writes nothing. */
  readonly readOnly: boolean;
  readonly sites: Map<number, SiteResult>;
  readonly guards: Map<Guard, boolean>;
}

class Run {
  /** Storage written so far in the transaction, by which frame (`address:slot`). */
  private readonly written = new Map<string, object>();
  /** Contracts some frame may have written anywhere (wildcards), and by which frames. */
  private readonly writtenAnywhere = new Map<string, Set<object>>();

  constructor(
    readonly state: PreState,
    readonly options: ConcretizeOptions,
    readonly origin: bigint,
    readonly out: Out,
  ) {}

  blockValue(name: EnvName): bigint | null {
    const b = this.options.block;
    switch (name) {
      case "origin":
        return this.origin;
      case "timestamp":
        return b?.timestamp ?? null;
      case "number":
        return b?.number ?? null;
      case "chainid":
        return b?.chainId ?? null;
      case "coinbase":
        return b?.coinbase ?? null;
      case "basefee":
        return b?.baseFee ?? null;
      case "gasprice":
        return b?.gasPrice ?? null;
      default:
        return null;
    }
  }

  codeOf(address: string): string {
    if (!this.state.code) throw new Unresolved("no code in the pre-state");
    return this.state.code(address);
  }

  /**
   * A load reaches the pre-state only when the frame's own earlier writes do not answer it; a
   * slot another frame of the transaction may have written (a callee writing back, a sibling
   * call into the same contract) is not the pre-state's value any more.
   */
  private storageFor(frame: object, address: string, slot: bigint): bigint | readonly bigint[] {
    if (this.written.size === 0 && this.writtenAnywhere.size === 0) return this.preState(address, slot);
    const by = this.written.get(`${address}:${slot.toString(16)}`);
    if (by !== undefined && by !== frame)
      throw new Unresolved(`slot ${slot} of ${address} written by another call earlier in the transaction`);
    for (const key of [address, "*"]) {
      const frames = this.writtenAnywhere.get(key);
      if (frames && [...frames].some((f) => f !== frame))
        throw new Unresolved(`storage of ${address} may be written by another call earlier in the transaction`);
    }
    return this.preState(address, slot);
  }

  private preState(address: string, slot: bigint): bigint | readonly bigint[] {
    if (!this.state.storageOptions) return this.state.storage(address, slot);
    const options = this.state.storageOptions(address, slot);
    return options.length === 1 ? options[0] : options;
  }

  private noteWrite(frame: object, key: AccessKey, slot?: bigint): void {
    if (key.kind === "storage") {
      const id = `${key.address}:${(slot ?? BigInt(key.slot)).toString(16)}`;
      const by = this.written.get(id);
      if (by === undefined) this.written.set(id, frame);
      else if (by !== frame) this.written.set(id, Run.SHARED);
    } else if (key.kind === "wildcard") {
      const where = key.scope === "any" ? "*" : key.address;
      let frames = this.writtenAnywhere.get(where);
      if (!frames) this.writtenAnywhere.set(where, (frames = new Set()));
      frames.add(frame);
    }
  }

  /** A slot written by two frames is "another frame's" for both. */
  private static readonly SHARED = {};

  env(
    frameId: object,
    summary: ContractSummary,
    address: string,
    from: bigint,
    value: bigint | null,
    param: EvalEnv["param"],
    sites: Map<number, SiteResult>,
  ): EvalEnv {
    let codeHex: string | null | undefined;
    return {
      from,
      to: BigInt(address),
      value,
      param,
      storage: (slot) => this.storageFor(frameId, address, slot),
      immutable: (id) => {
        const refs = summary.immutables[id];
        if (codeHex === undefined) {
          try {
            codeHex = this.state.code ? this.state.code(address) : null;
          } catch (error) {
            if (!(error instanceof Unresolved)) throw error;
            codeHex = null;
          }
        }
        if (!refs || refs.length === 0 || !codeHex) return null;
        const start = 2 + refs[0].start * 2;
        return BigInt(`0x${codeHex.slice(start, start + refs[0].length * 2)}`);
      },
      block: (name) => this.blockValue(name),
      codeSize: (a) => BigInt((this.codeOf(addressOf(a)).length - 2) / 2),
      callResult: (site, index) => {
        const r = sites.get(site);
        if (!r?.results) throw new Unresolved("result of a call not followed");
        return r.results(index);
      },
      callWrote: (site) => sites.get(site)?.wrote ?? null,
    };
  }

  /** Whether a guard is known to be false (then the access does not happen). */
  guardFalse(frame: Frame, guard: Guard | undefined): boolean {
    if (!guard || guard.length === 0) return false;
    let known = frame.guards.get(guard);
    if (known === undefined) {
      known = frame.ev.never(guard);
      frame.guards.set(guard, known);
    }
    return known;
  }

  runEntry(frame: Frame, entry: EntryPoint, depth: number, skipStorage = false): void {
    for (const access of entry.accesses) {
      if (this.guardFalse(frame, access.guard)) {
        if (access.kind === "call") frame.sites.set(access.site, { wrote: false, results: null });
        continue;
      }
      if (access.kind === "call") {
        this.call(frame, access, depth);
        continue;
      }
      if (skipStorage && access.kind !== "balance" && access.kind !== "code") continue;
      this.access(frame, access);
    }
  }

  access(frame: Frame, access: Exclude<Access, CallAccess>): void {
    const { reads, writes, deltas, warnings } = this.out;
    const isWrite = access.mode === "write" && !frame.readOnly;
    const delta = access.kind === "slot" && access.delta === true && !frame.readOnly;
    const origins = this.out.origins;
    const add = (key: AccessKey, slot?: bigint): void => {
      if (origins) {
        const text = keyToString(key);
        const origin: KeyOrigin = {
          mode: delta && key.kind === "storage" ? "delta" : isWrite ? "write" : "read",
          name: access.kind === "slot" ? access.name : access.kind === "wildcard" ? access.reason : access.kind,
          ...(access.at ? { at: access.at } : {}),
          contract: frame.summary.contractName,
        };
        const list = (origins[text] ??= []);
        if (!list.some((o) => o.mode === origin.mode && o.at === origin.at && o.name === origin.name))
          list.push(origin);
      }
      if (delta && key.kind === "storage") {
        deltas.push(key);
        if (isWrite) {
          this.noteWrite(frame.id, key, slot);
          this.noteValues(key, null);
        }
        return;
      }
      reads.push(key);
      if (isWrite) {
        writes.push(key);
        this.noteWrite(frame.id, key, slot);
        if (key.kind === "storage") this.noteValues(key, this.writtenWords(frame, access));
      }
    };
    const to = frame.address;
    try {
      switch (access.kind) {
        case "slot":
          for (const slot of frame.ev.words(access.slot)) add(slotKey(to, slot), slot);
          break;
        case "balance":
        case "code":
          for (const a of frame.ev.words(access.address)) add(accountKey(access.kind, addressOf(a)));
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
      } else if (access.kind === "balance" || access.kind === "code") {
        const why = `${access.kind} of an account not known: ${error.message}`;
        add(anyWildcard(why));
        warnings.push(why);
      }
    }
  }

  /** The whole words a slot write may store, or null when they are not known. */
  private writtenWords(frame: Frame, access: Exclude<Access, CallAccess>): bigint[] | null {
    if (!this.out.values || access.kind !== "slot" || !access.whole || !access.value) return null;
    try {
      const words = frame.ev.wordsPinned(access.value);
      return words.length > MAX_WRITTEN_VALUES ? null : words;
    } catch (error) {
      if (error instanceof Unresolved) return null; // Impossible included
      throw error;
    }
  }

  /** Adds `words` (null: not known) to what the transaction may leave in `key`. */
  private noteValues(key: AccessKey, words: readonly bigint[] | null): void {
    const values = this.out.values;
    if (!values) return;
    const text = keyToString(key);
    values.set(text, addWords(values.get(text), words));
  }

  /** Anything at all, read and (unless static) written: a call that cannot be followed. */
  unknownCall(frame: Frame, access: CallAccess, why: string): void {
    const reason = `${access.text}: ${why}`;
    this.out.reads.push(anyWildcard(reason));
    if (!frame.readOnly && access.callKind !== "staticcall" && access.callKind !== "transfer") {
      this.out.writes.push(anyWildcard(reason));
      this.noteWrite({}, anyWildcard(reason));
    }
    this.out.warnings.push(reason);
  }

  call(frame: Frame, access: CallAccess, depth: number): void {
    const writesBefore = this.out.writes.length;
    const deltasBefore = this.out.deltas.length;
    const finish = (results: SiteResult["results"]): void => {
      const mine = BigInt(frame.address);
      let wrote = false;
      for (const key of [...this.out.writes.slice(writesBefore), ...this.out.deltas.slice(deltasBefore)]) {
        if (key.kind === "wildcard" ? key.scope === "any" || BigInt(key.address) === mine : false) wrote = true;
        else if (key.kind === "storage" && BigInt(key.address) === mine) wrote = true;
      }
      frame.sites.set(access.site, { wrote, results });
    };
    const fail = (why: string): void => {
      this.unknownCall(frame, access, why);
      finish(null);
    };
    if (access.callKind === "create") return fail("contract creation not followed");
    if (access.callKind === "delegatecall") {
      const key = contractWildcard(frame.address, `${access.text}: delegatecall not followed`);
      this.out.writes.push(key);
      this.noteWrite({}, key);
      return fail("delegatecall not followed");
    }
    if (access.args === null) return fail("calldata not modelled");
    if (access.repeated) return fail("call in loop iterations past the unrolled ones not followed");
    if (!this.options.program) return fail("no summaries given to follow calls");
    if (depth >= MAX_CALL_DEPTH) return fail(`call depth over ${MAX_CALL_DEPTH}`);
    let targets: bigint[];
    let value: bigint | null = 0n;
    try {
      targets = frame.ev.words(access.target);
    } catch (error) {
      if (!(error instanceof Unresolved)) throw error;
      return fail(`target not known (${error.message})`);
    }
    if (access.value) {
      try {
        const v = frame.ev.words(access.value);
        value = v.length === 1 ? v[0] : null;
      } catch (error) {
        if (!(error instanceof Unresolved)) throw error;
        value = null;
      }
    }
    const results: ((index: number) => Value[])[] = [];
    for (const t of targets) {
      const target = addressOf(t);
      let code: string;
      try {
        code = this.codeOf(target);
      } catch (error) {
        if (!(error instanceof Unresolved)) throw error;
        return fail(`code at ${target} not known (${error.message})`);
      }
      if (code.length <= 2) continue; // an account without code: nothing runs
      const summary = this.options.program.summaryForCode(code);
      if (!summary) return fail(`no summary for the code at ${target}`);
      const entry = entryForSelector(summary, access.selector);
      if (!entry) continue; // the callee's dispatcher reverts before touching storage
      if (access.raw && entry.selector.startsWith("0x")) {
        // Head words laid out in assembly: a dynamic argument's word is an offset, not its value.
        const inputs = fragmentOf(summary, entry.selector)?.inputs ?? [];
        if (inputs.some((p) => /\b(bytes|string)\b(?!\d)|\[\]/.test(p.format())))
          return fail("calldata with dynamic arguments laid out in assembly");
      }
      const sites = new Map<number, SiteResult>();
      const id = {};
      const ev = new Evaluator(
        this.env(id, summary, target, BigInt(frame.address), value, passedParams(access.args, frame.ev), sites),
      );
      const child: Frame = {
        id,
        summary,
        address: target,
        ev,
        readOnly: frame.readOnly || access.callKind === "staticcall" || access.callKind === "transfer",
        sites,
        guards: new Map(),
      };
      this.runEntry(child, entry, depth + 1);
      const returns = entry.returns;
      results.push((index) => {
        const r = returns[index];
        if (!r) throw new Unresolved("return value not summarised");
        return ev.eval(r);
      });
    }
    finish(
      results.length === 0
        ? null
        : // A target whose callee cannot return (it always reverts) drops out while another can.
          (index) => possibleValues(results.map((r) => () => r(index))),
    );
  }
}

export function concretize(
  summary: ContractSummary,
  tx: TxInput,
  state: PreState,
  options: ConcretizeOptions = {},
): Prediction {
  const from = toAddress(tx.from);
  const to = toAddress(tx.to);
  const reads: AccessKey[] = [accountKey("nonce", from), accountKey("balance", from)];
  const writes: AccessKey[] = [accountKey("nonce", from), accountKey("balance", from)];
  if (tx.value > 0n) {
    reads.push(accountKey("balance", to));
    writes.push(accountKey("balance", to));
  }
  const warnings: string[] = [];
  const deltas: AccessKey[] = [];
  const entry = entryPointFor(summary, tx.input);
  if (!entry) return { entryPoint: "none", reads: distinct(reads), writes: distinct(writes), deltas, warnings };

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
  const origins = options.origins ? {} : null;
  const values = options.values ? new Map<string, bigint[] | null>() : null;
  const run = new Run(state, options, BigInt(from), { reads, writes, deltas, warnings, origins, values });
  const sites = new Map<number, SiteResult>();
  const id = {};
  const ev = new Evaluator(run.env(id, summary, to, BigInt(from), tx.value, decodedParams(args, inputs), sites));
  if (decodeFailed) {
    // ethers refused the calldata; solc may still accept it: everything of the contract.
    const why = `calldata for ${entry.signature} could not be decoded`;
    reads.push(contractWildcard(to, why));
    writes.push(contractWildcard(to, why));
    warnings.push(why);
  }
  run.runEntry({ id, summary, address: to, ev, readOnly: false, sites, guards: new Map() }, entry, 0, decodeFailed);
  // A key also read or written for another reason is no delta of this transaction: a write.
  const plain = new Set(deltas.length > 0 ? [...reads, ...writes].map(keyToString) : []);
  const kept: AccessKey[] = [];
  for (const k of deltas) {
    if (!plain.has(keyToString(k))) kept.push(k);
    else {
      reads.push(k);
      writes.push(k);
    }
  }
  return {
    entryPoint: entry.selector,
    reads: distinct(reads),
    writes: distinct(writes),
    deltas: distinct(kept),
    warnings,
    ...(origins ? { origins } : {}),
    ...(values ? { values } : {}),
  };
}

/** A pre-state read asynchronously (eth_getStorageAt): fetched as the evaluation asks, memoised. */
export interface AsyncPreState {
  storage(address: string, slot: bigint): Promise<bigint>;
  code?(address: string): Promise<string>;
}

/**
 * Cached values of an async pre-state, so that `concretize` can run synchronously. A run that
 * meets values not loaded yet treats them as unknown, collects them all, and is repeated once
 * they are loaded: a few passes (one per level of values that depend on loaded values) instead
 * of one per slot.
 */
export class PreStateCache {
  private readonly slots = new Map<string, bigint>();
  private readonly codes = new Map<string, string>();
  private readonly missingSlots = new Map<string, { address: string; slot: bigint }>();
  private readonly missingCodes = new Set<string>();
  constructor(private readonly source: AsyncPreState) {}

  readonly sync: PreState = {
    storage: (address, slot) => {
      const id = `${address}:${slot}`;
      const v = this.slots.get(id);
      if (v !== undefined) return v;
      this.missingSlots.set(id, { address, slot });
      throw new Unresolved("pre-state slot not loaded yet");
    },
    code: (address) => {
      const v = this.codes.get(address);
      if (v !== undefined) return v;
      this.missingCodes.add(address);
      throw new Unresolved("pre-state code not loaded yet");
    },
  };

  /** Runs `f` on the synchronous view until it ran with every value it asked for loaded. */
  async run<T>(f: (state: PreState) => T): Promise<T> {
    for (;;) {
      this.missingSlots.clear();
      this.missingCodes.clear();
      const result = f(this.sync);
      if (this.missingSlots.size === 0 && this.missingCodes.size === 0) return result;
      const slots = [...this.missingSlots.entries()];
      const codes = [...this.missingCodes];
      const [slotValues, codeValues] = await Promise.all([
        Promise.all(slots.map(([, { address, slot }]) => this.source.storage(address, slot))),
        Promise.all(codes.map((a) => (this.source.code ? this.source.code(a) : Promise.resolve("0x")))),
      ]);
      slots.forEach(([id], i) => this.slots.set(id, slotValues[i]));
      codes.forEach((a, i) => this.codes.set(a, codeValues[i]));
    }
  }
}

export async function concretizeAsync(
  summary: ContractSummary,
  tx: TxInput,
  state: AsyncPreState,
  options: ConcretizeOptions = {},
): Promise<Prediction> {
  const cache = new PreStateCache(state);
  return cache.run((s) => concretize(summary, tx, s, options));
}

/**
 * The pre-state as a block's later transactions may use it. A slot an earlier transaction of the
 * block is predicted to write may hold the pre-state's value or any value those transactions may
 * leave in it: when each of them said which (`Prediction.values`, whole words of a 32-byte
 * variable), a load sees that set of options; when one did not (a packed member, a delta, a
 * value it could not compute, a wildcard), reading the slot is `Unresolved` (what depends on it
 * becomes a wildcard). Sound as long as the earlier predictions are: each covers what its
 * transaction really writes, and every value it may leave.
 */
export class BlockTracker {
  /** Per written storage key: the values earlier transactions may leave (null: not known). */
  private readonly written = new Map<string, bigint[] | null>();
  /** Account keys (code) earlier transactions may write. */
  private readonly accounts = new Set<string>();
  private readonly contracts = new Set<bigint>();
  private anything = false;

  /** Records what a transaction of the block may write (writes and deltas), before the next one is predicted. */
  note(prediction: Pick<Prediction, "writes"> & Partial<Pick<Prediction, "deltas" | "values">>): void {
    const deltas = new Set((prediction.deltas ?? []).map(keyToString));
    for (const key of [...prediction.writes, ...(prediction.deltas ?? [])]) {
      if (key.kind === "wildcard") {
        if (key.scope === "any") this.anything = true;
        else this.contracts.add(BigInt(key.address));
        continue;
      }
      const text = keyToString(key);
      if (key.kind !== "storage") {
        this.accounts.add(text);
        continue;
      }
      const words = deltas.has(text) ? null : (prediction.values?.get(text) ?? null);
      this.written.set(text, addWords(this.written.get(text), words));
    }
  }

  private staleContract(address: string): boolean {
    return this.anything || this.contracts.has(BigInt(address));
  }

  /** `state` with what earlier transactions may have written made a set of options, or unknown. */
  wrap(state: PreState): PreState {
    const options = (address: string, slot: bigint): readonly bigint[] => {
      const unknown = (): never => {
        throw new Unresolved(`slot ${slot} of ${address} may be written earlier in the block`);
      };
      if (this.staleContract(address)) unknown();
      const pre = state.storageOptions ? state.storageOptions(address, slot) : [state.storage(address, slot)];
      if (this.written.size === 0) return pre;
      const words = this.written.get(keyToString(storageKey(toAddress(address), slot)));
      if (words === undefined) return pre;
      if (words === null) unknown();
      const all = [...pre];
      for (const w of words!) if (!all.includes(w)) all.push(w);
      return all;
    };
    return {
      storage: (address, slot) => {
        const all = options(address, slot);
        if (all.length !== 1)
          throw new Unresolved(
            `slot ${slot} of ${address} holds one of ${all.length} values after earlier transactions of the block`,
          );
        return all[0];
      },
      storageOptions: options,
      code: state.code
        ? (address) => {
            // Since Cancun, deployed code never changes (SELFDESTRUCT only deletes code created
            // in the same transaction): only an empty account can gain code in the block.
            const code = state.code!(address);
            if (
              code.length <= 2 &&
              (this.staleContract(address) || this.accounts.has(keyToString(accountKey("code", toAddress(address)))))
            )
              throw new Unresolved(`code of ${address} may be created earlier in the block`);
            return code;
          }
        : undefined,
    };
  }
}

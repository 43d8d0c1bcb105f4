/**
 * TxAccess: what one transaction read and wrote, traced (ground truth) or predicted (static).
 */
import { TxAccessFormatError } from "./errors";
import { type Address, toAddress } from "./hex";
import { type AccessKey, type Key, isAccountKey, isStorageKey, keyToString, parseKey } from "./keys";

export interface TxAccess {
  /** Position of the transaction in its (logical) block. */
  readonly index: number;
  readonly hash?: string;
  readonly from: Address;
  /** null for a contract creation. */
  readonly to: Address | null;
  /** First four bytes of the calldata, `0x` + 8 hex digits; null when there are fewer. */
  readonly selector: string | null;
  readonly gasUsed: number;
  /** The transaction as a whole reverted: it has no storage writes, but nonce and balance still change. */
  readonly reverted: boolean;
  /** Every key read. Every written key is also here: a write depends on the value before it. */
  readonly reads: readonly AccessKey[];
  /** Keys whose value the transaction wrote (commutative deltas excepted). */
  readonly writes: readonly AccessKey[];
  /** Writes that left the value as it was at the start of the transaction (also in `writes`). */
  readonly unchangedWrites?: readonly Key[];
  /**
   * Commutative updates (`x += c`, `x -= c`, `x` used for nothing else): in `deltas` only,
   * neither in `reads` nor in `writes`. An executor that is not delta-aware treats each as a
   * read and a write.
   */
  readonly deltas?: readonly Key[];
}

/** Keys of a list split into storage keys (contract design) and account keys (nonces, balances, code). */
export interface KeyPartition<K> {
  readonly storage: K[];
  readonly account: K[];
  readonly wildcards: K[];
}

export function partitionKeys<K extends AccessKey>(keys: readonly K[]): KeyPartition<K> {
  const storage: K[] = [];
  const account: K[] = [];
  const wildcards: K[] = [];
  for (const key of keys) {
    if (isStorageKey(key)) storage.push(key);
    else if (isAccountKey(key)) account.push(key);
    else wildcards.push(key);
  }
  return { storage, account, wildcards };
}

/** Keys in canonical order with duplicates (same canonical form) removed. */
export function uniqueKeys<K extends AccessKey>(keys: Iterable<K>): K[] {
  const byString = new Map<string, K>();
  for (const key of keys) {
    const text = keyToString(key);
    if (!byString.has(text)) byString.set(text, key);
  }
  return [...byString.entries()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)).map(([, key]) => key);
}

/** The JSON form of a TxAccess: keys as canonical strings, wildcard reasons kept beside them. */
export interface TxAccessJson {
  index: number;
  hash?: string;
  from: string;
  to: string | null;
  selector: string | null;
  gasUsed: number;
  reverted: boolean;
  reads: string[];
  writes: string[];
  unchangedWrites?: string[];
  deltas?: string[];
  /** Canonical wildcard string -> why it was needed. */
  wildcardReasons?: Record<string, string>;
}

export function txAccessToJson(tx: TxAccess): TxAccessJson {
  const reasons: Record<string, string> = {};
  const encode = (keys: readonly AccessKey[]): string[] =>
    keys.map((key) => {
      const text = keyToString(key);
      if (key.kind === "wildcard") reasons[text] = key.reason;
      return text;
    });
  const json: TxAccessJson = {
    index: tx.index,
    from: tx.from,
    to: tx.to,
    selector: tx.selector,
    gasUsed: tx.gasUsed,
    reverted: tx.reverted,
    reads: encode(tx.reads),
    writes: encode(tx.writes),
  };
  if (tx.hash !== undefined) json.hash = tx.hash;
  if (tx.unchangedWrites !== undefined) json.unchangedWrites = encode(tx.unchangedWrites);
  if (tx.deltas !== undefined) json.deltas = encode(tx.deltas);
  if (Object.keys(reasons).length > 0) json.wildcardReasons = reasons;
  return json;
}

const SELECTOR_RE = /^0x[0-9a-f]{8}$/;

/** Parses and validates a TxAccess from JSON; `where` names the source in error messages. */
export function txAccessFromJson(value: unknown, where: string): TxAccess {
  const fail = (what: string): never => {
    throw new TxAccessFormatError(`${where}: ${what}`);
  };
  if (typeof value !== "object" || value === null) return fail("expected an object");
  const v = value as Record<string, unknown>;
  if (!Number.isInteger(v.index) || (v.index as number) < 0) fail("index must be a non-negative integer");
  if (typeof v.from !== "string") fail("from must be an address");
  if (v.to !== null && typeof v.to !== "string") fail("to must be an address or null");
  if (v.selector !== null && (typeof v.selector !== "string" || !SELECTOR_RE.test(v.selector))) {
    fail("selector must be 0x and 8 lowercase hex digits, or null");
  }
  if (!Number.isInteger(v.gasUsed) || (v.gasUsed as number) < 0) fail("gasUsed must be a non-negative integer");
  if (typeof v.reverted !== "boolean") fail("reverted must be a boolean");
  const reasons = (v.wildcardReasons ?? {}) as Record<string, unknown>;
  const keyList = (field: string, keysOnly: boolean): AccessKey[] => {
    const list = v[field];
    if (!Array.isArray(list)) return fail(`${field} must be an array of key strings`);
    return list.map((item, i) => {
      if (typeof item !== "string") return fail(`${field}[${i}] must be a key string`);
      const reason = reasons[item];
      const key = parseKey(item, typeof reason === "string" ? reason : "reason not recorded");
      if (keysOnly && key.kind === "wildcard") return fail(`${field}[${i}] cannot be a wildcard`);
      return key;
    });
  };
  try {
    const tx: {
      -readonly [K in keyof TxAccess]: TxAccess[K];
    } = {
      index: v.index as number,
      from: toAddress(v.from as string),
      to: v.to === null ? null : toAddress(v.to as string),
      selector: v.selector as string | null,
      gasUsed: v.gasUsed as number,
      reverted: v.reverted as boolean,
      reads: keyList("reads", false),
      writes: keyList("writes", false),
    };
    if (typeof v.hash === "string") tx.hash = v.hash;
    if (v.unchangedWrites !== undefined) tx.unchangedWrites = keyList("unchangedWrites", true) as Key[];
    if (v.deltas !== undefined) tx.deltas = keyList("deltas", true) as Key[];
    return tx;
  } catch (error) {
    if (error instanceof TxAccessFormatError) throw error;
    throw new TxAccessFormatError(`${where}: ${(error as Error).message}`);
  }
}

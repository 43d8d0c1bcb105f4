/**
 * Keys: the units of state a parallel executor tracks, and wildcards, the conservative sets
 * of keys a static prediction falls back to. Each has exactly one canonical string form,
 * which is what gets interned, hashed, compared and written to reports.
 */
import { KeyFormatError } from "./errors";
import { type Address, type Slot, toAddress, toSlot } from "./hex";

/** One storage slot of one contract. Two variables packed in a slot are one key. */
export interface StorageKey {
  readonly kind: "storage";
  readonly address: Address;
  readonly slot: Slot;
}

/** Account pseudo-keys: the ETH balance, the nonce and the code of an account. */
export interface AccountKey {
  readonly kind: "balance" | "nonce" | "code";
  readonly address: Address;
}

export type Key = StorageKey | AccountKey;
export type AccountKeyKind = AccountKey["kind"];

/**
 * A set of keys that could not be narrowed down, and why:
 * - `slots`: any slot derived from one mapping or dynamic-array base slot of one contract;
 * - `contract`: any storage slot of one contract;
 * - `any`: anything anywhere, account keys included (an unknown call target may touch any
 *   state, send ETH or create contracts).
 */
export type WildcardKey =
  | {
      readonly kind: "wildcard";
      readonly scope: "slots";
      readonly address: Address;
      readonly base: Slot;
      readonly reason: string;
    }
  | { readonly kind: "wildcard"; readonly scope: "contract"; readonly address: Address; readonly reason: string }
  | { readonly kind: "wildcard"; readonly scope: "any"; readonly reason: string };

export type WildcardScope = WildcardKey["scope"];

/** What an access set holds: exact keys and wildcards. */
export type AccessKey = Key | WildcardKey;

export function storageKey(address: string, slot: string | bigint | number): StorageKey {
  return { kind: "storage", address: toAddress(address), slot: toSlot(slot) };
}

export function accountKey(kind: AccountKeyKind, address: string): AccountKey {
  return { kind, address: toAddress(address) };
}

export function slotsWildcard(address: string, base: string | bigint | number, reason: string): WildcardKey {
  return {
    kind: "wildcard",
    scope: "slots",
    address: toAddress(address),
    base: toSlot(base),
    reason: requireReason(reason),
  };
}

export function contractWildcard(address: string, reason: string): WildcardKey {
  return { kind: "wildcard", scope: "contract", address: toAddress(address), reason: requireReason(reason) };
}

export function anyWildcard(reason: string): WildcardKey {
  return { kind: "wildcard", scope: "any", reason: requireReason(reason) };
}

function requireReason(reason: string): string {
  if (reason.trim() === "") throw new KeyFormatError("a wildcard needs a reason (why the keys could not be resolved)");
  return reason;
}

export function isWildcard(key: AccessKey): key is WildcardKey {
  return key.kind === "wildcard";
}

export function isStorageKey(key: AccessKey): key is StorageKey {
  return key.kind === "storage";
}

export function isAccountKey(key: AccessKey): key is AccountKey {
  return key.kind === "balance" || key.kind === "nonce" || key.kind === "code";
}

/**
 * The canonical string form. The reason of a wildcard is not part of it: two wildcards over
 * the same keys are the same set, whatever made them.
 *   storage:0x<address>:0x<slot>    balance:0x<address>    nonce:…    code:…
 *   wildcard:slots:0x<address>:0x<base>    wildcard:contract:0x<address>    wildcard:any
 */
export function keyToString(key: AccessKey): string {
  switch (key.kind) {
    case "storage":
      return `storage:${key.address}:${key.slot}`;
    case "balance":
    case "nonce":
    case "code":
      return `${key.kind}:${key.address}`;
    case "wildcard":
      switch (key.scope) {
        case "slots":
          return `wildcard:slots:${key.address}:${key.base}`;
        case "contract":
          return `wildcard:contract:${key.address}`;
        case "any":
          return "wildcard:any";
      }
  }
}

/**
 * Parses a canonical string back into a key. Wildcards come back with the reason given
 * (the string form does not carry one).
 */
export function parseKey(text: string, wildcardReason = "parsed from its canonical form"): AccessKey {
  const parts = text.split(":");
  const fail = (): never => {
    throw new KeyFormatError(
      `"${text}" is not a key (expected storage:<address>:<slot>, balance|nonce|code:<address>, or wildcard:…)`,
    );
  };
  switch (parts[0]) {
    case "storage":
      return parts.length === 3 ? storageKey(parts[1], parts[2]) : fail();
    case "balance":
    case "nonce":
    case "code":
      return parts.length === 2 ? accountKey(parts[0], parts[1]) : fail();
    case "wildcard":
      if (parts[1] === "slots" && parts.length === 4) return slotsWildcard(parts[2], parts[3], wildcardReason);
      if (parts[1] === "contract" && parts.length === 3) return contractWildcard(parts[2], wildcardReason);
      if (parts[1] === "any" && parts.length === 2) return anyWildcard(wildcardReason);
      return fail();
    default:
      return fail();
  }
}

/**
 * Where a storage slot was derived from, when that is known (from the side table of names):
 * the mapping or dynamic-array base slot it hangs under. Plain variables have none.
 */
export type SlotBaseOf = (key: StorageKey) => Slot | undefined;

/**
 * Whether `wildcard` covers `key`. A `slots` wildcard covers a storage key of its contract
 * when the key is known to derive from its base, or the key's origin is unknown — an unknown
 * origin must count as covered, or a conflict could be missed.
 */
export function wildcardCovers(wildcard: WildcardKey, key: Key, baseOf?: SlotBaseOf): boolean {
  switch (wildcard.scope) {
    case "any":
      // An unknown call target may write any storage, move ETH, create contracts: everything.
      return true;
    case "contract":
      return key.kind === "storage" && key.address === wildcard.address;
    case "slots": {
      if (key.kind !== "storage" || key.address !== wildcard.address) return false;
      if (key.slot === wildcard.base) return true;
      const base = baseOf?.(key);
      return base === undefined || base === wildcard.base;
    }
  }
}

/** Whether two access keys may denote a common key (the test a conflict detector needs). */
export function keysOverlap(a: AccessKey, b: AccessKey, baseOf?: SlotBaseOf): boolean {
  if (a.kind === "wildcard" && b.kind === "wildcard") return wildcardsOverlap(a, b);
  if (a.kind === "wildcard") return b.kind !== "wildcard" && wildcardCovers(a, b, baseOf);
  if (b.kind === "wildcard") return wildcardCovers(b, a, baseOf);
  return keyToString(a) === keyToString(b);
}

function wildcardsOverlap(a: WildcardKey, b: WildcardKey): boolean {
  if (a.scope === "any" || b.scope === "any") return true;
  if (a.address !== b.address) return false;
  if (a.scope === "slots" && b.scope === "slots") return a.base === b.base;
  return true;
}

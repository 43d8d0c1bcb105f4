/**
 * Human names for the keys of a run: which contract instance, which variable, which mapping
 * key. Names are computed forward — every (mapping, candidate key) pair the world can produce
 * is hashed with solc's slot rule — and looked up by canonical key string.
 */
import { keccak_256 } from "@noble/hashes/sha3";
import { type KeyName, keyToString, storageKey, accountKey, toSlot } from "@lanes/types";
import type { ContractLayout, LayoutType } from "./layout";

export interface Instance {
  address: string;
  layout: ContractLayout;
  /** e.g. `WETH/USDC` for a pair, `WETH` for a token. */
  label?: string;
  /**
   * Address keys to try under one top-level mapping of this instance, by variable label, instead
   * of the shared ones: `outer` for the first level, `inner` below it (the pool's
   * `_markets[asset].positions[account]`: assets outside, accounts inside). Hashing every address
   * under every level would be millions of hashes for nothing.
   */
  mappingKeys?: Record<string, { outer?: Map<string, string>; inner?: Map<string, string> }>;
}

export interface NamingInput {
  instances: Instance[];
  /** Addresses that can appear as mapping keys, with a short label (`user 17`, `router`). */
  addressLabels: Map<string, string>;
  /**
   * Keys tried below the first level of nested mappings (`allowance[owner][spender]`): all
   * addresses squared would be too many, and spenders are contracts. Defaults to all addresses.
   */
  innerAddressLabels?: Map<string, string>;
  /** Integer keys to try for mappings keyed by integers and array indexes. */
  maxIndex?: number;
}

/** 32-byte big-endian word of a non-negative integer or an address. */
function word(value: string | bigint): Uint8Array {
  const hex = (typeof value === "bigint" ? value.toString(16) : value.slice(2)).padStart(64, "0");
  return Buffer.from(hex, "hex");
}

function hashToBigInt(bytes: Uint8Array): bigint {
  return BigInt(`0x${Buffer.from(keccak_256(bytes)).toString("hex")}`);
}

/**
 * solc's slot of `mapping[key]` with base slot `base`: keccak256(pad32(key) ‖ pad32(base)). The
 * worlds name hundreds of thousands of slots: key words are computed once, the buffer reused.
 */
const keyWords = new Map<string | bigint, Uint8Array>();
const pair = new Uint8Array(64);
function hashKey(key: string | bigint, baseWord: Uint8Array): bigint {
  let k = keyWords.get(key);
  if (!k) keyWords.set(key, (k = word(key)));
  pair.set(k, 0);
  pair.set(baseWord, 32);
  return hashToBigInt(pair);
}

/** Builds the side table of names: canonical key string → KeyName. */
export function buildKeyNames(input: NamingInput): Map<string, KeyName> {
  const names = new Map<string, KeyName>();
  const maxIndex = input.maxIndex ?? 64;
  const sharedOuter = [...input.addressLabels.entries()];
  const sharedInner = [...(input.innerAddressLabels ?? input.addressLabels).entries()];

  for (const inst of input.instances) {
    let addresses = sharedOuter;
    let inner = sharedInner;
    const address = storageKey(inst.address, 0n).address;
    const put = (slot: bigint, variable: string, base: bigint | undefined, source?: { file: string; line: number }) => {
      const key = keyToString({ kind: "storage", address, slot: toSlot(slot) });
      const existing = names.get(key);
      if (existing) {
        // Packed slots: every member is named; a member of the same struct as the first is
        // named by its label only (`_markets[USDC].supply.totalAssets+totalShares`).
        const first = existing.variables[0];
        const dot = first.lastIndexOf(".");
        const short =
          dot > 0 && variable.startsWith(first.slice(0, dot + 1)) && !variable.slice(dot + 1).includes(".")
            ? variable.slice(dot + 1)
            : variable;
        if (!existing.variables.includes(short))
          names.set(key, { ...existing, variables: [...existing.variables, short] });
        return;
      }
      names.set(key, {
        contract: inst.layout.contract,
        instance: inst.label,
        variables: [variable],
        base: base === undefined ? undefined : (`0x${base.toString(16).padStart(64, "0")}` as `0x${string}`),
        source,
      });
    };

    /** Names the slots of a value of `typeId` stored at `slot`, recursing into structs and mappings. */
    const visit = (
      typeId: string,
      slot: bigint,
      path: string,
      base: bigint | undefined,
      source: { file: string; line: number } | undefined,
      depth: number,
    ): void => {
      const type: LayoutType | undefined = inst.layout.types[typeId];
      if (!type || depth > 3) {
        put(slot, path, base, source);
        return;
      }
      if (type.encoding === "mapping" && type.key && type.value) {
        const baseWord = word(slot);
        for (const [key, label] of mappingKeys(type.key, depth === 0 ? addresses : inner, maxIndex)) {
          visit(type.value, hashKey(key, baseWord), `${path}[${label}]`, slot, source, depth + 1);
        }
        return;
      }
      if (type.base && (type.encoding === "dynamic_array" || type.encoding === "inplace")) {
        // Dynamic arrays keep their length in the slot and their data at keccak(slot); static
        // arrays are laid out in place. Elements under 32 bytes share slots, several per slot.
        const dynamic = type.encoding === "dynamic_array";
        if (dynamic) put(slot, `${path}.length`, undefined, source);
        const start = dynamic ? hashToBigInt(word(slot)) : slot;
        const elementBytes = Number(inst.layout.types[type.base]?.numberOfBytes ?? "32");
        const perSlot = elementBytes < 32 ? Math.floor(32 / elementBytes) : 0;
        const elementSlots = Math.ceil(elementBytes / 32);
        const count = dynamic
          ? maxIndex
          : Math.min(maxIndex, Math.floor(Number(type.numberOfBytes) / 32) * Math.max(1, perSlot));
        for (let i = 0; i < count; i++) {
          const at = perSlot > 0 ? start + BigInt(Math.floor(i / perSlot)) : start + BigInt(i * elementSlots);
          visit(type.base, at, `${path}[${i}]`, dynamic ? slot : base, source, depth + 1);
        }
        return;
      }
      if (type.members && type.members.length > 0) {
        for (const member of type.members) {
          visit(member.type, slot + BigInt(member.slot), `${path}.${member.label}`, base, source, depth);
        }
        return;
      }
      const words = Math.max(1, Math.ceil(Number(type.numberOfBytes) / 32));
      for (let w = 0; w < words; w++) put(slot + BigInt(w), words > 1 ? `${path}[word ${w}]` : path, base, source);
    };

    for (const v of inst.layout.variables) {
      const own = inst.mappingKeys?.[v.label];
      addresses = own?.outer ? [...own.outer.entries()] : sharedOuter;
      inner = own?.inner ? [...own.inner.entries()] : sharedInner;
      visit(v.type, v.slot, v.label, undefined, v.source, 0);
    }
  }

  for (const [address, label] of input.addressLabels) {
    for (const kind of ["balance", "nonce", "code"] as const) {
      names.set(keyToString(accountKey(kind, address)), { contract: label, variables: [kind] });
    }
  }
  return names;
}

function mappingKeys(keyTypeId: string, addresses: [string, string][], maxIndex: number): [string | bigint, string][] {
  if (keyTypeId.startsWith("t_address") || keyTypeId.startsWith("t_contract")) return addresses;
  if (keyTypeId.startsWith("t_uint")) return Array.from({ length: maxIndex }, (_, i) => [BigInt(i), String(i)]);
  // bytes32 and other keys (market ids…) cannot be enumerated here; such slots stay unnamed.
  return [];
}

import { expect } from "chai";
import { keccak_256 } from "@noble/hashes/sha3";
import { keyToString, storageKey } from "@lanes/types";
import { buildKeyNames, type ContractLayout } from "../src";

const A = "0x00000000000000000000000000000000000000aa";
const U = "0x0000000000000000000000000000000000000011";
const word = (n: bigint | string) =>
  Buffer.from((typeof n === "bigint" ? n.toString(16) : n.slice(2)).padStart(64, "0"), "hex");
const h = (...parts: Buffer[]) => BigInt(`0x${Buffer.from(keccak_256(Buffer.concat(parts))).toString("hex")}`);
const name = (names: ReturnType<typeof buildKeyNames>, slot: bigint) => names.get(keyToString(storageKey(A, slot)));

// A layout as solc writes it: packed value types, a mapping of structs, a nested mapping,
// a dynamic array of uint64 (four per slot) and a static array of uint128 (two per slot).
const layout: ContractLayout = {
  contract: "Fixture",
  variables: [
    { label: "a", slot: 0n, offset: 0, type: "t_uint128", contract: "Fixture" },
    { label: "b", slot: 0n, offset: 16, type: "t_uint128", contract: "Fixture" },
    { label: "positions", slot: 1n, offset: 0, type: "t_mapping(t_address,t_struct(P)1_storage)", contract: "Fixture" },
    {
      label: "allow",
      slot: 2n,
      offset: 0,
      type: "t_mapping(t_address,t_mapping(t_address,t_uint256))",
      contract: "Fixture",
    },
    { label: "small", slot: 3n, offset: 0, type: "t_array(t_uint64)dyn_storage", contract: "Fixture" },
    { label: "pairs", slot: 4n, offset: 0, type: "t_array(t_uint128)4_storage", contract: "Fixture" },
  ],
  types: {
    t_uint128: { encoding: "inplace", label: "uint128", numberOfBytes: "16" },
    t_uint64: { encoding: "inplace", label: "uint64", numberOfBytes: "8" },
    t_uint256: { encoding: "inplace", label: "uint256", numberOfBytes: "32" },
    t_address: { encoding: "inplace", label: "address", numberOfBytes: "20" },
    "t_struct(P)1_storage": {
      encoding: "inplace",
      label: "struct P",
      numberOfBytes: "64",
      members: [
        { label: "size", slot: "0", offset: 0, type: "t_uint256" },
        { label: "debt", slot: "1", offset: 0, type: "t_uint256" },
      ],
    },
    "t_mapping(t_address,t_struct(P)1_storage)": {
      encoding: "mapping",
      label: "m",
      numberOfBytes: "32",
      key: "t_address",
      value: "t_struct(P)1_storage",
    },
    "t_mapping(t_address,t_uint256)": {
      encoding: "mapping",
      label: "m",
      numberOfBytes: "32",
      key: "t_address",
      value: "t_uint256",
    },
    "t_mapping(t_address,t_mapping(t_address,t_uint256))": {
      encoding: "mapping",
      label: "mm",
      numberOfBytes: "32",
      key: "t_address",
      value: "t_mapping(t_address,t_uint256)",
    },
    "t_array(t_uint64)dyn_storage": {
      encoding: "dynamic_array",
      label: "uint64[]",
      numberOfBytes: "32",
      base: "t_uint64",
    },
    "t_array(t_uint128)4_storage": { encoding: "inplace", label: "uint128[4]", numberOfBytes: "64", base: "t_uint128" },
  },
};

describe("key names", () => {
  const names = buildKeyNames({
    instances: [{ address: A, layout, label: "X" }],
    addressLabels: new Map([
      [U, "user 1"],
      [A, "self"],
    ]),
    innerAddressLabels: new Map([[A, "self"]]),
    maxIndex: 8,
  });

  it("names every member of a packed slot", () => {
    expect(name(names, 0n)?.variables).to.deep.equal(["a", "b"]);
    expect(name(names, 0n)?.instance).to.equal("X");
  });

  it("names mapping entries and struct members by the mapping key's label", () => {
    const base = h(word(U), word(1n));
    expect(name(names, base)?.variables).to.deep.equal(["positions[user 1].size"]);
    expect(name(names, base + 1n)?.variables).to.deep.equal(["positions[user 1].debt"]);
    expect(name(names, base)?.base).to.equal(`0x${"1".padStart(64, "0")}`);
  });

  it("names nested mappings with the inner candidates", () => {
    const slot = h(word(A), word(h(word(U), word(2n))));
    expect(name(names, slot)?.variables).to.deep.equal(["allow[user 1][self]"]);
  });

  it("packs small array elements several to a slot", () => {
    const data = h(word(3n));
    expect(name(names, 3n)?.variables).to.deep.equal(["small.length"]);
    expect(name(names, data)?.variables).to.deep.equal(["small[0]", "small[1]", "small[2]", "small[3]"]);
    expect(name(names, data + 1n)?.variables).to.deep.equal(["small[4]", "small[5]", "small[6]", "small[7]"]);
    expect(name(names, 4n)?.variables).to.deep.equal(["pairs[0]", "pairs[1]"]);
    expect(name(names, 5n)?.variables).to.deep.equal(["pairs[2]", "pairs[3]"]);
  });

  it("names account keys of known addresses", () => {
    expect(names.get(`nonce:${U}`)).to.deep.include({ contract: "user 1", variables: ["nonce"] });
  });

  it("names the members of a packed struct by their label after the first", () => {
    const packed: ContractLayout = {
      contract: "Pool",
      variables: [
        { label: "_markets", slot: 3n, offset: 0, type: "t_mapping(t_address,t_struct(Q)2_storage)", contract: "Pool" },
      ],
      types: {
        t_uint128: { encoding: "inplace", label: "uint128", numberOfBytes: "16" },
        t_uint112: { encoding: "inplace", label: "uint112", numberOfBytes: "14" },
        t_bool: { encoding: "inplace", label: "bool", numberOfBytes: "1" },
        t_address: { encoding: "inplace", label: "address", numberOfBytes: "20" },
        "t_struct(Q)2_storage": {
          encoding: "inplace",
          label: "struct Q",
          numberOfBytes: "32",
          members: [
            { label: "supplyShares", slot: "0", offset: 0, type: "t_uint128" },
            { label: "borrowScaled", slot: "0", offset: 16, type: "t_uint112" },
            { label: "collateral", slot: "0", offset: 30, type: "t_bool" },
          ],
        },
        "t_mapping(t_address,t_struct(Q)2_storage)": {
          encoding: "mapping",
          label: "m",
          numberOfBytes: "32",
          key: "t_address",
          value: "t_struct(Q)2_storage",
        },
      },
    };
    const own = buildKeyNames({
      instances: [{ address: A, layout: packed, mappingKeys: { _markets: { outer: new Map([[U, "USDC"]]) } } }],
      addressLabels: new Map([[A, "self"]]),
    });
    expect(name(own, h(word(U), word(3n)))?.variables).to.deep.equal([
      "_markets[USDC].supplyShares",
      "borrowScaled",
      "collateral",
    ]);
    // The instance's own keys replace the shared ones under that mapping.
    expect(name(own, h(word(A), word(3n)))).to.equal(undefined);
  });
});

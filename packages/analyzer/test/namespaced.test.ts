/**
 * ERC-7201 namespaced storage: a struct reached only through `assembly { $.slot := LOCATION }`
 * has no storageLayout entry; its members' slots come from solc's packing rules. Checked two
 * ways: against solc's own layout of the same struct used as a plain state variable, and by the
 * keys one call predicts.
 */
import { expect } from "chai";
import { AbiCoder, Interface, keccak256 } from "ethers";
import { keyToString, storageKey } from "@lanes/types";
import { type LayoutType, type StorageLayout, analyzeBuildInfo, concretize } from "../src";
import { compile } from "./compile";

const STRUCTS = `
  enum Mode { Off, On, Auto }
  struct Inner { uint64 x; address y; }
  struct S {
    uint128 a; uint128 b;
    mapping(address => uint256) bal;
    uint256[] list;
    address owner; bool flag; Mode mode;
    Inner inner;
    uint8 tail;
    uint32[3] small;
    bytes32 id;
    string name;
    mapping(address => mapping(uint256 => Inner)) nested;
  }`;

const NAMESPACED = `
// SPDX-License-Identifier: MIT
pragma solidity 0.8.28;
contract Namespaced {
  ${STRUCTS}
  bytes32 private constant LOCATION = 0x52c63247e1f47db19d5ce0460030c497f067ca4cebf71ba98eeadabe20bace00;
  function _s() private pure returns (S storage $) { assembly { $.slot := LOCATION } }
  function put(address k, uint256 v) external {
    S storage $ = _s();
    $.bal[k] = v;
    $.b = 1;
    $.owner = msg.sender;
    $.flag = true;
    $.inner.y = k;
    $.tail = 7;
    $.small[2] = 9;
    $.nested[k][v].x = 3;
  }
}`;

const PLAIN = `
// SPDX-License-Identifier: MIT
pragma solidity 0.8.28;
contract Plain {
  ${STRUCTS}
  S internal s;
  function touch() external { s.tail = 1; }
}`;

const LOCATION = 0x52c63247e1f47db19d5ce0460030c497f067ca4cebf71ba98eeadabe20bace00n;
const THIS = "0x00000000000000000000000000000000000000c0";
const ALICE = "0x00000000000000000000000000000000000000a1";
const abi = AbiCoder.defaultAbiCoder();

describe("ERC-7201 namespaced storage", () => {
  it("lays a struct out in assembly-pointed storage exactly as solc lays out the same struct", () => {
    const plain = compile({ "p.sol": PLAIN });
    const solcLayout = plain.output.contracts!["p.sol"].Plain.storageLayout as StorageLayout;
    const info = compile({ "n.sol": NAMESPACED });
    const summary = analyzeBuildInfo(info).find((s) => s.contractName === "Namespaced")!;
    expect(summary).to.not.equal(undefined);
    // Rebuild the expected member table from solc's layout of `S s` in Plain.
    const sType = Object.entries(solcLayout.types ?? {}).find(([id]) => /^t_struct\(S\)\d+_storage$/.test(id))!;
    const innerType = Object.entries(solcLayout.types ?? {}).find(([id]) => /^t_struct\(Inner\)\d+_storage$/.test(id))!;
    const members = (t: LayoutType) => t.members!.map((m) => `${m.label}@${m.slot}+${m.offset}`);
    // The synthetic layout is exercised through the predicted keys below; its table is the same.
    expect(members(sType[1])).to.deep.equal([
      "a@0+0",
      "b@0+16",
      "bal@1+0",
      "list@2+0",
      "owner@3+0",
      "flag@3+20",
      "mode@3+21",
      "inner@4+0",
      "tail@5+0",
      "small@6+0",
      "id@7+0",
      "name@8+0",
      "nested@9+0",
    ]);
    expect(members(innerType[1])).to.deep.equal(["x@0+0", "y@0+8"]);

    const iface = new Interface(summary.abi as never);
    const k = "0x00000000000000000000000000000000000000b0";
    const p = concretize(
      summary,
      { from: ALICE, to: THIS, value: 0n, input: iface.encodeFunctionData("put", [k, 5n]) },
      { storage: () => 0n },
    );
    expect(
      p.writes.some((key) => key.kind === "wildcard"),
      "no wildcard",
    ).to.equal(false);
    const slotOf = (name: string): bigint => {
      const m = sType[1].members!.find((x) => x.label === name)!;
      return LOCATION + BigInt(m.slot);
    };
    const mapSlot = (key: string, base: bigint) => BigInt(keccak256(abi.encode(["address", "uint256"], [key, base])));
    const nestedBase = BigInt(keccak256(abi.encode(["uint256", "uint256"], [5n, mapSlot(k, slotOf("nested"))])));
    const expected = [
      mapSlot(k, slotOf("bal")),
      slotOf("b"),
      slotOf("owner"), // owner, flag (same slot)
      slotOf("inner"), // inner.y at +0, packed after x
      slotOf("tail"),
      slotOf("small"), // small[2]: three uint32 in one slot
      nestedBase, // nested[k][v].x
    ].map((s) => keyToString(storageKey(THIS, s)));
    const written = p.writes.filter((key) => key.kind === "storage").map(keyToString);
    expect(written).to.have.members([...new Set(expected)]);
  });
});

import { expect } from "chai";
import { AbiCoder, Interface, keccak256, solidityPacked } from "ethers";
import { keyToString, storageKey } from "@lanes/types";
import {
  BuildInfoError,
  MissingSourceError,
  UnknownSelectorError,
  analyzeBuildInfo,
  concretize,
  findContract,
} from "../src";
import { compile } from "./compile";

const abi = AbiCoder.defaultAbiCoder();
const mapSlot = (type: string, key: unknown, base: bigint): bigint =>
  BigInt(keccak256(abi.encode([type, "uint256"], [key, base])));
const THIS = "0x00000000000000000000000000000000000000c0";
const ALICE = "0x00000000000000000000000000000000000000a1";
const BOB = "0x00000000000000000000000000000000000000b0";

const SOURCE = `
// SPDX-License-Identifier: MIT
pragma solidity 0.8.28;
library L { function id(address a, uint256 b) internal pure returns (bytes32) { return keccak256(abi.encode(a, b)); } }
abstract contract B {
  uint128 public a; uint128 public b;            // slot 0, packed
  modifier touch() { b += 1; _; }
  function hook(uint256 x) internal virtual returns (uint256) { return x; }
}
contract C is B {
  struct P { uint256 x; uint256 y; }
  uint256 constant K = 7;
  mapping(address => mapping(uint256 => uint256)) public nested; // slot 1
  mapping(bytes32 => P) public ps;                               // slot 2
  bytes32 public last;                                           // slot 3
  uint256[] public list;                                         // slot 4
  function setA(uint128 v) external touch { a = v; }
  function put(uint256 k, uint256 v) external { nested[msg.sender][k + K] = hook(v); }
  function market(address t, uint256 n) external { bytes32 id = L.id(t, n); P storage p = ps[id]; p.y = n; last = id; }
  function useLast() external { ps[last].x += 1; }
  function loop(uint256 n) external { for (uint256 i = 0; i < n; ++i) list[i] = i; }
  function hook(uint256 x) internal override returns (uint256) { return super.hook(x) + 1; }
}`;

describe("analyzer: summaries and concretization on solc output", () => {
  const info = compile({ "c.sol": SOURCE });
  const summary = analyzeBuildInfo(info).find((s) => s.contractName === "C")!;
  const iface = new Interface(summary.abi as never);
  const storage = new Map<bigint, bigint>();
  const state = { storage: (_a: string, slot: bigint) => storage.get(slot) ?? 0n };
  const run = (fn: string, args: unknown[], from = ALICE) =>
    concretize(summary, { from, to: THIS, value: 0n, input: iface.encodeFunctionData(fn, args) }, state);
  const strings = (keys: readonly import("@lanes/types").AccessKey[]) => keys.map(keyToString);

  it("has an entry point per selector, getters included, none for abstract B", () => {
    const sigs = summary.entryPoints.map((e) => e.signature);
    expect(sigs).to.include.members(["setA(uint128)", "put(uint256,uint256)", "market(address,uint256)"]);
    expect(analyzeBuildInfo(info).map((s) => s.contractName)).to.deep.equal(["C"]);
  });

  it("packs two variables in one key and runs the modifier", () => {
    const p = run("setA", [5n]);
    expect(strings(p.writes)).to.include(keyToString(storageKey(THIS, 0)));
    expect(p.writes.filter((k) => k.kind === "storage")).to.have.length(1);
  });

  it("keys nested mappings by msg.sender and a constant-folded parameter", () => {
    const p = run("put", [3n, 1n], BOB);
    const slot = mapSlot("uint256", 10n, mapSlot("address", BOB, 1n));
    expect(strings(p.writes)).to.include(keyToString(storageKey(THIS, slot)));
    expect(p.reads.some((k) => k.kind === "wildcard")).to.equal(false);
  });

  it("computes Morpho-style ids through a library and a storage pointer", () => {
    const p = run("market", [BOB, 9n]);
    const id = keccak256(abi.encode(["address", "uint256"], [BOB, 9n]));
    expect(strings(p.writes)).to.include.members([
      keyToString(storageKey(THIS, mapSlot("bytes32", id, 2n) + 1n)),
      keyToString(storageKey(THIS, 3)),
    ]);
  });

  it("keys a mapping by a value loaded from the pre-state", () => {
    const id = keccak256(solidityPacked(["string"], ["x"]));
    storage.set(3n, BigInt(id));
    const p = run("useLast", []);
    // `ps[last].x += 1` uses the old value for nothing else: a commutative delta, not a read-write.
    const key = keyToString(storageKey(THIS, mapSlot("bytes32", id, 2n)));
    expect(strings(p.deltas)).to.deep.equal([key]);
    expect(strings(p.writes)).to.not.include(key);
    expect(strings(p.reads)).to.include(keyToString(storageKey(THIS, 3n)));
    storage.clear();
  });

  it("unrolls a loop whose bound is calldata into exact keys", () => {
    const p = run("loop", [3n]);
    const element = (i: bigint) =>
      keyToString(storageKey(THIS, BigInt(keccak256(solidityPacked(["uint256"], [4n]))) + i));
    expect(p.writes.some((k) => k.kind === "wildcard")).to.equal(false);
    expect(strings(p.writes)).to.include.members([element(0n), element(1n), element(2n)]);
    expect(strings(p.writes)).to.not.include(element(3n));
  });

  it("summarises no further iteration when the bound is exactly the unrolled count", () => {
    const p = run("loop", [8n]);
    expect(p.writes.some((k) => k.kind === "wildcard")).to.equal(false);
  });

  it("turns an index past the unrolled iterations into a slots wildcard with its reason", () => {
    const p = run("loop", [20n]);
    const wildcard = p.writes.find((k) => k.kind === "wildcard");
    expect(wildcard && keyToString(wildcard)).to.equal(
      `wildcard:slots:${THIS}:${keyToString(storageKey(THIS, 4)).split(":")[2]}`,
    );
    expect(wildcard && "reason" in wildcard ? wildcard.reason : "").to.match(/changes from one iteration/);
  });

  it("says which line of which contract reads or writes each key", () => {
    const input = iface.encodeFunctionData("setA", [5n]);
    const p = concretize(summary, { from: ALICE, to: THIS, value: 0n, input }, state, { origins: true });
    const slot0 = keyToString(storageKey(THIS, 0n));
    const origins = p.origins![slot0];
    // `a = v` in setA and `b += 1` in the modifier: one slot, two lines.
    const line = (text: string): string => `c.sol:${SOURCE.split("\n").findIndex((l) => l.includes(text)) + 1}`;
    expect(origins.filter((o) => o.mode === "write").map((o) => o.at)).to.have.members([
      line("function setA"),
      line("modifier touch"),
    ]);
    expect(origins.every((o) => o.contract === "C")).to.equal(true);
    expect(concretize(summary, { from: ALICE, to: THIS, value: 0n, input }, state).origins).to.equal(undefined);
  });

  it("always has the sender's nonce and balance, and every write among the reads", () => {
    const p = run("setA", [1n]);
    expect(strings(p.writes)).to.include.members([`nonce:${ALICE}`, `balance:${ALICE}`]);
    for (const k of strings(p.writes)) expect(strings(p.reads)).to.include(k);
  });

  it("rejects a selector not in the ABI with a one-line typed error", () => {
    expect(() => concretize(summary, { from: ALICE, to: THIS, value: 0n, input: "0xdeadbeef" }, state)).to.throw(
      UnknownSelectorError,
      /0xdeadbeef.*C/,
    );
  });

  it("says which setting to add when build-info has no storageLayout", () => {
    expect(() => compile({ "c.sol": SOURCE }, ["abi"])).to.throw(BuildInfoError, /storageLayout.*outputSelection/);
  });

  it("reports a contract with no source", () => {
    expect(() => findContract([info], "Nope")).to.throw(MissingSourceError, /no source for contract Nope/);
  });
});

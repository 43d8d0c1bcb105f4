/**
 * A sub-expression no execution reaches (a helper that reverts for these arguments) may sit on
 * one side of an undecided choice. Only that side drops out: the paths that do run keep their
 * values, in this transaction and in what it leaves for the block's later ones. Ground truth by
 * hand: on a chain `block.number > 1` and `gasleft() != 0`, so `g` never runs.
 */
import { expect } from "chai";
import { AbiCoder, Interface, keccak256 } from "ethers";
import { type AccessKey, isWildcard, keyToString } from "@lanes/types";
import { BlockTracker, type PreState, analyzeBuildInfo, concretize } from "../src";
import { compile } from "./compile";

const SOURCE = `
// SPDX-License-Identifier: MIT
pragma solidity 0.8.28;
contract T {
  uint256 public flag;                    // slot 0
  mapping(uint256 => uint256) public m;   // slot 1
  uint256 public stored;                  // slot 2
  uint256 public zz;                      // slot 3
  mapping(bool => uint256) public mb;     // slot 4
  function setFlag(uint256 v) external { flag = v; }
  /// Reverts for x <= 5 (and x <= 100).
  function g(uint256 x) internal pure returns (uint256) {
    if (x > 100) return 1;
    require(x > 5);
    return 2;
  }
  function h(uint256 x) internal view returns (uint256) {
    if (block.number > 1) return gasleft() == 0 ? g(x) : 7;
    return 9;
  }
  function direct(uint256 x) external { m[h(x)] = 1; }
  function put(uint256 x) external { stored = h(x); }
  function walk() external { m[stored] = 1; }
  function h2(uint256 x) internal view returns (uint256) {
    uint256 f = flag;
    if (f != 0) return gasleft() == 0 ? g(x) : 7;
    return 9;
  }
  function direct2(uint256 x) external { m[h2(x)] = 1; }
  function h3(uint256 x) internal returns (uint256) {
    if (gasleft() == 0) { zz = g(x); }
    if (block.number > 1) return zz;
    return 9;
  }
  function direct3(uint256 x) external { m[h3(x)] = 1; }
  function h5(uint256 x) internal view returns (bool) {
    if (block.number > 1) return gasleft() == 0 && g(x) > 0;
    return true;
  }
  function direct5(uint256 x) external { mb[h5(x)] = 1; }
}`;

const ALICE = "0x00000000000000000000000000000000000a11ce";
const THIS = "0x00000000000000000000000000000000000c0de0";
const coder = AbiCoder.defaultAbiCoder();
const key = (slot: string): string => `storage:${THIS}:${slot}`;
const m = (k: bigint): string => key(keccak256(coder.encode(["uint256", "uint256"], [k, 1n])));
const mb = (k: boolean): string => key(keccak256(coder.encode(["bool", "uint256"], [k, 4n])));

describe("analyzer: a side no execution reaches drops out alone", () => {
  const summary = analyzeBuildInfo(compile({ "t.sol": SOURCE })).find((s) => s.contractName === "T")!;
  const iface = new Interface(summary.abi as never);
  const pre: PreState = { storage: () => 0n };
  // The block's timestamp is known; its number is not (as the harness predicts a logical block).
  const run = (tracker: BlockTracker, fn: string, args: unknown[] = []) =>
    concretize(
      summary,
      { from: ALICE, to: THIS, value: 0n, input: iface.encodeFunctionData(fn, args) },
      tracker.wrap(pre),
      {
        values: true,
        block: { timestamp: 1000n },
      },
    );
  /** Exactly, or by a wildcard over the mapping at `base`, the contract, or anything. */
  const covers = (keys: readonly AccessKey[], wanted: string, base = 1n): boolean =>
    keys.some((k) =>
      isWildcard(k)
        ? k.scope === "any" || (k.address === THIS && (k.scope === "contract" || BigInt(k.base) === base))
        : keyToString(k) === wanted,
    );
  const writes = (p: ReturnType<typeof run>): AccessKey[] => [...p.writes, ...p.deltas];

  it("keeps the path that runs when the other side of its choice always reverts", () => {
    const p = run(new BlockTracker(), "direct", [3]);
    expect(texts(writes(p))).to.include(m(7n));
    expect(texts(writes(p))).to.include(m(9n));
  });

  it("leaves that value to later transactions of the block", () => {
    const tracker = new BlockTracker();
    const put = run(tracker, "put", [3]);
    const stored = texts(put.writes).find((k) => k.endsWith("0".repeat(63) + "2"))!;
    expect(put.values?.get(stored)).to.include(7n);
    tracker.note(put);
    expect(covers(writes(run(tracker, "walk")), m(7n))).to.equal(true);
  });

  it("the same under a condition on a slot an earlier transaction may change", () => {
    const tracker = new BlockTracker();
    tracker.note(run(tracker, "setFlag", [1]));
    expect(texts(writes(run(tracker, "direct2", [3])))).to.include(m(7n));
  });

  it("a write on a path no execution takes did not happen: a later read sees the old value", () => {
    expect(covers(writes(run(new BlockTracker(), "direct3", [3])), m(0n))).to.equal(true);
  });

  it("`a && b` does not need `b` where `a` is false", () => {
    expect(covers(writes(run(new BlockTracker(), "direct5", [3])), mb(false), 4n)).to.equal(true);
  });
});

function texts(keys: readonly AccessKey[]): string[] {
  return keys.map(keyToString);
}

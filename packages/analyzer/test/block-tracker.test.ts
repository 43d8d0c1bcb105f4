/**
 * BlockTracker: a slot an earlier transaction of the block may write holds, for a later one,
 * the pre-state's value or any whole word the earlier one said it may leave there; when it could
 * not say (a packed member, a delta, a value the pre-state does not decide), reading the slot is
 * unknown. Checked on concretizations of one compiled contract, and against exhaustive ground
 * truth: every order of outcomes of the earlier transactions is simulated by hand.
 */
import { expect } from "chai";
import { Interface, keccak256, AbiCoder } from "ethers";
import { type AccessKey, isWildcard, keyToString } from "@lanes/types";
import { BlockTracker, type PreState, type Prediction, Program, analyzeBuildInfo, concretize } from "../src";
import { compile } from "./compile";

const SOURCE = `
// SPDX-License-Identifier: MIT
pragma solidity 0.8.28;
contract Lists {
  mapping(address => uint256) public lists;   // slot 0: whole words
  mapping(uint256 => uint256) public seen;    // slot 1
  struct P { uint128 a; uint128 b; }
  mapping(address => P) public packed;        // slot 2: packed members
  mapping(address => uint256) public counter; // slot 3: a delta
  /// Adds bit \`id\` to the sender's list (a whole word computed from the old one).
  function add(uint256 id) external { lists[msg.sender] = lists[msg.sender] | (1 << id); }
  /// Sets the list to a calldata word, only if the caller says so.
  function setIf(bool doIt, uint256 v) external { if (doIt) lists[msg.sender] = v; }
  /// Reads the list: the keys depend on its bits.
  function walk() external {
    uint256 l = lists[msg.sender];
    for (uint256 i = 0; i < 4; ++i) if (l & (1 << i) != 0) seen[i] += 1;
  }
  /// A count in the low byte and a bit per id above it: the old word is read twice.
  function addCounted(uint256 id) external {
    uint256 l = lists[msg.sender];
    lists[msg.sender] = ((l & ~uint256(0xff)) | ((l & 0xff) + 1)) | (1 << (id + 8));
  }
  function setPacked(uint128 v) external { packed[msg.sender].a = v; }
  function walkPacked() external { if (packed[msg.sender].a != 0) seen[9] = 1; }
  function bump() external { counter[msg.sender] += 1; }
  function walkCounter() external { if (counter[msg.sender] > 1) seen[8] = 1; }
}`;

const ALICE = "0x00000000000000000000000000000000000a11ce";
const THIS = "0x00000000000000000000000000000000000c0de0";
const mapSlot = (key: string | bigint, base: bigint): bigint =>
  BigInt(
    keccak256(
      AbiCoder.defaultAbiCoder().encode([typeof key === "string" ? "address" : "uint256", "uint256"], [key, base]),
    ),
  );

describe("BlockTracker: values earlier transactions of the block may leave", () => {
  const summary = analyzeBuildInfo(compile({ "l.sol": SOURCE })).find((s) => s.contractName === "Lists")!;
  const iface = new Interface(summary.abi as never);
  const listSlot = mapSlot(ALICE, 0n);
  const seenKey = (i: number): string =>
    keyToString({
      kind: "storage",
      address: THIS,
      slot: `0x${mapSlot(BigInt(i), 1n).toString(16).padStart(64, "0")}`,
    } as never);

  const predict = (state: PreState, fn: string, args: unknown[] = []): Prediction =>
    concretize(summary, { from: ALICE, to: THIS, value: 0n, input: iface.encodeFunctionData(fn, args) }, state, {
      values: true,
    });
  const preState = (pre: Map<bigint, bigint>): PreState => ({ storage: (_a, slot) => pre.get(slot) ?? 0n });
  const texts = (keys: readonly AccessKey[]): string[] => keys.map(keyToString);

  it("reports the whole words a transaction may leave, none for packed members or deltas", () => {
    const state = preState(new Map([[listSlot, 0b0001n]]));
    const add = predict(state, "add", [2]);
    const listKey = texts(add.writes).find((k) => k.endsWith(listSlot.toString(16)))!;
    expect(add.values?.get(listKey)).to.deep.equal([0b0101n]);
    const maybe = predict(state, "setIf", [true, 7]);
    expect(maybe.values?.get(listKey)).to.deep.equal([7n]);
    const packed = predict(state, "setPacked", [5]);
    expect([...(packed.values?.values() ?? [])]).to.deep.equal([null]);
    const delta = predict(state, "bump");
    expect(delta.deltas).to.have.length(1);
    expect(delta.values?.get(keyToString(delta.deltas[0]))).to.equal(null);
  });

  it("a later transaction sees the pre-state's word or the written ones: both branches, exact keys", () => {
    const pre = new Map([[listSlot, 0b0001n]]);
    const tracker = new BlockTracker();
    tracker.note(predict(tracker.wrap(preState(pre)), "add", [2]));
    const walk = predict(tracker.wrap(preState(pre)), "walk");
    expect(walk.writes.some(isWildcard)).to.equal(false);
    // Bit 0 is set either way, bit 2 only if `add` ran; bits 1 and 3 never.
    const written = texts(walk.deltas.length > 0 ? walk.deltas : walk.writes);
    expect(written).to.include(seenKey(0));
    expect(written).to.include(seenKey(2));
    expect(written).to.not.include(seenKey(1));
    expect(written).to.not.include(seenKey(3));
  });

  it("chains: a word computed from earlier options gives every combination, and covers each real outcome", () => {
    const pre = new Map([[listSlot, 0n]]);
    const tracker = new BlockTracker();
    const txs: [string, unknown[]][] = [
      ["add", [1]],
      ["setIf", [true, 0b1000]],
      ["add", [0]],
    ];
    for (const [fn, args] of txs) tracker.note(predict(tracker.wrap(preState(pre)), fn, args));
    const walk = predict(tracker.wrap(preState(pre)), "walk");
    // Ground truth: each earlier transaction either ran or reverted (2^3 outcomes).
    const truth = new Set<string>();
    for (let mask = 0; mask < 8; mask++) {
      let list = 0n;
      if (mask & 1) list |= 1n << 1n;
      if (mask & 2) list = 0b1000n;
      if (mask & 4) list |= 1n;
      for (let i = 0; i < 4; i++) if ((list >> BigInt(i)) & 1n) truth.add(seenKey(i));
    }
    const predicted = new Set(texts([...walk.writes, ...walk.deltas]));
    for (const key of truth) expect(predicted.has(key), key).to.equal(true);
    expect(walk.writes.some(isWildcard)).to.equal(false);
  });

  it("without the values (or for a packed member, or a delta) the slot is not known: every branch, never a guess", () => {
    const pre = new Map([[listSlot, 0b0001n]]);
    const blind = new BlockTracker();
    const add = predict(preState(pre), "add", [2]);
    blind.note({ writes: add.writes });
    expect(() => blind.wrap(preState(pre)).storage(THIS, listSlot)).to.throw(/may be written earlier/);
    const walk = predict(blind.wrap(preState(pre)), "walk");
    const all = texts([...walk.writes, ...walk.deltas]);
    for (const i of [0, 1, 2, 3]) expect(all).to.include(seenKey(i));

    const packed = new BlockTracker();
    packed.note(predict(preState(pre), "setPacked", [5]));
    expect(predict(packed.wrap(preState(pre)), "walkPacked").writes.some(isWildcard)).to.equal(false);
    expect(texts(predict(packed.wrap(preState(pre)), "walkPacked").writes)).to.include(seenKey(9));
    expect(() => packed.wrap(preState(pre)).storage(THIS, mapSlot(ALICE, 2n))).to.throw(/may be written earlier/);

    const delta = new BlockTracker();
    delta.note(predict(preState(pre), "bump"));
    expect(() => delta.wrap(preState(pre)).storage(THIS, mapSlot(ALICE, 3n))).to.throw(/may be written earlier/);
    expect(texts(predict(delta.wrap(preState(pre)), "walkCounter").writes)).to.include(seenKey(8));
  });

  it("a word computed from two reads of one slot pairs each option only with itself", () => {
    const pre = new Map([[listSlot, 0n]]);
    const tracker = new BlockTracker();
    const first = predict(tracker.wrap(preState(pre)), "addCounted", [1]);
    tracker.note(first);
    const second = predict(tracker.wrap(preState(pre)), "addCounted", [2]);
    const listKey = texts(second.writes).find((k) => k.endsWith(listSlot.toString(16)))!;
    // Before it: 0 (the first reverted) or 0x201. After: 0x401 or 0x602 — never 0x601 or 0x402.
    expect(first.values?.get(listKey)).to.deep.equal([0x201n]);
    expect([...(second.values?.get(listKey) ?? [])].sort()).to.deep.equal([0x401n, 0x602n]);
  });

  it("one value reads as before; several make the single-value read unknown", () => {
    const pre = new Map([[listSlot, 0b0001n]]);
    const tracker = new BlockTracker();
    tracker.note(predict(preState(pre), "add", [0])); // leaves the same word
    const view = tracker.wrap(preState(pre));
    expect(view.storage(THIS, listSlot)).to.equal(1n);
    tracker.note(predict(preState(pre), "add", [3]));
    expect(tracker.wrap(preState(pre)).storageOptions!(THIS, listSlot)).to.deep.equal([1n, 0b1001n]);
    expect(() => tracker.wrap(preState(pre)).storage(THIS, listSlot)).to.throw(/one of 2 values/);
  });
});

/**
 * Regressions from a review: one summarised access standing for several writes at run time must
 * not report one of their values as the slot's only new word. Ground truth by hand: x starts at 0.
 */
const REPEATED = `
// SPDX-License-Identifier: MIT
pragma solidity 0.8.28;
contract Counter {
  uint256 public x;                         // slot 0
  mapping(uint256 => uint256) public seen;  // slot 1
  function step() external { x = x * 2 + 1; }
  function _step() internal { x = x * 2 + 1; }
  function internalTwice() external { _step(); _step(); }
  function constLoop() external { for (uint256 i = 0; i < 3; i++) x = x * 2 + 1; }
  function longLoop() external { for (uint256 i = 0; i < 20; i++) x = x * 2 + 1; }
  function setTwice(uint256 a, uint256 b) external { _set(a); _set(b); }
  function _set(uint256 v) internal { x = v; }
  modifier tw() { _; _; }
  function modTwice() external tw { x = x * 2 + 1; }
  function loop(uint256 n) external { for (uint256 i = 0; i < n; i++) x = x * 2 + 1; }
  function walk() external { seen[x] = 1; }
}
contract Looper {
  function run(address c, uint256 n) external {
    assembly {
      for { let i := 0 } lt(i, n) { i := add(i, 1) } {
        mstore(0, shl(224, 0xe25fe175))
        pop(call(gas(), c, 0, 0, 4, 0, 0))
      }
    }
  }
  function twice() external {
    assembly {
      function poke() { mstore(0, shl(224, 0xe25fe175)) pop(call(gas(), 0xc0de0, 0, 0, 4, 0, 0)) }
      poke()
      poke()
    }
  }
}`;

describe("BlockTracker: one access standing for several writes (review regressions)", () => {
  const COUNTER = "0x00000000000000000000000000000000000c0de0";
  const LOOPER = "0x00000000000000000000000000000000000100b0";
  const info = compile({ "r.sol": REPEATED }, [
    "abi",
    "storageLayout",
    "evm.deployedBytecode.immutableReferences",
    "evm.deployedBytecode.object",
  ]);
  const summaries = analyzeBuildInfo(info);
  const counter = summaries.find((s) => s.contractName === "Counter")!;
  const looper = summaries.find((s) => s.contractName === "Looper")!;
  const contracts = (
    info.output as { contracts: Record<string, Record<string, { evm: { deployedBytecode: { object: string } } }>> }
  ).contracts["r.sol"];
  const codes: Record<string, string> = {
    [COUNTER]: `0x${contracts.Counter.evm.deployedBytecode.object}`,
    [LOOPER]: `0x${contracts.Looper.evm.deployedBytecode.object}`,
  };
  const program = new Program([counter, looper]);
  const state: PreState = { storage: () => 0n, code: (a) => codes[a.toLowerCase()] ?? "0x" };
  const seen = (x: bigint): string =>
    keyToString({
      kind: "storage",
      address: COUNTER,
      slot: `0x${mapSlot(x, 1n).toString(16).padStart(64, "0")}`,
    } as never);
  const steps = (k: number): bigint => {
    let x = 0n;
    for (let i = 0; i < k; i++) x = x * 2n + 1n;
    return x;
  };

  const cases: [string, string, unknown[], bigint][] = [
    ["Counter", "internalTwice", [], steps(2)],
    ["Counter", "constLoop", [], steps(3)],
    ["Counter", "longLoop", [], steps(20)],
    ["Counter", "setTwice", [5, 9], 9n],
    ["Counter", "modTwice", [], steps(2)],
    ["Counter", "loop", [3], steps(3)],
    ["Counter", "loop", [9], steps(9)],
    ["Looper", "run", [COUNTER, 2], steps(2)],
    ["Looper", "twice", [], steps(2)],
  ];
  for (const [name, fn, args, final] of cases) {
    it(`${name}.${fn}(${args.join(", ")}) then walk(): the key of the final x is predicted`, () => {
      const tracker = new BlockTracker();
      const summary = name === "Counter" ? counter : looper;
      const to = name === "Counter" ? COUNTER : LOOPER;
      const iface = new Interface(summary.abi as never);
      const first = concretize(
        summary,
        { from: ALICE, to, value: 0n, input: iface.encodeFunctionData(fn, args) },
        tracker.wrap(state),
        { program, values: true },
      );
      tracker.note(first);
      const walk = concretize(
        counter,
        { from: ALICE, to: COUNTER, value: 0n, input: new Interface(counter.abi as never).encodeFunctionData("walk") },
        tracker.wrap(state),
        { program, values: true },
      );
      const keys = [...walk.writes, ...walk.deltas];
      // Exactly, or by a wildcard over `seen` (slot 1 of the counter), the counter, or anything.
      const covered = keys.some((k) =>
        isWildcard(k)
          ? k.scope === "any" ||
            (k.address === COUNTER && (k.scope === "contract" || (k.scope === "slots" && BigInt(k.base) === 1n)))
          : keyToString(k) === seen(final),
      );
      expect(covered, `seen[${final}] after ${fn}: ${keys.map(keyToString).join(", ")}`).to.equal(true);
    });
  }
});

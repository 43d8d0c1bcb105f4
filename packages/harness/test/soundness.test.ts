import { expect } from "chai";
import {
  accountKey,
  anyWildcard,
  contractWildcard,
  keyToString,
  slotsWildcard,
  storageKey,
  type AccessKey,
  type TxAccess,
} from "@lanes/types";
import {
  BlockTally,
  SoundnessTally,
  blockKeysOf,
  compareBlockSets,
  compareTx,
  reasonKind,
  soundnessTable,
  type SoundnessResult,
} from "../src";

const A = "0x00000000000000000000000000000000000000aa";
const B = "0x00000000000000000000000000000000000000bb";
const FROM = "0x0000000000000000000000000000000000000001";

function traced(reads: AccessKey[], writes: AccessKey[], extra: Partial<TxAccess> = {}): TxAccess {
  return {
    index: 0,
    from: FROM,
    to: A,
    selector: "0x12345678",
    gasUsed: 50_000,
    reverted: false,
    reads: [...reads, ...writes],
    writes,
    ...extra,
  };
}

describe("soundness comparison", () => {
  const nonce = accountKey("nonce", FROM);
  const s1 = storageKey(A, 1);
  const s2 = storageKey(A, 2);
  const t = traced([s1, nonce], [s2, nonce]);

  it("an exact prediction has no misses, full recall and precision", () => {
    const c = compareTx({
      traced: t,
      predicted: { reads: [s1, s2, nonce], writes: [s2, nonce] },
      blockKeys: blockKeysOf([t]),
    });
    expect(c.missed).to.deep.equal([]);
    expect(c.all).to.deep.equal({ traced: 3, covered: 3, predicted: 3, truePositives: 3, extra: 0 });
    expect(c.storage.traced).to.equal(2);
    expect(c.wildcards).to.deep.equal([]);
  });

  it("reports a dropped predicted key as a miss", () => {
    const c = compareTx({
      traced: t,
      predicted: { reads: [s2, nonce], writes: [s2, nonce] },
      blockKeys: blockKeysOf([t]),
    });
    expect(c.missed).to.deep.equal([{ key: `storage:${A}:${s1.slot}`, mode: "read" }]);
    expect(c.all.covered).to.equal(2);
  });

  it("a written key predicted as read only is a miss (write)", () => {
    const c = compareTx({
      traced: t,
      predicted: { reads: [s1, s2, nonce], writes: [nonce] },
      blockKeys: blockKeysOf([t]),
    });
    expect(c.missed).to.deep.equal([{ key: `storage:${A}:${s2.slot}`, mode: "write" }]);
  });

  it("deltas count as writes", () => {
    const d = traced([nonce], [nonce], { deltas: [s1] });
    expect(
      compareTx({ traced: d, predicted: { reads: [s1, nonce], writes: [nonce] }, blockKeys: [] }).missed,
    ).to.have.length(1);
    expect(
      compareTx({ traced: d, predicted: { reads: [s1, nonce], writes: [s1, nonce] }, blockKeys: [] }).missed,
    ).to.deep.equal([]);
  });

  it("an `any` wildcard covers every key and counts as every key of the block", () => {
    const other = traced([storageKey(B, 7)], [storageKey(B, 8)]);
    const any = anyWildcard("call to token not followed");
    const c = compareTx({
      traced: t,
      predicted: { reads: [nonce, any], writes: [nonce, any] },
      blockKeys: blockKeysOf([t, other]),
    });
    expect(c.missed).to.deep.equal([]);
    expect(c.wildcards).to.have.length(1);
    expect(c.all.predicted).to.equal(5);
    expect(c.all.truePositives).to.equal(3);
    expect(c.storage.predicted).to.equal(4);
  });

  it("a contract wildcard covers its contract's storage only", () => {
    const other = traced([storageKey(B, 7)], []);
    const w = contractWildcard(A, "assembly");
    const c = compareTx({
      traced: t,
      predicted: { reads: [nonce, w], writes: [nonce, w] },
      blockKeys: blockKeysOf([t, other]),
    });
    expect(c.missed).to.deep.equal([]);
    expect(c.storage.predicted).to.equal(2);
    const wrong = compareTx({
      traced: t,
      predicted: { reads: [nonce, contractWildcard(B, "x")], writes: [nonce, contractWildcard(B, "x")] },
      blockKeys: blockKeysOf([t, other]),
    });
    expect(wrong.missed.map((m) => m.key)).to.have.length(2);
  });

  it("a slots wildcard with a known base covers only that base's slots", () => {
    const w = slotsWildcard(A, 5, "loop index");
    const baseOf = (k: { slot: string }) => (k.slot === s1.slot ? s1.slot : undefined);
    const c = compareTx({
      traced: t,
      predicted: { reads: [nonce, w], writes: [nonce, w] },
      blockKeys: blockKeysOf([t]),
      baseOf: baseOf as never,
    });
    // s1 is known to hang elsewhere: missed; s2's origin is unknown: covered (soundness first).
    expect(c.missed.map((m) => m.key)).to.deep.equal([`storage:${A}:${s1.slot}`]);
  });

  it("tallies and prints totals, flagging misses", () => {
    const tally = new SoundnessTally();
    tally.add(
      false,
      compareTx({ traced: t, predicted: { reads: [s2, nonce], writes: [s2, nonce] }, blockKeys: blockKeysOf([t]) }),
    );
    tally.add(
      true,
      compareTx({ traced: t, predicted: { reads: [s1, s2, nonce], writes: [s2, nonce] }, blockKeys: blockKeysOf([t]) }),
    );
    const totals = { ...tally.totals(), blockStorage: new BlockTally().rates() };
    expect(totals).to.include({ txs: 2, reverted: 1, missedKeys: 1, txsWithWildcard: 0 });
    expect(totals.all.recall).to.be.closeTo(5 / 6, 1e-9);
    expect(totals.all.precision).to.equal(1);
    const result: SoundnessResult = {
      schema: "lanes-soundness/1",
      params: { blocks: 1, blockSize: 2, skew: 1, repeatSenders: 0, seed: 1 },
      world: { tokens: 2, pairs: 1, users: 2, lpsPerPair: 1, seed: 1 },
      totals,
      workloads: [
        {
          name: "w",
          ...totals,
          storage: { ...totals.storage, extra: 4, predicted: 10 },
          functions: [{ function: "C.f()", ...totals }],
          wildcardReasons: [],
          extraSources: [
            {
              name: "Pair.price0CumulativeLast",
              contract: "Pair",
              at: "Pair.sol:229",
              mode: "delta",
              extra: 3,
              inReverted: 1,
            },
            { name: "Token._balances[…]", contract: "Token", mode: "write", extra: 1, inReverted: 0 },
          ],
        },
      ],
      misses: [{ workload: "w", block: 0, index: 0, function: "C.f()", key: "storage:x", mode: "read" }],
      notes: [],
    };
    const table = soundnessTable(result);
    expect(table).to.match(/UNSOUND: 1 missed keys/);
    expect(table).to.include("C.f()");
    expect(table).to.include("w: 4 extra storage keys (40.0% of predicted)");
    expect(table).to.match(/75\.0%\s+Pair\.price0CumulativeLast \(delta at Pair\.sol:229\), 1 in reverted txs/);
    expect(table).to.match(/25\.0%\s+Token\._balances\[…\] \(write\)\n?/);
  });

  it("lists the predicted keys a transaction did not touch", () => {
    const s3 = storageKey(A, 3);
    const c = compareTx({
      traced: t,
      predicted: { reads: [s1, s2, s3, nonce], writes: [s2, s3, nonce] },
      blockKeys: blockKeysOf([t]),
    });
    expect(c.extraKeys).to.deep.equal([keyToString(s3)]);
    expect(c.storage.extra).to.equal(1);
  });

  it("block precision: a key one transaction predicts in vain but another touches is no extra", () => {
    const s3 = storageKey(A, 3);
    const t0 = traced([s1], [s2]);
    const t1 = traced([s3], [], { index: 1 });
    // Each transaction predicts the other's key too.
    const p0 = { reads: [s1, s2, s3], writes: [s2] };
    const p1 = { reads: [s3, s1, storageKey(B, 9)], writes: [] };
    const perTx = [
      compareTx({ traced: t0, predicted: p0, blockKeys: blockKeysOf([t0, t1]) }),
      compareTx({ traced: t1, predicted: p1, blockKeys: blockKeysOf([t0, t1]) }),
    ];
    expect(perTx.map((c) => c.storage.extra)).to.deep.equal([1, 2]);
    const block = compareBlockSets([t0, t1], [p0, p1]);
    expect(block).to.deep.equal({ traced: 3, covered: 3, predicted: 4, truePositives: 3, extra: 1 });
    const tally = new BlockTally();
    tally.add(block);
    tally.add(compareBlockSets([t0], [{ reads: [anyWildcard("test")], writes: [] }]));
    // The `any` wildcard counts as the block's own keys: no extra.
    expect(tally.rates()).to.include({ predicted: 6, truePositives: 5, extra: 1 });
    expect(tally.rates().precision).to.be.closeTo(5 / 6, 1e-12);
  });

  it("groups wildcard reasons without the hashed slot they name", () => {
    const pool = "0xaeddb696ff6d7c7f02a6df854992ffb3e5e55aac";
    const a = `LendingPool._info[id].asset: slot 77985114306512669313190660310468362425547103658787305833361241104983907928456 of ${pool} may be written earlier in the block`;
    const b = `LendingPool._info[id].asset: slot 6814433584057382186638403314974570642373736457152427673821440256524807582804 of ${pool} may be written earlier in the block`;
    expect(reasonKind(a)).to.equal(reasonKind(b));
    expect(reasonKind(a)).to.equal(
      `LendingPool._info[id].asset: a slot of ${pool} may be written earlier in the block`,
    );
    // Small slot numbers (a variable's own slot) stay.
    expect(reasonKind(`slot 3 of ${pool} may be written earlier in the block`)).to.include("slot 3 of");
  });
});

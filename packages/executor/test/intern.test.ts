import { expect } from "chai";
import { accountKey, anyWildcard, contractWildcard, slotsWildcard, storageKey } from "@lanes/types";
import { KeyOrigin, internBlock } from "../src";
import { CONTRACT, OTHER, block, k } from "./helpers";

const slice = (keys: Int32Array, start: Int32Array, i: number): number[] =>
  Array.from(keys.subarray(start[i], start[i + 1]));

describe("internBlock", () => {
  it("interns keys to dense ids in order of first appearance and keeps their canonical strings", () => {
    const b = internBlock(block([{ r: [k("B")], w: [k("A")] }, { r: [k("A")] }]));
    expect(b.txCount).to.equal(2);
    expect(b.keyCount).to.equal(2);
    // The reads come first in a TxAccess, so B (read) is key 0 and A (written, hence also read) key 1.
    expect(b.keys[0]).to.equal(`storage:${CONTRACT}:0x${"42".padStart(64, "0")}`);
    expect(b.keys[1]).to.equal(`storage:${CONTRACT}:0x${"41".padStart(64, "0")}`);
    expect(slice(b.readKeys, b.readStart, 0)).to.deep.equal([0, 1]);
    expect(slice(b.writeKeys, b.writeStart, 0)).to.deep.equal([1]);
    expect(slice(b.readKeys, b.readStart, 1)).to.deep.equal([1]);
    expect(b.totalGas).to.equal(20);
  });

  it("counts every written key as read, even when the input forgot it", () => {
    const txs = block([{ w: [k("A")] }]).map((tx) => ({ ...tx, reads: [] }));
    const b = internBlock(txs);
    expect(slice(b.readKeys, b.readStart, 0)).to.deep.equal([0]);
  });

  it("drops account keys with keys: storage", () => {
    const nonce = accountKey("nonce", OTHER);
    const txs = block([{ w: [k("A"), nonce] }]);
    expect(internBlock(txs).keyCount).to.equal(2);
    const storage = internBlock(txs, { keys: "storage" });
    expect(storage.keys).to.deep.equal([`storage:${CONTRACT}:0x${"41".padStart(64, "0")}`]);
    expect(Array.from(internBlock(txs).keyOrigin)).to.deep.equal([KeyOrigin.Storage, KeyOrigin.Account]);
  });

  it("expands a wildcard to the covered keys of the block plus a key per overlapping wildcard pair", () => {
    const wild = contractWildcard(CONTRACT, "unknown slot");
    const b = internBlock(block([{ w: [wild] }, { r: [k("A")] }, { r: [k("A", OTHER)] }]));
    // keys: A of CONTRACT (0), A of OTHER (1), then the synthetic key of {wild, wild} (2)
    expect(b.keys[2]).to.equal(`wildcard:contract:${CONTRACT}`);
    expect(b.keyOrigin[2]).to.equal(KeyOrigin.Wildcard);
    expect(slice(b.writeKeys, b.writeStart, 0)).to.deep.equal([0, 2]);
  });

  it("gives two wildcards a common key exactly when they overlap", () => {
    const s5 = slotsWildcard(CONTRACT, 5, "loop index");
    const s6 = slotsWildcard(CONTRACT, 6, "loop index");
    const any = anyWildcard("unknown call");
    const b = internBlock(block([{ w: [s5] }, { r: [s6] }, { r: [any] }]));
    const sets = [0, 1, 2].map((i) => new Set(slice(b.readKeys, b.readStart, i)));
    const shared = (x: Set<number>, y: Set<number>): boolean => [...x].some((id) => y.has(id));
    expect(shared(sets[0], sets[1])).to.equal(false);
    expect(shared(sets[0], sets[2])).to.equal(true);
    expect(shared(sets[1], sets[2])).to.equal(true);
  });

  it("names the key of two overlapping wildcards the same whichever appears first", () => {
    const s5 = slotsWildcard(CONTRACT, 5, "loop index");
    const any = anyWildcard("unknown call");
    const names = (first: typeof s5 | typeof any, second: typeof s5 | typeof any): string[] =>
      internBlock(block([{ w: [first] }, { r: [second] }])).keys.filter((name) => name.includes("&"));
    const forward = names(s5, any);
    expect(forward).to.have.length(1);
    expect(names(any, s5)).to.deep.equal(forward);
    const [left, right] = forward[0].split("&");
    expect(left < right, forward[0]).to.equal(true);
  });

  it("uses baseOf to keep slots wildcards off keys of another mapping", () => {
    const wild = slotsWildcard(CONTRACT, 5, "loop index");
    const mine = storageKey(CONTRACT, 1000);
    const theirs = storageKey(CONTRACT, 2000);
    const txs = block([{ w: [wild] }, { r: [mine] }, { r: [theirs] }]);
    const baseOf = (key: { slot: string }): `0x${string}` =>
      (BigInt(key.slot) === 1000n ? storageKey(CONTRACT, 5).slot : storageKey(CONTRACT, 6).slot) as `0x${string}`;
    const b = internBlock(txs, { baseOf });
    expect(slice(b.writeKeys, b.writeStart, 0)).to.deep.equal([0, 2]);
    // Without baseOf the origin is unknown, so both are covered.
    expect(slice(internBlock(txs).writeKeys, internBlock(txs).writeStart, 0)).to.deep.equal([0, 1, 2]);
  });

  it("keeps deltas apart, and turns a delta of a key also read plainly into a write", () => {
    const b = internBlock(block([{ d: [k("C")] }, { r: [k("C")], d: [k("C")] }]));
    expect(slice(b.deltaKeys, b.deltaStart, 0)).to.deep.equal([0]);
    expect(slice(b.readKeys, b.readStart, 0)).to.deep.equal([]);
    expect(slice(b.deltaKeys, b.deltaStart, 1)).to.deep.equal([]);
    expect(slice(b.writeKeys, b.writeStart, 1)).to.deep.equal([0]);
  });

  it("records no-op writes as reads with noopWrites: read (EIP-7928)", () => {
    const txs = block([{ w: [k("A"), k("B")] }]).map((tx) => ({
      ...tx,
      unchangedWrites: [k("B")] as typeof tx.deltas,
    }));
    expect(internBlock(txs).writeKeys.length).to.equal(2);
    const asRead = internBlock(txs, { noopWrites: "read" });
    expect(slice(asRead.writeKeys, asRead.writeStart, 0)).to.deep.equal([0]);
    expect(slice(asRead.readKeys, asRead.readStart, 0)).to.deep.equal([0, 1]);
  });
});

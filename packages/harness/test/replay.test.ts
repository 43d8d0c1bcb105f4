import { expect } from "chai";
import { p2pTransfers } from "@lanes/executor";
import { accountKey, storageKey, type TxAccess } from "@lanes/types";
import { replayWorkload } from "../src";

const THREADS = [1, 2, 4, 8, 16, 32];
const A = "0x00000000000000000000000000000000000000aa";
const user = (i: number) => `0x${(i + 1).toString(16).padStart(40, "0")}`;

function tx(index: number, reads: string[], writes: string[], from = user(index), gasUsed = 100_000): TxAccess {
  const keys = (slots: string[]) => slots.map((s) => storageKey(A, s));
  return {
    index,
    from: from as `0x${string}`,
    to: A,
    selector: "0x12345678",
    gasUsed,
    reverted: false,
    reads: [...keys([...reads, ...writes]), accountKey("nonce", from)],
    writes: [...keys(writes), accountKey("nonce", from)],
  };
}

describe("replaying traced blocks", () => {
  it("a block of independent transactions reaches near-linear speedup and no dependencies", () => {
    const block = Array.from({ length: 64 }, (_, i) => tx(i, [], [`0x${(i + 10).toString(16)}`]));
    const r = replayWorkload([block], THREADS);
    expect(r.all.dependencyRate).to.equal(0);
    expect(r.all.hotKeys).to.deep.equal([]);
    const stm = r.all.executors.find((e) => e.executor === "block-stm")!;
    expect(stm.speedup[0]).to.be.closeTo(1, 0.05);
    expect(stm.speedup[THREADS.indexOf(8)]).to.be.greaterThan(6);
  });

  it("a hot slot written by everyone makes the block sequential and is named as the critical key", () => {
    const block = Array.from({ length: 40 }, (_, i) => tx(i, [], ["0x1"]));
    const r = replayWorkload([block], THREADS);
    expect(r.storage.dependencyRate).to.be.closeTo(39 / 40, 1e-9);
    expect(r.storage.ceiling).to.be.closeTo(1, 0.01);
    expect(r.storage.criticalKeys).to.deep.equal([`storage:${A}:0x${"1".padStart(64, "0")}`]);
    expect(r.storage.hotKeys[0]).to.include({ conflicts: 39, writers: 40 });
    for (const e of r.storage.executors) for (const s of e.speedup) expect(s).to.be.at.most(1.0001);
  });

  it("account keys count only in the 'all' scope: a repeat sender chains its own transactions", () => {
    const block = Array.from({ length: 10 }, (_, i) => tx(i, [], [`0x${(i + 100).toString(16)}`], user(0)));
    const r = replayWorkload([block], THREADS);
    expect(r.storage.dependencyRate).to.equal(0);
    expect(r.all.dependencyRate).to.be.closeTo(0.9, 1e-9);
  });

  it("aggregates blocks, never exceeding threads or ceiling, on the p2p benchmark", () => {
    const blocks = [1, 2, 3].map((seed) => p2pTransfers({ count: 300, accounts: 100, seed }));
    const r = replayWorkload(blocks, THREADS);
    for (const scope of [r.all, r.storage]) {
      for (const e of scope.executors) {
        e.speedup.forEach((s, i) => {
          expect(s).to.be.at.most(THREADS[i] + 1e-6);
          expect(s).to.be.at.most(scope.ceiling + 1e-6);
        });
      }
      expect(scope.dependencyRate).to.be.within(0, 1);
    }
  });

  it("adds delta-aware curves only when some transaction has deltas", () => {
    const plain = replayWorkload([[tx(0, [], ["0x1"]), tx(1, [], ["0x1"])]], THREADS);
    expect(plain.all.executors.some((e) => e.deltaAware)).to.equal(false);
    const withDelta: TxAccess[] = [0, 1, 2].map((i) => ({ ...tx(i, [], []), deltas: [storageKey(A, 7)] }));
    const delta = replayWorkload([withDelta], THREADS);
    const aware = delta.storage.executors.find((e) => e.executor === "declared-raw" && e.deltaAware)!;
    const unaware = delta.storage.executors.find((e) => e.executor === "declared-raw" && !e.deltaAware)!;
    expect(aware.speedup[THREADS.length - 1]).to.be.greaterThan(unaware.speedup[THREADS.length - 1]);
  });
});

import { expect } from "chai";
import { contractWildcard, slotsWildcard } from "@lanes/types";
import {
  type ExecutorKind,
  GAS_ONLY_COST_MODEL,
  type SimulationResult,
  criticalPath,
  internBlock,
  simulate,
} from "../src";
import { CONTRACT, OTHER, type TxSpec, block, k, mixingValues } from "./helpers";

/** Gas-only time: a transaction of gas g takes exactly g; no overhead anywhere. */
const run = (kind: ExecutorKind, specs: readonly TxSpec[], threads: number, deltaAware = false): SimulationResult =>
  simulate(kind, internBlock(block(specs)), { threads, deltaAware, cost: GAS_ONLY_COST_MODEL, values: mixingValues });

const expectSerial = (
  kind: ExecutorKind,
  specs: readonly TxSpec[],
  threads: number,
  deltaAware = false,
): SimulationResult => {
  const result = run(kind, specs, threads, deltaAware);
  const reference = run("sequential", specs, 1, deltaAware);
  expect(Array.from(result.state ?? []), `${kind} final state`).to.deep.equal(Array.from(reference.state ?? []));
  return result;
};

const independent: TxSpec[] = [{ w: [k(1)] }, { w: [k(2)] }, { w: [k(3)] }, { w: [k(4)] }];
const chain: TxSpec[] = [{ w: [k("A")] }, { w: [k("A")] }, { w: [k("A")] }];
// 0 writes A; 1 and 2 read A; 3 reads what 1 and 2 wrote.
const diamond: TxSpec[] = [
  { w: [k("A")] },
  { r: [k("A")], w: [k("B")], gas: 20 },
  { r: [k("A")], w: [k("C")] },
  { r: [k("B"), k("C")], w: [k("D")] },
];

describe("sequential", () => {
  it("runs transactions back to back in block order", () => {
    const result = run("sequential", diamond, 8);
    expect(result.makespan).to.equal(50);
    expect(Array.from(result.start)).to.deep.equal([0, 10, 30, 40]);
    expect(result.speedup).to.equal(1);
    expect(result.threads).to.equal(1);
  });
});

describe("declared executors", () => {
  for (const kind of ["declared-locks", "declared-raw"] as const) {
    it(`${kind}: independent transactions fill the workers`, () => {
      const result = expectSerial(kind, independent, 2);
      expect(result.makespan).to.equal(20);
      expect(Array.from(result.start)).to.deep.equal([0, 0, 10, 10]);
      expect(result.speedup).to.equal(2);
    });

    it(`${kind}: a chain on one key runs one at a time`, () => {
      const result = expectSerial(kind, chain, 4);
      expect(result.makespan).to.equal(30);
      expect(Array.from(result.finish)).to.deep.equal([10, 20, 30]);
    });

    it(`${kind}: a diamond waits for both branches`, () => {
      const result = expectSerial(kind, diamond, 2);
      expect(Array.from(result.start)).to.deep.equal([0, 10, 10, 30]);
      expect(result.makespan).to.equal(40);
    });

    it(`${kind}: one hot key written by every transaction serialises the block`, () => {
      const hot: TxSpec[] = [1, 2, 3, 4].map((i) => ({ w: [k("H"), k(i)] }));
      expect(expectSerial(kind, hot, 4).makespan).to.equal(40);
    });
  }

  it("locks order a write after an earlier read (WAR); true dependencies do not", () => {
    const war: TxSpec[] = [{ r: [k("A")] }, { w: [k("A")] }];
    expect(expectSerial("declared-locks", war, 2).makespan).to.equal(20);
    expect(expectSerial("declared-raw", war, 2).makespan).to.equal(10);
  });

  it("shares read locks", () => {
    const readers: TxSpec[] = [{ r: [k("A")] }, { r: [k("A")] }, { r: [k("A")] }];
    expect(expectSerial("declared-locks", readers, 3).makespan).to.equal(10);
  });

  it("orders a wildcard write before the keys it covers, and only those", () => {
    const specs: TxSpec[] = [
      { w: [contractWildcard(CONTRACT, "unresolved slot")] },
      { r: [k("A")] },
      { r: [k("A", OTHER)] },
    ];
    const result = expectSerial("declared-raw", specs, 3);
    expect(Array.from(result.start)).to.deep.equal([0, 10, 0]);
  });

  it("orders overlapping wildcards and leaves disjoint ones apart", () => {
    const overlapping: TxSpec[] = [
      { w: [slotsWildcard(CONTRACT, 5, "loop")] },
      { r: [contractWildcard(CONTRACT, "unknown")] },
    ];
    expect(expectSerial("declared-raw", overlapping, 2).makespan).to.equal(20);
    const disjoint: TxSpec[] = [
      { w: [slotsWildcard(CONTRACT, 5, "loop")] },
      { r: [slotsWildcard(CONTRACT, 6, "loop")] },
    ];
    expect(expectSerial("declared-raw", disjoint, 2).makespan).to.equal(10);
  });

  it("delta-aware: updates of one counter commute, a plain read waits for all of them", () => {
    const counter: TxSpec[] = [{ d: [k("C")] }, { d: [k("C")] }, { d: [k("C")] }, { r: [k("C")] }];
    expect(expectSerial("declared-raw", counter, 4, false).makespan).to.equal(40);
    const aware = expectSerial("declared-raw", counter, 4, true);
    expect(Array.from(aware.start)).to.deep.equal([0, 0, 0, 10]);
    expect(aware.makespan).to.equal(20);
    expect(expectSerial("declared-locks", counter, 4, true).makespan).to.equal(20);
  });

  it("delta-aware locks: an update after a plain read waits for the reader", () => {
    const specs: TxSpec[] = [{ r: [k("C")] }, { d: [k("C")] }];
    expect(expectSerial("declared-locks", specs, 2, true).makespan).to.equal(20);
    expect(expectSerial("declared-raw", specs, 2, true).makespan).to.equal(10);
  });
});

describe("block-stm", () => {
  it("runs independent transactions in parallel with one validation each", () => {
    const result = expectSerial("block-stm", independent, 2);
    expect(result.makespan).to.equal(20);
    expect(Array.from(result.start)).to.deep.equal([0, 0, 10, 10]);
    expect(result.executions).to.equal(4);
    expect(result.validations).to.equal(4);
    expect(result.aborts).to.equal(0);
  });

  it("re-executes a chain after failed validations", () => {
    // t=0: all three run on storage values. t=10: 0 commits; validating 1 fails (it read storage,
    // 0 wrote A), 1 re-runs 10-20; validating 2 fails (ESTIMATE of 1), 2 re-runs, reads the
    // ESTIMATE at once, is suspended... its blocker 1 finishes at 20, 2 runs 20-30.
    const result = expectSerial("block-stm", chain, 3);
    expect(result.makespan).to.equal(30);
    expect(Array.from(result.finish)).to.deep.equal([10, 20, 30]);
    expect(result.validationAborts).to.equal(2);
    expect(result.executions).to.equal(6);
    expect(result.reExecutions).to.equal(3);
  });

  it("pays for optimism on the diamond: the long branch started before its input existed", () => {
    // 1 (gas 20) reads A at t=0, before 0 writes it at t=10; its validation at t=20 fails, it
    // re-runs 20-40, and 3 (which needs 1's B) runs 40-50. Declared scheduling finishes at 40.
    const result = expectSerial("block-stm", diamond, 4);
    expect(result.makespan).to.equal(50);
    expect(Array.from(result.finish)).to.deep.equal([10, 40, 20, 50]);
    expect(result.makespan).to.be.at.least(
      criticalPath(internBlock(block(diamond)), { cost: GAS_ONLY_COST_MODEL }).time,
    );
  });

  it("serialises a hot key", () => {
    const hot: TxSpec[] = [1, 2, 3, 4].map((i) => ({ w: [k("H"), k(i)] }));
    expect(expectSerial("block-stm", hot, 4).makespan).to.equal(40);
  });

  it("sees through wildcards like the declared executors", () => {
    const specs: TxSpec[] = [
      { w: [contractWildcard(CONTRACT, "unresolved slot")] },
      { r: [k("A")] },
      { r: [k("A", OTHER)] },
    ];
    const result = expectSerial("block-stm", specs, 3);
    expect(result.makespan).to.equal(20);
    expect(result.finish[2]).to.equal(10);
  });

  it("delta-aware: concurrent updates of one counter do not abort each other", () => {
    const counter: TxSpec[] = [{ d: [k("C")] }, { d: [k("C")] }, { d: [k("C")] }];
    const plain = expectSerial("block-stm", counter, 3, false);
    expect(plain.makespan).to.equal(30);
    const aware = expectSerial("block-stm", counter, 3, true);
    expect(aware.makespan).to.equal(10);
    expect(aware.aborts).to.equal(0);
  });

  it("delta-aware: a read that saw an aborted incarnation's delta fails validation", () => {
    // 0 writes A; 1 reads A and adds to B; 2 reads B (and writes C). On 3 workers 1 runs 0-1000
    // on the stale A and 2 runs 0-3000 before any delta. 2's validation at 3000 sees 1's delta
    // (incarnation 0) and re-executes 2 at 3000-6000 on it. 0's write at 4000 aborts 1: incarnation
    // 1 runs 4000-5000 and rewrites the delta with an addend from the new A. At 6000, 2 has seen
    // one delta under B, and one is still there, but of the aborted incarnation: its validation
    // must fail (counting deltas alone let it commit: speedup 8/6 above the ceiling of 1), and 2 runs
    // again at 6000-9000.
    const specs: TxSpec[] = [
      { r: [k("A")], w: [k("A")], gas: 4000 },
      { r: [k("A")], d: [k("B")], gas: 1000 },
      { r: [k("B")], w: [k("C")], gas: 3000 },
    ];
    const result = expectSerial("block-stm", specs, 3, true);
    expect(result.makespan).to.equal(9000);
    expect(result.start[2]).to.equal(6000);
    expect(result.executions).to.equal(6);
    const ceiling = criticalPath(internBlock(block(specs)), { deltaAware: true, cost: GAS_ONLY_COST_MODEL }).ceiling;
    expect(ceiling).to.equal(1);
    expect(result.speedup).to.be.at.most(ceiling);
  });

  it("with validation off, commits a stale read (the chain ends in the wrong state)", () => {
    const b = internBlock(block(chain));
    const unchecked = simulate("block-stm", b, {
      threads: 3,
      cost: GAS_ONLY_COST_MODEL,
      values: mixingValues,
      validation: false,
    });
    const reference = simulate("sequential", b, { threads: 1, values: mixingValues });
    expect(Array.from(unchecked.state ?? [])).to.not.deep.equal(Array.from(reference.state ?? []));
  });
});

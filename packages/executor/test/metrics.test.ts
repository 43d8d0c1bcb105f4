import { expect } from "chai";
import {
  EXECUTOR_KINDS,
  ExecutorInputError,
  GAS_ONLY_COST_MODEL,
  ThreadCountError,
  UnknownExecutorError,
  blockMetrics,
  criticalPath,
  dependencyRate,
  internBlock,
  p2pTransfers,
  projectTps,
  simulate,
  speedupCurve,
  type ExecutorKind,
} from "../src";
import { type TxSpec, block, k } from "./helpers";

const key = (name: string): string =>
  `storage:0x00000000000000000000000000000000000000aa:0x${name.charCodeAt(0).toString(16).padStart(64, "0")}`;

// 0 writes A; 1 reads A writes B (gas 20); 2 reads A writes C; 3 reads B and C; 4 is independent.
const diamond: TxSpec[] = [
  { w: [k("A")] },
  { r: [k("A")], w: [k("B")], gas: 20 },
  { r: [k("A")], w: [k("C")] },
  { r: [k("B"), k("C")], w: [k("D")] },
  { w: [k("Z")] },
];

describe("metrics", () => {
  const b = internBlock(block(diamond));

  it("dependency rate: share of transactions reading a key an earlier one wrote", () => {
    expect(dependencyRate(b)).to.equal(3 / 5);
  });

  it("critical path: the longest chain in gas, each step named by the key that links it", () => {
    const path = criticalPath(b, { cost: GAS_ONLY_COST_MODEL });
    expect(path.gas).to.equal(40);
    expect(path.ceiling).to.equal(60 / 40);
    expect(path.steps.map((s) => [s.tx, s.key])).to.deep.equal([
      [0, null],
      [1, key("A")],
      [3, key("B")],
    ]);
    expect(path.dominantKey).to.equal(key("A"));
  });

  it("hot keys ranked by the transactions they make dependent, flagged when on the critical path", () => {
    const metrics = blockMetrics(b, { cost: GAS_ONLY_COST_MODEL, threads: [1, 2, 4] });
    expect(metrics.hotKeys.map((h) => [h.key, h.dependents, h.writers, h.readers, h.onCriticalPath])).to.deep.equal([
      [key("A"), 2, 1, 3, true],
      [key("B"), 1, 1, 2, true],
      [key("C"), 1, 1, 2, false],
    ]);
  });

  it("speedup curves per executor, never above the ceiling", () => {
    const metrics = blockMetrics(b, { cost: GAS_ONLY_COST_MODEL, threads: [1, 2, 4] });
    expect(Object.keys(metrics.speedup)).to.deep.equal([...EXECUTOR_KINDS]);
    expect(metrics.speedup["declared-raw"]?.map((p) => p.speedup)).to.deep.equal([1, 60 / 40, 60 / 40]);
    for (const kind of EXECUTOR_KINDS) {
      for (const point of metrics.speedup[kind] ?? [])
        expect(point.speedup).to.be.at.most(metrics.criticalPath.ceiling);
    }
    expect(metrics.dependencyRate).to.equal(3 / 5);
    expect(metrics.totalGas).to.equal(60);
  });

  it("delta-aware metrics see commuting updates as independent", () => {
    const counter = internBlock(block([{ d: [k("C")] }, { d: [k("C")] }, { r: [k("C")] }]));
    expect(dependencyRate(counter)).to.equal(2 / 3);
    expect(dependencyRate(counter, { deltaAware: true })).to.equal(1 / 3);
    expect(criticalPath(counter, { cost: GAS_ONLY_COST_MODEL }).gas).to.equal(30);
    expect(criticalPath(counter, { cost: GAS_ONLY_COST_MODEL, deltaAware: true }).gas).to.equal(20);
  });

  it("projectTps scales the sequential gas rate by the speedup", () => {
    expect(projectTps({ txCount: 100, totalGas: 5_000_000, speedup: 4, gasPerSecond: 1.2e9 })).to.equal(96_000);
    expect(projectTps({ txCount: 0, totalGas: 0, speedup: 1, gasPerSecond: 1e9 })).to.equal(0);
    expect(() => projectTps({ txCount: 1, totalGas: 1, speedup: -1, gasPerSecond: 1 })).to.throw(ExecutorInputError);
  });

  it("the p2p generator: ~8 reads and 5 writes per transfer, seeded", () => {
    const txs = p2pTransfers({ count: 50, accounts: 10, seed: 7 });
    expect(txs).to.deep.equal(p2pTransfers({ count: 50, accounts: 10, seed: 7 }));
    expect(txs).to.not.deep.equal(p2pTransfers({ count: 50, accounts: 10, seed: 8 }));
    const interned = internBlock(txs);
    expect(interned.readStart[1] - interned.readStart[0]).to.equal(8);
    expect(interned.writeStart[1] - interned.writeStart[0]).to.equal(5);
    for (const tx of txs) expect(tx.to).to.not.equal(null);
  });
});

describe("errors", () => {
  const b = internBlock(block([{ w: [k("A")] }]));

  it("rejects bad thread counts with a one-line ThreadCountError", () => {
    for (const threads of [0, -1, 1.5, Number.NaN]) {
      expect(() => simulate("block-stm", b, { threads })).to.throw(
        ThreadCountError,
        /^thread count .* must be a positive integer$/,
      );
    }
    expect(() => speedupCurve("declared-raw", b, [1, 0])).to.throw(ThreadCountError);
  });

  it("rejects unknown executors with the list of known ones", () => {
    expect(() => simulate("optimistic" as ExecutorKind, b, { threads: 2 })).to.throw(
      UnknownExecutorError,
      /unknown executor "optimistic"/,
    );
  });

  it("rejects negative cost parameters and bad gas", () => {
    expect(() => simulate("block-stm", b, { threads: 2, cost: { mvReadCost: -1 } })).to.throw(ExecutorInputError);
    const bad = block([{ w: [k("A")] }]).map((tx) => ({ ...tx, gasUsed: -5 }));
    expect(() => internBlock(bad)).to.throw(ExecutorInputError, /gasUsed -5/);
  });

  it("an empty block simulates to nothing", () => {
    const empty = internBlock([]);
    for (const kind of EXECUTOR_KINDS) {
      const result = simulate(kind, empty, { threads: 4 });
      expect([result.makespan, result.speedup, result.executions]).to.deep.equal([0, 1, 0]);
    }
  });
});

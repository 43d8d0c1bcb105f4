import { expect } from "chai";
import fc from "fast-check";
import { type TxAccess, contractWildcard, propertyRuns } from "@lanes/types";
import {
  type CostModel,
  DEFAULT_COST_MODEL,
  EXECUTOR_KINDS,
  GAS_ONLY_COST_MODEL,
  criticalPath,
  internBlock,
  simulate,
} from "../src";
import { type TxSpec, block, k, mixingValues } from "./helpers";

/** Random small blocks over few keys (so conflicts are common), with deltas and the odd wildcard. */
const specArb: fc.Arbitrary<TxSpec> = fc.record({
  gas: fc.integer({ min: 1, max: 40 }).map((g) => g * 1000),
  r: fc.uniqueArray(fc.integer({ min: 0, max: 7 }), { maxLength: 4 }).map((ids) => ids.map((id) => k(id))),
  w: fc
    .tuple(fc.uniqueArray(fc.integer({ min: 0, max: 7 }), { maxLength: 3 }), fc.integer({ min: 0, max: 19 }))
    .map(([ids, wild]) => [
      ...ids.map((id) => k(id)),
      ...(wild === 0 ? [contractWildcard("0x00000000000000000000000000000000000000aa", "test")] : []),
    ]),
  d: fc.uniqueArray(fc.integer({ min: 6, max: 9 }), { maxLength: 2 }).map((ids) => ids.map((id) => k(id))),
});
const blockArb: fc.Arbitrary<TxAccess[]> = fc.array(specArb, { minLength: 1, maxLength: 24 }).map(block);

/** Cost models from gas-only to overhead-heavy, so schedules (and so interleavings) vary. */
const costArb: fc.Arbitrary<Partial<CostModel>> = fc.record({
  mvReadCost: fc.integer({ min: 0, max: 3000 }),
  mvWriteCost: fc.integer({ min: 0, max: 3000 }),
  validationCost: fc.integer({ min: 0, max: 3000 }),
  validationReadCost: fc.integer({ min: 0, max: 1000 }),
  schedulerCost: fc.integer({ min: 0, max: 3000 }),
  readCost: fc.integer({ min: 0, max: 500 }),
});

/**
 * Blocks of 20-60 transactions over six keys, four of them also updated as deltas: reads of a
 * delta key often see an earlier update whose transaction is later aborted and re-executed.
 */
const contendedSpecArb: fc.Arbitrary<TxSpec> = fc.record({
  gas: fc.integer({ min: 1, max: 40 }).map((g) => g * 1000),
  r: fc.uniqueArray(fc.integer({ min: 0, max: 5 }), { maxLength: 3 }).map((ids) => ids.map((id) => k(id))),
  w: fc
    .tuple(fc.uniqueArray(fc.integer({ min: 0, max: 5 }), { maxLength: 2 }), fc.integer({ min: 0, max: 29 }))
    .map(([ids, wild]) => [
      ...ids.map((id) => k(id)),
      ...(wild === 0 ? [contractWildcard("0x00000000000000000000000000000000000000aa", "test")] : []),
    ]),
  d: fc.uniqueArray(fc.integer({ min: 2, max: 5 }), { maxLength: 2 }).map((ids) => ids.map((id) => k(id))),
});
const contendedBlockArb: fc.Arbitrary<TxAccess[]> = fc
  .array(contendedSpecArb, { minLength: 20, maxLength: 60 })
  .map(block);

const finalState = (
  txs: TxAccess[],
  kind: (typeof EXECUTOR_KINDS)[number],
  threads: number,
  deltaAware: boolean,
  cost: Partial<CostModel>,
  validation = true,
): number[] =>
  Array.from(
    simulate(kind, internBlock(txs), { threads, deltaAware, cost, values: mixingValues, validation }).state ?? [],
  );

const serializable = (validation: boolean) =>
  fc.property(blockArb, fc.integer({ min: 1, max: 12 }), fc.boolean(), costArb, (txs, threads, deltaAware, cost) => {
    const reference = finalState(txs, "sequential", 1, deltaAware, cost);
    for (const kind of EXECUTOR_KINDS) {
      if (!validation && kind !== "block-stm") continue;
      const state = finalState(txs, kind, threads, deltaAware, cost, validation);
      if (state.length !== reference.length || state.some((v, i) => v !== reference[i])) return false;
    }
    return true;
  });

describe("properties", () => {
  it("serializability: every executor's final state equals sequential execution's", () => {
    fc.assert(serializable(true), { numRuns: propertyRuns(200) });
  });

  // Delta-aware on contended blocks, gas-only time: the schedules where a read sees a delta of an
  // incarnation that is aborted later (validation must compare versions, not count deltas).
  const deltaSerializable = fc.property(contendedBlockArb, fc.integer({ min: 2, max: 8 }), (txs, threads) => {
    const reference = finalState(txs, "sequential", 1, true, GAS_ONLY_COST_MODEL);
    for (const kind of EXECUTOR_KINDS) {
      const state = finalState(txs, kind, threads, true, GAS_ONLY_COST_MODEL);
      if (state.length !== reference.length || state.some((v, i) => v !== reference[i])) return false;
    }
    return true;
  });

  it("serializability on contended delta-aware blocks of 20-60 transactions", () => {
    fc.assert(deltaSerializable, { numRuns: propertyRuns(100) });
  });

  it("regression: the contended delta-aware block of seed 25 (counting deltas under a read committed a stale one)", () => {
    // 23 transactions on 8 threads: Block-STM that validated only how many deltas lay under a read
    // committed a read of an aborted incarnation's delta and ended in a different state.
    fc.assert(deltaSerializable, { numRuns: 1, seed: 25 });
  });

  it("the same property fails once block-stm validation is switched off", () => {
    // A fixed seed makes the search, and so the counterexample, the same on every run.
    const outcome = fc.check(serializable(false), { numRuns: 1000, seed: 42 });
    expect(outcome.failed, "a counterexample to serializability without validation").to.equal(true);
    const [txs, threads] = outcome.counterexample ?? [];
    expect(threads).to.be.greaterThan(1);
    expect((txs as TxAccess[]).length).to.be.greaterThan(1);
  });

  it("speedup never exceeds the thread count nor the critical-path ceiling", () => {
    fc.assert(
      fc.property(
        blockArb,
        fc.integer({ min: 1, max: 16 }),
        fc.boolean(),
        costArb,
        (txs, threads, deltaAware, cost) => {
          const b = internBlock(txs);
          const ceiling = criticalPath(b, { deltaAware, cost }).ceiling;
          for (const kind of EXECUTOR_KINDS) {
            const { speedup } = simulate(kind, b, { threads, deltaAware, cost });
            if (speedup > threads * (1 + 1e-12) || speedup > ceiling * (1 + 1e-12)) return false;
          }
          return true;
        },
      ),
      { numRuns: propertyRuns(200) },
    );
  });

  it("gas-only, contended blocks: speedup never exceeds the thread count nor the critical-path ceiling", () => {
    fc.assert(
      fc.property(contendedBlockArb, fc.integer({ min: 1, max: 16 }), (txs, threads) => {
        const b = internBlock(txs);
        for (const deltaAware of [false, true]) {
          const ceiling = criticalPath(b, { deltaAware, cost: GAS_ONLY_COST_MODEL }).ceiling;
          for (const kind of EXECUTOR_KINDS) {
            const { speedup } = simulate(kind, b, { threads, deltaAware, cost: GAS_ONLY_COST_MODEL });
            const bound = Math.min(kind === "sequential" ? 1 : threads, ceiling) * (1 + 1e-12);
            if (speedup > bound) return false;
          }
        }
        return true;
      }),
      { numRuns: propertyRuns(200) },
    );
  });

  it("determinism: the same block gives identical results, whatever was run before", () => {
    fc.assert(
      fc.property(blockArb, fc.integer({ min: 1, max: 16 }), fc.boolean(), (txs, threads, deltaAware) => {
        for (const kind of EXECUTOR_KINDS) {
          const first = simulate(kind, internBlock(txs), { threads, deltaAware, values: mixingValues });
          const again = simulate(kind, internBlock(txs), { threads, deltaAware, values: mixingValues });
          expect(again).to.deep.equal(first);
        }
      }),
      { numRuns: propertyRuns(50) },
    );
  });

  it("block-stm executes every transaction at least once and counts aborts consistently", () => {
    fc.assert(
      fc.property(blockArb, fc.integer({ min: 1, max: 16 }), (txs, threads) => {
        const result = simulate("block-stm", internBlock(txs), { threads, cost: DEFAULT_COST_MODEL });
        expect(result.executions).to.be.at.least(result.txCount);
        expect(result.reExecutions).to.be.at.least(result.aborts - result.dependencyAborts);
        expect(result.validations).to.be.at.least(result.txCount);
      }),
      { numRuns: propertyRuns(100) },
    );
  });
});

/**
 * The virtual-time cost model. The executor models time, it does not measure it: every term is a
 * named parameter in gas-equivalent time units, so a reader can see why a number is what it is.
 * The defaults are ONE parameter set calibrated on the Block-STM paper's Aptos p2p benchmark
 * (see README.md, "Calibration"), with a p2p transfer weighing `P2P_TRANSFER_GAS`.
 */
import { ExecutorInputError } from "./errors";

export interface CostModel {
  /** Time per unit of gas: execution is proportional to gasUsed. */
  readonly timePerGas: number;
  /** Per key read, in every executor (a storage access the gas figure does not cover). */
  readonly readCost: number;
  /** Extra per key read through Block-STM's multi-version memory (a lookup among versions). */
  readonly mvReadCost: number;
  /** Per key written into Block-STM's multi-version memory when an incarnation finishes. */
  readonly mvWriteCost: number;
  /** Fixed part of one Block-STM validation task. */
  readonly validationCost: number;
  /** Per read re-checked by a Block-STM validation. */
  readonly validationReadCost: number;
  /**
   * One operation on the shared scheduler (Block-STM's fetch-and-increment of execution_idx or
   * validation_idx; a declared executor's pop from its ready queue). These operations are
   * serialised: one shared resource, one operation at a time. This is what bounds speedup at
   * high thread counts when transactions are small.
   */
  readonly schedulerCost: number;
  /**
   * When an incarnation reads. `start`: every read observes the multi-version memory as it is
   * when the incarnation starts; the reads are spread evenly over the execution for the single
   * purpose of timing an abort: an incarnation that hits an ESTIMATE at its j-th read (of R) stops
   * after j/R of its execution time. Writes become visible when the incarnation finishes.
   */
  readonly readTiming: "start";
}

/** Gas of one synthetic p2p transfer (the unit the default parameters are calibrated against). */
export const P2P_TRANSFER_GAS = 21_000;

export const DEFAULT_COST_MODEL: CostModel = Object.freeze({
  timePerGas: 1,
  readCost: 0,
  mvReadCost: 350,
  mvWriteCost: 350,
  validationCost: 200,
  validationReadCost: 90,
  schedulerCost: 630,
  readTiming: "start",
});

export function resolveCostModel(cost?: Partial<CostModel>): CostModel {
  const model: CostModel = { ...DEFAULT_COST_MODEL, ...cost };
  for (const [name, value] of Object.entries(model)) {
    if (name === "readTiming") continue;
    if (typeof value !== "number" || !Number.isFinite(value) || value < 0) {
      throw new ExecutorInputError(`cost parameter ${name} = ${String(value)} must be a non-negative number`);
    }
  }
  if (model.readTiming !== "start") {
    throw new ExecutorInputError(`cost parameter readTiming = ${String(model.readTiming)} must be "start"`);
  }
  return model;
}

/** A cost model with nothing but execution proportional to gas: for hand-checked schedules. */
export const GAS_ONLY_COST_MODEL: CostModel = Object.freeze({
  timePerGas: 1,
  readCost: 0,
  mvReadCost: 0,
  mvWriteCost: 0,
  validationCost: 0,
  validationReadCost: 0,
  schedulerCost: 0,
  readTiming: "start",
});

/** The baseline: one worker, transactions in block order, no overhead beyond the transaction itself. */
import type { CostModel } from "./cost-model";
import type { ExecPlan } from "./plan";
import type { ExecutorRun } from "./run";
import { type ValueModel, computeDeltas, computeWrites } from "./values";

/** Time one transaction takes when nothing else is running: its gas and its reads. */
export function txTime(plan: ExecPlan, cost: CostModel, tx: number): number {
  return plan.gas[tx] * cost.timePerGas + (plan.readStart[tx + 1] - plan.readStart[tx]) * cost.readCost;
}

export function sequentialTime(plan: ExecPlan, cost: CostModel): number {
  let total = 0;
  for (let i = 0; i < plan.txCount; i++) total += txTime(plan, cost, i);
  return total;
}

export function runSequential(plan: ExecPlan, cost: CostModel, values?: ValueModel): ExecutorRun {
  const n = plan.txCount;
  const start = new Float64Array(n);
  const finish = new Float64Array(n);
  let now = 0;
  for (let i = 0; i < n; i++) {
    start[i] = now;
    now += txTime(plan, cost, i);
    finish[i] = now;
  }
  return {
    makespan: now,
    executions: n,
    validations: 0,
    validationAborts: 0,
    dependencyAborts: 0,
    schedulerOps: 0,
    start,
    finish,
    state: values === undefined ? undefined : sequentialState(plan, values),
  };
}

/** The reference final state: every transaction applied in block order to one store. */
export function sequentialState(plan: ExecPlan, values: ValueModel): Float64Array {
  const state = new Float64Array(plan.keyCount);
  for (let k = 0; k < plan.keyCount; k++) state[k] = values.initial(k);
  for (let i = 0; i < plan.txCount; i++) {
    const seen: number[] = [];
    for (let r = plan.readStart[i]; r < plan.readStart[i + 1]; r++) seen.push(state[plan.readKeys[r]]);
    const written = computeWrites(plan, values, i, seen);
    for (let w = plan.writeStart[i]; w < plan.writeStart[i + 1]; w++) {
      state[plan.writeKeys[w]] = written[w - plan.writeStart[i]];
    }
    const added = computeDeltas(plan, values, i, seen);
    for (let d = plan.deltaStart[i]; d < plan.deltaStart[i + 1]; d++)
      state[plan.deltaKeys[d]] += added[d - plan.deltaStart[i]];
  }
  return state;
}

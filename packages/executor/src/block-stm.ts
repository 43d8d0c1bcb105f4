/**
 * Block-STM (Gelashvili et al., PPoPP 2023) as a discrete-event simulation in virtual time.
 *
 * Followed from the paper: a multi-version memory with one entry per (key, writer) holding the
 * writer's incarnation or an ESTIMATE marker; per-transaction status (READY_TO_EXECUTE,
 * EXECUTING, EXECUTED, ABORTING) and incarnation number; the collaborative scheduler with
 * execution_idx and validation_idx (a validation is preferred while validation_idx trails
 * execution_idx); reading an ESTIMATE suspends the transaction on its blocker (add_dependency)
 * and the blocker's finish resumes it with the next incarnation; a failed validation turns the
 * writes into ESTIMATEs, lowers validation_idx to the next transaction and re-executes at once
 * when execution_idx has passed; the first incarnation that writes (a new location) lowers
 * validation_idx to itself so every higher transaction is validated again.
 *
 * Modelling: each task is an interval of virtual time on one worker. Reads observe memory at the
 * start of an incarnation, writes become visible at its end, a validation reads and decides at
 * its end. A task is claimed from the indices when the worker asks for it, then dispatched through
 * one serialised scheduler resource (`schedulerCost` each); fetches that yield no task are free.
 * A worker with nothing to claim (both indices past the block) sleeps until an index is lowered,
 * rather than spinning on the scheduler.
 */
import type { CostModel } from "./cost-model";
import { finalFromVersions } from "./declared";
import { EventQueue } from "./event-queue";
import { IndexSet } from "./index-set";
import { mvLayout } from "./mv-layout";
import type { ExecPlan } from "./plan";
import type { ExecutorRun } from "./run";
import { type ValueModel, computeDeltas, computeWrites } from "./values";

export interface BlockStmOptions {
  readonly threads: number;
  readonly cost: CostModel;
  /** false: validations pass without looking (only to show that serializability then breaks). */
  readonly validation: boolean;
  readonly values?: ValueModel;
}

const READY = 0;
const EXECUTING = 1;
const EXECUTED = 2;
const ABORTING = 3;

const NONE = -1;
const ESTIMATE = -2;

const TASK_DISPATCHED_EXECUTION = 0;
const TASK_DISPATCHED_VALIDATION = 4;
const TASK_EXECUTE = 1;
const TASK_BLOCKED = 2;
const TASK_VALIDATE = 3;

const SLEEPING = -1;

export function runBlockStm(plan: ExecPlan, options: BlockStmOptions): ExecutorRun {
  const { threads, cost, validation, values } = options;
  const n = plan.txCount;
  const { gas, readStart, readKeys, writeStart, deltaStart } = plan;
  const layout = mvLayout(plan);
  const { entryStart, entryTx, entryIsDelta, writeEntry, deltaEntry, readTop } = layout;
  const deltaAware = plan.deltaAware && plan.deltaKeys.length > 0;

  const readUnit = cost.readCost + cost.mvReadCost;
  const execGasUnit = cost.timePerGas;
  const schedulerCost = cost.schedulerCost;

  // Transactions.
  const status = new Int8Array(n);
  // Transactions a fetch of execution_idx / validation_idx would turn into a task.
  const ready = new IndexSet(n);
  const executed = new IndexSet(n);
  for (let i = 0; i < n; i++) ready.add(i);
  const setStatus = (tx: number, to: number): void => {
    const from = status[tx];
    if (from === READY) ready.delete(tx);
    else if (from === EXECUTED) executed.delete(tx);
    if (to === READY) ready.add(tx);
    else if (to === EXECUTED) executed.add(tx);
    status[tx] = to;
  };
  const incarnation = new Int32Array(n);
  const recorded = new Uint8Array(n);
  const start = new Float64Array(n);
  const finish = new Float64Array(n);
  // Dependents waiting on a transaction: linked lists in a growable pool.
  const depHead = new Int32Array(n).fill(-1);
  let depNext = new Int32Array(64);
  let depTx = new Int32Array(64);
  let depCount = 0;

  // Multi-version memory: per entry, the incarnation that wrote it, NONE or ESTIMATE.
  const entryInc = new Int32Array(entryTx.length).fill(NONE);
  // Entries that hold something (a version or an ESTIMATE). An entry never goes back to NONE, as a
  // replayed transaction writes the same keys in every incarnation; reads jump over NONE runs
  // (transactions not yet executed) with it instead of stepping through them.
  const written = new IndexSet(entryTx.length);
  // What each read of the last incarnation observed: entry (or -1 for storage) and its incarnation.
  const obsEntry = new Int32Array(readKeys.length);
  const obsInc = new Int32Array(readKeys.length);
  // Delta-aware, a read also observes every delta entry above that one, each at one incarnation,
  // and validation must find exactly those versions (entry, incarnation) again, as the paper
  // validates the version of every location read. Recorded per read: how many delta entries, and
  // the sum of their incarnations. That pair identifies the list exactly, with no false match,
  // because between an observation and its validation (same range of entries, `found` unchanged)
  // (1) an entry never goes back to NONE, so the entries present can only be more: the same count
  // means the same entries; (2) an entry's incarnation never decreases (a transaction's
  // incarnations only count up, one runs at a time) and an ESTIMATE fails validation at once: for
  // the same entries, the same sum means every incarnation is the same. O(1) memory per read, where
  // a list per read would grow with (reads x deltas under them) on a hot counter.
  const obsDeltas = deltaAware ? new Int32Array(readKeys.length) : obsEntry;
  const obsDeltaIncs = deltaAware ? new Float64Array(readKeys.length) : obsInc;

  // Values (tests only).
  const versions = values === undefined ? null : new Float64Array(entryTx.length);
  const pending: number[][] = values === undefined ? [] : new Array<number[]>(n);

  // Scheduler.
  let executionIdx = 0;
  let validationIdx = 0;
  let schedulerFree = 0;

  // Workers: the task each is in the middle of.
  const taskKind = new Int8Array(threads);
  const taskTx = new Int32Array(threads);
  const taskInc = new Int32Array(threads);
  const taskAux = new Int32Array(threads);
  const sleeping = new Uint8Array(threads);
  let sleepers = 0;
  const events = new EventQueue(threads);

  let makespan = 0;
  let executions = 0;
  let validations = 0;
  let validationAborts = 0;
  let dependencyAborts = 0;
  let schedulerOps = 0;

  /**
   * Worker w asks the scheduler for a task at `now`: the task is claimed at once (next_task), then
   * the worker waits for the serialised scheduler and pays `schedulerCost` before the task starts.
   * Returns when the task starts, or SLEEPING when there is nothing to claim.
   */
  const enterScheduler = (w: number, now: number): number => {
    const tx = claimTask(w);
    if (tx < 0) {
      sleeping[w] = 1;
      sleepers++;
      return SLEEPING;
    }
    taskTx[w] = tx;
    const begin = (now > schedulerFree ? now : schedulerFree) + schedulerCost;
    schedulerFree = begin;
    schedulerOps++;
    return begin;
  };

  const wakeSleepers = (now: number): void => {
    if (sleepers === 0) return;
    for (let w = 0; w < threads; w++) {
      if (sleeping[w] === 0) continue;
      sleeping[w] = 0;
      sleepers--;
      const at = enterScheduler(w, now);
      if (at !== SLEEPING) events.push(at, w);
    }
  };

  const decreaseExecutionIdx = (to: number, now: number): void => {
    if (to < executionIdx) {
      executionIdx = to;
      wakeSleepers(now);
    }
  };

  const decreaseValidationIdx = (to: number, now: number): void => {
    if (to < validationIdx) {
      validationIdx = to;
      wakeSleepers(now);
    }
  };

  /** Starts incarnation `inc` of `tx` on worker w at `now`; returns when the worker's next event is. */
  const startExecution = (w: number, now: number, tx: number, inc: number): number => {
    executions++;
    start[tx] = now;
    taskTx[w] = tx;
    taskInc[w] = inc;
    const from = readStart[tx];
    const to = readStart[tx + 1];
    for (let r = from; r < to; r++) {
      const low = entryStart[readKeys[r]];
      let found = -1;
      let deltas = 0;
      let deltaIncs = 0;
      for (let e = readTop[r]; e >= low; e--) {
        let v = entryInc[e];
        if (v === NONE) {
          e = written.prev(e);
          if (e < low) break;
          v = entryInc[e];
        }
        if (v === ESTIMATE) {
          // Suspends after reaching this read: reads are spread evenly over the execution.
          const reached = r - from + 1;
          taskKind[w] = TASK_BLOCKED;
          taskAux[w] = entryTx[e];
          return now + (gas[tx] * execGasUnit * reached) / (to - from) + reached * readUnit;
        }
        if (deltaAware && entryIsDelta[e] === 1) {
          deltas++;
          deltaIncs += v;
          continue;
        }
        found = e;
        break;
      }
      obsEntry[r] = found;
      obsInc[r] = found < 0 ? 0 : entryInc[found];
      if (deltaAware) {
        obsDeltas[r] = deltas;
        obsDeltaIncs[r] = deltaIncs;
      }
    }
    if (values !== undefined) pending[tx] = readAndCompute(tx);
    taskKind[w] = TASK_EXECUTE;
    const writes = writeStart[tx + 1] - writeStart[tx] + deltaStart[tx + 1] - deltaStart[tx];
    return now + gas[tx] * execGasUnit + (to - from) * readUnit + writes * cost.mvWriteCost;
  };

  const startValidation = (w: number, now: number, tx: number, inc: number): number => {
    validations++;
    taskKind[w] = TASK_VALIDATE;
    taskTx[w] = tx;
    taskInc[w] = inc;
    return now + cost.validationCost + (readStart[tx + 1] - readStart[tx]) * cost.validationReadCost;
  };

  /**
   * next_task(): claims the next task for worker w (sets taskKind, returns the transaction, or -1).
   * Fetches that yield no task (a transaction not READY for execution, not EXECUTED for
   * validation) take no time: the walk jumps to the first index that yields one, leaving both
   * indices where the step-by-step loop of the paper would leave them.
   */
  const claimTask = (w: number): number => {
    if (validationIdx < executionIdx) {
      const tx = executed.next(validationIdx);
      if (tx < executionIdx) {
        validationIdx = tx + 1;
        return claimValidation(w, tx);
      }
      validationIdx = executionIdx;
    } else if (executionIdx < validationIdx) {
      const tx = ready.next(executionIdx);
      if (tx < validationIdx) {
        executionIdx = tx + 1;
        return claimExecution(w, tx);
      }
      executionIdx = validationIdx;
    }
    // Both indices at x: each step tries to execute x, then to validate x.
    const toRun = ready.next(executionIdx);
    const toCheck = executed.next(executionIdx);
    if (toRun < toCheck) {
      executionIdx = toRun + 1;
      validationIdx = toRun;
      return claimExecution(w, toRun);
    }
    if (toCheck < n) {
      executionIdx = toCheck + 1;
      validationIdx = toCheck + 1;
      return claimValidation(w, toCheck);
    }
    executionIdx = n;
    validationIdx = n;
    return -1;
  };

  const claimExecution = (w: number, tx: number): number => {
    setStatus(tx, EXECUTING);
    taskKind[w] = TASK_DISPATCHED_EXECUTION;
    taskInc[w] = incarnation[tx];
    return tx;
  };

  const claimValidation = (w: number, tx: number): number => {
    taskKind[w] = TASK_DISPATCHED_VALIDATION;
    taskInc[w] = incarnation[tx];
    return tx;
  };

  const beginIncarnation = (w: number, now: number, tx: number): number => {
    setStatus(tx, EXECUTING);
    return startExecution(w, now, tx, incarnation[tx]);
  };

  const finishExecution = (w: number, now: number): number => {
    const tx = taskTx[w];
    const inc = taskInc[w];
    if (recorded[tx] === 0) {
      for (let x = writeStart[tx]; x < writeStart[tx + 1]; x++) written.add(writeEntry[x]);
      for (let x = deltaStart[tx]; x < deltaStart[tx + 1]; x++) written.add(deltaEntry[x]);
    }
    for (let x = writeStart[tx]; x < writeStart[tx + 1]; x++) entryInc[writeEntry[x]] = inc;
    for (let x = deltaStart[tx]; x < deltaStart[tx + 1]; x++) entryInc[deltaEntry[x]] = inc;
    if (versions !== null) storeVersions(tx);
    // Write sets do not change between incarnations of a replayed transaction, so only the
    // first one that writes anything writes to a new location.
    const wroteNew = recorded[tx] === 0 && writeStart[tx + 1] + deltaStart[tx + 1] > writeStart[tx] + deltaStart[tx];
    recorded[tx] = 1;
    finish[tx] = now;
    setStatus(tx, EXECUTED);
    // Resume the transactions suspended on this one.
    let lowest = n;
    for (let node = depHead[tx]; node >= 0; node = depNext[node]) {
      const dependent = depTx[node];
      setStatus(dependent, READY);
      incarnation[dependent]++;
      if (dependent < lowest) lowest = dependent;
    }
    depHead[tx] = -1;
    if (lowest < n) decreaseExecutionIdx(lowest, now);
    if (validationIdx > tx) {
      if (wroteNew) decreaseValidationIdx(tx, now);
      else return startValidation(w, now, tx, inc);
    }
    return enterScheduler(w, now);
  };

  const addDependency = (tx: number, blocker: number): boolean => {
    if (status[blocker] === EXECUTED) return false;
    setStatus(tx, ABORTING);
    if (depCount === depNext.length) {
      const grow = (a: Int32Array): Int32Array<ArrayBuffer> => {
        const b = new Int32Array(a.length * 2);
        b.set(a);
        return b;
      };
      depNext = grow(depNext);
      depTx = grow(depTx);
    }
    depTx[depCount] = tx;
    depNext[depCount] = depHead[blocker];
    depHead[blocker] = depCount++;
    return true;
  };

  const finishBlocked = (w: number, now: number): number => {
    const tx = taskTx[w];
    if (!addDependency(tx, taskAux[w])) return startExecution(w, now, tx, taskInc[w]);
    dependencyAborts++;
    return enterScheduler(w, now);
  };

  /** Every read sees again exactly the versions (entry, incarnation) it observed, deltas included. */
  const readSetValid = (tx: number): boolean => {
    for (let r = readStart[tx]; r < readStart[tx + 1]; r++) {
      const low = entryStart[readKeys[r]];
      let found = -1;
      let deltas = 0;
      let deltaIncs = 0;
      for (let e = readTop[r]; e >= low; e--) {
        let v = entryInc[e];
        if (v === NONE) {
          e = written.prev(e);
          if (e < low) break;
          v = entryInc[e];
        }
        if (v === ESTIMATE) return false;
        if (deltaAware && entryIsDelta[e] === 1) {
          deltas++;
          deltaIncs += v;
          continue;
        }
        found = e;
        break;
      }
      if (found !== obsEntry[r]) return false;
      if (found >= 0 && entryInc[found] !== obsInc[r]) return false;
      // Same count and incarnation sum: the same delta versions (see obsDeltas).
      if (deltaAware && (deltas !== obsDeltas[r] || deltaIncs !== obsDeltaIncs[r])) return false;
    }
    return true;
  };

  const finishValidation = (w: number, now: number): number => {
    const tx = taskTx[w];
    const inc = taskInc[w];
    if (status[tx] === EXECUTED && incarnation[tx] === inc && validation && !readSetValid(tx)) {
      // try_validation_abort succeeded: the writes become ESTIMATEs, the transaction is re-executed.
      validationAborts++;
      setStatus(tx, ABORTING);
      for (let x = writeStart[tx]; x < writeStart[tx + 1]; x++) entryInc[writeEntry[x]] = ESTIMATE;
      for (let x = deltaStart[tx]; x < deltaStart[tx + 1]; x++) entryInc[deltaEntry[x]] = ESTIMATE;
      setStatus(tx, READY);
      incarnation[tx]++;
      decreaseValidationIdx(tx + 1, now);
      // try_incarnate: a worker woken by the lowered index cannot have claimed it (it walks from
      // execution_idx, which is past tx), so the status is still READY here.
      if (executionIdx > tx) return beginIncarnation(w, now, tx);
    }
    return enterScheduler(w, now);
  };

  /** Handles worker w's event at `now`; returns the time of its next event or SLEEPING. */
  const handle = (w: number, now: number): number => {
    switch (taskKind[w]) {
      case TASK_DISPATCHED_EXECUTION:
        return startExecution(w, now, taskTx[w], taskInc[w]);
      case TASK_DISPATCHED_VALIDATION:
        return startValidation(w, now, taskTx[w], taskInc[w]);
      case TASK_EXECUTE:
        if (now > makespan) makespan = now;
        return finishExecution(w, now);
      case TASK_BLOCKED:
        if (now > makespan) makespan = now;
        return finishBlocked(w, now);
      default:
        if (now > makespan) makespan = now;
        return finishValidation(w, now);
    }
  };

  // Values, off the fast path.
  const readAndCompute = (tx: number): number[] => {
    const model = values as ValueModel;
    const seen: number[] = [];
    for (let r = readStart[tx]; r < readStart[tx + 1]; r++) {
      const key = readKeys[r];
      let sum = 0;
      let base = model.initial(key);
      for (let e = readTop[r]; e >= entryStart[key]; e--) {
        if (entryInc[e] < 0) continue;
        const v = (versions as Float64Array)[e];
        if (deltaAware && entryIsDelta[e] === 1) {
          sum += v;
          continue;
        }
        base = v;
        break;
      }
      seen.push(base + sum);
    }
    return computeWrites(plan, model, tx, seen).concat(computeDeltas(plan, model, tx, seen));
  };
  const storeVersions = (tx: number): void => {
    const out = versions as Float64Array;
    const written = pending[tx];
    let at = 0;
    for (let x = writeStart[tx]; x < writeStart[tx + 1]; x++) out[writeEntry[x]] = written[at++];
    for (let x = deltaStart[tx]; x < deltaStart[tx + 1]; x++) out[deltaEntry[x]] = written[at++];
  };

  for (let w = 0; w < threads; w++) {
    const at = enterScheduler(w, 0);
    if (at !== SLEEPING) events.push(at, w);
  }
  while (events.size > 0) {
    const w = events.topWorker;
    let now = events.topTime;
    events.pop();
    // Keep running this worker while its next event is still the earliest: same order, no heap traffic.
    for (;;) {
      const next = handle(w, now);
      if (next === SLEEPING) break;
      if (events.precedesTop(next, w)) {
        now = next;
        continue;
      }
      events.push(next, w);
      break;
    }
  }

  let state: Float64Array | undefined;
  if (values !== undefined) {
    const done = new Uint8Array(entryTx.length);
    for (let e = 0; e < done.length; e++) done[e] = entryInc[e] >= 0 ? 1 : 0;
    state = finalFromVersions(plan, values, versions as Float64Array, done);
  }
  return { makespan, executions, validations, validationAborts, dependencyAborts, schedulerOps, start, finish, state };
}

/**
 * Scheduling from declared access sets (EIP-7928 block access lists, Solana/Sui locks): the
 * dependency DAG is known before execution and list-scheduled on T workers. A free worker takes
 * the lowest-index ready transaction (block order as priority); taking one is an operation on the
 * shared, serialised scheduler. A worker commits to its pick when it queues for the scheduler.
 * No validation and no re-execution: the declared sets are trusted.
 */
import type { CostModel } from "./cost-model";
import { type DagSemantics, dependencyDag } from "./dag";
import { EventQueue } from "./event-queue";
import { IntMinHeap } from "./min-heap";
import { mvLayout } from "./mv-layout";
import type { ExecPlan } from "./plan";
import type { ExecutorRun } from "./run";
import { txTime } from "./sequential";
import { type ValueModel, computeDeltas, computeWrites } from "./values";

export function runDeclared(
  plan: ExecPlan,
  semantics: DagSemantics,
  threads: number,
  cost: CostModel,
  values?: ValueModel,
): ExecutorRun {
  const n = plan.txCount;
  const dag = dependencyDag(plan, semantics);
  const { predStart, preds } = dag;

  // Successor lists (CSR) and in-degrees.
  const indegree = new Int32Array(n);
  const succStart = new Int32Array(n + 1);
  for (let i = 0; i < n; i++) indegree[i] = predStart[i + 1] - predStart[i];
  for (let e = 0; e < preds.length; e++) succStart[preds[e] + 1]++;
  for (let i = 0; i < n; i++) succStart[i + 1] += succStart[i];
  const succs = new Int32Array(preds.length);
  const fill = succStart.slice(0, n);
  for (let i = 0; i < n; i++) for (let e = predStart[i]; e < predStart[i + 1]; e++) succs[fill[preds[e]]++] = i;

  const ready = new IntMinHeap(n);
  for (let i = 0; i < n; i++) if (indegree[i] === 0) ready.push(i);
  const events = new EventQueue(threads);
  const running = new Int32Array(threads).fill(-1);
  const start = new Float64Array(n);
  const finish = new Float64Array(n);
  const store = values === undefined ? null : new ValueStore(plan, semantics, values);
  let schedulerFree = 0;
  let makespan = 0;
  let schedulerOps = 0;

  const assign = (now: number): void => {
    for (let w = 0; w < threads && ready.size > 0; w++) {
      if (running[w] >= 0) continue;
      const tx = ready.pop();
      const begin = Math.max(now, schedulerFree) + cost.schedulerCost;
      schedulerFree = begin;
      schedulerOps++;
      running[w] = tx;
      start[tx] = begin;
      finish[tx] = begin + txTime(plan, cost, tx);
      store?.begin(tx);
      events.push(finish[tx], w);
    }
  };

  assign(0);
  while (events.size > 0) {
    const now = events.topTime;
    // Every completion at this instant first, then the picks: ties resolve by worker id.
    while (events.size > 0 && events.topTime === now) {
      const w = events.topWorker;
      events.pop();
      const tx = running[w];
      running[w] = -1;
      store?.commit(tx);
      makespan = now;
      for (let e = succStart[tx]; e < succStart[tx + 1]; e++) {
        if (--indegree[succs[e]] === 0) ready.push(succs[e]);
      }
    }
    assign(now);
  }
  return {
    makespan,
    executions: n,
    validations: 0,
    validationAborts: 0,
    dependencyAborts: 0,
    schedulerOps,
    start,
    finish,
    state: store?.final(),
  };
}

/**
 * Values under a declared schedule. Lock semantics run on one single-version store (the locks are
 * what makes that safe); true-dependency scheduling reads, like a block-access-list executor,
 * the newest finished version written by an earlier transaction. A missing edge shows up as a
 * wrong value, never as a crash.
 */
class ValueStore {
  private readonly single: Float64Array;
  private readonly versions: Float64Array;
  private readonly done: Uint8Array;
  private readonly pending: number[][];
  private readonly pendingDeltas: number[][];

  constructor(
    private readonly plan: ExecPlan,
    private readonly semantics: DagSemantics,
    private readonly model: ValueModel,
  ) {
    this.single = new Float64Array(plan.keyCount);
    for (let k = 0; k < plan.keyCount; k++) this.single[k] = model.initial(k);
    const layout = mvLayout(plan);
    this.versions = new Float64Array(layout.entryTx.length);
    this.done = new Uint8Array(layout.entryTx.length);
    this.pending = new Array<number[]>(plan.txCount);
    this.pendingDeltas = new Array<number[]>(plan.txCount);
  }

  begin(tx: number): void {
    const plan = this.plan;
    const seen: number[] = [];
    for (let r = plan.readStart[tx]; r < plan.readStart[tx + 1]; r++) seen.push(this.read(r));
    this.pending[tx] = computeWrites(plan, this.model, tx, seen);
    this.pendingDeltas[tx] = computeDeltas(plan, this.model, tx, seen);
  }

  commit(tx: number): void {
    const plan = this.plan;
    const layout = mvLayout(plan);
    for (let w = plan.writeStart[tx]; w < plan.writeStart[tx + 1]; w++) {
      const value = this.pending[tx][w - plan.writeStart[tx]];
      this.single[plan.writeKeys[w]] = value;
      this.versions[layout.writeEntry[w]] = value;
      this.done[layout.writeEntry[w]] = 1;
    }
    for (let d = plan.deltaStart[tx]; d < plan.deltaStart[tx + 1]; d++) {
      const addend = this.pendingDeltas[tx][d - plan.deltaStart[tx]];
      this.single[plan.deltaKeys[d]] += addend;
      this.versions[layout.deltaEntry[d]] = addend;
      this.done[layout.deltaEntry[d]] = 1;
    }
  }

  final(): Float64Array {
    return this.semantics === "locks"
      ? this.single
      : finalFromVersions(this.plan, this.model, this.versions, this.done);
  }

  private read(r: number): number {
    if (this.semantics === "locks") return this.single[this.plan.readKeys[r]];
    const layout = mvLayout(this.plan);
    const key = this.plan.readKeys[r];
    return resolveVersion(
      layout.entryStart[key],
      layout.readTop[r],
      layout.entryIsDelta,
      this.versions,
      this.done,
      this.model.initial(key),
    );
  }
}

/** The value a reader sees: the newest finished write at or below `top`, plus finished deltas above it. */
export function resolveVersion(
  low: number,
  top: number,
  isDelta: Uint8Array,
  versions: Float64Array,
  done: Uint8Array,
  initial: number,
): number {
  let sum = 0;
  for (let e = top; e >= low; e--) {
    if (done[e] === 0) continue;
    if (isDelta[e] === 1) sum += versions[e];
    else return versions[e] + sum;
  }
  return initial + sum;
}

/** Final state of a multi-version store: each key as a reader after the whole block would see it. */
export function finalFromVersions(
  plan: ExecPlan,
  model: ValueModel,
  versions: Float64Array,
  done: Uint8Array,
): Float64Array {
  const layout = mvLayout(plan);
  const state = new Float64Array(plan.keyCount);
  for (let k = 0; k < plan.keyCount; k++) {
    state[k] = resolveVersion(
      layout.entryStart[k],
      layout.entryStart[k + 1] - 1,
      layout.entryIsDelta,
      versions,
      done,
      model.initial(k),
    );
  }
  return state;
}

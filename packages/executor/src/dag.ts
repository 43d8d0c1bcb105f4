/**
 * Dependency DAGs from declared access sets, before execution.
 * - `locks`: read/write locks as Solana and Sui take them. Reads share; a write conflicts with
 *   every earlier read and write of its key; delta-aware, updates of one key share a "delta lock"
 *   that conflicts with reads and writes.
 * - `raw`: true dependencies only (read-after-write), what an executor with a multi-version store
 *   and a block access list needs (EIP-7928): a read depends on the last earlier writer of its
 *   key and, delta-aware, on every delta since; a delta depends on nothing.
 * Each edge remembers one key that causes it, so reports can name it.
 */
import type { ExecPlan } from "./plan";

export type DagSemantics = "locks" | "raw";

export interface Dag {
  /** Predecessors of transaction i: `preds[predStart[i] .. predStart[i+1])`, each once, with the key. */
  readonly predStart: Int32Array;
  readonly preds: Int32Array;
  readonly predKey: Int32Array;
}

/** Singly linked lists of transactions per key, in a growable pool (no allocation per access). */
class TxLists {
  head: Int32Array;
  next: Int32Array<ArrayBuffer> = new Int32Array(1024);
  tx: Int32Array<ArrayBuffer> = new Int32Array(1024);
  size = 0;
  constructor(keys: number) {
    this.head = new Int32Array(keys).fill(-1);
  }
  add(key: number, tx: number): void {
    if (this.size === this.next.length) {
      const grow = (a: Int32Array): Int32Array<ArrayBuffer> => {
        const b = new Int32Array(a.length * 2);
        b.set(a);
        return b;
      };
      this.next = grow(this.next);
      this.tx = grow(this.tx);
    }
    this.tx[this.size] = tx;
    this.next[this.size] = this.head[key];
    this.head[key] = this.size++;
  }
}

const cache = new WeakMap<ExecPlan, Partial<Record<DagSemantics, Dag>>>();

export function dependencyDag(plan: ExecPlan, semantics: DagSemantics): Dag {
  let entry = cache.get(plan);
  if (entry === undefined) {
    entry = {};
    cache.set(plan, entry);
  }
  const cached = entry[semantics];
  if (cached !== undefined) return cached;
  const dag = buildDag(plan, semantics === "locks");
  entry[semantics] = dag;
  return dag;
}

function buildDag(plan: ExecPlan, locks: boolean): Dag {
  const { txCount: n, keyCount, readStart, readKeys, writeStart, writeKeys, deltaStart, deltaKeys } = plan;
  const lastWriter = new Int32Array(keyCount).fill(-1);
  const readers = new TxLists(keyCount); // since the last write (locks only)
  const deltas = new TxLists(keyCount); // since the last write
  const stamp = new Int32Array(n).fill(-1);
  const predStart = new Int32Array(n + 1);
  const preds: number[] = [];
  const predKey: number[] = [];
  const edge = (i: number, j: number, key: number): void => {
    if (j >= 0 && stamp[j] !== i) {
      stamp[j] = i;
      preds.push(j);
      predKey.push(key);
    }
  };
  const edgesToList = (i: number, lists: TxLists, key: number): void => {
    for (let node = lists.head[key]; node >= 0; node = lists.next[node]) edge(i, lists.tx[node], key);
  };
  for (let i = 0; i < n; i++) {
    let w = writeStart[i];
    const wEnd = writeStart[i + 1];
    for (let r = readStart[i]; r < readStart[i + 1]; r++) {
      const key = readKeys[r];
      edge(i, lastWriter[key], key);
      edgesToList(i, deltas, key);
      while (w < wEnd && writeKeys[w] < key) w++;
      const writes = w < wEnd && writeKeys[w] === key;
      if (locks && writes) edgesToList(i, readers, key);
    }
    if (locks) {
      for (let d = deltaStart[i]; d < deltaStart[i + 1]; d++) {
        const key = deltaKeys[d];
        edge(i, lastWriter[key], key);
        edgesToList(i, readers, key);
      }
    }
    // State after i: its writes end the key's current epoch; reads and deltas join it.
    for (let x = writeStart[i]; x < wEnd; x++) {
      const key = writeKeys[x];
      lastWriter[key] = i;
      deltas.head[key] = -1;
      readers.head[key] = -1;
    }
    if (locks) {
      w = writeStart[i];
      for (let r = readStart[i]; r < readStart[i + 1]; r++) {
        const key = readKeys[r];
        while (w < wEnd && writeKeys[w] < key) w++;
        if (!(w < wEnd && writeKeys[w] === key)) readers.add(key, i);
      }
    }
    for (let d = deltaStart[i]; d < deltaStart[i + 1]; d++) deltas.add(deltaKeys[d], i);
    predStart[i + 1] = preds.length;
  }
  return { predStart, preds: Int32Array.from(preds), predKey: Int32Array.from(predKey) };
}

/**
 * Replaying traced blocks through the executors of @lanes/executor, per key scope, and
 * aggregating blocks into one workload figure: speedup = Σ sequential time / Σ makespan (the
 * workload runs block after block), dependency rate over all transactions, hot keys summed.
 */
import { DEFAULT_COST_MODEL, blockMetrics, internBlock, type ExecutorKind } from "@lanes/executor";
import { isAccountKey, keyToString, type AccessKey, type TxAccess } from "@lanes/types";
import type { ReplayedScope } from "./report/build";
import type { ExecutorCurve, KeyScope } from "./report/schema";

export const HEADLINE_EXECUTOR: ExecutorKind = "block-stm";
/** Sequential is the baseline (1× by definition) and is not drawn. */
export const REPLAY_EXECUTORS: readonly ExecutorKind[] = ["block-stm", "declared-locks", "declared-raw"];
/** Every conflicting key of every block is summed before the workload's ranking is cut. */
const HOT_KEYS_PER_BLOCK = Number.MAX_SAFE_INTEGER;
const HOT_KEYS_KEPT = 20;

const c = DEFAULT_COST_MODEL;
export const REPLAY_NOTES: readonly string[] = [
  "Executors are deterministic simulations in virtual time (@lanes/executor), calibrated on the Block-STM paper's Aptos p2p benchmark: " +
    `execution ∝ gas; Block-STM pays ${c.mvReadCost}/${c.mvWriteCost} per multi-version read/write, ${c.validationCost} + ${c.validationReadCost} per read per validation, ` +
    `${c.schedulerCost} per serialised scheduler operation (units: gas).`,
  "declared-locks schedules from declared access sets with read/write locks (Solana-style); declared-raw with true (read-after-write) dependencies only, as an EIP-7928 block access list allows.",
  "Delta-aware curves (where shown) are a what-if for a chain that charges commutative updates independently of the current value.",
];

export interface ReplayOptions {
  /**
   * Also replay delta-aware (the what-if curves). Default: when some transaction has deltas.
   * false replays only what every executor does without delta support.
   */
  readonly deltaAware?: boolean;
}

export function replayWorkload(
  blocks: readonly (readonly TxAccess[])[],
  threads: readonly number[],
  options: ReplayOptions = {},
): Record<KeyScope, ReplayedScope> {
  const hasDeltas = options.deltaAware !== false && blocks.some((b) => b.some((tx) => (tx.deltas?.length ?? 0) > 0));
  return {
    storage: replayScope(blocks, threads, "storage", hasDeltas),
    all: replayScope(blocks, threads, "all", hasDeltas),
  };
}

function replayScope(
  blocks: readonly (readonly TxAccess[])[],
  threads: readonly number[],
  scope: KeyScope,
  withDeltaAware: boolean,
): ReplayedScope {
  let txs = 0;
  let dependent = 0;
  let sequential = 0;
  let pathTime = 0;
  let pathGas = 0;
  const makespan = new Map<string, number[]>();
  let reExecutions = 0;
  let aborts = 0;
  const hot = new Map<string, { conflicts: number; writers: number; readers: number }>();
  const dominant = new Map<string, number>();

  for (const deltaAware of withDeltaAware ? [false, true] : [false]) {
    for (const block of blocks) {
      if (block.length === 0) continue;
      const interned = internBlock(block, { keys: scope });
      const m = blockMetrics(interned, {
        threads,
        deltaAware,
        executors: REPLAY_EXECUTORS,
        hotKeys: HOT_KEYS_PER_BLOCK,
      });
      for (const kind of REPLAY_EXECUTORS) {
        const id = `${kind}${deltaAware ? "+delta" : ""}`;
        const sums = makespan.get(id) ?? threads.map(() => 0);
        m.speedup[kind]!.forEach((p, i) => (sums[i] += p.makespan));
        makespan.set(id, sums);
      }
      if (deltaAware) continue;
      txs += m.txCount;
      dependent += m.dependencyRate * m.txCount;
      sequential += m.sequentialTime;
      pathTime += m.criticalPath.time;
      pathGas += m.criticalPath.gas;
      const widest = m.speedup["block-stm"]![threads.length - 1];
      reExecutions += widest.reExecutionsPerTx * m.txCount;
      aborts += widest.aborts;
      for (const h of m.hotKeys) {
        const acc = hot.get(h.key) ?? { conflicts: 0, writers: 0, readers: 0 };
        acc.conflicts += h.dependents;
        acc.writers += h.writers;
        acc.readers += h.readers;
        hot.set(h.key, acc);
      }
      countLinkingKeys(block, m.criticalPath.steps, scope, dominant);
    }
  }

  const executors: ExecutorCurve[] = [];
  for (const [id, sums] of makespan) {
    const deltaAware = id.endsWith("+delta");
    const executor = deltaAware ? id.slice(0, -"+delta".length) : id;
    const curve: ExecutorCurve = {
      executor,
      deltaAware,
      speedup: sums.map((s) => round(s > 0 ? sequential / s : 1)),
    };
    if (executor === "block-stm" && !deltaAware) {
      curve.reExecutionsPerTx = round(txs ? reExecutions / txs : 0);
      curve.abortsPerTx = round(txs ? aborts / txs : 0);
    }
    executors.push(curve);
  }
  // Every key that links as many critical-path steps as the most linking one: on a hot pair the
  // reserves slot and the pair's two token balances chain the same transactions, all equally to blame.
  const most = Math.max(0, ...dominant.values());
  const criticalKeys =
    most === 0
      ? []
      : [...dominant.entries()]
          .filter(([, n]) => n === most)
          .map(([k]) => k)
          .sort();
  return {
    dependencyRate: round(txs ? dependent / txs : 0),
    criticalPathGas: pathGas,
    ceiling: round(pathTime > 0 ? sequential / pathTime : 1),
    criticalKeys,
    executors,
    hotKeys: [...hot.entries()]
      .sort((a, b) => b[1].conflicts - a[1].conflicts || (a[0] < b[0] ? -1 : 1))
      .slice(0, HOT_KEYS_KEPT)
      .map(([key, v]) => ({ key, ...v })),
  };
}

/**
 * For each step of a critical path after the first, the keys through which it depends on the
 * previous step: written by the previous transaction and read by this one.
 */
function countLinkingKeys(
  block: readonly TxAccess[],
  steps: readonly { tx: number }[],
  scope: KeyScope,
  counts: Map<string, number>,
): void {
  const inScope = (k: AccessKey): boolean => scope === "all" || !isAccountKey(k);
  for (let i = 1; i < steps.length; i++) {
    const prev = block[steps[i - 1].tx];
    const next = block[steps[i].tx];
    const written = new Set([...prev.writes, ...(prev.deltas ?? [])].filter(inScope).map(keyToString));
    const linked = new Set<string>();
    for (const k of [...next.reads, ...(next.deltas ?? [])]) {
      const text = keyToString(k);
      if (inScope(k) && written.has(text)) linked.add(text);
    }
    for (const text of linked) counts.set(text, (counts.get(text) ?? 0) + 1);
  }
}

/** Six significant decimals: enough for any figure shown, and stable across platforms. */
function round(x: number): number {
  return Math.round(x * 1e6) / 1e6;
}

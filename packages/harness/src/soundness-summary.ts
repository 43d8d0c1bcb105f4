/**
 * soundness.json (schema `lanes-soundness/1`) and its printed table: per-transaction
 * comparisons summed per workload and per contract function. Rates are over keys summed
 * across transactions (micro-averages), so a function with many keys weighs what it touches.
 */
import type { ScopeCounts, TxComparison } from "./soundness-compare";
import type { WorkloadParams } from "./workloads/types";
import type { AmmWorldParams } from "./world/amm";
import type { LendingWorldParams } from "./world/lending";

export const SOUNDNESS_SCHEMA = "lanes-soundness/1";

export interface ScopeRates extends ScopeCounts {
  /** covered / traced (1 when nothing was traced). */
  recall: number;
  /** truePositives / predicted, wildcards counted as the block keys they cover. */
  precision: number;
}

export interface SoundnessTotals {
  txs: number;
  reverted: number;
  /** Traced keys no predicted key covered (or written keys predicted as read only). */
  missedKeys: number;
  /** Transactions whose prediction holds at least one wildcard. */
  txsWithWildcard: number;
  wildcardRate: number;
  /** Distinct wildcards summed over transactions. */
  wildcards: number;
  storage: ScopeRates;
  all: ScopeRates;
}

export interface FunctionSoundness extends SoundnessTotals {
  /** `LanesRouter.swapExactTokensForTokens(uint256,uint256,address[],address,uint256)`. */
  function: string;
}

export interface MissRecord {
  workload: string;
  block: number;
  index: number;
  hash?: string;
  function: string;
  key: string;
  mode: "read" | "write";
}

export interface WildcardReason {
  function: string;
  /** Canonical wildcard string (`wildcard:any`, `wildcard:contract:0x…`). */
  wildcard: string;
  reason: string;
  count: number;
}

export interface WorkloadSoundness extends SoundnessTotals {
  name: string;
  functions: FunctionSoundness[];
  wildcardReasons: WildcardReason[];
}

export interface SoundnessResult {
  schema: typeof SOUNDNESS_SCHEMA;
  params: WorkloadParams;
  /** The AMM world's parameters, when the workloads needed it. */
  world?: AmmWorldParams;
  /** The lending world's parameters, when the workloads needed it. */
  lendingWorld?: LendingWorldParams;
  totals: SoundnessTotals;
  workloads: WorkloadSoundness[];
  /** Every miss (empty when sound). */
  misses: MissRecord[];
  notes: string[];
}

const zero = (): ScopeCounts => ({ traced: 0, covered: 0, predicted: 0, truePositives: 0, extra: 0 });

function addCounts(into: ScopeCounts, from: ScopeCounts): void {
  into.traced += from.traced;
  into.covered += from.covered;
  into.predicted += from.predicted;
  into.truePositives += from.truePositives;
  into.extra += from.extra;
}

function rates(c: ScopeCounts): ScopeRates {
  return {
    ...c,
    recall: c.traced === 0 ? 1 : c.covered / c.traced,
    precision: c.predicted === 0 ? 1 : c.truePositives / c.predicted,
  };
}

/** Running sums for one group of transactions. */
export class SoundnessTally {
  private txs = 0;
  private reverted = 0;
  private missedKeys = 0;
  private txsWithWildcard = 0;
  private wildcards = 0;
  private readonly storage = zero();
  private readonly all = zero();

  add(reverted: boolean, c: TxComparison): void {
    this.txs++;
    if (reverted) this.reverted++;
    this.missedKeys += c.missed.length;
    if (c.wildcards.length > 0) this.txsWithWildcard++;
    this.wildcards += c.wildcards.length;
    addCounts(this.storage, c.storage);
    addCounts(this.all, c.all);
  }

  totals(): SoundnessTotals {
    return {
      txs: this.txs,
      reverted: this.reverted,
      missedKeys: this.missedKeys,
      txsWithWildcard: this.txsWithWildcard,
      wildcardRate: this.txs === 0 ? 0 : this.txsWithWildcard / this.txs,
      wildcards: this.wildcards,
      storage: rates(this.storage),
      all: rates(this.all),
    };
  }
}

const pct = (x: number): string => `${(100 * x).toFixed(1)}%`;

/** The printed table: per workload, then per function, with the storage and all-keys precision. */
export function soundnessTable(result: SoundnessResult): string {
  const rows: string[][] = [
    ["workload / function", "txs", "reverted", "missed", "wildcard rate", "precision storage", "precision all"],
  ];
  const row = (label: string, t: SoundnessTotals): string[] => [
    label,
    String(t.txs),
    String(t.reverted),
    String(t.missedKeys),
    pct(t.wildcardRate),
    pct(t.storage.precision),
    pct(t.all.precision),
  ];
  for (const w of result.workloads) {
    rows.push(row(w.name, w));
    for (const f of w.functions) rows.push(row(`  ${f.function}`, f));
  }
  rows.push(row("total", result.totals));
  const widths = rows[0].map((_, i) => Math.max(...rows.map((r) => r[i].length)));
  const lines = rows.map((r) =>
    r.map((cell, i) => (i === 0 ? cell.padEnd(widths[i]) : cell.padStart(widths[i]))).join("  "),
  );
  lines.splice(1, 0, widths.map((w) => "-".repeat(w)).join("  "));
  const verdict =
    result.totals.missedKeys === 0
      ? `\nsound: 0 missed keys over ${result.totals.txs} transactions (${result.totals.reverted} reverted)`
      : `\nUNSOUND: ${result.totals.missedKeys} missed keys, e.g. ${result.misses
          .slice(0, 3)
          .map((m) => `${m.function} ${m.mode} ${m.key}`)
          .join("; ")}`;
  return lines.join("\n") + verdict;
}

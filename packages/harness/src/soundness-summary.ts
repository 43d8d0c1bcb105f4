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

/**
 * Where a run's storage extras (predicted keys a transaction did not touch) come from: one source
 * line of one variable, mapping keys elided. Mostly a branch the pre-state could not decide
 * (a guard on a slot an earlier transaction of the block writes), or a transaction that reverted
 * before reaching the line.
 */
export interface ExtraSource {
  /** `LanesPair.price0CumulativeLast`, `ERC20Mock._balances[…]`. */
  name: string;
  /** The contract whose code reads or writes it. */
  contract: string;
  /** `file:line` of the access (the write, when the key is also written). */
  at?: string;
  mode: "read" | "write" | "delta";
  /** Extra keys from this source, summed over transactions. */
  extra: number;
  /** Of those, in transactions that reverted. */
  inReverted: number;
}

/** Totals of a workload or a run: the per-transaction figures and the block-level precision. */
export interface RunTotals extends SoundnessTotals {
  /**
   * Storage precision of the whole logical block's prediction as one set (the union of its
   * transactions' predicted keys against the union of the keys they touched): what a
   * block-level access list (EIP-7928) built from the prediction would carry in vain.
   */
  blockStorage: ScopeRates;
}

export interface WorkloadSoundness extends RunTotals {
  name: string;
  functions: FunctionSoundness[];
  wildcardReasons: WildcardReason[];
  /** The sources of the most storage extras, most first (at most EXTRA_SOURCES_KEPT). */
  extraSources: ExtraSource[];
}

/** How many extra-key sources a workload keeps in soundness.json. */
export const EXTRA_SOURCES_KEPT = 12;

export interface SoundnessResult {
  schema: typeof SOUNDNESS_SCHEMA;
  params: WorkloadParams;
  /** The AMM world's parameters, when the workloads needed it. */
  world?: AmmWorldParams;
  /** The lending world's parameters, when the workloads needed it. */
  lendingWorld?: LendingWorldParams;
  totals: RunTotals;
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

/** Sums of per-block set comparisons (`compareBlockSets`). */
export class BlockTally {
  private readonly storage = zero();

  add(c: ScopeCounts): void {
    addCounts(this.storage, c);
  }

  rates(): ScopeRates {
    return rates(this.storage);
  }
}

export function rates(c: ScopeCounts): ScopeRates {
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
    [
      "workload / function",
      "txs",
      "reverted",
      "missed",
      "wildcard rate",
      "precision storage",
      "precision all",
      "block precision",
    ],
  ];
  const row = (label: string, t: SoundnessTotals | RunTotals): string[] => [
    label,
    String(t.txs),
    String(t.reverted),
    String(t.missedKeys),
    pct(t.wildcardRate),
    pct(t.storage.precision),
    pct(t.all.precision),
    "blockStorage" in t ? pct(t.blockStorage.precision) : "",
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
  return lines.join("\n") + verdict + extraSourcesText(result.workloads);
}

/**
 * The few sources behind most of each workload's storage extras, as printed lines: where per-
 * transaction precision goes, and how much of it reverted transactions account for.
 */
function extraSourcesText(workloads: readonly WorkloadSoundness[], perWorkload = 4): string {
  const lines: string[] = [];
  for (const w of workloads) {
    if (w.storage.extra === 0 || w.extraSources.length === 0) continue;
    const shown = w.extraSources.slice(0, perWorkload);
    lines.push(
      `  ${w.name}: ${w.storage.extra} extra storage keys (${pct(w.storage.extra / Math.max(1, w.storage.predicted))} of predicted)`,
    );
    for (const x of shown) {
      const reverted = x.inReverted > 0 ? `, ${x.inReverted} in reverted txs` : "";
      lines.push(
        `    ${pct(x.extra / w.storage.extra).padStart(6)}  ${x.name} (${x.mode}${x.at ? ` at ${x.at}` : ""})${reverted}`,
      );
    }
  }
  return lines.length === 0
    ? ""
    : `\n\nwhere the storage extras come from (share of extras, source):\n${lines.join("\n")}`;
}

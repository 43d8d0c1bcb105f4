/** report.md: the same content as report.json, for a pull-request comment or a terminal. */
import type { Report, ScopeMetrics, SpeedupRatio, StaticComparison, WorkloadReport } from "./schema";
import { LENDING_INTRO, lendingIntroIndex } from "./protocols";

const pct = (x: number): string => `${(x * 100).toFixed(1)}%`;
const x2 = (x: number): string => `${x.toFixed(2)}×`;
const int = (x: number): string => Math.round(x).toLocaleString("en-US");

export function renderMarkdown(report: Report): string {
  const p = report.parameters;
  const out: string[] = [];
  out.push("# Lanes report", "");
  out.push(
    `Target: ${int(p.targetTps)} TPS at the reference sequential rate of ${(p.referenceGasPerSecond / 1e9).toFixed(1)} Ggas/s ` +
      `(${p.referenceSource}); headline executor: ${p.headlineExecutor}.`,
    "",
  );
  for (const w of report.workloads) out.push(`- **${w.title}** — ${w.answer.sentence}`);
  out.push("");
  out.push(
    "| workload | txs | reverted | mean gas | dependency rate (storage / all) | ceiling (all) | best speedup | threads for target |",
  );
  out.push("|---|---:|---:|---:|---:|---:|---:|---:|");
  for (const w of report.workloads) {
    const best = bestSpeedup(w.scopes.all, p.headlineExecutor);
    out.push(
      `| ${w.name} | ${w.txs} | ${w.revertedTxs} | ${int(w.meanGasPerTx)} | ${pct(w.scopes.storage.dependencyRate)} / ${pct(w.scopes.all.dependencyRate)} | ` +
        `${x2(w.scopes.all.ceiling)} | ${x2(best)} | ${w.answer.threadsForTarget ?? "—"} |`,
    );
  }
  out.push("");
  out.push(...staticSummary(report));
  const lendingAt = lendingIntroIndex(report);
  for (const [i, w] of report.workloads.entries()) {
    if (i === lendingAt) out.push(...lendingIntro(report));
    out.push(...workloadSection(w, report));
  }
  out.push("## Notes", "");
  for (const n of p.notes) out.push(`- ${n}`);
  out.push(
    "",
    `Parameters: ${p.blocks} blocks of ${p.blockSize} transactions per workload, seed ${p.seed}, skew ${p.skew}, ` +
      `repeat senders ${pct(p.repeatSenders)}. Measured on ${report.measured.machine.cpu} (${report.measured.machine.cores} cores): ` +
      `Hardhat executed ${int(report.measured.hardhatGasPerSecond)} gas/s in this run.`,
    "",
    ...measuredTable(report),
    "",
  );
  return out.join("\n");
}

function measuredTable(report: Report): string[] {
  const ws = report.measured.workloads;
  const withStatic = ws.some((m) => m.predictSeconds !== undefined);
  const s = (x: number | undefined): string => (x === undefined ? "—" : x.toFixed(1));
  return [
    "| workload | Hardhat TPS (1 thread, measured) | projected at Hardhat's rate × best speedup | send s | trace s | replay s |" +
      (withStatic ? " predict s | static replay s |" : ""),
    "|---|---:|---:|---:|---:|---:|" + (withStatic ? "---:|---:|" : ""),
    ...ws.map(
      (m) =>
        `| ${m.name} | ${int(m.hardhatTps)} | ${int(m.projectedTpsAtHardhatRate)} | ${m.sendSeconds.toFixed(1)} | ${m.traceSeconds.toFixed(1)} | ${m.replaySeconds.toFixed(1)} |` +
        (withStatic ? ` ${s(m.predictSeconds)} | ${s(m.staticReplaySeconds)} |` : ""),
    ),
  ];
}

function bestSpeedup(scope: ScopeMetrics, executor: string): number {
  const curve = scope.executors.find((e) => e.executor === executor && !e.deltaAware);
  return curve ? Math.max(...curve.speedup) : 1;
}

function workloadSection(w: WorkloadReport, report: Report): string[] {
  const threads = report.parameters.threads;
  const out: string[] = [`## ${w.title} (\`${w.name}\`)`, "", w.description, "", `**${w.answer.sentence}**`, ""];
  for (const scope of ["all", "storage"] as const) {
    const s = w.scopes[scope];
    out.push(
      `### ${scope === "all" ? "All keys (storage, nonces, balances)" : "Storage keys only (contract design)"}`,
      "",
      `Dependency rate ${pct(s.dependencyRate)}, ceiling ${x2(s.ceiling)}` +
        (s.criticalKeys.length
          ? `, critical path through ${s.criticalKeys.map((k) => `\`${k.name}\``).join(", ")}`
          : "") +
        ".",
      "",
      `| executor | ${threads.join(" | ")} |`,
      `|---|${threads.map(() => "---:").join("|")}|`,
    );
    for (const e of s.executors) {
      out.push(`| ${e.executor}${e.deltaAware ? " (delta-aware)" : ""} | ${e.speedup.map(x2).join(" | ")} |`);
    }
    const bstm = s.executors.find((e) => e.executor === "block-stm" && e.reExecutionsPerTx !== undefined);
    if (bstm)
      out.push(
        "",
        `Block-STM at ${threads[threads.length - 1]} threads: ${bstm.reExecutionsPerTx!.toFixed(3)} re-executions and ${bstm.abortsPerTx!.toFixed(3)} aborts per transaction.`,
      );
    out.push("", "| hot key | conflicts | writers | readers | declared at |", "|---|---:|---:|---:|---|");
    for (const k of s.hotKeys.slice(0, 10))
      out.push(`| \`${k.name}\` | ${k.conflicts} | ${k.writers} | ${k.readers} | ${k.source ?? ""} |`);
    if (s.hotKeys.length === 0) out.push("| (no conflicts) | | | | |");
    out.push("");
  }
  out.push("| function | txs | reverted | mean gas |", "|---|---:|---:|---:|");
  for (const f of w.functions) out.push(`| ${f.label} | ${f.count} | ${f.reverted} | ${int(f.meanGas)} |`);
  out.push("");
  if (w.static) out.push(...staticSection(w.static, threads));
  return out;
}

const ratioText = (r: number | null): string => (r === null ? "—" : pct(r));
const verdict = (r: SpeedupRatio, target: number): string =>
  r.meetsTarget ? `✓ ≥ ${pct(target)}` : `✗ < ${pct(target)}`;

/** The loud line when a prediction missed a traced key: its static figures are not a safe schedule. */
function unsoundLine(s: StaticComparison): string {
  const first = s.misses[0];
  return (
    `> **⚠ UNSOUND: ${s.soundness.missedKeys} traced key${s.soundness.missedKeys === 1 ? "" : "s"} missing from the static sets** ` +
    `(e.g. \`${first ? `${first.function} ${first.mode} ${first.key}` : "?"}\`): a chain scheduling from these sets ` +
    "would run conflicting transactions in parallel; the static speedups below are not achievable safely."
  );
}

/** One table over the workloads: the acceptance ratio of each declared executor. */
function staticSummary(report: Report): string[] {
  const withStatic = report.workloads.filter((w) => w.static);
  if (withStatic.length === 0) return [];
  const target = withStatic[0].static!.targetRatio;
  const executors = withStatic[0].static!.ratios.map((r) => r.executor);
  const out = [
    "## Static vs dynamic: declared speedup on Lanes' static sets / on the traced sets",
    "",
    `| workload | ${executors.map((e) => `${e} at 8 / 16 / max threads`).join(" | ")} | missed keys | precision (storage / all) |`,
    `|---|${executors.map(() => "---:").join("|")}|---:|---:|`,
  ];
  for (const w of withStatic) {
    const s = w.static!;
    const cells = s.ratios.map(
      (r) => `${ratioText(r.at8)} / ${ratioText(r.at16)} / ${ratioText(r.atMaxThreads)} ${r.meetsTarget ? "✓" : "✗"}`,
    );
    const missed = s.soundness.missedKeys === 0 ? "0" : `**${s.soundness.missedKeys} ⚠**`;
    out.push(
      `| ${w.name} | ${cells.join(" | ")} | ${missed} | ${pct(s.soundness.storage.precision)} / ${pct(s.soundness.all.precision)} |`,
    );
  }
  out.push("", `✓: every ratio (8, 16 and the most threads, and best against best) is at least ${pct(target)}.`, "");
  for (const w of withStatic)
    if (w.static!.soundness.missedKeys > 0) out.push(`${w.name}: ${unsoundLine(w.static!)}`, "");
  return out;
}

function staticSection(s: StaticComparison, threads: readonly number[]): string[] {
  const out: string[] = ["### Static vs dynamic", ""];
  if (s.soundness.missedKeys > 0) out.push(unsoundLine(s), "");
  out.push(
    "The same executors on the access sets Lanes' analyzer predicts before the block runs (static) and on the " +
      "traced truth, with the same gas per transaction. All keys.",
    "",
    `| executor | sets | ${threads.join(" | ")} |`,
    `|---|---|${threads.map(() => "---:").join("|")}|`,
  );
  for (const c of s.scopes.all.executors) {
    out.push(`| ${c.executor} | traced | ${c.traced.map(x2).join(" | ")} |`);
    out.push(`| ${c.executor} | static | ${c.static.map(x2).join(" | ")} |`);
  }
  for (const r of s.ratios) out.push(`| ${r.executor} | static / traced | ${r.byThreads.map(pct).join(" | ")} |`);
  for (const d of s.scopes.all.deltaAware ?? [])
    out.push(`| ${d.executor} (delta-aware, what-if) | static | ${d.static.map(x2).join(" | ")} |`);
  out.push("");
  for (const r of s.ratios)
    out.push(
      `- **${r.executor}**: static / traced speedup ${ratioText(r.at8)} at 8 threads, ${ratioText(r.at16)} at 16, ` +
        `${pct(r.atMaxThreads)} at ${threads[threads.length - 1]}, ${pct(r.ofBest)} best against best — ${verdict(r, s.targetRatio)}.`,
    );
  const sd = s.soundness;
  const dep = (scope: "all" | "storage") =>
    `${pct(s.scopes[scope].dependencyRate.static)} static vs ${pct(s.scopes[scope].dependencyRate.traced)} traced`;
  out.push(
    `- Dependency rate: ${dep("all")} (storage keys: ${dep("storage")}); ceiling ${x2(s.scopes.all.ceiling.static)} static vs ${x2(s.scopes.all.ceiling.traced)} traced.`,
    `- Prediction: ${sd.missedKeys === 0 ? "0 missed keys (sound)" : `**${sd.missedKeys} missed keys ⚠**`} over ${sd.txs} transactions; ` +
      `precision ${pct(sd.storage.precision)} storage / ${pct(sd.all.precision)} all keys` +
      (s.blockPrecision === undefined ? "" : `, ${pct(s.blockPrecision)} for the block's keys as one set`) +
      `; ${pct(sd.wildcardRate)} of transactions needed a wildcard.`,
    "",
  );
  if (s.extraSources && s.extraSources.length > 0 && sd.storage.extra > 0) {
    out.push(
      "| predicted but not touched (storage) | line | share of extras | in reverted txs |",
      "|---|---|---:|---:|",
    );
    for (const x of s.extraSources)
      out.push(
        `| ${escapeCell(x.name)} (${x.mode}) | ${x.at ?? ""} | ${pct(x.extra / sd.storage.extra)} | ${x.inReverted} |`,
      );
    out.push("");
  }
  if (s.wildcardReasons.length > 0) {
    out.push("| wildcard | reason | function | txs |", "|---|---|---|---:|");
    for (const r of s.wildcardReasons)
      out.push(`| \`${r.wildcard}\` | ${escapeCell(r.reason)} | ${r.function} | ${r.count} |`);
    out.push("");
  }
  if (s.misses.length > 0) {
    out.push("| missed key | mode | function | block | tx |", "|---|---|---|---:|---:|");
    for (const m of s.misses) out.push(`| \`${m.key}\` | ${m.mode} | ${m.function} | ${m.block} | ${m.index} |`);
    out.push("");
  }
  return out;
}

const escapeCell = (text: string): string => text.replace(/\|/g, "\\|").replace(/\n/g, " ");

/** The lending world, before the first lending workload: what it is and which keys are inherently shared. */
function lendingIntro(report: Report): string[] {
  const l = report.parameters.worlds?.lending;
  if (!l) return [];
  const out = ["## Lending", "", LENDING_INTRO(l), ""];
  out.push(
    "| market | decimals | price | collateral factor | liquidation threshold | liquidation incentive | reserve factor | rate model | supply cap | borrow cap |",
    "|---|---:|---:|---:|---:|---:|---:|---|---:|---:|",
  );
  const bps = (x: number): string => `${(x / 100).toFixed(x % 100 === 0 ? 0 : 1)}%`;
  for (const m of l.markets)
    out.push(
      `| ${m.symbol} | ${m.decimals} | $${m.priceUsd.toLocaleString("en-US")} | ${bps(m.collateralFactorBps)} | ${bps(m.liquidationThresholdBps)} | ` +
        `${bps(m.liquidationIncentiveBps)} | ${bps(m.reserveFactorBps)} | ${m.rateModel} | ${int(m.supplyCap)} | ${int(m.borrowCap)} |`,
    );
  out.push("");
  return out;
}

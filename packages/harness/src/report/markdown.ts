/** report.md: the same content as report.json, for a pull-request comment or a terminal. */
import type { Report, ScopeMetrics, WorkloadReport } from "./schema";

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
  for (const w of report.workloads) out.push(...workloadSection(w, report));
  out.push("## Notes", "");
  for (const n of p.notes) out.push(`- ${n}`);
  out.push(
    "",
    `Parameters: ${p.blocks} blocks of ${p.blockSize} transactions per workload, seed ${p.seed}, skew ${p.skew}, ` +
      `repeat senders ${pct(p.repeatSenders)}. Measured on ${report.measured.machine.cpu} (${report.measured.machine.cores} cores): ` +
      `Hardhat executed ${int(report.measured.hardhatGasPerSecond)} gas/s in this run.`,
    "",
    "| workload | Hardhat TPS (1 thread, measured) | projected at Hardhat's rate × best speedup | send s | trace s | replay s |",
    "|---|---:|---:|---:|---:|---:|",
    ...report.measured.workloads.map(
      (m) =>
        `| ${m.name} | ${int(m.hardhatTps)} | ${int(m.projectedTpsAtHardhatRate)} | ${m.sendSeconds.toFixed(1)} | ${m.traceSeconds.toFixed(1)} | ${m.replaySeconds.toFixed(1)} |`,
    ),
    "",
  );
  return out.join("\n");
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
  return out;
}

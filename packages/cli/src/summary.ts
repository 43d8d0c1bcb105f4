/** The table printed when a report is done. */
import type { Report } from "@lanes/harness";

export function summaryTable(report: Report): string {
  const header = ["workload", "txs", "reverted", "dep. rate (all)", "ceiling", "best speedup", "threads for 100k TPS"];
  const rows = report.workloads.map((w) => {
    const curve = w.scopes.all.executors.find(
      (c) => c.executor === report.parameters.headlineExecutor && !c.deltaAware,
    );
    const best = curve ? Math.max(...curve.speedup) : 1;
    return [
      w.name,
      String(w.txs),
      String(w.revertedTxs),
      `${(w.scopes.all.dependencyRate * 100).toFixed(1)}%`,
      `${w.scopes.all.ceiling.toFixed(2)}×`,
      `${best.toFixed(2)}×`,
      w.answer.threadsForTarget === null ? "none" : String(w.answer.threadsForTarget),
    ];
  });
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i].length)));
  const line = (cells: string[]) =>
    cells.map((c, i) => (i === 0 ? c.padEnd(widths[i]) : c.padStart(widths[i]))).join("  ");
  const answers = report.workloads.map((w) => `${w.name}: ${w.answer.sentence}`);
  return [line(header), widths.map((w) => "-".repeat(w)).join("  "), ...rows.map(line), "", ...answers].join("\n");
}

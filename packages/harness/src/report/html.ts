/** report.html: one self-contained file (inline CSS and SVG, no scripts, no network). */
import type { Report, StaticComparison, WorkloadReport } from "./schema";
import { LENDING_INTRO, lendingIntroIndex } from "./protocols";
import { PALETTE, barChart, escapeXml as e, lineChart } from "./svg";

const pct = (x: number): string => `${(x * 100).toFixed(1)}%`;
const x2 = (x: number): string => `${x.toFixed(2)}×`;

const CSS = `
body{font:14px/1.45 system-ui,-apple-system,Segoe UI,Roboto,sans-serif;margin:0;color:#1b1f24;background:#fafbfc}
main{max-width:1100px;margin:0 auto;padding:24px}
h1{font-size:26px;margin:0 0 4px}h2{margin-top:36px;border-bottom:1px solid #d0d7de;padding-bottom:4px}
.answer{background:#fff;border-left:4px solid #0969da;padding:10px 14px;margin:8px 0;font-size:15px}
table{border-collapse:collapse;margin:10px 0;background:#fff}td,th{border:1px solid #d0d7de;padding:4px 8px;text-align:right}
td:first-child,th:first-child{text-align:left}code{font-size:12.5px}
.charts{display:flex;flex-wrap:wrap;gap:16px}.chart{background:#fff;border:1px solid #d0d7de;max-width:100%;height:auto}
.line-chart{width:640px}.bar-chart{width:720px}
.chart-title{font-weight:600;font-size:14px}.tick,.legend,.bar-label{font-size:11px;fill:#444}.axis-label{font-size:12px;fill:#222}
.grid{stroke:#e5e7eb}.series{fill:none;stroke-width:2.5}.ideal{fill:none;stroke:#999;stroke-dasharray:2 4}.bar{fill:#0969da}
.muted{color:#57606a}
.unsound{background:#ffebe9;border-left:4px solid #cf222e;padding:10px 14px;margin:8px 0;font-weight:600;color:#82071e}
td.t,th.t{text-align:left}
.ok{color:#1a7f37;font-weight:600}.fail{color:#cf222e;font-weight:600}`;

export function renderHtml(report: Report): string {
  const p = report.parameters;
  const body: string[] = [];
  body.push(`<h1>Lanes report</h1>`);
  body.push(
    `<p class="muted">Target ${p.targetTps.toLocaleString("en-US")} TPS at ${(p.referenceGasPerSecond / 1e9).toFixed(1)} Ggas/s sequential (${e(p.referenceSource)}); headline executor ${e(p.headlineExecutor)}; ${p.blocks} blocks × ${p.blockSize} transactions per workload.</p>`,
  );
  for (const w of report.workloads)
    body.push(
      `<div class="answer" data-workload="${e(w.name)}"><strong>${e(w.title)}:</strong> ${e(w.answer.sentence)}</div>`,
    );
  body.push(`<div class="charts">`);
  body.push(
    barChart({
      id: "dependency-rate",
      title: "Dependency rate (share of transactions reading an earlier write)",
      unit: "%",
      max: 100,
      rows: report.workloads.flatMap((w) => [
        { label: `${w.name} — storage keys`, value: w.scopes.storage.dependencyRate * 100 },
        { label: `${w.name} — all keys`, value: w.scopes.all.dependencyRate * 100 },
      ]),
    }),
  );
  body.push(`</div>`);
  body.push(staticSummary(report));
  const lendingAt = lendingIntroIndex(report);
  for (const [i, w] of report.workloads.entries()) {
    if (i === lendingAt) body.push(lendingIntro(report));
    body.push(workloadSection(w, report));
  }
  body.push(`<h2>Notes</h2><ul>${p.notes.map((n) => `<li>${e(n)}</li>`).join("")}</ul>`);
  body.push(
    `<p class="muted">Measured ${e(report.measured.date)} on ${e(report.measured.machine.cpu)} (${report.measured.machine.cores} cores, Node ${e(report.measured.machine.node)}); Hardhat executed ${Math.round(report.measured.hardhatGasPerSecond).toLocaleString("en-US")} gas/s in this run. Schema ${e(report.schema)}.</p>`,
  );
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1"><title>Lanes report</title><style>${CSS}</style></head><body><main>${body.join("\n")}</main></body></html>\n`;
}

/** The lending world, before the first lending workload. */
function lendingIntro(report: Report): string {
  const l = report.parameters.worlds?.lending;
  if (!l) return "";
  const bps = (x: number): string => `${(x / 100).toFixed(x % 100 === 0 ? 0 : 1)}%`;
  const n = (x: number): string => x.toLocaleString("en-US");
  const rows = l.markets.map(
    (m) =>
      `<tr><td>${e(m.symbol)}</td><td>${m.decimals}</td><td>$${n(m.priceUsd)}</td><td>${bps(m.collateralFactorBps)}</td><td>${bps(m.liquidationThresholdBps)}</td><td>${bps(m.liquidationIncentiveBps)}</td><td>${bps(m.reserveFactorBps)}</td><td class="t">${e(m.rateModel)}</td><td>${n(m.supplyCap)}</td><td>${n(m.borrowCap)}</td></tr>`,
  );
  // The intro's `code` spans, as HTML.
  const text = e(LENDING_INTRO(l)).replace(/`([^`]+)`/g, "<code>$1</code>");
  return [
    `<section id="protocol-lending"><h2>Lending</h2><p>${text}</p>`,
    `<table class="lending-markets"><tr><th>market</th><th>decimals</th><th>price</th><th>collateral factor</th><th>liquidation threshold</th><th>liquidation incentive</th><th>reserve factor</th><th class="t">rate model</th><th>supply cap</th><th>borrow cap</th></tr>`,
    ...rows,
    `</table></section>`,
  ].join("\n");
}

function workloadSection(w: WorkloadReport, report: Report): string {
  const threads = report.parameters.threads;
  const out: string[] = [
    `<section id="workload-${e(w.name)}"><h2>${e(w.title)} <code>${e(w.name)}</code></h2>`,
    `<p>${e(w.description)}</p>`,
  ];
  out.push(
    `<p>${w.txs} transactions (${w.revertedTxs} reverted) in ${w.blocks} blocks, mean ${Math.round(w.meanGasPerTx).toLocaleString("en-US")} gas.</p>`,
  );
  out.push(`<div class="charts">`);
  out.push(
    lineChart({
      id: `speedup-${w.name}`,
      title: "Speedup vs threads (solid: all keys, dashed: storage only)",
      x: threads,
      xLabel: "threads",
      yLabel: "speedup over sequential",
      ideal: false,
      series: [
        ...w.scopes.all.executors.map((c) => ({
          label: `${c.executor}${c.deltaAware ? " (Δ)" : ""}`,
          values: c.speedup,
        })),
        ...w.scopes.storage.executors
          .filter((c) => c.executor === report.parameters.headlineExecutor && !c.deltaAware)
          .map((c) => ({ label: `${c.executor}, storage`, values: c.speedup, dashed: true })),
      ],
    }),
  );
  out.push(
    barChart({
      id: `hot-keys-${w.name}`,
      title: "Hot keys (all keys): transactions that depend on an earlier one through the key",
      unit: "",
      rows: w.scopes.all.hotKeys.slice(0, 10).map((k) => ({ label: k.name, value: k.conflicts, note: k.source })),
    }),
  );
  out.push(`</div>`);
  for (const scope of ["all", "storage"] as const) {
    const s = w.scopes[scope];
    out.push(
      `<h3>${scope === "all" ? "All keys" : "Storage keys only"}: dependency rate ${pct(s.dependencyRate)}, ceiling ${x2(s.ceiling)}${s.criticalKeys.length ? `, critical path through ${s.criticalKeys.map((k) => `<code>${e(k.name)}</code>`).join(", ")}` : ""}</h3>`,
    );
    out.push(`<table><tr><th>executor</th>${threads.map((t) => `<th>${t}</th>`).join("")}</tr>`);
    for (const c of s.executors)
      out.push(
        `<tr><td>${e(c.executor)}${c.deltaAware ? " (delta-aware)" : ""}</td>${c.speedup.map((v) => `<td>${x2(v)}</td>`).join("")}</tr>`,
      );
    out.push(`</table>`);
    out.push(`<table><tr><th>hot key</th><th>conflicts</th><th>writers</th><th>readers</th><th>declared at</th></tr>`);
    for (const k of s.hotKeys.slice(0, 10))
      out.push(
        `<tr><td><code>${e(k.name)}</code></td><td>${k.conflicts}</td><td>${k.writers}</td><td>${k.readers}</td><td>${e(k.source ?? "")}</td></tr>`,
      );
    out.push(`</table>`);
  }
  out.push(`<table><tr><th>function</th><th>txs</th><th>reverted</th><th>mean gas</th></tr>`);
  for (const f of w.functions)
    out.push(
      `<tr><td>${e(f.label)}</td><td>${f.count}</td><td>${f.reverted}</td><td>${Math.round(f.meanGas).toLocaleString("en-US")}</td></tr>`,
    );
  out.push(`</table>`);
  if (w.static) out.push(staticSection(w, w.static, threads));
  out.push(`</section>`);
  return out.join("\n");
}

const ratioText = (r: number | null): string => (r === null ? "—" : pct(r));

/** One table over the workloads: each declared executor's static / traced speedup ratio. */
function staticSummary(report: Report): string {
  const ws = report.workloads.filter((w) => w.static);
  if (ws.length === 0) return "";
  const executors = ws[0].static!.ratios.map((r) => r.executor);
  const out = [
    `<h2 id="static-summary">Static vs dynamic</h2><p>Declared executors' speedup on Lanes' static sets over their speedup on the traced sets, at 8 / 16 / the most threads; ✓ when every ratio (and best against best) is at least ${pct(ws[0].static!.targetRatio)}.</p>`,
    `<table class="static-summary"><tr><th>workload</th>${executors.map((x) => `<th>${e(x)}</th>`).join("")}<th>missed keys</th><th>precision (storage / all)</th></tr>`,
  ];
  for (const w of ws) {
    const s = w.static!;
    out.push(
      `<tr data-workload="${e(w.name)}"><td>${e(w.name)}</td>${s.ratios
        .map(
          (r) =>
            `<td>${ratioText(r.at8)} / ${ratioText(r.at16)} / ${ratioText(r.atMaxThreads)} ${r.meetsTarget ? `<span class="ok">✓</span>` : `<span class="fail">✗</span>`}</td>`,
        )
        .join(
          "",
        )}<td>${s.soundness.missedKeys === 0 ? "0" : `<span class="fail">${s.soundness.missedKeys} ⚠</span>`}</td><td>${pct(s.soundness.storage.precision)} / ${pct(s.soundness.all.precision)}</td></tr>`,
    );
  }
  out.push(`</table>`);
  return out.join("\n");
}

function staticSection(w: WorkloadReport, s: StaticComparison, threads: number[]): string {
  const out: string[] = [`<section class="static" id="static-${e(w.name)}"><h3>Static vs dynamic</h3>`];
  const sd = s.soundness;
  if (sd.missedKeys > 0) {
    const m = s.misses[0];
    out.push(
      `<div class="unsound">⚠ UNSOUND: ${sd.missedKeys} traced key${sd.missedKeys === 1 ? "" : "s"} missing from the static sets${m ? ` (e.g. <code>${e(`${m.function} ${m.mode} ${m.key}`)}</code>)` : ""}: a chain scheduling from these sets would run conflicting transactions in parallel; the static speedups are not achievable safely.</div>`,
    );
  }
  out.push(
    `<p>The same executors on the access sets Lanes' analyzer predicts before the block runs (static, dashed) and on the traced truth (solid), with the same gas per transaction; all keys.</p>`,
  );
  out.push(`<div class="charts">`);
  out.push(
    lineChart({
      id: `static-speedup-${w.name}`,
      title: "Speedup vs threads: traced sets (solid) vs static sets (dashed)",
      x: threads,
      xLabel: "threads",
      yLabel: "speedup over sequential",
      ideal: false,
      series: s.scopes.all.executors.flatMap((c, k) => [
        { label: `${c.executor}, traced`, values: c.traced, color: PALETTE[k % PALETTE.length] },
        { label: `${c.executor}, static`, values: c.static, color: PALETTE[k % PALETTE.length], dashed: true },
      ]),
    }),
  );
  out.push(`</div>`);
  out.push(
    `<table class="static-speedup"><tr><th>executor</th><th class="t">sets</th>${threads.map((t) => `<th>${t}</th>`).join("")}</tr>`,
  );
  for (const c of s.scopes.all.executors) {
    out.push(
      `<tr><td>${e(c.executor)}</td><td class="t">traced</td>${c.traced.map((v) => `<td>${x2(v)}</td>`).join("")}</tr>`,
    );
    out.push(
      `<tr><td>${e(c.executor)}</td><td class="t">static</td>${c.static.map((v) => `<td>${x2(v)}</td>`).join("")}</tr>`,
    );
  }
  for (const r of s.ratios)
    out.push(
      `<tr><td>${e(r.executor)}</td><td class="t">static / traced</td>${r.byThreads.map((v) => `<td>${pct(v)}</td>`).join("")}</tr>`,
    );
  out.push(`</table>`);
  out.push(`<ul class="static-ratios">`);
  for (const r of s.ratios)
    out.push(
      `<li data-executor="${e(r.executor)}"><strong>${e(r.executor)}</strong>: static / traced speedup ${ratioText(r.at8)} at 8 threads, ${ratioText(r.at16)} at 16, ${pct(r.atMaxThreads)} at ${threads[threads.length - 1]}, ${pct(r.ofBest)} best against best — ${r.meetsTarget ? `<span class="ok">✓ ≥ ${pct(s.targetRatio)}</span>` : `<span class="fail">✗ &lt; ${pct(s.targetRatio)}</span>`}</li>`,
    );
  const dep = (scope: "all" | "storage"): string =>
    `${pct(s.scopes[scope].dependencyRate.static)} static vs ${pct(s.scopes[scope].dependencyRate.traced)} traced`;
  out.push(
    `<li>Dependency rate ${dep("all")} (storage keys: ${dep("storage")}); ceiling ${x2(s.scopes.all.ceiling.static)} static vs ${x2(s.scopes.all.ceiling.traced)} traced.</li>`,
    `<li>Prediction: ${sd.missedKeys === 0 ? `<span class="ok">0 missed keys (sound)</span>` : `<span class="fail">${sd.missedKeys} missed keys</span>`} over ${sd.txs} transactions; precision ${pct(sd.storage.precision)} storage / ${pct(sd.all.precision)} all keys${s.blockPrecision === undefined ? "" : `, ${pct(s.blockPrecision)} for the block's keys as one set`}; ${pct(sd.wildcardRate)} of transactions needed a wildcard.</li>`,
    `</ul>`,
  );
  if (s.extraSources && s.extraSources.length > 0 && sd.storage.extra > 0) {
    out.push(
      `<table class="extra-sources"><tr><th class="t">predicted but not touched (storage)</th><th class="t">line</th><th>share of extras</th><th>in reverted txs</th></tr>`,
    );
    for (const x of s.extraSources)
      out.push(
        `<tr><td class="t">${e(x.name)} (${x.mode})</td><td class="t">${e(x.at ?? "")}</td><td>${pct(x.extra / sd.storage.extra)}</td><td>${x.inReverted}</td></tr>`,
      );
    out.push(`</table>`);
  }
  if (s.wildcardReasons.length > 0) {
    out.push(
      `<table class="wildcard-reasons"><tr><th>wildcard</th><th class="t">reason</th><th class="t">function</th><th>txs</th></tr>`,
    );
    for (const r of s.wildcardReasons)
      out.push(
        `<tr><td><code>${e(r.wildcard)}</code></td><td class="t">${e(r.reason)}</td><td class="t">${e(r.function)}</td><td>${r.count}</td></tr>`,
      );
    out.push(`</table>`);
  }
  if (s.misses.length > 0) {
    out.push(
      `<table class="misses"><tr><th>missed key</th><th class="t">mode</th><th class="t">function</th><th>block</th><th>tx</th></tr>`,
    );
    for (const m of s.misses)
      out.push(
        `<tr><td><code>${e(m.key)}</code></td><td class="t">${m.mode}</td><td class="t">${e(m.function)}</td><td>${m.block}</td><td>${m.index}</td></tr>`,
      );
    out.push(`</table>`);
  }
  out.push(`</section>`);
  return out.join("\n");
}

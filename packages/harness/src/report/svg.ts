/**
 * Small, dependency-free SVG charts, rendered on the server so the HTML report is one
 * self-contained file that draws without scripts or network.
 */

export interface Series {
  label: string;
  values: number[];
  dashed?: boolean;
  /** A stroke colour; default: the palette by position (pass one to pair series, e.g. traced/static). */
  color?: string;
}

export const PALETTE = ["#1f77b4", "#d62728", "#2ca02c", "#9467bd", "#ff7f0e", "#17becf", "#8c564b", "#e377c2"];

export function escapeXml(text: string): string {
  return text.replace(/[<>&"']/g, (c) => ({ "<": "&lt;", ">": "&gt;", "&": "&amp;", '"': "&quot;", "'": "&#39;" })[c]!);
}

const fmt = (n: number): string => (Number.isInteger(n) ? String(n) : n.toFixed(n < 10 ? 2 : 1));

/** A line chart over categorical x values (thread counts), with an optional diagonal y = x. */
export function lineChart(opts: {
  title: string;
  x: number[];
  xLabel: string;
  yLabel: string;
  series: Series[];
  ideal?: boolean;
  id: string;
}): string {
  const W = 640;
  const H = 360;
  const m = { l: 56, r: 180, t: 36, b: 48 };
  const pw = W - m.l - m.r;
  const ph = H - m.t - m.b;
  const allY = opts.series.flatMap((s) => s.values).filter((v) => Number.isFinite(v));
  const yMax = niceMax(Math.max(1, ...allY, ...(opts.ideal ? [] : [])));
  const xPos = (i: number): number => m.l + (opts.x.length === 1 ? pw / 2 : (i * pw) / (opts.x.length - 1));
  const yPos = (v: number): number => m.t + ph - (Math.min(v, yMax) / yMax) * ph;
  const parts: string[] = [];
  parts.push(
    `<svg xmlns="http://www.w3.org/2000/svg" class="chart line-chart" id="${escapeXml(opts.id)}" viewBox="0 0 ${W} ${H}" role="img" aria-label="${escapeXml(opts.title)}">`,
  );
  parts.push(`<text x="${m.l}" y="20" class="chart-title">${escapeXml(opts.title)}</text>`);
  for (const t of ticks(yMax)) {
    parts.push(`<line x1="${m.l}" x2="${m.l + pw}" y1="${yPos(t)}" y2="${yPos(t)}" class="grid"/>`);
    parts.push(`<text x="${m.l - 6}" y="${yPos(t) + 4}" text-anchor="end" class="tick">${fmt(t)}</text>`);
  }
  opts.x.forEach((x, i) => {
    parts.push(`<text x="${xPos(i)}" y="${m.t + ph + 18}" text-anchor="middle" class="tick">${x}</text>`);
  });
  parts.push(
    `<text x="${m.l + pw / 2}" y="${H - 8}" text-anchor="middle" class="axis-label">${escapeXml(opts.xLabel)}</text>`,
  );
  parts.push(
    `<text x="14" y="${m.t + ph / 2}" transform="rotate(-90 14 ${m.t + ph / 2})" text-anchor="middle" class="axis-label">${escapeXml(opts.yLabel)}</text>`,
  );
  if (opts.ideal) {
    const pts = opts.x.map((x, i) => `${xPos(i)},${yPos(x)}`).join(" ");
    parts.push(`<polyline points="${pts}" class="ideal"/>`);
  }
  opts.series.forEach((s, k) => {
    const color = s.color ?? PALETTE[k % PALETTE.length];
    const pts = s.values.map((v, i) => `${xPos(i).toFixed(1)},${yPos(v).toFixed(1)}`).join(" ");
    parts.push(
      `<polyline points="${pts}" class="series" data-label="${escapeXml(s.label)}" stroke="${color}"${s.dashed ? ' stroke-dasharray="6 4"' : ""}/>`,
    );
    s.values.forEach((v, i) => {
      parts.push(
        `<circle cx="${xPos(i).toFixed(1)}" cy="${yPos(v).toFixed(1)}" r="3" fill="${color}"><title>${escapeXml(`${s.label}: ${fmt(v)}× at ${opts.x[i]} threads`)}</title></circle>`,
      );
    });
    const ly = m.t + 8 + k * 18;
    parts.push(
      `<line x1="${W - m.r + 12}" x2="${W - m.r + 32}" y1="${ly}" y2="${ly}" stroke="${color}" stroke-width="2.5"${s.dashed ? ' stroke-dasharray="6 4"' : ""}/>`,
    );
    parts.push(`<text x="${W - m.r + 38}" y="${ly + 4}" class="legend">${escapeXml(s.label)}</text>`);
  });
  parts.push("</svg>");
  return parts.join("");
}

/** A horizontal bar chart: one bar per row, longest first as given. */
export function barChart(opts: {
  title: string;
  rows: { label: string; value: number; note?: string }[];
  unit: string;
  id: string;
  max?: number;
}): string {
  const W = 720;
  const rowH = 22;
  const m = { l: 330, r: 70, t: 34, b: 12 };
  const H = m.t + m.b + Math.max(1, opts.rows.length) * rowH;
  const max = opts.max ?? Math.max(1e-9, ...opts.rows.map((r) => r.value));
  const pw = W - m.l - m.r;
  const parts: string[] = [];
  parts.push(
    `<svg xmlns="http://www.w3.org/2000/svg" class="chart bar-chart" id="${escapeXml(opts.id)}" viewBox="0 0 ${W} ${H}" role="img" aria-label="${escapeXml(opts.title)}">`,
  );
  parts.push(`<text x="8" y="20" class="chart-title">${escapeXml(opts.title)}</text>`);
  if (opts.rows.length === 0) parts.push(`<text x="8" y="${m.t + 14}" class="tick">(none)</text>`);
  opts.rows.forEach((r, i) => {
    const y = m.t + i * rowH;
    const w = Math.max(1, (r.value / max) * pw);
    const label = r.label.length > 52 ? `${r.label.slice(0, 51)}…` : r.label;
    parts.push(
      `<text x="${m.l - 6}" y="${y + 15}" text-anchor="end" class="bar-label"><title>${escapeXml(r.label)}</title>${escapeXml(label)}</text>`,
    );
    parts.push(
      `<rect x="${m.l}" y="${y + 3}" width="${w.toFixed(1)}" height="${rowH - 6}" class="bar"><title>${escapeXml(`${r.label}: ${fmt(r.value)}${opts.unit}${r.note ? ` (${r.note})` : ""}`)}</title></rect>`,
    );
    parts.push(`<text x="${m.l + w + 6}" y="${y + 15}" class="tick">${escapeXml(fmt(r.value) + opts.unit)}</text>`);
  });
  parts.push("</svg>");
  return parts.join("");
}

function niceMax(v: number): number {
  const p = Math.pow(10, Math.floor(Math.log10(v)));
  for (const f of [1, 2, 2.5, 5, 10]) if (f * p >= v) return f * p;
  return 10 * p;
}

function ticks(max: number): number[] {
  const step = max / 5;
  return Array.from({ length: 6 }, (_, i) => Math.round(i * step * 1000) / 1000);
}

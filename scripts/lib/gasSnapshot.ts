/** Gas snapshot files (snapshots/<suite>.json): committed, reviewed, checked by the tests. */
import { mkdirSync, readFileSync, writeFileSync, existsSync } from "node:fs";
import path from "node:path";
import type { GasRow } from "./gas";

export const SNAPSHOT_DIR = path.resolve(__dirname, "..", "..", "snapshots");

export type GasSnapshot = Record<string, number>;

export function snapshotPath(suite: string): string {
  return path.join(SNAPSHOT_DIR, `${suite}.json`);
}

export function toSnapshot(rows: GasRow[]): GasSnapshot {
  return Object.fromEntries(rows.map((row) => [row.name, row.gasUsed]));
}

export function writeGasSnapshot(suite: string, rows: GasRow[]): string {
  mkdirSync(SNAPSHOT_DIR, { recursive: true });
  const file = snapshotPath(suite);
  writeFileSync(file, JSON.stringify(toSnapshot(rows), null, 2) + "\n");
  return file;
}

export function readGasSnapshot(suite: string): GasSnapshot {
  const file = snapshotPath(suite);
  if (!existsSync(file)) {
    throw new Error(`${file} does not exist: run \`pnpm gas\` and commit the snapshot`);
  }
  return JSON.parse(readFileSync(file, "utf8")) as GasSnapshot;
}

export function formatGasTable(rows: GasRow[]): string {
  const header = ["operation", "Lanes gas", "Uniswap v2", "difference"];
  const lines = rows.map((row) => {
    const ref = row.uniswapV2;
    const diff =
      ref === undefined
        ? ""
        : `${row.gasUsed - ref >= 0 ? "+" : ""}${row.gasUsed - ref} (${(((row.gasUsed - ref) / ref) * 100).toFixed(1)}%)`;
    return [row.name, row.gasUsed.toLocaleString("en-US"), ref === undefined ? "" : ref.toLocaleString("en-US"), diff];
  });
  const widths = header.map((h, i) => Math.max(h.length, ...lines.map((l) => l[i].length)));
  const fmt = (cells: string[]): string =>
    cells.map((c, i) => (i === 0 ? c.padEnd(widths[i]) : c.padStart(widths[i]))).join("  ");
  return [fmt(header), widths.map((w) => "-".repeat(w)).join("  "), ...lines.map(fmt)].join("\n");
}

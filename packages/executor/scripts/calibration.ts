/**
 * Regenerates the calibration table of README.md from calibrationTable() (the test
 * test/calibration.test.ts fails when the README and the computed table differ).
 *
 *   cd packages/executor && pnpm calibrate
 */
import { readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { calibrationMarkdown, calibrationTable } from "../src/calibration";

const readme = path.resolve(__dirname, "..", "README.md");
const start = "<!-- calibration:start -->";
const end = "<!-- calibration:end -->";
const text = readFileSync(readme, "utf8");
const from = text.indexOf(start);
const to = text.indexOf(end);
if (from < 0 || to < 0) throw new Error(`README.md lacks the ${start} … ${end} markers`);
const rows = calibrationTable();
writeFileSync(readme, `${text.slice(0, from + start.length)}\n${calibrationMarkdown(rows)}\n${text.slice(to)}`);
for (const row of rows)
  console.log(`${row.ok ? "ok " : "OUT"} ${row.setting}: ${row.lanes.toFixed(2)}x (paper ${row.paper})`);

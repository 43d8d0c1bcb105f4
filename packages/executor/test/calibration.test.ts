import { expect } from "chai";
import { readFileSync } from "node:fs";
import path from "node:path";
import { calibrationMarkdown, calibrationTable } from "../src/calibration";

/** Markdown up to Prettier's table padding and blank lines. */
function normalise(markdown: string): string {
  return markdown
    .split("\n")
    .map((line) => line.trim())
    .filter((line) => line !== "")
    .map((line) =>
      line.startsWith("|")
        ? line
            .split("|")
            .map((cell) => cell.trim().replace(/^-+$/, "-"))
            .join("|")
        : line,
    )
    .join("\n");
}

describe("calibration against the Block-STM paper", () => {
  const rows = calibrationTable();

  for (const row of rows) {
    it(`${row.setting}: paper ${row.paper}, Lanes within ${row.min}x – ${row.max}x`, () => {
      expect(row.lanes).to.be.within(row.min, row.max);
    });
  }

  it("README.md shows exactly the computed table (regenerate with pnpm calibrate)", () => {
    const readme = readFileSync(path.resolve(__dirname, "..", "README.md"), "utf8");
    expect(normalise(readme)).to.include(normalise(calibrationMarkdown(rows)));
  });
});

import { expect } from "chai";
import { readFileSync } from "node:fs";
import path from "node:path";
import { calibrationMarkdown, calibrationTable } from "../src/calibration";

describe("calibration against the Block-STM paper", () => {
  const rows = calibrationTable();

  for (const row of rows) {
    it(`${row.setting}: paper ${row.paper}, Lanes within ${row.min}x – ${row.max}x`, () => {
      expect(row.lanes).to.be.within(row.min, row.max);
    });
  }

  it("README.md shows exactly the computed table (regenerate with pnpm calibrate)", () => {
    const readme = readFileSync(path.resolve(__dirname, "..", "README.md"), "utf8");
    expect(readme).to.include(calibrationMarkdown(rows));
  });
});

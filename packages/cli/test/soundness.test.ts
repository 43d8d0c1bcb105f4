/** `lanes soundness` input checking, as a user runs it: bad options fail before any work, in one line. */
import { spawnSync } from "node:child_process";
import path from "node:path";
import { expect } from "chai";

const ROOT = path.resolve(__dirname, "..", "..", "..");
const BIN = path.resolve(__dirname, "..", "bin", "lanes.js");

function lanes(args: string[]) {
  const r = spawnSync(process.execPath, [BIN, ...args], {
    cwd: ROOT,
    encoding: "utf8",
    timeout: 120_000,
    env: { ...process.env, LANES_DEBUG: "" },
  });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

describe("lanes soundness (CLI)", function () {
  this.timeout(180_000);

  it("is listed in the help", () => {
    const r = lanes(["--help"]);
    expect(r.stdout).to.match(/soundness/);
  });

  it("rejects an unknown workload and bad numbers before any work", () => {
    for (const [args, pattern] of [
      [["soundness", "--workloads", "nope"], /unknown workload "nope"/],
      [["soundness", "--blocks", "0"], /--blocks "0" must be an integer/],
    ] as [string[], RegExp][]) {
      const r = lanes(args);
      expect(r.code, r.stderr).to.equal(1);
      expect(r.stderr).to.match(pattern);
      expect(r.stderr).to.not.match(/deploying/);
    }
  });
});

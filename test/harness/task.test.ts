/** `npx hardhat lanes:report` shares the CLI's code; bad input is a one-line plugin error. */
import { existsSync, mkdtempSync, readFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { expect } from "chai";
import hre from "hardhat";

async function rejection(args: Record<string, unknown>): Promise<Error> {
  return hre.run("lanes:report", args).then(
    () => {
      throw new Error("lanes:report did not fail");
    },
    (e: Error) => e,
  );
}

describe("the lanes:report Hardhat task", function () {
  this.timeout(5 * 60_000);

  it("rejects an unknown workload and a bad thread list with the CLI's messages", async () => {
    const unknown = await rejection({ workloads: "nope" });
    expect(unknown.constructor.name).to.equal("HardhatPluginError");
    expect(unknown.message).to.match(/unknown workload "nope"; choose from:/);
    const threads = await rejection({ threads: "4,0" });
    expect(threads.message).to.match(/--threads "4,0": "0" is not a thread count/);
  });

  it("runs a small report and writes the three files", async () => {
    const out = mkdtempSync(path.join(os.tmpdir(), "lanes-task-"));
    const snapshot = await hre.network.provider.send("evm_snapshot", []);
    try {
      await hre.run("lanes:report", { workloads: "amm-hot-pair", blocks: "1", blockSize: "20", threads: "1,4", out });
    } finally {
      await hre.network.provider.send("evm_revert", [snapshot]);
    }
    for (const f of ["report.json", "report.md", "report.html"])
      expect(existsSync(path.join(out, f)), f).to.equal(true);
    const report = JSON.parse(readFileSync(path.join(out, "report.json"), "utf8")) as {
      parameters: { threads: number[] };
    };
    expect(report.parameters.threads).to.deep.equal([1, 4]);
  });
});

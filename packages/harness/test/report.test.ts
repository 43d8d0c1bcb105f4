import { expect } from "chai";
import { storageKey, keyToString, type KeyName } from "@lanes/types";
import {
  answerFor,
  buildReport,
  renderHtml,
  renderMarkdown,
  replayWorkload,
  REPORT_SCHEMA,
  type ScopeMetrics,
} from "../src";
import type { WorkloadRun } from "../src/run";
import type { Workload } from "../src/workloads/types";

const A = "0x00000000000000000000000000000000000000aa";
const HOT = keyToString(storageKey(A, 8));

function scope(ceiling: number, speedup: number[], criticalKey?: string): ScopeMetrics {
  return {
    dependencyRate: 0.5,
    criticalPathGas: 1,
    ceiling,
    criticalKeys: criticalKey ? [{ key: criticalKey, name: "Pair.reserves of WETH/USDC" }] : [],
    executors: [{ executor: "block-stm", deltaAware: false, speedup }],
    hotKeys: [],
  };
}

describe("the report", () => {
  describe("answer", () => {
    const base = {
      txs: 100,
      totalGas: 100 * 120_000,
      threads: [1, 2, 4, 8, 16],
      executor: "block-stm",
      targetTps: 100_000,
      referenceGasPerSecond: 1.2e9,
    };

    it("names the fewest threads that reach the target", () => {
      // 10,000 TPS sequential: 10× is needed.
      const a = answerFor({ ...base, scope: scope(30, [1, 2, 4, 7.9, 12]) });
      expect(a.sequentialTps).to.be.closeTo(10_000, 1e-6);
      expect(a.threadsForTarget).to.equal(16);
      expect(a.sentence).to.match(/^reaches 100,000 TPS with 16 threads/);
      const one = answerFor({ ...base, threads: [1, 2], scope: scope(30, [10.5, 12]) });
      expect(one.sentence).to.match(/^reaches 100,000 TPS with 1 thread \(/);
      expect(a.bindingKeys).to.deep.equal([]);
    });

    it("when the ceiling forbids it, says so and names the key on the critical path", () => {
      const a = answerFor({ ...base, scope: scope(1.05, [1, 1, 1, 1, 1], HOT) });
      expect(a.threadsForTarget).to.equal(null);
      expect(a.ceilingTps).to.be.closeTo(10_500, 1e-6);
      expect(a.bindingKeys.map((k) => k.key)).to.deep.equal([HOT]);
      expect(a.sentence).to.equal(
        "does not reach 100,000 TPS at any thread count: the dependency ceiling of 1.05× caps it at 10,500 TPS, " +
          "imposed by Pair.reserves of WETH/USDC on the critical path; the best simulated is 10,000 TPS at 1 thread.",
      );
      // Every point below 1×: no "best" that is a slowdown.
      const slower = answerFor({ ...base, scope: scope(1.05, [0.9, 0.95, 0.97, 0.96, 0.96], HOT) });
      expect(slower.sentence).to.match(
        /; block-stm is slower than sequential execution at every thread count \(at best 0\.97×\)\.$/,
      );
    });

    it("when the ceiling allows it but the executor does not get there, says that instead", () => {
      const a = answerFor({ ...base, scope: scope(40, [1, 1.5, 2, 3, 4], HOT) });
      expect(a.sentence).to.match(
        /the ceiling \(400,000 TPS\) would allow it, but block-stm stops at 4\.00× \(40,000 TPS\) at 16 threads/,
      );
    });
  });

  describe("rendering", () => {
    const workload: Workload<unknown> = {
      name: "w<1>",
      title: "A <b>bold</b> title",
      description: "d & e",
      worlds: ["amm"],
      protocol: "AMM",
      block: async () => [],
    };
    const accesses = Array.from({ length: 20 }, (_, i) => ({
      index: i,
      from: `0x${(i + 1).toString(16).padStart(40, "0")}` as `0x${string}`,
      to: A as `0x${string}`,
      selector: "0x12345678",
      gasUsed: 50_000,
      reverted: i === 3,
      reads: [storageKey(A, 8)],
      writes: i === 3 ? [] : [storageKey(A, 8)],
    }));
    const run: WorkloadRun = {
      name: workload.name,
      blocks: [
        {
          index: 0,
          accesses,
          txs: accesses.map((a) => ({
            hash: "0x",
            request: { from: a.from, to: A, data: "0x", label: "pair.swap" },
            reverted: a.reverted,
            gasUsed: a.gasUsed,
            blockNumber: 1,
          })),
        },
      ],
      sendMs: 100,
      traceMs: 50,
    };
    const threads = [1, 2, 4];
    const names = new Map<string, KeyName>([
      [
        HOT,
        {
          contract: "LanesPair",
          instance: "X/<Y>",
          variables: ["reserve0", "reserve1"],
          source: { file: "contracts/amm/LanesPair.sol", line: 39 },
        },
      ],
    ]);
    const settings = {
      params: { blockSize: 20, blocks: 1, skew: 1, repeatSenders: 0, seed: 1 },
      threads,
      headlineExecutor: "block-stm",
      targetTps: 100_000,
      referenceGasPerSecond: 1.2e9,
      referenceSource: "reth",
      notes: ["a note"],
    };
    const report = buildReport(
      [{ workload, run, replay: replayWorkload([accesses], threads), replaySeconds: 0.01 }],
      names,
      settings,
    );

    it("builds a versioned report with named hot keys and function rows", () => {
      expect(report.schema).to.equal(REPORT_SCHEMA);
      const w = report.workloads[0];
      expect(w).to.include({ txs: 20, revertedTxs: 1, totalGas: 1_000_000 });
      expect(w.functions).to.deep.equal([{ label: "pair.swap", count: 20, reverted: 1, meanGas: 50_000 }]);
      expect(w.scopes.storage.hotKeys[0]).to.include({
        key: HOT,
        name: "LanesPair.reserve0+reserve1 of X/<Y>",
        source: "contracts/amm/LanesPair.sol:39",
      });
      expect(w.answer.bindingKeys[0]?.name).to.equal("LanesPair.reserve0+reserve1 of X/<Y>");
    });

    it("is deterministic outside `measured`", () => {
      const again = buildReport(
        [{ workload, run, replay: replayWorkload([accesses], threads), replaySeconds: 9 }],
        names,
        settings,
      );
      expect({ ...again, measured: null }).to.deep.equal({ ...report, measured: null });
    });

    it("renders Markdown with the answer first and every table", () => {
      const md = renderMarkdown(report);
      expect(md.indexOf("does not reach")).to.be.lessThan(md.indexOf("## A <b>bold</b> title"));
      expect(md).to.include("| block-stm |");
      expect(md).to.include("`LanesPair.reserve0+reserve1 of X/<Y>`");
    });

    it("renders self-contained HTML, escaping every name", () => {
      const html = renderHtml(report);
      expect(html).to.match(/^<!doctype html>/);
      expect(html).to.not.match(/<script|(src|href)="https?:/);
      expect(html).to.include('id="speedup-w&lt;1&gt;"');
      expect(html).to.include("A &lt;b&gt;bold&lt;/b&gt; title");
      expect(html).to.not.include("<b>bold</b>");
      expect(html).to.include("X/&lt;Y&gt;");
    });
  });
});

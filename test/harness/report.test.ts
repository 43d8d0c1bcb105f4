/**
 * The main job end to end on the in-process Hardhat network: real deployments, real traces,
 * real replays, real files.
 */
import { existsSync, mkdtempSync, readFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { expect } from "chai";
import hre from "hardhat";
import { keyToString, type AccessKey } from "@lanes/types";
import { runReport, type Report } from "@lanes/harness";

const SMALL = { blocks: 2, blockSize: 40, seed: 11, skew: 1, repeatSenders: 0.1 };
const WORLD = { users: 80, pairs: 8, tokens: 6, lpsPerPair: 2 };
/** defi-mixed also lends and borrows: a small lending world beside the AMM one. */
const LENDING = { users: 60, liquidators: 4 };
const THREADS = [1, 2, 4, 8, 16, 32, 64];

async function isolated<T>(run: () => Promise<T>): Promise<T> {
  // Same chain state in, same addresses out: the report must then be identical.
  const snapshot = await hre.network.provider.send("evm_snapshot", []);
  try {
    return await run();
  } finally {
    await hre.network.provider.send("evm_revert", [snapshot]);
  }
}

function isolatedRun(workloads: string[], outDir: string) {
  return isolated(() =>
    runReport(hre, { workloads, params: SMALL, threads: THREADS, outDir, world: WORLD, lending: LENDING }),
  );
}

describe("lanes report (main job)", function () {
  this.timeout(10 * 60_000);
  const outDir = mkdtempSync(path.join(os.tmpdir(), "lanes-"));
  let report: Report;

  before(async () => {
    ({ report } = await isolatedRun(["amm-hot-pair", "amm-many-pairs", "amm-liquidity", "defi-mixed"], outDir));
  });

  it("writes report.json, report.md and report.html", () => {
    for (const f of ["report.json", "report.md", "report.html"])
      expect(existsSync(path.join(outDir, f)), f).to.equal(true);
    const json = JSON.parse(readFileSync(path.join(outDir, "report.json"), "utf8")) as Report;
    expect(json.schema).to.equal("lanes-report/1");
    expect(json.workloads.map((w) => w.name)).to.deep.equal([
      "amm-hot-pair",
      "amm-many-pairs",
      "amm-liquidity",
      "defi-mixed",
    ]);
    expect(readFileSync(path.join(outDir, "report.md"), "utf8")).to.match(/^# Lanes report/);
  });

  it("deployed the worlds the workloads need, and the DeFi block used both", () => {
    expect(Object.keys(report.parameters.worlds ?? {})).to.deep.equal(["amm", "lending"]);
    expect(report.workloads.map((w) => w.protocol)).to.deep.equal(["AMM", "AMM", "AMM", "DeFi"]);
    const mixed = report.workloads.find((w) => w.name === "defi-mixed")!;
    const labels = mixed.functions.map((f) => f.label);
    for (const l of ["router.swapExactTokensForTokens", "token.transfer", "pool.supply", "pool.borrow"])
      expect(labels, l).to.include(l);
  });

  it("an AMM-only run deploys no lending world", async () => {
    const { report: amm } = await isolated(async () =>
      runReport(hre, {
        workloads: ["amm-hot-pair"],
        params: { ...SMALL, blocks: 1, blockSize: 10 },
        threads: [1, 4],
        outDir: mkdtempSync(path.join(os.tmpdir(), "lanes-")),
        world: { users: 20, pairs: 2, tokens: 3, lpsPerPair: 1 },
        static: false,
      }),
    );
    expect(Object.keys(amm.parameters.worlds ?? {})).to.deep.equal(["amm"]);
  });

  it("ran and traced every transaction", () => {
    for (const w of report.workloads) {
      expect(w.txs, w.name).to.equal(SMALL.blocks * SMALL.blockSize);
      expect(w.functions.reduce((s, f) => s + f.count, 0)).to.equal(w.txs);
      expect(w.meanGasPerTx).to.be.greaterThan(21_000);
    }
  });

  it("names the hot pair's reserve slot as the key that caps the hot-pair workload", () => {
    const hot = report.workloads.find((w) => w.name === "amm-hot-pair")!;
    expect(hot.scopes.storage.dependencyRate).to.be.greaterThan(0.9);
    expect(hot.scopes.storage.ceiling).to.be.lessThan(1.5);
    expect(hot.answer.threadsForTarget).to.equal(null);
    // The reserves slot and the pair's two token balances chain the same swaps: all three are named.
    const blamed = hot.answer.bindingKeys.map((k) => k.name);
    expect(blamed).to.include("LanesPair.reserve0+reserve1+blockTimestampLast of WETH/USDC");
    for (const name of blamed) expect(name).to.match(/WETH\/USDC/);
    const reserves = hot.answer.bindingKeys.find((k) => k.name.startsWith("LanesPair.reserve0"))!;
    expect(reserves.source).to.match(/^contracts\/amm\/LanesPair\.sol:\d+$/);
    expect(hot.answer.sentence).to.include("LanesPair.reserve0+reserve1+blockTimestampLast of WETH/USDC");
    expect(hot.scopes.storage.hotKeys[0].name).to.include("WETH/USDC");
  });

  it("spreading swaps over pairs lowers the dependency rate and raises the speedup", () => {
    const hot = report.workloads.find((w) => w.name === "amm-hot-pair")!;
    const many = report.workloads.find((w) => w.name === "amm-many-pairs")!;
    expect(many.scopes.storage.dependencyRate).to.be.lessThan(hot.scopes.storage.dependencyRate);
    const best = (w: typeof hot) =>
      Math.max(...w.scopes.all.executors.find((e) => e.executor === "block-stm")!.speedup);
    expect(best(many)).to.be.greaterThan(best(hot));
  });

  it("keeps the metrics within their bounds", () => {
    for (const w of report.workloads) {
      for (const scope of [w.scopes.all, w.scopes.storage]) {
        expect(scope.dependencyRate).to.be.within(0, 1);
        expect(scope.ceiling).to.be.at.least(1 - 1e-9);
        for (const e of scope.executors) {
          expect(e.speedup).to.have.length(THREADS.length);
          e.speedup.forEach((s, i) =>
            expect(s, `${w.name} ${e.executor} @${THREADS[i]}`).to.be.at.most(THREADS[i] + 1e-6),
          );
        }
      }
      // Storage-only dependencies are a subset of all-key dependencies.
      expect(w.scopes.storage.dependencyRate).to.be.at.most(w.scopes.all.dependencyRate + 1e-9);
    }
  });

  it("is deterministic: the same run gives the same report outside `measured`", async () => {
    const again = await isolatedRun(
      ["amm-hot-pair", "amm-many-pairs", "amm-liquidity", "defi-mixed"],
      mkdtempSync(path.join(os.tmpdir(), "lanes-")),
    );
    expect({ ...again.report, measured: null }).to.deep.equal({ ...report, measured: null });
    // The static-vs-dynamic section (on by default) is part of what must not change.
    for (const w of report.workloads) expect(w.static, w.name).to.not.equal(undefined);
  });
});

describe("traced access sets of the workloads", function () {
  this.timeout(5 * 60_000);

  it("every write is a read, reverted transactions write only account keys, and the fee recipient is absent", async () => {
    const { Chain, deployAmmWorld, DEFAULT_AMM_WORLD, runWorkload, WORKLOADS } = await import("@lanes/harness");
    const { traceTransaction } = await import("@lanes/tracer");
    const snapshot = await hre.network.provider.send("evm_snapshot", []);
    try {
      const chain = new Chain(hre);
      const world = await deployAmmWorld(hre, chain, { ...DEFAULT_AMM_WORLD, ...WORLD });
      const hotPair = WORKLOADS.find((w) => w.name === "amm-hot-pair")!;
      // The real workload, with every tenth swap asking for an impossible minimum: it must revert.
      const withReverts: typeof hotPair = {
        ...hotPair,
        block: async (ctx) =>
          (await hotPair.block(ctx)).map((tx, i) => {
            if (i % 10 !== 5) return tx;
            const args = world.abi.router.decodeFunctionData("swapExactTokensForTokens", tx.data);
            const data = world.abi.router.encodeFunctionData("swapExactTokensForTokens", [
              args[0],
              2n ** 255n,
              args[2],
              args[3],
              args[4],
            ]);
            return { ...tx, data };
          }),
      };
      const run = await runWorkload(
        chain,
        world,
        withReverts,
        { ...SMALL, blocks: 1, blockSize: 60 },
        async (c, tx, i) => (await traceTransaction(c.rpc, tx.hash, i)).access,
      );
      const coinbase = (
        (await hre.network.provider.send("eth_getBlockByNumber", ["latest", false])) as { miner: string }
      ).miner.toLowerCase();
      const s = (keys: readonly AccessKey[]) => new Set(keys.map(keyToString));
      let reverted = 0;
      for (const [i, access] of run.blocks[0].accesses.entries()) {
        const reads = s(access.reads);
        for (const w of access.writes)
          expect(reads.has(keyToString(w)), `write ${keyToString(w)} of tx ${i} is read`).to.equal(true);
        for (const k of [...access.reads, ...access.writes])
          expect("address" in k && k.address === coinbase).to.equal(false);
        expect(access.reverted).to.equal(run.blocks[0].txs[i].reverted);
        if (access.reverted) {
          reverted++;
          expect(
            access.writes.every((k) => k.kind !== "storage"),
            "a reverted transaction writes no storage",
          ).to.equal(true);
        } else {
          expect(access.writes.some((k) => k.kind === "storage")).to.equal(true);
        }
      }
      expect(reverted).to.be.at.least(6);
    } finally {
      await hre.network.provider.send("evm_revert", [snapshot]);
    }
  });
});

/**
 * The lending world and its workloads end to end on the in-process Hardhat network, on a small
 * world: the workloads send the transactions they mean to (the liquidation wave liquidates), the
 * same seed gives the same traced access sets, the analyzer's predictions miss no traced key
 * (reverted transactions included), and the report names the lending slots.
 */
import { mkdtempSync, readFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { expect } from "chai";
import hre from "hardhat";
import { keyToString, type TxAccess } from "@lanes/types";
import {
  Chain,
  LENDING_CONTRACTS,
  LendingBook,
  Predictor,
  compareRun,
  contractsOf,
  deployWorlds,
  loadSummaries,
  predictRun,
  runReport,
  runWorkload,
  selectWorkloads,
  traceSent,
  worldOf,
  worldsParams,
  type LendingWorld,
  type Report,
  type WorkloadRun,
} from "@lanes/harness";

const SMALL = { blocks: 2, blockSize: 40, seed: 11, skew: 1, repeatSenders: 0.1 };
const LENDING = { users: 60, liquidators: 4 };
const NAMES = ["lending-mix", "lending-hot-market", "lending-liquidations"];

async function isolated<T>(run: () => Promise<T>): Promise<T> {
  const snapshot = await hre.network.provider.send("evm_snapshot", []);
  try {
    return await run();
  } finally {
    await hre.network.provider.send("evm_revert", [snapshot]);
  }
}

interface Receipt {
  status: string;
  logs: { address: string; topics: string[]; data: string }[];
}

interface LendingRuns {
  world: LendingWorld;
  runs: WorkloadRun[];
  /** Liquidate events per run. */
  liquidations: number[];
  soundness: ReturnType<typeof compareRun>[];
}

/** Deploys the lending world, runs the three lending workloads, traces and predicts them. */
async function lendingRuns(): Promise<LendingRuns> {
  const chain = new Chain(hre);
  const workloads = selectWorkloads(NAMES);
  const worlds = await deployWorlds(hre, chain, worldsParams(["lending"], SMALL.seed, { lending: LENDING }));
  const world = worlds.lending!;
  // Workloads read positions from storage by the pool's layout: the same as the pool's view.
  expect(world.positionLayout, "the pool's position layout").to.not.equal(undefined);
  const book = await LendingBook.load(chain, world);
  for (const b of world.borrowers.slice(0, 8))
    for (const [m, market] of world.markets.entries()) {
      const view = world.abi.pool.decodeFunctionResult(
        "position",
        await chain.call(world.pool, world.abi.pool.encodeFunctionData("position", [market.asset, b.account])),
      );
      expect(await book.position(m, b.account)).to.deep.equal({
        shares: view[0],
        scaled: view[1],
        collateral: view[2],
      });
    }
  const predictor = new Predictor(contractsOf(worlds), await loadSummaries(hre, [...LENDING_CONTRACTS]));
  const liquidate = world.abi.pool.getEvent("Liquidate")!.topicHash;
  const runs: WorkloadRun[] = [];
  const liquidations: number[] = [];
  const soundness: ReturnType<typeof compareRun>[] = [];
  for (const w of workloads) {
    const run = await runWorkload(chain, worldOf(w, worlds), w, SMALL, traceSent);
    runs.push(run);
    let events = 0;
    for (const tx of run.blocks.flatMap((b) => b.txs)) {
      if (tx.request.label !== "pool.liquidate" || tx.reverted) continue;
      const receipt = (await chain.rpc.send("eth_getTransactionReceipt", [tx.hash])) as Receipt;
      events += receipt.logs.filter(
        (l) => l.address.toLowerCase() === world.pool.toLowerCase() && l.topics[0] === liquidate,
      ).length;
    }
    liquidations.push(events);
    soundness.push(compareRun(run, await predictRun(chain, predictor, run)));
  }
  return { world, runs, liquidations, soundness };
}

const accessText = (a: TxAccess): string =>
  JSON.stringify({
    ...a,
    reads: a.reads.map(keyToString).sort(),
    writes: a.writes.map(keyToString).sort(),
    unchangedWrites: (a.unchangedWrites ?? []).map(keyToString).sort(),
  });

describe("lending workloads", function () {
  this.timeout(10 * 60_000);
  let first: LendingRuns;

  before(async () => {
    first = await isolated(lendingRuns);
  });

  it("deploys the markets with their feeds and the setup's positions", () => {
    const { world } = first;
    expect(world.markets.map((m) => m.symbol)).to.deep.equal(["USDC", "WETH", "USDT", "DAI", "WBTC", "LINK"]);
    expect(world.markets.map((m) => m.decimals)).to.deep.equal([6, 18, 6, 18, 8, 18]);
    expect(world.users).to.have.length(LENDING.users);
    expect(world.borrowers.length).to.be.greaterThan(LENDING.users / 3);
    for (const b of world.borrowers) expect(b.collateral).to.not.include(b.debt);
  });

  it("sends every kind of lending transaction, mostly successfully", () => {
    const byLabel = new Map<string, { count: number; reverted: number }>();
    for (const tx of first.runs.flatMap((r) => r.blocks.flatMap((b) => b.txs))) {
      const row = byLabel.get(tx.request.label) ?? { count: 0, reverted: 0 };
      row.count++;
      if (tx.reverted) row.reverted++;
      byLabel.set(tx.request.label, row);
    }
    for (const label of [
      "pool.supply",
      "pool.withdraw",
      "pool.borrow",
      "pool.repay",
      "pool.repay (on behalf)",
      "pool.enterMarket",
      "pool.liquidate",
      "feed.setAnswer (price drop)",
      "feed.setAnswer (recovery)",
    ]) {
      const row = byLabel.get(label);
      expect(row, label).to.not.equal(undefined);
      expect(row!.count - row!.reverted, label).to.be.greaterThan(0);
    }
    const all = [...byLabel.values()].reduce((s, r) => s + r.count, 0);
    const reverted = [...byLabel.values()].reduce((s, r) => s + r.reverted, 0);
    expect(all).to.equal(NAMES.length * SMALL.blocks * SMALL.blockSize);
    expect(reverted / all).to.be.lessThan(0.1);
  });

  it("lending-liquidations opens each block with a price drop and really liquidates", () => {
    const run = first.runs[2];
    for (const block of run.blocks) {
      const labels = block.txs.map((t) => t.request.label);
      expect(labels.filter((l) => l === "feed.setAnswer (price drop)")).to.have.length(1);
      expect(labels.indexOf("feed.setAnswer (price drop)")).to.be.lessThan(labels.indexOf("pool.liquidate"));
      expect(labels[labels.length - 1]).to.equal("feed.setAnswer (recovery)");
    }
    const liquidations = run.blocks.flatMap((b) => b.txs).filter((t) => t.request.label === "pool.liquidate");
    expect(first.liquidations[2]).to.equal(liquidations.filter((t) => !t.reverted).length);
    expect(first.liquidations[2]).to.be.at.least(SMALL.blocks * 3);
    // The other workloads do not liquidate.
    expect(first.liquidations[0] + first.liquidations[1]).to.equal(0);
  });

  it("misses no traced key, reverted transactions included", () => {
    for (const [i, s] of first.soundness.entries()) {
      expect(s.misses, NAMES[i]).to.deep.equal([]);
      expect(s.soundness.missedKeys, NAMES[i]).to.equal(0);
      expect(s.soundness.all.recall, NAMES[i]).to.equal(1);
      expect(s.soundness.txs).to.equal(SMALL.blocks * SMALL.blockSize);
      for (const r of s.soundness.wildcardReasons) expect(r.reason.trim(), r.wildcard).to.not.equal("");
    }
    expect(first.soundness[2].soundness.reverted).to.be.greaterThan(0);
  });

  it("is deterministic: the same seed gives the same transactions and the same traced access sets", async () => {
    const again = await isolated(lendingRuns);
    expect(again.world.pool).to.equal(first.world.pool);
    for (const [i, run] of first.runs.entries()) {
      const b = again.runs[i];
      expect(
        b.blocks.map((x) => x.txs.map((t) => [t.request.label, t.request.data, t.gasUsed, t.reverted])),
      ).to.deep.equal(
        run.blocks.map((x) => x.txs.map((t) => [t.request.label, t.request.data, t.gasUsed, t.reverted])),
        NAMES[i],
      );
      expect(b.blocks.map((x) => x.accesses.map(accessText))).to.deep.equal(
        run.blocks.map((x) => x.accesses.map(accessText)),
        NAMES[i],
      );
    }
    // And the same predictions, compared the same way.
    expect(again.soundness.map((s) => s.soundness)).to.deep.equal(first.soundness.map((s) => s.soundness));
    expect(again.liquidations).to.deep.equal(first.liquidations);
  });
});

describe("lanes report: the lending workloads", function () {
  this.timeout(10 * 60_000);
  const outDir = mkdtempSync(path.join(os.tmpdir(), "lanes-lending-"));
  let report: Report;

  before(async () => {
    ({ report } = await isolated(() =>
      runReport(hre, {
        workloads: ["lending-hot-market"],
        params: SMALL,
        threads: [1, 4, 16],
        outDir,
        lending: LENDING,
      }),
    ));
  });

  it("deploys only the lending world and describes it", () => {
    expect(report.parameters.worlds?.amm).to.equal(undefined);
    expect(report.parameters.worlds?.lending?.markets.map((m) => m.symbol)).to.include("USDC");
    expect(report.workloads[0].protocol).to.equal("Lending");
  });

  it("names the hot market's totals and index as its hot keys", () => {
    const w = report.workloads[0];
    const hot = w.scopes.storage.hotKeys.slice(0, 4).map((k) => k.name);
    expect(hot).to.include("LendingPool._markets[USDC].supply.totalAssets+totalShares");
    expect(hot).to.include("LendingPool._markets[USDC].borrow.totalScaled+index+lastAccrual");
    const supply = w.scopes.storage.hotKeys.find((k) => k.name.startsWith("LendingPool._markets[USDC].supply"))!;
    expect(supply.source).to.match(/^contracts\/lending\/LendingPool\.sol:\d+$/);
    expect(w.scopes.storage.ceiling).to.be.lessThan(2);
    expect(w.answer.sentence).to.match(/USDC/);
    expect(w.static!.soundness.missedKeys).to.equal(0);
  });

  it("introduces the lending world in report.md and report.html", () => {
    const md = readFileSync(path.join(outDir, "report.md"), "utf8");
    expect(md).to.match(/^## Lending$/m);
    expect(md).to.include("| USDC | 6 | $1 | 75% | 78% | 104.5% | 10% | stable |");
    expect(md.indexOf("## Lending\n")).to.be.lessThan(md.indexOf("## Lending: most activity on one market"));
    const html = readFileSync(path.join(outDir, "report.html"), "utf8");
    expect(html).to.include(`<section id="protocol-lending">`);
    expect(html).to.include("<code>LendingPool</code>");
  });
});

/**
 * `lanes soundness` end to end on the in-process Hardhat network: a small run over every
 * standard workload, reverted transactions included, must miss no traced key.
 */
import { mkdtempSync, readFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { expect } from "chai";
import hre from "hardhat";
import { runSoundness, WORKLOAD_NAMES, type SoundnessResult } from "@lanes/harness";

const SMALL = { blocks: 2, blockSize: 40, seed: 11, skew: 1, repeatSenders: 0.1 };
const WORLD = { users: 80, pairs: 8, tokens: 6, lpsPerPair: 2 };
const LENDING = { users: 60, liquidators: 4 };
const AMM_ONLY = ["amm-hot-pair", "amm-many-pairs", "amm-liquidity"];

describe("lanes soundness", function () {
  this.timeout(10 * 60_000);
  const outDir = mkdtempSync(path.join(os.tmpdir(), "lanes-soundness-"));
  let result: SoundnessResult;

  before(async () => {
    const snapshot = await hre.network.provider.send("evm_snapshot", []);
    try {
      ({ result } = await runSoundness(hre, {
        workloads: [...WORKLOAD_NAMES],
        params: SMALL,
        world: WORLD,
        lending: LENDING,
        outDir,
      }));
    } finally {
      await hre.network.provider.send("evm_revert", [snapshot]);
    }
  });

  it("writes soundness.json with every workload and transaction", () => {
    const json = JSON.parse(readFileSync(path.join(outDir, "soundness.json"), "utf8")) as SoundnessResult;
    expect(json.schema).to.equal("lanes-soundness/1");
    expect(json.workloads.map((w) => w.name)).to.deep.equal([...WORKLOAD_NAMES]);
    for (const w of json.workloads) {
      expect(w.txs, w.name).to.equal(SMALL.blocks * SMALL.blockSize);
      expect(
        w.functions.reduce((s, f) => s + f.txs, 0),
        w.name,
      ).to.equal(w.txs);
    }
  });

  it("misses no traced key", () => {
    expect(result.misses).to.deep.equal([]);
    expect(result.totals.missedKeys).to.equal(0);
    for (const w of result.workloads) expect(w.all.recall, w.name).to.equal(1);
  });

  it("writes both worlds' parameters", () => {
    expect(result.world?.users).to.equal(WORLD.users);
    expect(result.lendingWorld?.users).to.equal(LENDING.users);
  });

  it("follows every call of the AMM contracts: no wildcard at all, and any that appeared would carry a reason", () => {
    for (const w of result.workloads.filter((x) => AMM_ONLY.includes(x.name))) {
      expect(w.wildcardRate, w.name).to.equal(0);
      expect(w.wildcardReasons, w.name).to.deep.equal([]);
    }
    for (const r of result.workloads.flatMap((w) => w.wildcardReasons))
      expect(r.reason.trim(), r.wildcard).to.not.equal("");
  });

  it("follows the lending pool's calls: supply, repay and enterMarket need no wildcard", () => {
    const lending = result.workloads.filter((w) => w.name.startsWith("lending-"));
    expect(lending).to.have.length(3);
    for (const w of lending)
      for (const f of w.functions.filter((x) => /\.(supply|repay|enterMarket)\(/.test(x.function)))
        expect(f.wildcardRate, `${w.name} ${f.function}`).to.equal(0);
  });

  it("predicts most keys exactly (stage 1, without following calls, was near 2%)", () => {
    for (const w of result.workloads.filter((x) => AMM_ONLY.includes(x.name)))
      expect(w.storage.precision, w.name).to.be.greaterThan(0.5);
    // The lending pool's health checks loop over an account's markets: where the analyzer cannot
    // bound that loop from the pre-state it predicts wildcards (sound, imprecise).
    for (const w of result.workloads.filter((x) => !AMM_ONLY.includes(x.name)))
      expect(w.storage.precision, w.name).to.be.greaterThan(0.02);
  });

  it("names the source line behind the extras: the AMM's first is the TWAP accumulator the pre-state cannot decide", () => {
    for (const w of result.workloads.filter((x) => AMM_ONLY.includes(x.name))) {
      expect(w.extraSources.length, w.name).to.be.greaterThan(0);
      const sum = w.extraSources.reduce((n, x) => n + x.extra, 0);
      expect(sum, w.name).to.be.at.most(w.storage.extra);
      for (const x of w.extraSources) expect(x.inReverted, w.name).to.be.at.most(x.extra);
      const top = w.extraSources.slice(0, 3).map((x) => `${x.name} ${x.at ?? ""}`);
      expect(top.join("; "), w.name).to.match(/LanesPair\.price[01]CumulativeLast contracts\/amm\/LanesPair\.sol:\d+/);
    }
  });

  it("measures block precision; on the AMM it beats per-transaction precision (the block's first swap of a pair touches its TWAP keys)", () => {
    for (const w of [...result.workloads, result.totals]) {
      const b = w.blockStorage;
      expect(b.truePositives + b.extra).to.equal(b.predicted);
      expect(b.precision).to.be.greaterThan(0);
      expect(b.precision).to.be.at.most(1);
    }
    for (const w of result.workloads.filter((x) => AMM_ONLY.includes(x.name)))
      expect(w.blockStorage.precision, w.name).to.be.greaterThan(w.storage.precision);
  });

  it("measures precision in (0, 1] for every workload and function", () => {
    for (const w of result.workloads) {
      for (const t of [w, ...w.functions]) {
        for (const scope of [t.all, t.storage]) {
          expect(scope.precision, w.name).to.be.greaterThan(0);
          expect(scope.precision, w.name).to.be.at.most(1);
        }
      }
    }
  });
});

/**
 * `pnpm bench` (analyzer part), run from the repository root:
 *  1. the analysis of every contract of the repo, timed against `hardhat compile --force` in
 *     the same run (target: under 10% of it);
 *  2. concretization throughput with the block's pre-state cached (target: ≥ 100,000 tx/s),
 *     on ERC-20 transfers and on the pair's swap entry point.
 * Writes bench/results/analyzer.json with the machine and the command.
 */
import { execFileSync } from "node:child_process";
import { mkdirSync, readdirSync, statSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { AbiCoder, Interface } from "ethers";
import { analyzeBuildInfo, concretize, readBuildInfo, type ContractSummary } from "../src";

const ROOT = path.resolve(__dirname, "..", "..", "..");
const ARTIFACTS = path.join(ROOT, "artifacts");

function timeCompile(): number {
  const t0 = performance.now();
  execFileSync("pnpm", ["exec", "hardhat", "compile", "--force", "--quiet"], { cwd: ROOT, stdio: "ignore" });
  return (performance.now() - t0) / 1000;
}

function buildInfos() {
  const dir = path.join(ARTIFACTS, "build-info");
  return readdirSync(dir)
    .filter((f) => f.endsWith(".json"))
    .map((f) => path.join(dir, f))
    .sort((a, b) => statSync(a).mtimeMs - statSync(b).mtimeMs)
    .map((f) => readBuildInfo(f));
}

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)];
}

/** Concretizes `count` calls of one entry point with a cached pre-state; returns tx/s. */
function concretizeRate(summary: ContractSummary, calls: string[], from: string[]): number {
  const to = "0x00000000000000000000000000000000000000aa";
  const cache = new Map<bigint, bigint>();
  const state = {
    storage: (_address: string, slot: bigint): bigint => {
      let v = cache.get(slot);
      if (v === undefined) {
        v = slot % 7n; // any deterministic pre-state; read once per slot, as a chain would
        cache.set(slot, v);
      }
      return v;
    },
  };
  const t0 = performance.now();
  for (let i = 0; i < calls.length; i++)
    concretize(summary, { from: from[i % from.length], to, value: 0n, input: calls[i] }, state);
  return calls.length / ((performance.now() - t0) / 1000);
}

function main(): void {
  const compileSeconds = timeCompile();
  const infos = buildInfos();
  const runs: number[] = [];
  let summaries: ContractSummary[] = [];
  for (let r = 0; r < 5; r++) {
    const t0 = performance.now();
    summaries = infos.flatMap((info) => analyzeBuildInfo(info));
    runs.push((performance.now() - t0) / 1000);
  }
  const analysisSeconds = median(runs);
  const entryPoints = summaries.reduce((n, s) => n + s.entryPoints.length, 0);

  const find = (name: string): ContractSummary => {
    const s = summaries.find((x) => x.contractName === name);
    if (!s) throw new Error(`bench: no summary of ${name}`);
    return s;
  };
  const users = Array.from({ length: 1000 }, (_, i) => `0x${(i + 1).toString(16).padStart(40, "0")}`);
  const token = new Interface(["function transfer(address,uint256)"]);
  const transfers = Array.from({ length: 100_000 }, (_, i) =>
    token.encodeFunctionData("transfer", [users[(i * 7) % 1000], BigInt(i + 1)]),
  );
  const pair = new Interface(["function swap(uint256,uint256,address,bytes)"]);
  const swaps = Array.from({ length: 50_000 }, (_, i) =>
    pair.encodeFunctionData("swap", [0n, BigInt(i + 1), users[i % 1000], AbiCoder.defaultAbiCoder().encode([], [])]),
  );
  const transferRate = median([0, 1, 2].map(() => concretizeRate(find("ERC20Mock"), transfers, users)));
  const swapRate = median([0, 1, 2].map(() => concretizeRate(find("LanesPair"), swaps, users)));

  const cpus = os.cpus();
  const results = {
    contracts: summaries.length,
    entryPoints,
    compileForceSeconds: Number(compileSeconds.toFixed(2)),
    analysisSeconds: Number(analysisSeconds.toFixed(3)),
    analysisShareOfCompile: Number((analysisSeconds / compileSeconds).toFixed(4)),
    concretizeTxPerSecond: { "ERC20Mock.transfer": Math.round(transferRate), "LanesPair.swap": Math.round(swapRate) },
  };
  const out = {
    name: "analyzer",
    command: "pnpm bench (or: cd packages/analyzer && pnpm bench)",
    date: new Date().toISOString(),
    machine: {
      cpu: cpus[0]?.model.trim() ?? "unknown",
      cores: cpus.length,
      memoryGiB: Math.round((os.totalmem() / 2 ** 30) * 10) / 10,
      platform: `${os.platform()} ${os.release()} ${os.arch()}`,
      node: process.version,
    },
    results,
  };
  mkdirSync(path.join(ROOT, "bench", "results"), { recursive: true });
  writeFileSync(path.join(ROOT, "bench", "results", "analyzer.json"), JSON.stringify(out, null, 2) + "\n");
  console.log(
    `analysis of ${summaries.length} contracts (${entryPoints} entry points): ${analysisSeconds.toFixed(3)} s = ` +
      `${(results.analysisShareOfCompile * 100).toFixed(1)}% of hardhat compile --force (${compileSeconds.toFixed(1)} s)`,
  );
  console.log(
    `concretize: ${Math.round(transferRate).toLocaleString("en-US")} transfers/s, ${Math.round(swapRate).toLocaleString("en-US")} swaps/s (pre-state cached)`,
  );
}

main();

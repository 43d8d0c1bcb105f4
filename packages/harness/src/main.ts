/**
 * The main job: deploy, run every requested workload in logical blocks, trace each
 * transaction, replay the traced access sets through every executor, and write
 * report.json, report.md and report.html.
 */
import { mkdirSync, writeFileSync } from "node:fs";
import path from "node:path";
import type { HardhatRuntimeEnvironment } from "hardhat/types";
import { Chain } from "./chain";
import { readLayout } from "./layout";
import { buildKeyNames, type Instance } from "./naming";
import { DEFAULT_THREADS, REFERENCE_GAS_PER_SECOND, REFERENCE_SOURCE, TARGET_TPS } from "./options";
import { buildReport, type WorkloadInput } from "./report/build";
import { renderHtml } from "./report/html";
import { renderMarkdown } from "./report/markdown";
import type { Report } from "./report/schema";
import { replayWorkload, HEADLINE_EXECUTOR, REPLAY_NOTES } from "./replay";
import { runWorkload, type RunProgress } from "./run";
import { traceSent } from "./trace";
import { selectWorkloads } from "./workloads";
import { DEFAULT_PARAMS, type WorkloadParams } from "./workloads/types";
import { DEFAULT_AMM_WORLD, deployAmmWorld, type AmmWorld, type AmmWorldParams } from "./world/amm";

export interface ReportRequest {
  workloads: string[];
  params?: WorkloadParams;
  threads?: number[];
  outDir: string;
  world?: Partial<AmmWorldParams>;
}

export interface ReportHooks {
  /** A phase started (deploying, running a workload, replaying, writing). */
  phase?(text: string): void;
  progress?: RunProgress;
}

export interface ReportFiles {
  json: string;
  markdown: string;
  html: string;
}

export async function runReport(
  hre: HardhatRuntimeEnvironment,
  request: ReportRequest,
  hooks: ReportHooks = {},
): Promise<{ report: Report; files: ReportFiles }> {
  const params = request.params ?? DEFAULT_PARAMS;
  const threads = request.threads ?? DEFAULT_THREADS;
  const selected = selectWorkloads(request.workloads);
  const chain = new Chain(hre);
  await chain.checkReachable();

  hooks.phase?.("deploying the AMM world");
  const worldParams = { ...DEFAULT_AMM_WORLD, seed: params.seed, ...request.world };
  const world = await deployAmmWorld(hre, chain, worldParams);
  const names = await namesFor(hre, world);

  const inputs: WorkloadInput[] = [];
  for (const workload of selected) {
    hooks.phase?.(`running ${workload.name}: ${params.blocks} blocks × ${params.blockSize} transactions`);
    const run = await runWorkload(chain, world, workload, params, traceSent, hooks.progress);
    hooks.phase?.(`replaying ${workload.name} through the executors`);
    const t0 = performance.now();
    const replay = replayWorkload(
      run.blocks.map((b) => b.accesses),
      threads,
    );
    inputs.push({ workload: workload as never, run, replay, replaySeconds: (performance.now() - t0) / 1000 });
  }

  const report = buildReport(inputs, names, {
    params,
    threads,
    headlineExecutor: HEADLINE_EXECUTOR,
    targetTps: TARGET_TPS,
    referenceGasPerSecond: REFERENCE_GAS_PER_SECOND,
    referenceSource: REFERENCE_SOURCE,
    notes: [
      ...REPLAY_NOTES,
      "Access sets are the traced (real) ones, from debug_traceTransaction on the Hardhat network.",
      "The block's fee recipient is excluded from the keys: parallel EVMs pay it lazily.",
      "Each transaction was mined in its own chain block; a workload block is a logical group of consecutive transactions sharing one timestamp.",
      "Projected TPS = transactions / (gas / reference rate) × speedup; 'all keys' include sender nonces and balances, 'storage' only contract storage.",
      "On the in-process network each transaction's raw trace comes back with it (EDR), so the measured Hardhat rate includes handing the trace over; the reference rate is what projections use.",
    ],
  });
  hooks.phase?.(`writing ${request.outDir}`);
  return { report, files: writeReport(report, request.outDir) };
}

export function writeReport(report: Report, outDir: string): ReportFiles {
  mkdirSync(outDir, { recursive: true });
  const files = {
    json: path.join(outDir, "report.json"),
    markdown: path.join(outDir, "report.md"),
    html: path.join(outDir, "report.html"),
  };
  writeFileSync(files.json, JSON.stringify(report, null, 2) + "\n");
  writeFileSync(files.markdown, renderMarkdown(report));
  writeFileSync(files.html, renderHtml(report));
  return files;
}

async function namesFor(hre: HardhatRuntimeEnvironment, world: AmmWorld) {
  const [pairLayout, tokenLayout, factoryLayout] = await Promise.all([
    readLayout(hre, "LanesPair"),
    readLayout(hre, "ERC20Mock"),
    readLayout(hre, "LanesFactory"),
  ]);
  const instances: Instance[] = [
    { address: world.factory, layout: factoryLayout },
    ...world.pairs.map((p) => ({ address: p.address, layout: pairLayout, label: p.label })),
    ...world.tokens.map((t) => ({ address: t.address, layout: tokenLayout, label: t.symbol })),
  ];
  const labels = new Map<string, string>([
    [world.router, "router"],
    [world.factory, "factory"],
    ...world.pairs.map((p) => [p.address, `pair ${p.label}`] as [string, string]),
    ...world.tokens.map((t) => [t.address, `token ${t.symbol}`] as [string, string]),
    ...world.users.map((u, i) => [u, `user ${i}`] as [string, string]),
    ...world.lps.flatMap((lps, p) => lps.map((lp, i) => [lp, `lp ${p}.${i}`] as [string, string])),
    ["0x000000000000000000000000000000000000dEaD", "0xdead"],
  ]);
  // Inner keys of nested mappings (allowance[owner][spender], getPair[a][b]): the router and the tokens.
  const inner = new Map<string, string>([
    [world.router, "router"],
    ...world.tokens.map((t) => [t.address, `token ${t.symbol}`] as [string, string]),
  ]);
  return buildKeyNames({ instances, addressLabels: labels, innerAddressLabels: inner, maxIndex: world.pairs.length });
}

/**
 * The main job: deploy, run every requested workload in logical blocks, trace each
 * transaction, predict it with the static analyzer from the block's pre-state, replay the
 * traced and the predicted access sets through every executor, and write report.json,
 * report.md and report.html.
 */
import { mkdirSync, writeFileSync } from "node:fs";
import path from "node:path";
import type { HardhatRuntimeEnvironment } from "hardhat/types";
import { Chain } from "./chain";
import { readLayout } from "./layout";
import { buildKeyNames, type Instance } from "./naming";
import { DEFAULT_THREADS, REFERENCE_GAS_PER_SECOND, REFERENCE_SOURCE, TARGET_TPS } from "./options";
import { predictedAccesses, predictRun } from "./predict-run";
import { buildReport, type WorkloadInput } from "./report/build";
import { renderHtml } from "./report/html";
import { renderMarkdown } from "./report/markdown";
import type { Report } from "./report/schema";
import { replayWorkload, HEADLINE_EXECUTOR, REPLAY_NOTES } from "./replay";
import { runWorkload, type RunProgress, type WorkloadRun } from "./run";
import { compareRun } from "./soundness";
import { AMM_CONTRACTS, Predictor, ammContractsOf, loadSummaries } from "./soundness-predict";
import type { StaticInput } from "./report/static";
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
  /**
   * Predict every transaction with the static analyzer and replay the predicted sets beside the
   * traced ones (the report's static-vs-dynamic section). Default true; `--no-static` skips it.
   */
  static?: boolean;
}

/** Notes the static-vs-dynamic section needs, in report.json's `parameters.notes` when it is on. */
export const STATIC_NOTES: readonly string[] = [
  "Static vs dynamic: 'static' sets are @lanes/analyzer's predictions from calldata and the logical block's pre-state (the state before its first transaction, what a chain knows before executing the block), wildcards included, never the trace; 'traced' sets are the real ones. Both are replayed through the same executors with the same gas per transaction (the traced gasUsed: the static side knows no gas), so only the access sets differ. The comparison is without delta support: a commutative update, traced or predicted, counts as a read and a write.",
  "A wildcard conflicts with every key of its block it covers (an `any` wildcard: every key, account keys included in the 'all keys' scope); `slots` wildcards cover every slot of their contract. The ratio is the declared executor's speedup on the static sets over its speedup on the traced sets; the target is 90%. Block-STM does not schedule from declared sets: its static curve is a what-if (transactions that really touched every predicted key).",
  "A sound prediction covers every traced key, so its dependency rate is at least the traced one and its ceiling at most the traced one. List scheduling is not monotone (Graham's anomalies): a declared executor on a superset can, rarely, finish a few percent sooner at a given thread count.",
];

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
  const withStatic = request.static !== false;
  const selected = selectWorkloads(request.workloads);
  const chain = new Chain(hre);
  await chain.checkReachable();
  let summaries: Awaited<ReturnType<typeof loadSummaries>> | undefined;
  if (withStatic) {
    hooks.phase?.("analyzing the AMM contracts");
    summaries = await loadSummaries(hre, AMM_CONTRACTS);
  }

  hooks.phase?.("deploying the AMM world");
  const worldParams = { ...DEFAULT_AMM_WORLD, seed: params.seed, ...request.world };
  const world = await deployAmmWorld(hre, chain, worldParams);
  const names = await namesFor(hre, world);
  const predictor = summaries ? new Predictor(ammContractsOf(world), summaries) : undefined;

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
    const replaySeconds = (performance.now() - t0) / 1000;
    let predicted: StaticInput | undefined;
    if (predictor) {
      hooks.phase?.(`predicting ${workload.name} with the analyzer and replaying the predicted sets`);
      predicted = await staticSide(chain, predictor, run, threads);
    }
    inputs.push({ workload: workload as never, run, replay, replaySeconds, static: predicted });
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
      ...(withStatic ? STATIC_NOTES : []),
    ],
  });
  hooks.phase?.(`writing ${request.outDir}`);
  return { report, files: writeReport(report, request.outDir) };
}

/**
 * The static side of one workload: every transaction predicted (block by block, from each
 * block's pre-state), compared with its trace, and the predicted sets replayed through the same
 * executors as the traced ones.
 */
async function staticSide(
  chain: Chain,
  predictor: Predictor,
  run: WorkloadRun,
  threads: readonly number[],
): Promise<StaticInput> {
  const t0 = performance.now();
  const predictions = await predictRun(chain, predictor, run);
  const { soundness, misses } = compareRun(run, predictions);
  const t1 = performance.now();
  // Delta-aware curves are added when the analyzer found commutative updates; the ratios
  // compare the plain ones, which is what executors without delta support get.
  const replay = replayWorkload(
    run.blocks.map((b, i) => predictedAccesses(b.accesses, predictions[i])),
    threads,
  );
  return {
    replay,
    soundness,
    misses,
    predictSeconds: (t1 - t0) / 1000,
    replaySeconds: (performance.now() - t1) / 1000,
  };
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

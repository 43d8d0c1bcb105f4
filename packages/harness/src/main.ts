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
import { DEFAULT_THREADS, REFERENCE_GAS_PER_SECOND, REFERENCE_SOURCE, TARGET_TPS } from "./options";
import { predictedAccesses, predictRun } from "./predict-run";
import { buildReport, type WorkloadInput } from "./report/build";
import { renderHtml } from "./report/html";
import { renderMarkdown } from "./report/markdown";
import type { Report, WorldsInfo } from "./report/schema";
import { replayWorkload, HEADLINE_EXECUTOR, REPLAY_NOTES } from "./replay";
import { runWorkload, type RunProgress, type WorkloadRun } from "./run";
import { compareRun } from "./soundness";
import { Predictor, contractsFor, contractsOf, loadSummaries } from "./soundness-predict";
import type { StaticInput } from "./report/static";
import { traceSent } from "./trace";
import { selectWorkloads } from "./workloads";
import { DEFAULT_PARAMS, type WorkloadParams } from "./workloads/types";
import { deployWorlds, worldOf, worldsNeeded, worldsParams, type WorldsParams } from "./world";
import type { AmmWorldParams } from "./world/amm";
import { LENDING_MARKETS, type LendingWorldParams } from "./world/lending";
import { keyNamesFor } from "./world/names";

export interface ReportRequest {
  workloads: string[];
  params?: WorkloadParams;
  threads?: number[];
  outDir: string;
  /** The AMM world's size (deployed only when a selected workload needs it). */
  world?: Partial<AmmWorldParams>;
  /** The lending world's size (deployed only when a selected workload needs it). */
  lending?: Partial<LendingWorldParams>;
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
  // Only the worlds the selected workloads act in: an AMM-only run deploys no lending market.
  const kinds = worldsNeeded(selected);
  let summaries: Awaited<ReturnType<typeof loadSummaries>> | undefined;
  if (withStatic) {
    hooks.phase?.(`analyzing the contracts of the ${kinds.join(" and ")} world${kinds.length > 1 ? "s" : ""}`);
    summaries = await loadSummaries(hre, contractsFor(kinds));
  }

  const worldParams = worldsParams(kinds, params.seed, { amm: request.world, lending: request.lending });
  const worlds = await deployWorlds(hre, chain, worldParams, hooks.phase);
  const names = await keyNamesFor(hre, worlds);
  const predictor = summaries ? new Predictor(contractsOf(worlds), summaries) : undefined;

  const inputs: WorkloadInput[] = [];
  for (const workload of selected) {
    hooks.phase?.(`running ${workload.name}: ${params.blocks} blocks × ${params.blockSize} transactions`);
    const run = await runWorkload(chain, worldOf(workload, worlds), workload, params, traceSent, hooks.progress);
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
    inputs.push({ workload, run, replay, replaySeconds, static: predicted });
  }

  const report = buildReport(inputs, names, {
    params,
    threads,
    headlineExecutor: HEADLINE_EXECUTOR,
    targetTps: TARGET_TPS,
    referenceGasPerSecond: REFERENCE_GAS_PER_SECOND,
    referenceSource: REFERENCE_SOURCE,
    worlds: worldsInfo(worldParams),
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

/** The deployed worlds as report.json describes them (`parameters.worlds`). */
export function worldsInfo(params: WorldsParams): WorldsInfo {
  const out: WorldsInfo = {};
  if (params.amm) {
    const { tokens, pairs, users, lpsPerPair, seed } = params.amm;
    out.amm = { tokens, pairs, users, lpsPerPair, seed };
  }
  if (params.lending) {
    const { users, liquidators, seed } = params.lending;
    out.lending = {
      users,
      liquidators,
      seed,
      markets: LENDING_MARKETS.slice(0, params.lending.markets).map((m) => ({
        symbol: m.symbol,
        decimals: m.decimals,
        priceUsd: Number(m.answer) / 1e8,
        collateralFactorBps: m.collateralFactorBps,
        liquidationThresholdBps: m.liquidationThresholdBps,
        liquidationIncentiveBps: m.liquidationIncentiveBps,
        reserveFactorBps: m.reserveFactorBps,
        supplyCap: Number(m.supplyCap),
        borrowCap: Number(m.borrowCap),
        rateModel: m.rateModel,
      })),
    };
  }
  return out;
}

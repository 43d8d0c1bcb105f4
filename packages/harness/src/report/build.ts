/** Assembling report.json from workload runs and their replays. */
import os from "node:os";
import type { KeyName } from "@lanes/types";
import { formatKeyName } from "@lanes/types";
import type { WorkloadRun } from "../run";
import type { Workload, WorkloadParams } from "../workloads/types";
import { answerFor } from "./answer";
import type { FunctionRow, KeyScope, NamedKey, Report, ScopeMetrics, WorkloadReport } from "./schema";
import { REPORT_SCHEMA } from "./schema";
import { staticComparison, type StaticInput } from "./static";

/** What replaying a workload's blocks gives for one key scope, keys still canonical strings. */
export interface ReplayedScope {
  dependencyRate: number;
  criticalPathGas: number;
  ceiling: number;
  /** The keys linking the most critical-path steps (several when tied). */
  criticalKeys: string[];
  executors: ScopeMetrics["executors"];
  hotKeys: { key: string; conflicts: number; writers: number; readers: number }[];
}

/** The report's parameters, with the workload parameters as one object. */
export type ReportSettings = Pick<
  Report["parameters"],
  "threads" | "headlineExecutor" | "targetTps" | "referenceGasPerSecond" | "referenceSource" | "notes" | "worlds"
> & { params: WorkloadParams };

export interface WorkloadInput {
  workload: Workload<unknown>;
  run: WorkloadRun;
  replay: Record<KeyScope, ReplayedScope>;
  replaySeconds: number;
  /** The analyzer's predictions replayed beside the traced sets (absent: no static section). */
  static?: StaticInput;
}

/**
 * Tied keys in the order a reader wants them: state declared in the project's own contracts
 * before state declared in dependencies (an OpenZeppelin token balance), then by name.
 */
function byProjectFirst(a: NamedKey, b: NamedKey): number {
  const rank = (k: NamedKey): number =>
    k.source === undefined ? 2 : k.source.startsWith("@") || k.source.includes("node_modules") ? 1 : 0;
  return rank(a) - rank(b) || (a.name < b.name ? -1 : a.name > b.name ? 1 : 0);
}

export function nameKey(key: string, names: ReadonlyMap<string, KeyName>): NamedKey {
  const n = names.get(key);
  if (!n) return { key, name: key };
  return { key, name: formatKeyName(n), source: n.source ? `${n.source.file}:${n.source.line}` : undefined };
}

export function buildReport(
  inputs: WorkloadInput[],
  names: ReadonlyMap<string, KeyName>,
  settings: ReportSettings,
): Report {
  const workloads: WorkloadReport[] = inputs.map(({ workload, run, replay, static: predicted }) => {
    const txs = run.blocks.flatMap((b) => b.txs);
    const totalGas = txs.reduce((s, t) => s + t.gasUsed, 0);
    const scopes = {} as Record<KeyScope, ScopeMetrics>;
    for (const scope of ["storage", "all"] as const) {
      const r = replay[scope];
      scopes[scope] = {
        dependencyRate: r.dependencyRate,
        criticalPathGas: r.criticalPathGas,
        ceiling: r.ceiling,
        criticalKeys: r.criticalKeys.map((k) => nameKey(k, names)).sort(byProjectFirst),
        executors: r.executors,
        hotKeys: r.hotKeys.map((h) => ({
          ...nameKey(h.key, names),
          conflicts: h.conflicts,
          writers: h.writers,
          readers: h.readers,
        })),
      };
    }
    const byLabel = new Map<string, FunctionRow>();
    for (const t of txs) {
      const row = byLabel.get(t.request.label) ?? { label: t.request.label, count: 0, reverted: 0, meanGas: 0 };
      row.meanGas = (row.meanGas * row.count + t.gasUsed) / (row.count + 1);
      row.count++;
      if (t.reverted) row.reverted++;
      byLabel.set(t.request.label, row);
    }
    return {
      name: workload.name,
      title: workload.title,
      description: workload.description,
      protocol: workload.protocol,
      blocks: run.blocks.length,
      txs: txs.length,
      revertedTxs: txs.filter((t) => t.reverted).length,
      totalGas,
      meanGasPerTx: txs.length ? totalGas / txs.length : 0,
      answer: answerFor({
        txs: txs.length,
        totalGas,
        threads: settings.threads,
        scope: scopes.all,
        executor: settings.headlineExecutor,
        targetTps: settings.targetTps,
        referenceGasPerSecond: settings.referenceGasPerSecond,
      }),
      scopes,
      functions: [...byLabel.values()].sort((a, b) => b.count - a.count || a.label.localeCompare(b.label)),
      ...(predicted ? { static: staticComparison(replay, predicted, settings.threads) } : {}),
    };
  });

  const gas = inputs.reduce((s, i) => s + i.run.blocks.flatMap((b) => b.txs).reduce((g, t) => g + t.gasUsed, 0), 0);
  const sendSeconds = inputs.reduce((s, i) => s + i.run.sendMs / 1000, 0);
  const cpus = os.cpus();
  return {
    schema: REPORT_SCHEMA,
    parameters: {
      workloads: inputs.map((i) => i.workload.name),
      blockSize: settings.params.blockSize,
      blocks: settings.params.blocks,
      seed: settings.params.seed,
      skew: settings.params.skew,
      repeatSenders: settings.params.repeatSenders,
      threads: settings.threads,
      headlineExecutor: settings.headlineExecutor,
      targetTps: settings.targetTps,
      referenceGasPerSecond: settings.referenceGasPerSecond,
      referenceSource: settings.referenceSource,
      ...(settings.worlds ? { worlds: settings.worlds } : {}),
      notes: settings.notes,
    },
    workloads,
    measured: {
      date: new Date().toISOString(),
      machine: {
        cpu: cpus[0]?.model.trim() ?? "unknown",
        cores: cpus.length,
        memoryGiB: Math.round((os.totalmem() / 2 ** 30) * 10) / 10,
        node: process.version,
      },
      hardhatGasPerSecond: sendSeconds > 0 ? gas / sendSeconds : 0,
      workloads: inputs.map((i, k) => {
        const n = i.run.blocks.reduce((s, b) => s + b.txs.length, 0);
        const hardhatTps = i.run.sendMs > 0 ? n / (i.run.sendMs / 1000) : 0;
        return {
          name: i.workload.name,
          sendSeconds: i.run.sendMs / 1000,
          traceSeconds: i.run.traceMs / 1000,
          replaySeconds: i.replaySeconds,
          ...(i.static ? { predictSeconds: i.static.predictSeconds, staticReplaySeconds: i.static.replaySeconds } : {}),
          hardhatTps,
          projectedTpsAtHardhatRate:
            hardhatTps * (workloads[k].answer.bestTps / (workloads[k].answer.sequentialTps || 1)),
        };
      }),
    },
  };
}

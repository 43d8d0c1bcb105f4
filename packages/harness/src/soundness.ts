/**
 * `lanes soundness`: run the standard workloads on the worlds they need, trace every transaction
 * (the truth), predict it with the analyzer from calldata and the logical block's pre-state,
 * and compare per transaction, per function and per workload. Any missed key is a soundness
 * violation; the caller decides to fail on it.
 */
import { mkdirSync, writeFileSync } from "node:fs";
import path from "node:path";
import { keyToString } from "@lanes/types";
import type { HardhatRuntimeEnvironment } from "hardhat/types";
import { Chain } from "./chain";
import { predictRun } from "./predict-run";
import { runWorkload, type BlockRun, type RunProgress, type WorkloadRun } from "./run";
import { type ScopeCounts, blockKeysOf, compareBlockSets, compareTx, type TxComparison } from "./soundness-compare";
import { Predictor, contractsFor, contractsOf, loadSummaries, type TxPrediction } from "./soundness-predict";
import {
  BlockTally,
  EXTRA_SOURCES_KEPT,
  SOUNDNESS_SCHEMA,
  SoundnessTally,
  type ExtraSource,
  type MissRecord,
  type SoundnessResult,
  type WildcardReason,
  type WorkloadSoundness,
} from "./soundness-summary";
import { traceSent } from "./trace";
import { selectWorkloads } from "./workloads";
import { DEFAULT_PARAMS, type WorkloadParams } from "./workloads/types";
import { deployWorlds, worldOf, worldsNeeded, worldsParams } from "./world";
import type { AmmWorldParams } from "./world/amm";
import type { LendingWorldParams } from "./world/lending";

export interface SoundnessRequest {
  workloads: string[];
  params?: WorkloadParams;
  /** The AMM world's size (deployed only when a selected workload needs it). */
  world?: Partial<AmmWorldParams>;
  /** The lending world's size (deployed only when a selected workload needs it). */
  lending?: Partial<LendingWorldParams>;
  outDir: string;
}

export interface SoundnessHooks {
  phase?(text: string): void;
  progress?: RunProgress;
}

export const SOUNDNESS_NOTES = [
  "Truth: debug_traceTransaction on the Hardhat network (one chain block per transaction). Prediction: @lanes/analyzer from calldata and the logical block's pre-state (the state before its first transaction), never the trace.",
  "A traced key is missed when no predicted key or wildcard covers it; a written key must be covered by a predicted write.",
  "Precision counts a wildcard as every key it covers among the keys the transaction's logical block touched (an `any` wildcard: all of them). A `slots` wildcard covers every slot of its contract whose base is not known.",
  "A transaction's target is bound to its summary by the address the world deployed it at (the AMM's router, factory, pairs and tokens; the lending pool, oracle adapter, feeds, rate models and assets); calls between contracts are followed by the analyzer, each callee bound by its code (immutables masked); an address no summary answers is an `any` wildcard.",
  "Storage precision counts contract storage only; 'all' adds account keys (nonces, balances, code).",
  "Block precision compares each logical block's predicted keys, as one set, with the keys its transactions touched: the precision of a block-level access list (EIP-7928) built from the prediction.",
  "Extra sources name the line behind each predicted key a transaction did not touch (mapping keys elided): mostly branches the block's pre-state cannot decide because an earlier transaction of the block writes what they test, and transactions that reverted before the line.",
];

export async function runSoundness(
  hre: HardhatRuntimeEnvironment,
  request: SoundnessRequest,
  hooks: SoundnessHooks = {},
): Promise<{ result: SoundnessResult; file: string }> {
  const params = request.params ?? DEFAULT_PARAMS;
  const selected = selectWorkloads(request.workloads);
  const chain = new Chain(hre);
  await chain.checkReachable();
  const kinds = worldsNeeded(selected);
  hooks.phase?.(`analyzing the contracts of the ${kinds.join(" and ")} world${kinds.length > 1 ? "s" : ""}`);
  const summaries = await loadSummaries(hre, contractsFor(kinds));

  const worldParams = worldsParams(kinds, params.seed, { amm: request.world, lending: request.lending });
  const worlds = await deployWorlds(hre, chain, worldParams, hooks.phase);
  const predictor = new Predictor(contractsOf(worlds), summaries);

  const total = new SoundnessTally();
  const blockTotal = new BlockTally();
  const misses: MissRecord[] = [];
  const workloads: WorkloadSoundness[] = [];
  for (const workload of selected) {
    hooks.phase?.(`running ${workload.name}: ${params.blocks} blocks × ${params.blockSize} transactions`);
    const run = await runWorkload(chain, worldOf(workload, worlds), workload, params, traceSent, hooks.progress);
    hooks.phase?.(`predicting and comparing ${workload.name}`);
    const compared = compareRun(run, await predictRun(chain, predictor, run));
    for (const c of compared.comparisons) total.add(c.reverted, c.comparison);
    blockTotal.add(compared.soundness.blockStorage);
    misses.push(...compared.misses);
    workloads.push(compared.soundness);
  }

  const result: SoundnessResult = {
    schema: SOUNDNESS_SCHEMA,
    params,
    ...(worldParams.amm ? { world: worldParams.amm } : {}),
    ...(worldParams.lending ? { lendingWorld: worldParams.lending } : {}),
    totals: { ...total.totals(), blockStorage: blockTotal.rates() },
    workloads,
    misses,
    notes: SOUNDNESS_NOTES,
  };
  mkdirSync(request.outDir, { recursive: true });
  const file = path.join(request.outDir, "soundness.json");
  writeFileSync(file, JSON.stringify(result, null, 2) + "\n");
  return { result, file };
}

/** One transaction's prediction compared with its trace. */
export interface ComparedTx {
  block: number;
  index: number;
  hash?: string;
  reverted: boolean;
  function: string;
  comparison: TxComparison;
}

/**
 * A whole run compared with its predictions (from `predictRun`): the workload's soundness
 * figures (per function, wildcard reasons ranked by how many transactions needed them) and
 * every missed key.
 */
export function compareRun(
  run: WorkloadRun,
  predictions: readonly (readonly TxPrediction[])[],
): { soundness: WorkloadSoundness; misses: MissRecord[]; comparisons: ComparedTx[] } {
  const tally = new SoundnessTally();
  const blockTally = new BlockTally();
  const sources = new ExtraSources();
  const byFunction = new Map<string, SoundnessTally>();
  const reasons = new Map<string, WildcardReason>();
  const misses: MissRecord[] = [];
  const comparisons: ComparedTx[] = [];
  run.blocks.forEach((block, b) => {
    const blockPredictions = predictions[b] ?? [];
    const { sets, comparisons: compared } = compareBlock(block, blockPredictions);
    blockTally.add(sets);
    for (const c of compared) {
      comparisons.push(c);
      sources.add(c, blockPredictions[c.index]);
      tally.add(c.reverted, c.comparison);
      let f = byFunction.get(c.function);
      if (!f) byFunction.set(c.function, (f = new SoundnessTally()));
      f.add(c.reverted, c.comparison);
      const seen = new Set<string>();
      for (const w of c.comparison.wildcards) {
        const reason = reasonKind(w.reason);
        const id = `${c.function}\n${keyToString(w)}\n${reason}`;
        if (seen.has(id)) continue;
        seen.add(id);
        const r = reasons.get(id) ?? { function: c.function, wildcard: keyToString(w), reason, count: 0 };
        r.count++;
        reasons.set(id, r);
      }
      for (const m of c.comparison.missed)
        misses.push({
          workload: run.name,
          block: c.block,
          index: c.index,
          hash: c.hash,
          function: c.function,
          ...m,
        });
    }
  });
  const soundness: WorkloadSoundness = {
    name: run.name,
    ...tally.totals(),
    blockStorage: blockTally.rates(),
    functions: [...byFunction.entries()]
      .map(([fn, t]) => ({ function: fn, ...t.totals() }))
      .sort((a, b) => b.txs - a.txs || (a.function < b.function ? -1 : 1)),
    wildcardReasons: [...reasons.values()].sort((a, b) => b.count - a.count),
    extraSources: sources.top(EXTRA_SOURCES_KEPT),
  };
  return { soundness, misses, comparisons };
}

/** Storage extras grouped by the source line (and variable) the prediction took them from. */
class ExtraSources {
  private readonly bySource = new Map<string, ExtraSource>();

  add(c: ComparedTx, prediction: TxPrediction | undefined): void {
    for (const key of c.comparison.extraKeys) {
      if (!key.startsWith("storage:")) continue;
      const origins = prediction?.origins?.[key] ?? [];
      // The write explains an extra best: a predicted write the transaction did not do.
      const o = origins.find((x) => x.mode !== "read") ?? origins[0];
      const source: ExtraSource = o
        ? {
            name: o.name.replace(/\[[^\]]*\]/g, "[…]"),
            contract: o.contract,
            ...(o.at ? { at: o.at } : {}),
            mode: o.mode,
            extra: 0,
            inReverted: 0,
          }
        : { name: "(no source line)", contract: "", mode: "read", extra: 0, inReverted: 0 };
      const id = `${source.contract}\n${source.name}\n${source.at ?? ""}\n${source.mode}`;
      const s = this.bySource.get(id) ?? source;
      s.extra++;
      if (c.reverted) s.inReverted++;
      this.bySource.set(id, s);
    }
  }

  /** The `n` sources with the most extras, most first (ties by name, for stable output). */
  top(n: number): ExtraSource[] {
    return [...this.bySource.values()]
      .sort((a, b) => b.extra - a.extra || (a.name < b.name ? -1 : a.name > b.name ? 1 : 0))
      .slice(0, n);
  }
}

/**
 * A wildcard's reason without the hashed slot it names ("slot 7798…4456 of 0xaedd… may be written
 * earlier in the block" → "a slot of 0xaedd… may be…"): the same cause on different accounts'
 * slots is one reason, counted once per transaction, so the most frequent reasons mean something.
 */
export function reasonKind(reason: string): string {
  return reason.replace(/\bslot \d{12,} of (0x[0-9a-fA-F]{40})/g, "a slot of $1");
}

/**
 * One logical block: every transaction's prediction (made against the state before the block's
 * first transaction, see `predictRun`) compared with its trace, and the block's predictions as one
 * set with its keys.
 */
function compareBlock(
  block: BlockRun,
  predictions: readonly TxPrediction[],
): { comparisons: ComparedTx[]; sets: ScopeCounts } {
  if (block.txs.length !== predictions.length) {
    throw new Error(`block ${block.index}: ${predictions.length} predictions for ${block.txs.length} transactions`);
  }
  const blockKeys = blockKeysOf(block.accesses);
  const comparisons = block.txs.map((tx, i) => ({
    block: block.index,
    index: i,
    hash: tx.hash,
    reverted: tx.reverted,
    function: predictions[i].function,
    comparison: compareTx({ traced: block.accesses[i], predicted: predictions[i], blockKeys }),
  }));
  return { comparisons, sets: compareBlockSets(block.accesses, predictions, undefined, blockKeys) };
}

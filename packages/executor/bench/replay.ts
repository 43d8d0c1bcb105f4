/**
 * Replay throughput: how many transactions per second of wall-clock time the Block-STM
 * simulation replays at 32 virtual threads, on one core. Writes bench/results/executor-replay.json
 * and the summary table of packages/executor/README.md.
 *
 *   pnpm --filter @lanes/executor bench        (or: cd packages/executor && pnpm bench)
 */
import { readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { machineInfo, writeResults } from "../../../bench/lib/results";
import { type ExecutorKind, type InternedBlock, internBlock, p2pTransfers, simulate } from "../src";

const COMMAND = "cd packages/executor && pnpm bench";
const TX_COUNT = 100_000;
const THREADS = 32;
const RUNS = 7;

interface Case {
  readonly name: string;
  readonly accounts: number;
  readonly kind: ExecutorKind;
}

const CASES: readonly Case[] = [
  { name: "low contention (1M accounts)", accounts: 1_000_000, kind: "block-stm" },
  { name: "medium contention (10k accounts)", accounts: 10_000, kind: "block-stm" },
  { name: "high contention (100 accounts)", accounts: 100, kind: "block-stm" },
  { name: "fully sequential (2 accounts)", accounts: 2, kind: "block-stm" },
  { name: "low contention (1M accounts)", accounts: 1_000_000, kind: "declared-raw" },
  { name: "high contention (100 accounts)", accounts: 100, kind: "declared-raw" },
];

interface CaseResult {
  readonly case: string;
  readonly executor: ExecutorKind;
  readonly accounts: number;
  readonly txCount: number;
  readonly threads: number;
  /** Median and best of RUNS timed replays, after one warm-up. */
  readonly medianMs: number;
  readonly bestMs: number;
  readonly txPerSecond: number;
  readonly speedup: number;
  readonly reExecutionsPerTx: number;
}

function timeReplay(
  kind: ExecutorKind,
  block: InternedBlock,
): { times: number[]; speedup: number; reExecutionsPerTx: number } {
  const warm = simulate(kind, block, { threads: THREADS });
  const times: number[] = [];
  for (let run = 0; run < RUNS; run++) {
    const t0 = process.hrtime.bigint();
    simulate(kind, block, { threads: THREADS });
    times.push(Number(process.hrtime.bigint() - t0) / 1e6);
  }
  return { times, speedup: warm.speedup, reExecutionsPerTx: warm.reExecutions / warm.txCount };
}

function main(): void {
  const blocks = new Map<number, InternedBlock>();
  const internMs: Record<string, number> = {};
  const results: CaseResult[] = [];
  for (const c of CASES) {
    let block = blocks.get(c.accounts);
    if (block === undefined) {
      const txs = p2pTransfers({ count: TX_COUNT, accounts: c.accounts, seed: 1 });
      const t0 = process.hrtime.bigint();
      block = internBlock(txs);
      internMs[`${c.accounts} accounts`] = Math.round(Number(process.hrtime.bigint() - t0) / 1e4) / 100;
      blocks.set(c.accounts, block);
    }
    const { times, speedup, reExecutionsPerTx } = timeReplay(c.kind, block);
    const sorted = [...times].sort((a, b) => a - b);
    const medianMs = sorted[Math.floor(sorted.length / 2)];
    const result: CaseResult = {
      case: c.name,
      executor: c.kind,
      accounts: c.accounts,
      txCount: TX_COUNT,
      threads: THREADS,
      medianMs: round(medianMs),
      bestMs: round(sorted[0]),
      txPerSecond: Math.round((TX_COUNT / medianMs) * 1000),
      speedup: round(speedup),
      reExecutionsPerTx: round(reExecutionsPerTx),
    };
    results.push(result);
    console.log(
      `${c.kind.padEnd(13)} ${c.name.padEnd(34)} ${(result.txPerSecond / 1e6).toFixed(2)} M tx/s (median ${result.medianMs} ms)`,
    );
  }
  const file = writeResults("executor-replay", COMMAND, {
    note: "median of 7 timed replays after one warm-up; one core",
    internMs,
    cases: results,
  });
  console.log(`wrote ${file}`);
  updateReadme(results);
}

function round(x: number): number {
  return Math.round(x * 100) / 100;
}

function updateReadme(results: readonly CaseResult[]): void {
  const readme = path.resolve(__dirname, "..", "README.md");
  const m = machineInfo();
  const table = [
    `Measured ${new Date().toISOString().slice(0, 10)} with \`${COMMAND}\` on ${m.cpu} (${m.cores} cores, ${m.memoryGiB} GiB, ${m.platform}, Node ${m.node}), one core; 100,000 p2p transfers replayed at ${THREADS} virtual threads, median of ${RUNS} runs:`,
    "",
    "| executor | block | replayed tx/s | ms per block | simulated speedup | re-executions/tx |",
    "|---|---|---|---|---|---|",
    ...results.map(
      (r) =>
        `| ${r.executor} | ${r.case} | ${(r.txPerSecond / 1e6).toFixed(2)} M | ${r.medianMs} | ${r.speedup.toFixed(2)}x | ${r.reExecutionsPerTx.toFixed(2)} |`,
    ),
  ].join("\n");
  const text = readFileSync(readme, "utf8");
  const start = "<!-- bench:start -->";
  const end = "<!-- bench:end -->";
  const from = text.indexOf(start);
  const to = text.indexOf(end);
  if (from < 0 || to < 0) throw new Error(`README.md lacks the ${start} … ${end} markers`);
  writeFileSync(readme, `${text.slice(0, from + start.length)}\n${table}\n${text.slice(to)}`);
}

main();

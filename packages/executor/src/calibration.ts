/**
 * The calibration of DEFAULT_COST_MODEL against the Block-STM paper (Gelashvili et al., PPoPP 2023,
 * Aptos p2p transfers on a c5a.16xlarge; rows as in ANCHORS.md). Each row says how Lanes
 * reproduces the setting and the band it must fall in; the README table and its test both come
 * from here, so the numbers shown are the numbers checked.
 */
import { type CostModel, DEFAULT_COST_MODEL } from "./cost-model";
import { internBlock } from "./intern";
import { p2pTransfers } from "./p2p";
import { simulate } from "./simulate";

export interface CalibrationRow {
  readonly setting: string;
  readonly paper: string;
  /** How Lanes measures the row. */
  readonly lanesSetup: string;
  readonly lanes: number;
  /** The band `lanes` must fall in. */
  readonly min: number;
  readonly max: number;
  readonly ok: boolean;
}

/** Block size of the paper's main experiments. */
export const CALIBRATION_BLOCK_SIZE = 10_000;
const SEED = 1;

export function calibrationTable(
  cost: CostModel = DEFAULT_COST_MODEL,
  blockSize = CALIBRATION_BLOCK_SIZE,
): CalibrationRow[] {
  const blocks = new Map<number, ReturnType<typeof internBlock>>();
  const blockOf = (accounts: number): ReturnType<typeof internBlock> => {
    let b = blocks.get(accounts);
    if (b === undefined) {
      b = internBlock(p2pTransfers({ count: blockSize, accounts, seed: SEED }));
      blocks.set(accounts, b);
    }
    return b;
  };
  const speedup = (accounts: number, threads: number): number =>
    simulate("block-stm", blockOf(accounts), { threads, cost }).speedup;
  const peakAccounts = [1_000, 10_000, 100_000];
  const sweep = [2, 4, 8, 16, 32];
  const row = (
    setting: string,
    paper: string,
    lanesSetup: string,
    lanes: number,
    min: number,
    max: number,
  ): CalibrationRow => ({
    setting,
    paper,
    lanesSetup,
    lanes,
    min,
    max,
    ok: lanes >= min && lanes <= max,
  });
  return [
    row(
      "low contention (10k accounts), 32 threads",
      "~16x (~160k tps)",
      "10k accounts, 32 threads",
      speedup(10_000, 32),
      14,
      18,
    ),
    row(
      "peak, 32 threads",
      "~17x (~170k tps)",
      "best of 1k/10k/100k accounts, 32 threads",
      Math.max(...peakAccounts.map((a) => speedup(a, 32))),
      15,
      19.5,
    ),
    row(
      "peak, 16 threads",
      "~12x (~120k tps)",
      "best of 1k/10k/100k accounts, 16 threads",
      Math.max(...peakAccounts.map((a) => speedup(a, 16))),
      10.5,
      13.5,
    ),
    row(
      "100 accounts",
      "up to ~8x",
      "100 accounts, best of 2-32 threads",
      Math.max(...sweep.map((t) => speedup(100, t))),
      6.5,
      9,
    ),
    row(
      "2 accounts (fully sequential)",
      "at most ~30% slower than sequential",
      "2 accounts, worst of 2-32 threads",
      Math.min(...sweep.map((t) => speedup(2, t))),
      0.7,
      1,
    ),
  ];
}

/** The table as Markdown, with the parameters it was computed with. */
export function calibrationMarkdown(rows: readonly CalibrationRow[], cost: CostModel = DEFAULT_COST_MODEL): string {
  const lines = [
    `Block size ${CALIBRATION_BLOCK_SIZE.toLocaleString("en-US")} p2p transfers (seed ${SEED}), block-stm, speedup over sequential:`,
    "",
    "| setting (paper) | paper | Lanes setup | Lanes | accepted band |",
    "|---|---|---|---|---|",
    ...rows.map(
      (r) => `| ${r.setting} | ${r.paper} | ${r.lanesSetup} | ${r.lanes.toFixed(2)}x | ${r.min}x – ${r.max}x |`,
    ),
    "",
    "Parameters (gas-equivalent time units; a p2p transfer is 21,000 gas):",
    "",
    ...Object.entries(cost).map(
      ([name, value]) => `- \`${name}\`: ${typeof value === "number" ? value : `"${value}"`}`,
    ),
  ];
  return lines.join("\n");
}

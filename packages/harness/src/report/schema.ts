/**
 * report.json, schema `lanes-report/1`. Everything outside `measured` is deterministic:
 * identical inputs give an identical file, so pull requests can diff reports.
 * Documented field by field in docs/report.md. The per-workload `static` section is optional
 * and additive (absent with `--no-static`): a consumer of the first `lanes-report/1` files keeps
 * working, so the schema name stays.
 */
import type { ExtraSource, MissRecord, SoundnessTotals, WildcardReason } from "../soundness-summary";

export const REPORT_SCHEMA = "lanes-report/1";

/** The static sets' declared speedup must reach this share of the traced sets' one. */
export const STATIC_TARGET_RATIO = 0.9;

/** Which keys a metric counts: contract storage only, or storage plus account keys (nonces, balances, code). */
export type KeyScope = "storage" | "all";

export interface NamedKey {
  /** Canonical key string (see @lanes/types keyToString). */
  key: string;
  /** `LanesPair.reserve0+reserve1+blockTimestampLast of WETH/USDC`, or the key itself when unknown. */
  name: string;
  /** Declaration of the variable, `file:line`, when known. */
  source?: string;
}

export interface HotKey extends NamedKey {
  /** Transactions that depend on an earlier one through this key. */
  conflicts: number;
  writers: number;
  readers: number;
}

export interface ExecutorCurve {
  /** `block-stm`, `declared-locks`, … */
  executor: string;
  deltaAware: boolean;
  /** Speedup over sequential at each thread count (same order as parameters.threads). */
  speedup: number[];
  /** Block-STM only: re-executions and aborts per transaction at the largest thread count. */
  reExecutionsPerTx?: number;
  abortsPerTx?: number;
}

export interface ScopeMetrics {
  /** Share of transactions that read a key written by an earlier transaction of their block. */
  dependencyRate: number;
  /** Longest chain of dependent transactions, in gas, summed over blocks. */
  criticalPathGas: number;
  /** Σ sequential time / Σ critical-path time over the workload's blocks: no executor can beat it. */
  ceiling: number;
  /**
   * The keys that link the most steps of the critical paths, by name; several when tied (a hot
   * pair's reserves and its two token balances chain the same swaps).
   */
  criticalKeys: NamedKey[];
  executors: ExecutorCurve[];
  hotKeys: HotKey[];
}

export interface FunctionRow {
  label: string;
  count: number;
  reverted: number;
  meanGas: number;
}

export interface Answer {
  /** Transactions per second one thread sustains at the reference rate. */
  sequentialTps: number;
  /** Fewest threads at which the headline executor reaches the target TPS, or null. */
  threadsForTarget: number | null;
  /** TPS at the best thread count measured. */
  bestTps: number;
  bestThreads: number;
  /** TPS no thread count can pass: ceiling × sequential TPS. */
  ceilingTps: number;
  /** When the target is out of reach: the keys on the critical path that impose the ceiling. */
  bindingKeys: NamedKey[];
  /** One sentence, the first thing the report says about the workload. */
  sentence: string;
}

/** One executor replayed on both kinds of access sets, at each thread count (parameters.threads order). */
export interface StaticCurve {
  executor: string;
  /** On the traced (real) access sets: the same curve as `scopes[scope].executors`. */
  traced: number[];
  /** On the analyzer's predicted sets (wildcards included), same gas per transaction. */
  static: number[];
}

export interface StaticScope {
  dependencyRate: { traced: number; static: number };
  ceiling: { traced: number; static: number };
  /** Not delta-aware: what executors without delta support get from each set. */
  executors: StaticCurve[];
  /**
   * Delta-aware on the predicted sets (the analyzer's commutative updates, `x += c`): a what-if
   * for a chain that charges such updates independently of the current value. Absent when no
   * transaction had a delta. The tracer cannot tell deltas apart, so there is no traced curve.
   */
  deltaAware?: { executor: string; static: number[] }[];
}

/** static speedup / traced speedup of one declared executor (scope `all`). */
export interface SpeedupRatio {
  executor: string;
  /** At each thread count (parameters.threads order). */
  byThreads: number[];
  /** At 8 and 16 threads; null when that thread count was not simulated. */
  at8: number | null;
  at16: number | null;
  /** At the largest thread count simulated. */
  atMaxThreads: number;
  /** Best static speedup over best traced speedup (each at its own thread count). */
  ofBest: number;
  /** Every ratio above (at8, at16 where simulated, atMaxThreads, ofBest) is at least `targetRatio`. */
  meetsTarget: boolean;
}

/**
 * Static vs dynamic: the same executors on the access sets Lanes' analyzer predicts before the
 * block runs (what a chain could declare) and on the traced truth.
 */
export interface StaticComparison {
  /** 0.9: the static declared speedup must be at least this share of the traced one. */
  targetRatio: number;
  /** One per declared executor (`declared-locks`, `declared-raw`), scope `all`. */
  ratios: SpeedupRatio[];
  scopes: Record<KeyScope, StaticScope>;
  /** Predicted vs traced keys, as `lanes soundness` counts them; `missedKeys` must be 0. */
  soundness: SoundnessTotals;
  /** The first missed keys (at most 20), when `soundness.missedKeys` > 0. */
  misses: MissRecord[];
  /** The wildcards the predictions needed, most frequent first (at most 5). */
  wildcardReasons: WildcardReason[];
  /** Storage precision of each block's predictions as one set (EIP-7928's view); absent in early files. */
  blockPrecision?: number;
  /** The source lines behind the most predicted-but-untouched storage keys (at most 3); absent in early files. */
  extraSources?: ExtraSource[];
}

export interface WorkloadReport {
  name: string;
  title: string;
  description: string;
  /** The protocol it exercises (`AMM`, `Lending`, `DeFi` for the mixed block); absent in early files. */
  protocol?: string;
  blocks: number;
  txs: number;
  revertedTxs: number;
  totalGas: number;
  meanGasPerTx: number;
  answer: Answer;
  scopes: Record<KeyScope, ScopeMetrics>;
  functions: FunctionRow[];
  /** Static vs dynamic; absent when the report ran with `--no-static`. */
  static?: StaticComparison;
}

/** One market of the lending world, as listed. */
export interface LendingMarketInfo {
  symbol: string;
  decimals: number;
  /** The feed's answer at listing, in dollars. */
  priceUsd: number;
  collateralFactorBps: number;
  liquidationThresholdBps: number;
  liquidationIncentiveBps: number;
  reserveFactorBps: number;
  /** Caps in whole tokens. */
  supplyCap: number;
  borrowCap: number;
  /** Which jump rate model the market uses. */
  rateModel: "stable" | "volatile";
}

/** The deployed worlds and their sizes. */
export interface WorldsInfo {
  amm?: { tokens: number; pairs: number; users: number; lpsPerPair: number; seed: number };
  lending?: { users: number; liquidators: number; seed: number; markets: LendingMarketInfo[] };
}

export interface Report {
  schema: typeof REPORT_SCHEMA;
  parameters: {
    workloads: string[];
    blockSize: number;
    blocks: number;
    seed: number;
    skew: number;
    repeatSenders: number;
    threads: number[];
    /** Executor of the headline answer. */
    headlineExecutor: string;
    targetTps: number;
    referenceGasPerSecond: number;
    referenceSource: string;
    /** The worlds the workloads ran in (only those deployed); absent in early files. */
    worlds?: WorldsInfo;
    notes: string[];
  };
  workloads: WorkloadReport[];
  /** Timings on the machine that ran the report: not deterministic, kept apart. */
  measured: {
    date: string;
    machine: { cpu: string; cores: number; memoryGiB: number; node: string };
    /** Sequential execution rate of the Hardhat network in this run (gas of the workload / time to send it). */
    hardhatGasPerSecond: number;
    workloads: {
      name: string;
      sendSeconds: number;
      traceSeconds: number;
      replaySeconds: number;
      /** The static side (absent with `--no-static`): predicting every transaction, replaying the predicted sets. */
      predictSeconds?: number;
      staticReplaySeconds?: number;
      /** Transactions per second the Hardhat network executed them at (one thread). */
      hardhatTps: number;
      /** The headline executor's best speedup applied to the Hardhat network's own rate. */
      projectedTpsAtHardhatRate: number;
    }[];
  };
}

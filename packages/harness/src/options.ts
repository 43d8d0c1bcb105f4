/** Parsing and checking what a user asks for, with one-line errors that say what to do. */
import { HarnessInputError } from "./errors";
import { WORKLOAD_NAMES } from "./workloads";
import { LENDING_MARKETS } from "./world/lending";
import { DEEP_BLOCKS, DEFAULT_PARAMS, type WorkloadParams } from "./workloads/types";

export const DEFAULT_THREADS = [1, 2, 4, 8, 16, 32, 64];
export const MAX_THREADS = 1024;
/** Reference sequential rate: reth, per QuarkChain's block-access-list study (ethresear.ch t/23632). */
export const REFERENCE_GAS_PER_SECOND = 1.2e9;
export const REFERENCE_SOURCE =
  "reth ≈ 1.2 Ggas/s sequential, QuarkChain block-access-list study, ethresear.ch t/23632";
export const TARGET_TPS = 100_000;

export function parseThreads(text: string): number[] {
  const parts = text.split(",").map((p) => p.trim());
  const threads = parts.map((p) => Number(p));
  const bad = parts.find(
    (p, i) => p === "" || !Number.isInteger(threads[i]) || threads[i] < 1 || threads[i] > MAX_THREADS,
  );
  if (bad !== undefined) {
    throw new HarnessInputError(
      `--threads "${text}": "${bad}" is not a thread count; give integers from 1 to ${MAX_THREADS}, comma-separated (e.g. 1,2,4,8)`,
    );
  }
  return [...new Set(threads)].sort((a, b) => a - b);
}

export function parseWorkloads(text: string | undefined): string[] {
  if (text === undefined || text === "" || text === "all") return [...WORKLOAD_NAMES];
  const names = text.split(",").map((n) => n.trim());
  for (const n of names) {
    if (!WORKLOAD_NAMES.includes(n)) {
      throw new HarnessInputError(`unknown workload "${n}"; choose from: ${WORKLOAD_NAMES.join(", ")} (or "all")`);
    }
  }
  return [...new Set(names)];
}

export function positiveInt(name: string, text: string | number, min = 1): number {
  const n = typeof text === "number" ? text : Number(text);
  if (!Number.isInteger(n) || n < min) throw new HarnessInputError(`${name} "${text}" must be an integer ≥ ${min}`);
  return n;
}

export function fraction(name: string, text: string | number): number {
  const n = typeof text === "number" ? text : Number(text);
  if (!Number.isFinite(n) || n < 0 || n > 1)
    throw new HarnessInputError(`${name} "${text}" must be a number from 0 to 1`);
  return n;
}

export interface ParamInput {
  blocks?: string | number;
  blockSize?: string | number;
  seed?: string | number;
  skew?: string | number;
  repeatSenders?: string | number;
  deep?: boolean;
}

export function parseParams(input: ParamInput): WorkloadParams {
  const blockSize =
    input.blockSize === undefined ? DEFAULT_PARAMS.blockSize : positiveInt("--block-size", input.blockSize);
  const blocks =
    input.blocks === undefined
      ? input.deep
        ? DEEP_BLOCKS
        : DEFAULT_PARAMS.blocks
      : positiveInt("--blocks", input.blocks);
  const seed = input.seed === undefined ? DEFAULT_PARAMS.seed : positiveInt("--seed", input.seed, 0);
  // The generators are seeded with 32 bits; a larger seed would silently alias a smaller one.
  if (seed > 0xffffffff) throw new HarnessInputError(`--seed "${input.seed}" must be at most 4294967295`);
  const skewNumber = input.skew === undefined ? DEFAULT_PARAMS.skew : Number(input.skew);
  if (!Number.isFinite(skewNumber) || skewNumber < 0 || skewNumber > 5) {
    throw new HarnessInputError(`--skew "${input.skew}" must be a number from 0 (uniform) to 5`);
  }
  const repeatSenders =
    input.repeatSenders === undefined
      ? DEFAULT_PARAMS.repeatSenders
      : fraction("--repeat-senders", input.repeatSenders);
  return { blockSize, blocks, seed, skew: skewNumber, repeatSenders };
}

export interface WorldInput {
  users?: string | number;
  pairs?: string | number;
  /** Markets of the lending world (`--markets`). */
  markets?: string | number;
  /** Users of the lending world (`--lending-users`). */
  lendingUsers?: string | number;
}

/** The AMM world's size from the command line (tokens follow the pairs: enough to make them). */
export function parseWorld(input: WorldInput): { users?: number; pairs?: number; tokens?: number } {
  const out: { users?: number; pairs?: number; tokens?: number } = {};
  if (input.users !== undefined) out.users = positiveInt("--users", input.users, 2);
  if (input.pairs !== undefined) {
    const pairs = positiveInt("--pairs", input.pairs);
    if (pairs > 66)
      throw new HarnessInputError(`--pairs "${input.pairs}" must be at most 66 (12 tokens make 66 pairs)`);
    out.pairs = pairs;
    let tokens = 2;
    while ((tokens * (tokens - 1)) / 2 < pairs) tokens++;
    out.tokens = Math.max(tokens, Math.min(12, pairs + 1));
  }
  return out;
}

/** The lending world's size from the command line. */
export function parseLendingWorld(input: WorldInput): { markets?: number; users?: number } {
  const out: { markets?: number; users?: number } = {};
  if (input.markets !== undefined) {
    const markets = positiveInt("--markets", input.markets, 2);
    if (markets > LENDING_MARKETS.length) {
      throw new HarnessInputError(
        `--markets "${input.markets}" must be at most ${LENDING_MARKETS.length} (${LENDING_MARKETS.map((m) => m.symbol).join(", ")})`,
      );
    }
    out.markets = markets;
  }
  if (input.lendingUsers !== undefined) out.users = positiveInt("--lending-users", input.lendingUsers, 2);
  return out;
}

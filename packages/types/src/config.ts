/**
 * Run-time knobs every package reads the same way.
 */
import { LanesError } from "./errors";

/**
 * How many cases a property test runs: `LANES_PROPERTY_RUNS` when set (CI sets fewer, a deep
 * local run more), otherwise `fallback`.
 */
export function propertyRuns(fallback = 100): number {
  const raw = process.env.LANES_PROPERTY_RUNS;
  if (raw === undefined || raw === "") return fallback;
  const n = Number(raw);
  if (!Number.isInteger(n) || n < 1) {
    throw new LanesError("CONFIG", `LANES_PROPERTY_RUNS="${raw}" must be a positive integer`);
  }
  return n;
}

/**
 * The registry of standard workloads: the one list the report, soundness, the CLI (`lanes
 * workloads`) and the Hardhat task read. Each declares the worlds it needs; a run deploys only
 * those.
 */
import { HarnessInputError } from "../errors";
import { AMM_WORKLOADS } from "./amm";
import { LENDING_WORKLOADS } from "./lending";
import { defiMixed } from "./mixed";
import type { Workload } from "./types";

// Each workload is typed by its own world; the registry holds them side by side, and
// `worldOf` (world/index.ts) hands each the world its `worlds` declare.
export type AnyWorkload = Workload<any>;

export const WORKLOADS: readonly AnyWorkload[] = [...AMM_WORKLOADS, defiMixed, ...LENDING_WORKLOADS];
export const WORKLOAD_NAMES = WORKLOADS.map((w) => w.name);

/** The workloads of `names`, in that order; an unknown name is a one-line error listing the choices. */
export function selectWorkloads(names: readonly string[]): AnyWorkload[] {
  return names.map((name) => {
    const w = WORKLOADS.find((x) => x.name === name);
    if (!w) throw new HarnessInputError(`unknown workload "${name}"; choose from: ${WORKLOAD_NAMES.join(", ")}`);
    return w;
  });
}

export * from "./types";
export * from "./amm";
export * from "./lending";
export * from "./mixed";

/** The registry of standard workloads. */
import type { AmmWorld } from "../world/amm";
import { AMM_WORKLOADS } from "./amm";
import { HarnessInputError } from "../errors";
import type { Workload } from "./types";

export const WORKLOADS: readonly Workload<AmmWorld>[] = AMM_WORKLOADS;
export const WORKLOAD_NAMES = WORKLOADS.map((w) => w.name);

/** The workloads of `names`, in that order; an unknown name is a one-line error listing the choices. */
export function selectWorkloads(names: readonly string[]): Workload<AmmWorld>[] {
  return names.map((name) => {
    const w = WORKLOADS.find((x) => x.name === name);
    if (!w) throw new HarnessInputError(`unknown workload "${name}"; choose from: ${WORKLOAD_NAMES.join(", ")}`);
    return w;
  });
}

export * from "./types";
export * from "./amm";

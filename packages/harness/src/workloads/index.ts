/** The registry of standard workloads. */
import type { AmmWorld } from "../world/amm";
import { AMM_WORKLOADS } from "./amm";
import type { Workload } from "./types";

export const WORKLOADS: readonly Workload<AmmWorld>[] = AMM_WORKLOADS;
export const WORKLOAD_NAMES = WORKLOADS.map((w) => w.name);

export * from "./types";
export * from "./amm";

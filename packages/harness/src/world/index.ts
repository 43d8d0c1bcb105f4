/**
 * Worlds: what workloads act in. A run deploys only the worlds its selected workloads declare
 * (`Workload.worlds`), in WORLD_KINDS order, each on its own setup clock, so an AMM-only run costs
 * what it did before the lending world existed and the same selection always gives the same state.
 */
import type { HardhatRuntimeEnvironment } from "hardhat/types";
import type { Chain } from "../chain";
import { HarnessInputError } from "../errors";
import { WORLD_KINDS, type Workload, type WorldKind } from "../workloads/types";
import { DEFAULT_AMM_WORLD, deployAmmWorld, type AmmWorld, type AmmWorldParams } from "./amm";
import { DEFAULT_LENDING_WORLD, deployLendingWorld, type LendingWorld, type LendingWorldParams } from "./lending";

/** The deployed worlds of a run. */
export interface Worlds {
  amm?: AmmWorld;
  lending?: LendingWorld;
}

/** The world of a workload acting in both the AMM and the lending market (the DeFi block). */
export interface AmmLendingWorld {
  amm: AmmWorld;
  lending: LendingWorld;
}

/** Parameters of the deployed worlds (a world not deployed has none). */
export interface WorldsParams {
  amm?: AmmWorldParams;
  lending?: LendingWorldParams;
}

/** What a caller may set of each world; the rest comes from the defaults and the run's seed. */
export interface WorldsRequest {
  amm?: Partial<AmmWorldParams>;
  lending?: Partial<LendingWorldParams>;
}

/** The world kinds `workloads` need, in deployment order. */
export function worldsNeeded(workloads: readonly Pick<Workload<unknown>, "worlds">[]): WorldKind[] {
  const needed = new Set(workloads.flatMap((w) => w.worlds));
  return WORLD_KINDS.filter((k) => needed.has(k));
}

/** Each world's parameters: defaults, the run's seed, then what the caller asked for. */
export function worldsParams(kinds: readonly WorldKind[], seed: number, request: WorldsRequest = {}): WorldsParams {
  const out: WorldsParams = {};
  if (kinds.includes("amm")) out.amm = { ...DEFAULT_AMM_WORLD, seed, ...request.amm };
  if (kinds.includes("lending")) out.lending = { ...DEFAULT_LENDING_WORLD, seed, ...request.lending };
  return out;
}

/** Deploys the worlds `params` has, in WORLD_KINDS order. */
export async function deployWorlds(
  hre: HardhatRuntimeEnvironment,
  chain: Chain,
  params: WorldsParams,
  phase?: (text: string) => void,
): Promise<Worlds> {
  const worlds: Worlds = {};
  if (params.amm) {
    phase?.("deploying the AMM world");
    worlds.amm = await deployAmmWorld(hre, chain, params.amm);
  }
  if (params.lending) {
    phase?.("deploying the lending world");
    worlds.lending = await deployLendingWorld(hre, chain, params.lending);
  }
  return worlds;
}

/**
 * The world value `workload.block` receives: its one world, or an object with each of its worlds
 * (AmmLendingWorld for the DeFi block).
 */
export function worldOf<World>(workload: Workload<World>, worlds: Worlds): World {
  const missing = workload.worlds.filter((k) => worlds[k] === undefined);
  if (missing.length > 0) {
    throw new HarnessInputError(`workload ${workload.name} needs the ${missing.join(" and ")} world, not deployed`);
  }
  if (workload.worlds.length === 1) return worlds[workload.worlds[0]] as World;
  return Object.fromEntries(workload.worlds.map((k) => [k, worlds[k]])) as World;
}

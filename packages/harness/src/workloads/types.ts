/**
 * A workload: a seeded, parameterised generator of logical blocks of transactions. Protocols add
 * theirs by implementing this interface and registering in workloads/index.ts, the one list of
 * workloads the report, soundness, the CLI and the Hardhat task read.
 */
import type { Chain, TxRequest } from "../chain";
import type { Rng } from "../random";

export interface WorkloadParams {
  /** Transactions per logical block (mainnet's median is ~160). */
  blockSize: number;
  /** Logical blocks to run. */
  blocks: number;
  /** Zipf exponent over pairs/markets (0 = uniform). */
  skew: number;
  /** Share of a block's transactions sent by an account that already sent one in that block. */
  repeatSenders: number;
  seed: number;
}

export const DEFAULT_PARAMS: WorkloadParams = { blockSize: 160, blocks: 10, skew: 1, repeatSenders: 0.1, seed: 1 };
export const DEEP_BLOCKS = 50;

/** The worlds a workload can act in; a run deploys only those its workloads need. */
export type WorldKind = "amm" | "lending";

/** Every world kind, in the order a run deploys them. */
export const WORLD_KINDS: readonly WorldKind[] = ["amm", "lending"];

/**
 * A seeded generator of logical blocks acting in one world (`worlds` has one kind: `World` is
 * that world) or in several (`World` is an object with one property per kind, e.g.
 * `{ amm: AmmWorld; lending: LendingWorld }`).
 */
export interface Workload<World> {
  /** Stable identifier used on the command line and in report.json. */
  name: string;
  title: string;
  description: string;
  /** The worlds it needs deployed, in WORLD_KINDS order. */
  worlds: readonly WorldKind[];
  /** The protocol it exercises, for grouping in the report: `AMM`, `Lending`, or `DeFi` for a mixed block. */
  protocol: string;
  /** The transactions of logical block `index`, generated from the chain's current state. */
  block(ctx: { chain: Chain; world: World; params: WorkloadParams; rng: Rng; index: number }): Promise<TxRequest[]>;
}

/** Picks senders: with probability `repeat` someone who already sent in this block. */
export class SenderPicker {
  private readonly used: string[] = [];

  constructor(
    private readonly users: readonly string[],
    private readonly repeat: number,
    private readonly rng: Rng,
  ) {}

  next(): string {
    const sender =
      this.used.length > 0 && this.rng.chance(this.repeat) ? this.rng.pick(this.used) : this.rng.pick(this.users);
    this.used.push(sender);
    return sender;
  }
}

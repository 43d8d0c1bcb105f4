/**
 * A world's setup on a clock of its own: every setup transaction is mined one second after the
 * previous one, never at the wall clock's time. Interest accrual, feed freshness and whether two
 * transactions share a timestamp (which decides which slots get written, and with it later gas)
 * then depend only on the seed: two runs give the same report.
 */
import { ContractFactory, Interface } from "ethers";
import type { HardhatRuntimeEnvironment } from "hardhat/types";
import type { Chain } from "../chain";
import { MissingArtifactsError } from "../errors";

export class SetupClock {
  private constructor(
    private readonly chain: Chain,
    private clock: number,
  ) {}

  /** Starts one second after the chain's latest block. */
  static async start(chain: Chain): Promise<SetupClock> {
    return new SetupClock(chain, (await chain.latestBlock()).timestamp);
  }

  /** The timestamp of the last setup transaction. */
  get now(): number {
    return this.clock;
  }

  /** Sends one setup transaction, one second after the previous one; fails loudly on a revert. */
  async send(from: string, to: string, data: string, label: string): Promise<void> {
    await this.chain.setNextTimestamp(++this.clock);
    await this.chain.sendUntraced({ from, to, data, label });
  }

  /** Mines an empty block one second after the previous setup transaction. */
  async mine(): Promise<void> {
    await this.chain.mineEmpty(++this.clock);
  }

  /** Deploys an artifact from `from` (its nonce decides the address) and returns the address. */
  async deploy(hre: HardhatRuntimeEnvironment, from: string, name: string, args: unknown[]): Promise<string> {
    const artifact = await readArtifact(hre, name);
    const factory = new ContractFactory(artifact.abi, artifact.bytecode);
    const { data } = await factory.getDeployTransaction(...args);
    await this.chain.setNextTimestamp(++this.clock);
    const { contractAddress } = await this.chain.sendUntraced({ from, data, label: `setup: deploy ${name}` });
    if (!contractAddress) throw new MissingArtifactsError(`deploying ${name} created no contract`);
    return contractAddress;
  }
}

async function readArtifact(hre: HardhatRuntimeEnvironment, name: string) {
  try {
    return await hre.artifacts.readArtifact(name);
  } catch {
    throw new MissingArtifactsError(`no compiled artifact for ${name}: run \`pnpm compile\` first`);
  }
}

/** The ABI of a compiled artifact, or a one-line error saying to compile. */
export async function abiOf(hre: HardhatRuntimeEnvironment, name: string): Promise<Interface> {
  return new Interface((await readArtifact(hre, name)).abi);
}

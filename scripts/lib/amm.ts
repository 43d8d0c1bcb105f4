/**
 * Deploying and addressing the AMM from TypeScript: shared by the demo, the gas benchmark,
 * the Ignition module's tests and the contract tests.
 */
import { ethers as ethersLib } from "ethers";
import type { HardhatRuntimeEnvironment } from "hardhat/types";
import type { ERC20Mock, LanesFactory, LanesPair, LanesRouter, WrappedEther } from "../../typechain-types";

export interface AmmDeployment {
  factory: LanesFactory;
  router: LanesRouter;
  weth: WrappedEther;
  initCodeHash: string;
}

/** Tokens in the order a pair stores them (lower address first). */
export function sortTokens(tokenA: string, tokenB: string): [string, string] {
  const a = BigInt(tokenA);
  const b = BigInt(tokenB);
  if (a === b) throw new Error(`sortTokens: both tokens are ${tokenA}`);
  return a < b ? [tokenA, tokenB] : [tokenB, tokenA];
}

/**
 * The CREATE2 address of a pair, computed off-chain exactly as the factory deploys it:
 * salt = keccak256(token0 ‖ token1), init code = the pair's constant creation code.
 */
export function pairAddress(factory: string, initCodeHash: string, tokenA: string, tokenB: string): string {
  const [token0, token1] = sortTokens(tokenA, tokenB);
  const salt = ethersLib.solidityPackedKeccak256(["address", "address"], [token0, token1]);
  return ethersLib.getCreate2Address(factory, salt, initCodeHash);
}

/** The pair's init-code hash straight from the compiled artifact (no chain needed). */
export async function pairInitCodeHash(hre: HardhatRuntimeEnvironment): Promise<string> {
  const artifact = await hre.artifacts.readArtifact("LanesPair");
  return ethersLib.keccak256(artifact.bytecode);
}

export async function deployAmm(
  hre: HardhatRuntimeEnvironment,
  feeToSetter?: string,
  deployer?: ethersLib.Signer,
): Promise<AmmDeployment> {
  const signer = deployer ?? (await hre.ethers.getSigners())[0];
  const factory = await hre.ethers.deployContract("LanesFactory", [feeToSetter ?? (await signer.getAddress())], signer);
  await factory.waitForDeployment();
  const weth = await hre.ethers.deployContract("WrappedEther", [], signer);
  await weth.waitForDeployment();
  const router = await hre.ethers.deployContract(
    "LanesRouter",
    [await factory.getAddress(), await weth.getAddress()],
    signer,
  );
  await router.waitForDeployment();
  return {
    factory: factory as unknown as LanesFactory,
    router: router as unknown as LanesRouter,
    weth: weth as unknown as WrappedEther,
    initCodeHash: await factory.PAIR_INIT_CODE_HASH(),
  };
}

export async function deployToken(
  hre: HardhatRuntimeEnvironment,
  symbol: string,
  decimals = 18,
  deployer?: ethersLib.Signer,
): Promise<ERC20Mock> {
  const token = await hre.ethers.deployContract("ERC20Mock", [`Test ${symbol}`, symbol, decimals], deployer);
  await token.waitForDeployment();
  return token as unknown as ERC20Mock;
}

export async function pairAt(hre: HardhatRuntimeEnvironment, address: string): Promise<LanesPair> {
  return (await hre.ethers.getContractAt("LanesPair", address)) as unknown as LanesPair;
}

/** Mints `amount` of every token to each signer and approves the router for the maximum. */
export async function fundAndApprove(
  tokens: ERC20Mock[],
  signers: ethersLib.Signer[],
  spender: string,
  amount: bigint,
): Promise<void> {
  for (const token of tokens) {
    for (const signer of signers) {
      await (await token.mint(await signer.getAddress(), amount)).wait();
      await (await token.connect(signer).approve(spender, ethersLib.MaxUint256)).wait();
    }
  }
}

/** Deployments the AMM tests start from (each captured once by loadFixture and reverted to). */
import hre from "hardhat";
import { ethers as ethersLib } from "ethers";
import { deployAmm, deployToken, fundAndApprove, pairAt } from "../../scripts/lib/amm";
import type { ERC20Mock, LanesPair } from "../../typechain-types";

export const E18 = 10n ** 18n;
export const DEADLINE = 2n ** 64n;

export async function ammFixture() {
  const signers = await hre.ethers.getSigners();
  const [deployer, alice, bob, carol, feeRecipient] = signers;
  const { factory, router, initCodeHash } = await deployAmm(hre, deployer.address);
  const tokenA = await deployToken(hre, "TKA");
  const tokenB = await deployToken(hre, "TKB");
  const tokenC = await deployToken(hre, "TKC");
  await fundAndApprove([tokenA, tokenB, tokenC], [deployer, alice, bob, carol], await router.getAddress(), 10n ** 30n);
  return { factory, router, initCodeHash, tokenA, tokenB, tokenC, deployer, alice, bob, carol, feeRecipient, signers };
}

export type AmmFixture = Awaited<ReturnType<typeof ammFixture>>;

/** The pair of A and B, created, with tokens `token0`/`token1` in the pair's order. */
export async function pairFixture() {
  const base = await ammFixture();
  const { factory, tokenA, tokenB } = base;
  await (await factory.createPair(await tokenA.getAddress(), await tokenB.getAddress())).wait();
  const pair = await pairAt(hre, await factory.getPair(await tokenA.getAddress(), await tokenB.getAddress()));
  const token0Address = await pair.token0();
  const [token0, token1] = token0Address === (await tokenA.getAddress()) ? [tokenA, tokenB] : [tokenB, tokenA];
  return { ...base, pair, token0, token1 };
}

export type PairFixture = Awaited<ReturnType<typeof pairFixture>>;

/** Sends amounts to the pair and mints, the low-level way. */
export async function addLiquidity(
  f: { pair: LanesPair; token0: ERC20Mock; token1: ERC20Mock },
  from: ethersLib.Signer,
  amount0: bigint,
  amount1: bigint,
  to?: string,
) {
  const pairAddress = await f.pair.getAddress();
  await (await f.token0.connect(from).transfer(pairAddress, amount0)).wait();
  await (await f.token1.connect(from).transfer(pairAddress, amount1)).wait();
  return f.pair.connect(from).mint(to ?? (await from.getAddress()));
}

export async function reserves(pair: LanesPair): Promise<[bigint, bigint, bigint]> {
  const [r0, r1, ts] = await pair.getReserves();
  return [r0, r1, ts];
}

/** EIP-712 domain and types of the LP token's EIP-2612 permit. */
export async function permitDomain(pair: LanesPair) {
  const { chainId } = await hre.ethers.provider.getNetwork();
  return {
    domain: { name: "Lanes LP", version: "1", chainId, verifyingContract: await pair.getAddress() },
    types: {
      Permit: [
        { name: "owner", type: "address" },
        { name: "spender", type: "address" },
        { name: "value", type: "uint256" },
        { name: "nonce", type: "uint256" },
        { name: "deadline", type: "uint256" },
      ],
    },
  };
}

/** Reserves of `pair` ordered as (tokenIn, tokenOut). */
export async function orderedReserves(pair: LanesPair, tokenIn: string): Promise<[bigint, bigint]> {
  const [r0, r1] = await pair.getReserves();
  return (await pair.token0()) === tokenIn ? [r0, r1] : [r1, r0];
}

/**
 * The AMM gas benchmark: the operations users pay for, measured as `receipt.gasUsed`
 * (21,000 base included) under the conditions Uniswap v2's reference figures were taken in:
 * Hardhat network, cancun, OpenZeppelin ERC-20 tokens, reserves 1000e18 each, 1e18 swaps,
 * every transaction in its own block 12 s after the previous one (so the TWAP accumulators
 * update on every call), protocol fee off.
 */
import { ethers as ethersLib } from "ethers";
import type { HardhatRuntimeEnvironment } from "hardhat/types";
import type { ContractTransactionResponse } from "ethers";
import { deployAmm, deployToken, fundAndApprove, pairAt } from "./amm";

export interface GasRow {
  /** Stable identifier, the key in snapshots/amm.json. */
  name: string;
  gasUsed: number;
  /** Uniswap v2's figure under the same conditions, where one was measured. */
  uniswapV2?: number;
}

/**
 * Uniswap v2 (core 1.0.1, periphery Router02) measured on this toolchain under the
 * conditions above; the figures come from the AMM issue that specifies the benchmark.
 */
export const UNISWAP_V2_REFERENCE: Readonly<Record<string, number>> = {
  "pair.swap (direct, warm)": 73_562,
  "router.swapExactTokensForTokens 1 hop (returning user)": 98_713,
  "router.swapExactTokensForTokens 2 hops (returning user)": 154_106,
  "router.addLiquidity (steady state)": 120_914,
  "router.removeLiquidity (half a position)": 120_631,
};

const E18 = 10n ** 18n;
const BLOCK_INTERVAL = 12;

/**
 * Accounts of the benchmark: fixed keys, so that every contract lands at the same address in
 * every run (calldata gas depends on the bytes of the addresses it carries).
 */
/**
 * Runs `measure` with fresh funded wallets named `names` (keys derived from `label`), on a chain
 * snapshot restored afterwards, so the figures do not depend on what ran before and leave
 * nothing behind.
 */
export async function withBenchmarkWallets<T>(
  hre: HardhatRuntimeEnvironment,
  label: string,
  names: readonly string[],
  measure: (wallets: ethersLib.Wallet[]) => Promise<T>,
): Promise<T> {
  const { ethers } = hre;
  const key = (name: string) => ethersLib.keccak256(ethersLib.toUtf8Bytes(`lanes ${label} ${name}`));
  const snapshot = (await ethers.provider.send("evm_snapshot", [])) as string;
  try {
    const wallets = names.map((name) => new ethersLib.Wallet(key(name), ethers.provider));
    for (const wallet of wallets) {
      await ethers.provider.send("hardhat_setBalance", [wallet.address, ethersLib.toQuantity(10n ** 24n)]);
      if ((await ethers.provider.getTransactionCount(wallet.address)) !== 0) {
        throw new Error(`${label}: account ${wallet.address} was used before; run on a fresh network`);
      }
    }
    return await measure(wallets);
  } finally {
    await ethers.provider.send("evm_revert", [snapshot]);
  }
}

/** Measures the AMM's gas figures on the Hardhat network (on a snapshot restored afterwards). */
export async function measureAmmGas(hre: HardhatRuntimeEnvironment): Promise<GasRow[]> {
  return withBenchmarkWallets(hre, "gas benchmark", ["deployer", "lp", "trader"], (wallets) => measure(hre, wallets));
}

async function measure(hre: HardhatRuntimeEnvironment, [deployer, lp, trader]: ethersLib.Wallet[]): Promise<GasRow[]> {
  const { ethers } = hre;
  const rows: GasRow[] = [];

  // Every transaction in its own block, 12 s after the previous one.
  const nextBlock = async (): Promise<void> => {
    const latest = await ethers.provider.getBlock("latest");
    if (!latest) throw new Error("gas benchmark: the network returned no latest block");
    await ethers.provider.send("evm_setNextBlockTimestamp", [latest.timestamp + BLOCK_INTERVAL]);
  };
  const send = async (tx: () => Promise<ContractTransactionResponse>): Promise<number> => {
    await nextBlock();
    const receipt = await (await tx()).wait();
    if (!receipt) throw new Error("gas benchmark: transaction was not mined");
    return Number(receipt.gasUsed);
  };
  const record = (name: string, gasUsed: number): void => {
    rows.push({ name, gasUsed, uniswapV2: UNISWAP_V2_REFERENCE[name] });
  };

  const { factory, router, weth } = await deployAmm(hre, deployer.address, deployer);
  const routerAddress = await router.getAddress();
  const tokenA = await deployToken(hre, "TKA", 18, deployer);
  const tokenB = await deployToken(hre, "TKB", 18, deployer);
  const tokenC = await deployToken(hre, "TKC", 18, deployer);
  const [a, b, c] = await Promise.all([tokenA.getAddress(), tokenB.getAddress(), tokenC.getAddress()]);
  await fundAndApprove([tokenA, tokenB, tokenC], [lp, trader], routerAddress, 1_000_000n * E18);
  const as = <T extends { connect(runner: ethersLib.ContractRunner): unknown }>(c: T): T => c.connect(deployer) as T;
  const deadline = 2n ** 64n;

  // Pair creation and the first mint, called on the contracts directly.
  record("factory.createPair", await send(() => factory.createPair(a, b)));
  const pairAB = await pairAt(hre, await factory.getPair(a, b));
  const pairABAddress = await pairAB.getAddress();
  await send(() => tokenA.connect(lp).transfer(pairABAddress, 1000n * E18));
  await send(() => tokenB.connect(lp).transfer(pairABAddress, 1000n * E18));
  record("pair.mint (first)", await send(() => pairAB.connect(lp).mint(lp.address)));
  await send(() => tokenA.connect(lp).transfer(pairABAddress, 10n * E18));
  await send(() => tokenB.connect(lp).transfer(pairABAddress, 10n * E18));
  record("pair.mint (subsequent)", await send(() => pairAB.connect(lp).mint(lp.address)));
  await send(() => pairAB.connect(lp).transfer(pairABAddress, 10n * E18));
  record("pair.burn", await send(() => pairAB.connect(lp).burn(lp.address)));

  // Swap on the pair directly: the trader sends the input, then calls swap; the second swap in
  // the same direction is the warm one (the trader already holds the output token).
  const token0 = await pairAB.token0();
  const input = token0 === a ? tokenA : tokenB;
  const directSwap = async (): Promise<number> => {
    const [reserve0, reserve1] = await pairAB.getReserves();
    const amountOut = await router.getAmountOut(E18, reserve0, reserve1);
    await send(() => input.connect(trader).transfer(pairABAddress, E18));
    return send(() => pairAB.connect(trader).swap(0n, amountOut, trader.address, "0x"));
  };
  await directSwap();
  record("pair.swap (direct, warm)", await directSwap());

  // Pools for the router figures: reserves 1000e18 each (A/B is re-seeded to that level).
  await send(() => router.connect(lp).addLiquidity(b, c, 1000n * E18, 1000n * E18, 0n, 0n, lp.address, deadline));
  await send(() => as(pairAB).sync());

  const swap1 = (): Promise<number> =>
    send(() => router.connect(trader).swapExactTokensForTokens(E18, 0n, [a, b], trader.address, deadline));
  await swap1();
  record("router.swapExactTokensForTokens 1 hop (returning user)", await swap1());

  const swap2 = (): Promise<number> =>
    send(() => router.connect(trader).swapExactTokensForTokens(E18, 0n, [a, b, c], trader.address, deadline));
  await swap2();
  record("router.swapExactTokensForTokens 2 hops (returning user)", await swap2());

  const exactOut = (): Promise<number> =>
    send(() =>
      router.connect(trader).swapTokensForExactTokens(E18, ethersLib.MaxUint256, [a, b], trader.address, deadline),
    );
  await exactOut();
  record("router.swapTokensForExactTokens 1 hop (returning user)", await exactOut());

  const add = (): Promise<number> =>
    send(() => router.connect(lp).addLiquidity(a, b, 10n * E18, 10n * E18, 0n, 0n, lp.address, deadline));
  await add();
  record("router.addLiquidity (steady state)", await add());

  await send(() => pairAB.connect(lp).approve(routerAddress, ethersLib.MaxUint256));
  const half = (await pairAB.balanceOf(lp.address)) / 2n;
  record(
    "router.removeLiquidity (half a position)",
    await send(() => router.connect(lp).removeLiquidity(a, b, half, 0n, 0n, lp.address, deadline)),
  );

  // ETH entry points, on a token/WETH pool of 1000e18 each, returning user.
  const w = await weth.getAddress();
  await send(() =>
    router.connect(lp).addLiquidityETH(a, 1000n * E18, 0n, 0n, lp.address, deadline, { value: 1000n * E18 }),
  );
  const ethIn = (): Promise<number> =>
    send(() => router.connect(trader).swapExactETHForTokens(0n, [w, a], trader.address, deadline, { value: E18 }));
  await ethIn();
  record("router.swapExactETHForTokens 1 hop (returning user)", await ethIn());
  const ethOut = (): Promise<number> =>
    send(() => router.connect(trader).swapExactTokensForETH(E18, 0n, [a, w], trader.address, deadline));
  await ethOut();
  record("router.swapExactTokensForETH 1 hop (returning user)", await ethOut());

  // Pair creation plus first deposit in one router call, for completeness.
  const tokenD = await deployToken(hre, "TKD", 18, deployer);
  const d = await tokenD.getAddress();
  await fundAndApprove([tokenD], [lp], routerAddress, 1_000_000n * E18);
  record(
    "router.addLiquidity (creates the pair)",
    await send(() => router.connect(lp).addLiquidity(a, d, 1000n * E18, 1000n * E18, 0n, 0n, lp.address, deadline)),
  );
  return rows;
}

/**
 * The AMM demo (the main job until the conflict report lands): deploys the AMM with its
 * Ignition module on the in-process Hardhat network, adds liquidity, swaps both ways and
 * reports reserves, prices and gas.
 */
import { ethers as ethersLib } from "ethers";
import type { HardhatRuntimeEnvironment } from "hardhat/types";
import AmmModule from "../../ignition/modules/Amm";
import { deployToken, fundAndApprove, pairAt } from "./amm";
import type { LanesFactory, LanesRouter } from "../../typechain-types";

export interface DemoStep {
  action: string;
  gasUsed: bigint;
  reserveWeth: bigint;
  reserveUsdc: bigint;
}

export interface DemoResult {
  factory: string;
  router: string;
  pair: string;
  steps: DemoStep[];
}

const WETH = 10n ** 18n;
const USDC = 10n ** 6n;

export async function runAmmDemo(hre: HardhatRuntimeEnvironment, log: (line: string) => void): Promise<DemoResult> {
  const [, lp, trader] = await hre.ethers.getSigners();
  const deployed = await hre.ignition.deploy(AmmModule);
  const factory = deployed.factory as unknown as LanesFactory;
  const router = deployed.router as unknown as LanesRouter;
  const routerAddress = await router.getAddress();
  log(`factory ${await factory.getAddress()}`);
  log(`router  ${routerAddress}`);

  const weth = await deployToken(hre, "WETH", 18);
  const usdc = await deployToken(hre, "USDC", 6);
  await fundAndApprove([weth, usdc], [lp, trader], routerAddress, 1_000_000n * WETH);
  const [w, u] = [await weth.getAddress(), await usdc.getAddress()];
  const deadline = BigInt((await hre.ethers.provider.getBlock("latest"))!.timestamp) + 3600n;

  const steps: DemoStep[] = [];
  let pairAddress = "";
  const step = async (action: string, tx: Promise<ethersLib.ContractTransactionResponse>): Promise<void> => {
    const receipt = await (await tx).wait();
    if (!receipt) throw new Error(`demo: "${action}" was not mined`);
    pairAddress ||= await factory.getPair(w, u);
    const pair = await pairAt(hre, pairAddress);
    const [r0, r1] = await pair.getReserves();
    const wethIs0 = (await pair.token0()) === w;
    const [reserveWeth, reserveUsdc] = wethIs0 ? [r0, r1] : [r1, r0];
    steps.push({ action, gasUsed: receipt.gasUsed, reserveWeth, reserveUsdc });
    const price = Number((reserveUsdc * 10n ** 12n * 1000n) / reserveWeth) / 1000;
    log(
      `${action.padEnd(44)} gas ${receipt.gasUsed.toLocaleString("en-US").padStart(9)}   reserves ` +
        `${ethersLib.formatUnits(reserveWeth, 18)} WETH / ${ethersLib.formatUnits(reserveUsdc, 6)} USDC   ` +
        `price ${price.toFixed(2)} USDC/WETH`,
    );
  };

  await step(
    "addLiquidity 100 WETH + 300,000 USDC (creates the pair)",
    router.connect(lp).addLiquidity(w, u, 100n * WETH, 300_000n * USDC, 0n, 0n, lp.address, deadline),
  );
  const [wethOut] = (await router.getAmountsOut(WETH, [w, u])).slice(1);
  await step(
    "swap 1 WETH -> USDC (exact in)",
    router.connect(trader).swapExactTokensForTokens(WETH, (wethOut * 995n) / 1000n, [w, u], trader.address, deadline),
  );
  const [needed] = await router.getAmountsIn(WETH / 2n, [u, w]);
  await step(
    "swap USDC -> 0.5 WETH (exact out)",
    router
      .connect(trader)
      .swapTokensForExactTokens(WETH / 2n, (needed * 1005n) / 1000n, [u, w], trader.address, deadline),
  );
  await step(
    "addLiquidity 10 WETH at the pool ratio",
    router.connect(lp).addLiquidity(w, u, 10n * WETH, 1_000_000n * USDC, 0n, 0n, lp.address, deadline),
  );
  const pair = await pairAt(hre, pairAddress);
  await (await pair.connect(lp).approve(routerAddress, ethersLib.MaxUint256)).wait();
  const half = (await pair.balanceOf(lp.address)) / 2n;
  await step(
    "removeLiquidity of half the position",
    router.connect(lp).removeLiquidity(w, u, half, 0n, 0n, lp.address, deadline),
  );
  return { factory: await factory.getAddress(), router: routerAddress, pair: pairAddress, steps };
}

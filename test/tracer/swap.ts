/**
 * A Uniswap-style world for the raw-trace tests and the benchmark: three tokens, two pools
 * (A/B, B/C) with liquidity, and router swaps over both hops sent through any transport.
 */
import type { HardhatRuntimeEnvironment } from "hardhat/types";
import { MaxUint256 } from "ethers";
import { deployAmm, deployToken, fundAndApprove } from "../../scripts/lib/amm";
import type { Transport } from "./scenario";

const GAS = 1_000_000n;
const LIQUIDITY = 10n ** 24n;

export interface SwapOptions {
  readonly hops: 1 | 2;
  /** Ask for more output than the pools give: the router reverts (InsufficientOutputAmount). */
  readonly revert?: boolean;
}

export interface SwapWorld {
  readonly router: string;
  readonly tokens: readonly string[];
  /** Sends one swapExactTokensForTokens and returns its hash; directions alternate so pools stay balanced. */
  swap(transport: Transport, options: SwapOptions): Promise<string>;
}

export async function deploySwapWorld(hre: HardhatRuntimeEnvironment): Promise<SwapWorld> {
  const [owner] = await hre.ethers.getSigners();
  const { router } = await deployAmm(hre);
  const tokens = [await deployToken(hre, "TA"), await deployToken(hre, "TB"), await deployToken(hre, "TC")];
  const routerAddress = await router.getAddress();
  await fundAndApprove(tokens, [owner], routerAddress, LIQUIDITY * 1000n);
  const addresses = await Promise.all(tokens.map((t) => t.getAddress()));
  for (const [a, b] of [
    [0, 1],
    [1, 2],
  ]) {
    await (
      await router.addLiquidity(addresses[a], addresses[b], LIQUIDITY, LIQUIDITY, 0, 0, owner.address, MaxUint256)
    ).wait();
  }
  let sent = 0;
  return {
    router: routerAddress,
    tokens: addresses,
    async swap(transport: Transport, options: SwapOptions): Promise<string> {
      const forward = sent++ % 2 === 0;
      const path = addresses.slice(0, options.hops + 1);
      if (!forward) path.reverse();
      const data = router.interface.encodeFunctionData("swapExactTokensForTokens", [
        10n ** 18n,
        options.revert ? MaxUint256 : 0n,
        path,
        owner.address,
        MaxUint256,
      ]);
      return transport({ from: owner.address, to: routerAddress, data, value: 0n, gasLimit: GAS });
    },
  };
}

/**
 * The AMM world every AMM workload trades in: tokens, pairs with liquidity, and funded users.
 * Pair 0 is the hot pair (WETH/USDC); the others are ranked for Zipf skew.
 */
import { Interface, MaxUint256 } from "ethers";
import type { HardhatRuntimeEnvironment } from "hardhat/types";
// hre.ethers comes from hardhat-ethers (loaded by the project's config); this brings its types.
import type {} from "@nomicfoundation/hardhat-ethers/internal/type-extensions";
import type { Chain } from "../chain";
import { MissingArtifactsError, NodeError } from "../errors";
import { readLayout } from "../layout";
import { Rng } from "../random";
import { derivedAddress, userAddresses } from "./accounts";
import { seedErc20 } from "./storage";

export interface AmmToken {
  address: string;
  symbol: string;
}

export interface AmmPair {
  address: string;
  token0: string;
  token1: string;
  /** `WETH/USDC`, in the order the pair was created with. */
  label: string;
  /** Indexes into `tokens`. */
  a: number;
  b: number;
}

export interface AmmWorld {
  factory: string;
  router: string;
  tokens: AmmToken[];
  pairs: AmmPair[];
  users: string[];
  /** Liquidity providers per pair (by pair index). */
  lps: string[][];
  abi: { router: Interface; pair: Interface; token: Interface };
}

export interface AmmWorldParams {
  tokens: number;
  pairs: number;
  users: number;
  lpsPerPair: number;
  seed: number;
}

export const DEFAULT_AMM_WORLD: AmmWorldParams = { tokens: 12, pairs: 24, users: 400, lpsPerPair: 6, seed: 1 };

const SYMBOLS = ["WETH", "USDC", "DAI", "WBTC", "USDT", "LINK", "UNI", "AAVE", "MKR", "CRV", "LDO", "ARB"];
const E18 = 10n ** 18n;
/** Every user starts with this much of every token; plenty for any workload here. */
const USER_BALANCE = 10n ** 12n * E18;
const POOL_DEPTH = 10n ** 6n * E18;

async function abiOf(hre: HardhatRuntimeEnvironment, name: string): Promise<Interface> {
  try {
    return new Interface((await hre.artifacts.readArtifact(name)).abi);
  } catch {
    throw new MissingArtifactsError(`no compiled artifact for ${name}: run \`pnpm compile\` first`);
  }
}

export async function deployAmmWorld(
  hre: HardhatRuntimeEnvironment,
  chain: Chain,
  params: AmmWorldParams,
): Promise<AmmWorld> {
  if (params.tokens < 2 || params.tokens > SYMBOLS.length * 10) {
    throw new MissingArtifactsError(`AMM world: tokens must be between 2 and ${SYMBOLS.length * 10}`);
  }
  const abi = {
    router: await abiOf(hre, "LanesRouter"),
    pair: await abiOf(hre, "LanesPair"),
    token: await abiOf(hre, "ERC20Mock"),
  };
  const [deployer] = await hre.ethers.getSigners();
  const factory = await hre.ethers.deployContract("LanesFactory", [deployer.address]);
  const weth = await hre.ethers.deployContract("WrappedEther");
  const router = await hre.ethers.deployContract("LanesRouter", [await factory.getAddress(), await weth.getAddress()]);
  const routerAddress = await router.getAddress();

  const tokens: AmmToken[] = [];
  for (let i = 0; i < params.tokens; i++) {
    const symbol = i < SYMBOLS.length ? SYMBOLS[i] : `TK${i}`;
    const token = await hre.ethers.deployContract("ERC20Mock", [`Lanes ${symbol}`, symbol, 18]);
    tokens.push({ address: await token.getAddress(), symbol });
  }

  // Pairs: WETH/USDC first (the hot pair), then every token against WETH and USDC, then
  // seeded random pairs, until `pairs` distinct pairs exist.
  const rng = new Rng(params.seed);
  const wanted: [number, number][] = [];
  const seen = new Set<string>();
  const add = (a: number, b: number): void => {
    const key = a < b ? `${a}/${b}` : `${b}/${a}`;
    if (a !== b && !seen.has(key) && wanted.length < params.pairs) {
      seen.add(key);
      wanted.push([a, b]);
    }
  };
  add(0, 1);
  for (let i = 2; i < params.tokens; i++) add(i, 0);
  for (let i = 2; i < params.tokens; i++) add(i, 1);
  const maxPairs = (params.tokens * (params.tokens - 1)) / 2;
  if (params.pairs > maxPairs)
    throw new MissingArtifactsError(`AMM world: ${params.tokens} tokens make at most ${maxPairs} pairs`);
  while (wanted.length < params.pairs) add(rng.int(params.tokens), rng.int(params.tokens));

  const users = userAddresses(params.users);
  const lps = wanted.map((_, p) =>
    Array.from({ length: params.lpsPerPair }, (__, i) => derivedAddress(`lanes lp ${p} ${i}`)),
  );
  const tokenLayout = await readLayout(hre, "ERC20Mock");
  const holders = [deployer.address, ...users, ...new Set(lps.flat())];
  for (const token of tokens) {
    await seedErc20(chain, token.address, tokenLayout, holders, USER_BALANCE, [routerAddress], 0n);
  }

  const pairs: AmmPair[] = [];
  const deadline = 2n ** 40n;
  // Setup blocks one second apart on a clock of their own, not the wall clock: whether two
  // setup transactions share a timestamp decides which accumulator slots get written, and with
  // it later gas costs — the same seed must give the same report.
  let clock = (await chain.latestBlock()).timestamp;
  const tick = (): Promise<void> => chain.setNextTimestamp(++clock);
  for (const [p, [a, b]] of wanted.entries()) {
    const [ta, tb] = [tokens[a].address, tokens[b].address];
    // Prices between 1:1 and 1:100, so pools are not all alike.
    const depthB = (POOL_DEPTH * BigInt(Math.round(rng.logUniform(1, 100) * 1000))) / 1000n;
    await tick();
    await chain.send({
      from: deployer.address,
      to: routerAddress,
      data: abi.router.encodeFunctionData("addLiquidity", [
        ta,
        tb,
        POOL_DEPTH,
        depthB,
        0n,
        0n,
        deployer.address,
        deadline,
      ]),
      label: "setup: addLiquidity",
    });
    const address = (await router.pairFor(ta, tb)) as string;
    const token0 = BigInt(ta) < BigInt(tb) ? ta : tb;
    pairs.push({
      address,
      token0,
      token1: token0 === ta ? tb : ta,
      label: `${tokens[a].symbol}/${tokens[b].symbol}`,
      a,
      b,
    });
    // Each LP adds a share and lets the router pull its LP tokens back later.
    for (const lp of lps[p]) {
      await chain.setBalance(lp, 10n ** 21n);
      await tick();
      const sent = await chain.send({
        from: lp,
        to: routerAddress,
        data: abi.router.encodeFunctionData("addLiquidity", [ta, tb, POOL_DEPTH / 20n, depthB, 0n, 0n, lp, deadline]),
        label: "setup: addLiquidity",
      });
      if (sent.reverted) throw new NodeError(`AMM world: seeding liquidity of ${pairs[p].label} reverted`);
      await tick();
      await chain.send({
        from: lp,
        to: address,
        data: abi.pair.encodeFunctionData("approve", [routerAddress, MaxUint256]),
        label: "setup: approve LP",
      });
    }
  }
  for (const user of users) await chain.setBalance(user, 10n ** 21n);
  return { factory: await factory.getAddress(), router: routerAddress, tokens, pairs, users, lps, abi };
}

export interface Reserves {
  reserve0: bigint;
  reserve1: bigint;
}

/** Reserves of every pair at the head of the chain (a workload block's pre-state). */
export async function readReserves(chain: Chain, world: AmmWorld): Promise<Reserves[]> {
  const out: Reserves[] = [];
  for (const pair of world.pairs) {
    const raw = await chain.call(pair.address, world.abi.pair.encodeFunctionData("getReserves"));
    const [reserve0, reserve1] = world.abi.pair.decodeFunctionResult("getReserves", raw) as unknown as [bigint, bigint];
    out.push({ reserve0, reserve1 });
  }
  return out;
}

/**
 * The lending world the lending workloads act in: one LendingPool with up to eight markets (ERC-20
 * assets with their real decimals, Chainlink-style USD feeds through the ChainlinkOracleAdapter,
 * a jump rate model for stablecoins and one for volatile assets, Aave-v3-like risk parameters and
 * caps), funded users, and the positions a market has after a while: a whale's liquidity in every
 * market, lenders, and borrowers at every distance from liquidation.
 *
 * Deployment, listing and positions are real transactions, sent on the world's own setup clock
 * (one second apart, see SetupClock) from accounts derived from labels, so the addresses and the
 * state are the same whatever ran before; token balances and approvals are written straight into
 * storage (world/storage.ts). None of it is traced or measured.
 */
import { MaxUint256, type Interface } from "ethers";
import type { HardhatRuntimeEnvironment } from "hardhat/types";
import type { Chain } from "../chain";
import { HarnessInputError } from "../errors";
import { readLayout } from "../layout";
import { Rng, Zipf } from "../random";
import { derivedAddress, userAddresses } from "./accounts";
import { SetupClock, abiOf } from "./setup";
import { seedErc20 } from "./storage";

export interface LendingMarketSpec {
  symbol: string;
  decimals: number;
  /** USD price with 8 decimals, as Chainlink's USD feeds answer. */
  answer: bigint;
  collateralFactorBps: number;
  liquidationThresholdBps: number;
  liquidationIncentiveBps: number;
  reserveFactorBps: number;
  /** Caps in whole tokens. */
  supplyCap: bigint;
  borrowCap: bigint;
  rateModel: "stable" | "volatile";
  /** Relative weights of the setup's collateral and debt choices. */
  collateralWeight: number;
  borrowWeight: number;
}

/**
 * The markets, ranked by activity (the Zipf rank of the workloads): Aave v3 Ethereum's risk
 * parameters, rounded, and prices of the order of the real ones.
 */
export const LENDING_MARKETS: readonly LendingMarketSpec[] = [
  spec("USDC", 6, 1, [7500, 7800, 10450, 1000], 3e9, 2.7e9, "stable", 1, 6),
  spec("WETH", 18, 3000, [8050, 8300, 10500, 1500], 2e6, 1.6e6, "volatile", 6, 2),
  spec("USDT", 6, 1, [7500, 7800, 10450, 1000], 2e9, 1.8e9, "stable", 0.5, 3),
  spec("DAI", 18, 1, [6300, 7700, 10500, 2500], 5e8, 4e8, "stable", 0.5, 2),
  spec("WBTC", 8, 60_000, [7300, 7800, 10500, 2000], 4e4, 2.8e4, "volatile", 3, 0.7),
  spec("LINK", 18, 15, [5300, 6800, 10700, 2000], 2e7, 1.3e7, "volatile", 1.5, 0.2),
  spec("UNI", 18, 8, [6500, 7700, 11000, 2000], 2e7, 5e6, "volatile", 1, 0.1),
  spec("AAVE", 18, 100, [6600, 7300, 10750, 2000], 1e6, 3e5, "volatile", 1, 0.1),
];

function spec(
  symbol: string,
  decimals: number,
  usd: number,
  [cf, lt, li, rf]: number[],
  supplyCap: number,
  borrowCap: number,
  rateModel: "stable" | "volatile",
  collateralWeight: number,
  borrowWeight: number,
): LendingMarketSpec {
  return {
    symbol,
    decimals,
    answer: BigInt(usd) * 10n ** 8n,
    collateralFactorBps: cf,
    liquidationThresholdBps: lt,
    liquidationIncentiveBps: li,
    reserveFactorBps: rf,
    supplyCap: BigInt(supplyCap),
    borrowCap: BigInt(borrowCap),
    rateModel,
    collateralWeight,
    borrowWeight,
  };
}

const SECONDS_PER_YEAR = 31_536_000n;
const E18 = 10n ** 18n;
const perYear = (pct: number): bigint => (BigInt(Math.round(pct * 100)) * E18) / 10_000n / SECONDS_PER_YEAR;

/** Jump rate models (per-year rates; the contract takes them per second): stablecoins and the rest. */
export const RATE_MODELS = {
  stable: { base: 0, multiplier: 5, jump: 75, kinkPct: 90 },
  volatile: { base: 1, multiplier: 8, jump: 300, kinkPct: 80 },
} as const;

/** Seconds after which a feed's answer is stale (Chainlink's USD feeds: 1 h to 24 h). */
export const FEED_HEARTBEAT = 86_400;

export interface LendingMarket extends LendingMarketSpec {
  /** The asset (an ERC20Mock). */
  asset: string;
  /** Its USD feed (a MockAggregator, 8 decimals). */
  feed: string;
  /** The market's id in the pool (1-based, listing order). */
  id: number;
}

/** A borrower the setup made: its collateral markets and the market it owes (indexes into `markets`). */
export interface LendingBorrower {
  account: string;
  collateral: number[];
  debt: number;
}

/**
 * Who holds what, as the setup left it and the workloads' generated transactions changed it:
 * hints that let a generator pick an account with something to act on (a repay from an account
 * with debt). The chain is the truth: amounts are always read from it, and a hint that went stale
 * (a transaction that reverted) only costs a fallback.
 */
export interface LendingHolders {
  /** Per market: accounts with supply shares. */
  suppliers: Set<string>[];
  /** Per market: accounts with debt. */
  debtors: Set<string>[];
  /** Accounts with at least one market entered as collateral. */
  collateral: Set<string>;
  /** Per market: accounts that entered it as collateral. */
  collateralIn: Set<string>[];
}

/**
 * Where a position lives in the pool's storage, from solc's layout: `_markets[asset]` is at
 * keccak(asset, marketsSlot), its `positions[account]` at keccak(account, that + positionsOffset),
 * and each member at a slot, byte offset and width inside it. Workloads read positions straight
 * from storage with it (a storage read costs a tenth of an `eth_call` of `position`).
 */
export interface PositionLayout {
  marketsSlot: bigint;
  positionsOffset: bigint;
  members: Record<"supplyShares" | "borrowScaled" | "collateral", { slot: bigint; offset: number; bytes: number }>;
}

/** The pool's position layout, or undefined when the pool's storage no longer has that shape. */
async function positionLayout(hre: HardhatRuntimeEnvironment): Promise<PositionLayout | undefined> {
  const layout = await readLayout(hre, "LendingPool");
  const markets = layout.variables.find((v) => v.label === "_markets");
  const market = markets && layout.types[layout.types[markets.type]?.value ?? ""];
  const positions = market?.members?.find((m) => m.label === "positions");
  const position = positions && layout.types[layout.types[positions.type]?.value ?? ""];
  if (!markets || !positions || !position?.members) return undefined;
  const member = (label: string) => {
    const m = position.members!.find((x) => x.label === label);
    return m && { slot: BigInt(m.slot), offset: m.offset, bytes: Number(layout.types[m.type]?.numberOfBytes ?? 32) };
  };
  const [supplyShares, borrowScaled, collateral] = [
    member("supplyShares"),
    member("borrowScaled"),
    member("collateral"),
  ];
  if (!supplyShares || !borrowScaled || !collateral) return undefined;
  return {
    marketsSlot: markets.slot,
    positionsOffset: BigInt(positions.slot),
    members: { supplyShares, borrowScaled, collateral },
  };
}

export interface LendingWorld {
  pool: string;
  /** The ChainlinkOracleAdapter the pool prices with. */
  oracle: string;
  rateModels: { stable: string; volatile: string };
  markets: LendingMarket[];
  /** Users: lenders, borrowers and a few without positions, in a seeded order. */
  users: string[];
  borrowers: LendingBorrower[];
  /** Accounts that liquidate (funded in every asset, no positions of their own). */
  liquidators: string[];
  /** Sends the feeds' price updates (MockAggregator lets anyone). */
  keeper: string;
  /** Supplies the bulk of every market's liquidity. */
  whale: string;
  deployer: string;
  heartbeat: number;
  holders: LendingHolders;
  /** Undefined if the pool's layout changed shape: positions are then read with `position()`. */
  positionLayout?: PositionLayout;
  abi: { pool: Interface; token: Interface; feed: Interface; oracle: Interface };
}

export interface LendingWorldParams {
  /** Markets listed, the first `markets` of LENDING_MARKETS (2 to 8). */
  markets: number;
  users: number;
  liquidators: number;
  seed: number;
}

export const DEFAULT_LENDING_WORLD: LendingWorldParams = { markets: 6, users: 400, liquidators: 8, seed: 1 };

/** What every funded account holds of every asset, in whole tokens: plenty for any workload. */
const WALLET_TOKENS = 10n ** 12n;

/** `usd` dollars of market `m` in its base units, at the feed's answer. */
export function usdToAssets(m: Pick<LendingMarketSpec, "decimals" | "answer">, usd: number): bigint {
  const micro = BigInt(Math.max(0, Math.round(usd * 1e6)));
  return (micro * 10n ** BigInt(m.decimals) * 10n ** 8n) / (m.answer * 1_000_000n);
}

function weighted(rng: Rng, weights: readonly number[], exclude: ReadonlySet<number>): number {
  const total = weights.reduce((s, w, i) => s + (exclude.has(i) ? 0 : w), 0);
  let u = rng.next() * total;
  for (let i = 0; i < weights.length; i++) {
    if (exclude.has(i) || weights[i] === 0) continue;
    u -= weights[i];
    if (u < 0) return i;
  }
  for (let i = weights.length - 1; i >= 0; i--) if (!exclude.has(i) && weights[i] > 0) return i;
  throw new Error("no market to choose from");
}

interface Action {
  from: string;
  kind: "supply" | "enter" | "borrow";
  market: number;
  amount: bigint;
}

export async function deployLendingWorld(
  hre: HardhatRuntimeEnvironment,
  chain: Chain,
  params: LendingWorldParams,
): Promise<LendingWorld> {
  if (!Number.isInteger(params.markets) || params.markets < 2 || params.markets > LENDING_MARKETS.length) {
    throw new HarnessInputError(`lending world: markets must be between 2 and ${LENDING_MARKETS.length}`);
  }
  if (params.users < 2) throw new HarnessInputError("lending world: at least 2 users");
  const abi = {
    pool: await abiOf(hre, "LendingPool"),
    token: await abiOf(hre, "ERC20Mock"),
    feed: await abiOf(hre, "MockAggregator"),
    oracle: await abiOf(hre, "ChainlinkOracleAdapter"),
  };
  const specs = LENDING_MARKETS.slice(0, params.markets);
  const deployer = derivedAddress("lanes lending deployer");
  const keeper = derivedAddress("lanes oracle keeper");
  const whale = derivedAddress("lanes lending whale");
  const users = userAddresses(params.users, "lanes lender");
  const liquidators = userAddresses(params.liquidators, "lanes liquidator");
  for (const a of [deployer, keeper, whale, ...users, ...liquidators]) await chain.setBalance(a, 10n ** 24n);

  const clock = await SetupClock.start(chain);
  const model = (m: (typeof RATE_MODELS)["stable" | "volatile"]) =>
    clock.deploy(hre, deployer, "JumpRateModel", [
      perYear(m.base),
      perYear(m.multiplier),
      perYear(m.jump),
      (BigInt(m.kinkPct) * E18) / 100n,
    ]);
  const rateModels = { stable: await model(RATE_MODELS.stable), volatile: await model(RATE_MODELS.volatile) };
  const oracle = await clock.deploy(hre, deployer, "ChainlinkOracleAdapter", [deployer]);
  const pool = await clock.deploy(hre, deployer, "LendingPool", [oracle, deployer]);

  const markets: LendingMarket[] = [];
  for (const [i, s] of specs.entries()) {
    const asset = await clock.deploy(hre, deployer, "ERC20Mock", [`Lanes Lending ${s.symbol}`, s.symbol, s.decimals]);
    const feed = await clock.deploy(hre, deployer, "MockAggregator", [8, s.answer]);
    await clock.send(
      deployer,
      oracle,
      abi.oracle.encodeFunctionData("setFeed", [asset, feed, FEED_HEARTBEAT]),
      "setup: setFeed",
    );
    const unit = 10n ** BigInt(s.decimals);
    await clock.send(
      deployer,
      pool,
      abi.pool.encodeFunctionData("listMarket", [
        asset,
        rateModels[s.rateModel],
        s.collateralFactorBps,
        s.liquidationThresholdBps,
        s.liquidationIncentiveBps,
        s.reserveFactorBps,
        s.supplyCap * unit,
        s.borrowCap * unit,
      ]),
      `setup: listMarket ${s.symbol}`,
    );
    markets.push({ ...s, asset, feed, id: i + 1 });
  }

  const tokenLayout = await readLayout(hre, "ERC20Mock");
  for (const m of markets) {
    const amount = WALLET_TOKENS * 10n ** BigInt(m.decimals);
    await seedErc20(chain, m.asset, tokenLayout, [whale, ...users, ...liquidators], amount, [pool], 0n, () =>
      clock.mine(),
    );
  }

  // Positions, planned first (the whale's liquidity is sized from the borrows), then sent.
  const rng = new Rng((params.seed ^ 0x51e4d) >>> 0);
  const zipf = new Zipf(markets.length, 1);
  const collateralWeights = markets.map((m) => m.collateralWeight);
  const borrowWeights = markets.map((m) => m.borrowWeight);
  const supplied = markets.map(() => 0);
  const borrowed = markets.map(() => 0);
  const plan: Action[] = [];
  const borrows: Action[] = [];
  const borrowers: LendingBorrower[] = [];
  for (const user of users) {
    const r = rng.next();
    if (r < 0.35) {
      // A lender: one to three markets, the first sometimes as collateral.
      const n = 1 + rng.int(3);
      const chosen = new Set<number>();
      for (let tries = 0; chosen.size < n && tries < 12; tries++) chosen.add(zipf.sample(rng));
      for (const [k, m] of [...chosen].entries()) {
        const usd = rng.logUniform(1e3, 1e6);
        supplied[m] += usd;
        plan.push({ from: user, kind: "supply", market: m, amount: usdToAssets(markets[m], usd) });
        if (k === 0 && rng.chance(0.3)) plan.push({ from: user, kind: "enter", market: m, amount: 0n });
      }
    } else if (r < 0.9) {
      // A borrower: one or two collateral markets, a debt elsewhere.
      const collateral: number[] = [];
      const taken = new Set<number>();
      const n = rng.chance(0.35) ? 2 : 1;
      let power = 0;
      for (let k = 0; k < n && taken.size < markets.length - 1; k++) {
        const m = weighted(rng, collateralWeights, taken);
        taken.add(m);
        collateral.push(m);
        const usd = rng.logUniform(2e3, 2e6) / n;
        supplied[m] += usd;
        power += (usd * markets[m].collateralFactorBps) / 10_000;
        plan.push({ from: user, kind: "supply", market: m, amount: usdToAssets(markets[m], usd) });
        plan.push({ from: user, kind: "enter", market: m, amount: 0n });
      }
      const debt = weighted(rng, borrowWeights, taken);
      // Utilisation of the borrowing power: 45% to 97%, denser near the top (leveraged accounts).
      const usd = power * (0.97 - 0.52 * rng.next() ** 2);
      borrowed[debt] += usd;
      borrows.push({ from: user, kind: "borrow", market: debt, amount: usdToAssets(markets[debt], usd) });
      borrowers.push({ account: user, collateral, debt });
    }
    // Otherwise: a user with a wallet and no position yet.
  }

  const send = (a: Action): Promise<void> => {
    const asset = markets[a.market].asset;
    const data =
      a.kind === "supply"
        ? abi.pool.encodeFunctionData("supply", [asset, a.amount, a.from])
        : a.kind === "enter"
          ? abi.pool.encodeFunctionData("enterMarket", [asset])
          : abi.pool.encodeFunctionData("borrow", [asset, a.amount, a.from]);
    return clock.send(a.from, pool, data, `setup: ${a.kind} ${markets[a.market].symbol}`);
  };
  // The whale first, then supplies and collateral, then the borrows (so that cash is there): markets
  // end the setup about 70% utilised (the jump rate models' kinks are higher).
  for (const [m, market] of markets.entries()) {
    const usd = Math.max(1e6, borrowed[m] / 0.7 - supplied[m]);
    await send({ from: whale, kind: "supply", market: m, amount: usdToAssets(market, usd) });
  }
  const holders: LendingHolders = {
    suppliers: markets.map(() => new Set<string>()),
    debtors: markets.map(() => new Set<string>()),
    collateral: new Set<string>(),
    collateralIn: markets.map(() => new Set<string>()),
  };
  for (const a of [...plan, ...borrows]) {
    await send(a);
    if (a.kind === "supply") holders.suppliers[a.market].add(a.from);
    else if (a.kind === "enter") {
      holders.collateral.add(a.from);
      holders.collateralIn[a.market].add(a.from);
    } else holders.debtors[a.market].add(a.from);
  }

  return {
    pool,
    oracle,
    rateModels,
    markets,
    users,
    borrowers,
    liquidators,
    keeper,
    whale,
    deployer,
    heartbeat: FEED_HEARTBEAT,
    holders,
    positionLayout: await positionLayout(hre),
    abi,
  };
}

/** `type(uint256).max`: the pool's "everything" for withdraw, repay and liquidate. */
export const ALL = MaxUint256;

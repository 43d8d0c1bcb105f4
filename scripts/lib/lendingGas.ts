/**
 * Deploying the lending market from TypeScript (shared by the tests, the gas benchmark and the
 * demo-style scripts) and the lending gas benchmark: the operations users pay for, measured as
 * `receipt.gasUsed` under the conditions Morpho Blue v1.0.0's reference figures were taken in:
 * Hardhat network, cancun, OpenZeppelin ERC-20 tokens, mock feeds with one storage slot, operations
 * a day apart so that interest accrues on every call, returning users.
 */
import { ethers as ethersLib } from "ethers";
import type { HardhatRuntimeEnvironment } from "hardhat/types";
import type { ContractTransactionResponse } from "ethers";
import type {
  ChainlinkOracleAdapter,
  ERC20Mock,
  JumpRateModel,
  LendingPool,
  MockAggregator,
} from "../../typechain-types";
import { formatGasTable } from "./gasSnapshot";
import { withBenchmarkWallets } from "./gas";

export const E18 = 10n ** 18n;
export const SECONDS_PER_YEAR = 31_536_000n;
export const MAX_UINT = ethersLib.MaxUint256;

/** Pause bits of `setPaused`, as the pool's PAUSE_* constants. */
export const PAUSE = { supply: 1, withdraw: 2, borrow: 4, repay: 8, liquidate: 16, flashLoan: 32 } as const;

/** Jump rate model parameters, per second, 1e18 fixed point. */
export interface RateParams {
  baseRatePerSecond: bigint;
  multiplierPerSecond: bigint;
  jumpMultiplierPerSecond: bigint;
  kink: bigint;
}

/** 2% a year at zero utilisation, +10% a year up to the 80% kink, +300% a year above it. */
export const DEFAULT_RATE_PARAMS: RateParams = {
  baseRatePerSecond: (2n * E18) / 100n / SECONDS_PER_YEAR,
  multiplierPerSecond: (10n * E18) / 100n / SECONDS_PER_YEAR,
  jumpMultiplierPerSecond: (300n * E18) / 100n / SECONDS_PER_YEAR,
  kink: (80n * E18) / 100n,
};

export interface MarketSpec {
  symbol: string;
  decimals: number;
  /** Feed answer, 8 decimals (USD). */
  answer: bigint;
  collateralFactorBps: number;
  liquidationThresholdBps: number;
  liquidationIncentiveBps: number;
  reserveFactorBps: number;
  supplyCap?: bigint;
  borrowCap?: bigint;
}

export interface LendingMarket {
  spec: MarketSpec;
  token: ERC20Mock;
  feed: MockAggregator;
  address: string;
}

export interface LendingDeployment {
  pool: LendingPool;
  oracle: ChainlinkOracleAdapter;
  rateModel: JumpRateModel;
  markets: LendingMarket[];
}

/** Feed heartbeat of the deployments made here. */
export const HEARTBEAT = 86_400n;

/**
 * Deploys a rate model, an oracle adapter and a pool owned by `deployer`, then for every spec a
 * token, a feed (8 decimals) and a listed market, in that order.
 */
export async function deployLending(
  hre: HardhatRuntimeEnvironment,
  specs: MarketSpec[],
  deployer?: ethersLib.Signer,
  rate: RateParams = DEFAULT_RATE_PARAMS,
  heartbeat: bigint = HEARTBEAT,
): Promise<LendingDeployment> {
  const signer = deployer ?? (await hre.ethers.getSigners())[0];
  const owner = await signer.getAddress();
  const deploy = async <T>(name: string, args: unknown[]): Promise<T> => {
    const c = await hre.ethers.deployContract(name, args, signer);
    await c.waitForDeployment();
    return c as unknown as T;
  };
  const rateModel = await deploy<JumpRateModel>("JumpRateModel", [
    rate.baseRatePerSecond,
    rate.multiplierPerSecond,
    rate.jumpMultiplierPerSecond,
    rate.kink,
  ]);
  const oracle = await deploy<ChainlinkOracleAdapter>("ChainlinkOracleAdapter", [owner]);
  const pool = await deploy<LendingPool>("LendingPool", [await oracle.getAddress(), owner]);
  const markets: LendingMarket[] = [];
  for (const spec of specs) {
    const token = await deploy<ERC20Mock>("ERC20Mock", [`Test ${spec.symbol}`, spec.symbol, spec.decimals]);
    const feed = await deploy<MockAggregator>("MockAggregator", [8, spec.answer]);
    const address = await token.getAddress();
    await (await oracle.connect(signer).setFeed(address, await feed.getAddress(), heartbeat)).wait();
    await (
      await pool
        .connect(signer)
        .listMarket(
          address,
          await rateModel.getAddress(),
          spec.collateralFactorBps,
          spec.liquidationThresholdBps,
          spec.liquidationIncentiveBps,
          spec.reserveFactorBps,
          spec.supplyCap ?? MAX_UINT,
          spec.borrowCap ?? MAX_UINT,
        )
    ).wait();
    markets.push({ spec, token, feed, address });
  }
  return { pool, oracle, rateModel, markets };
}

/** A dollar stable (6 decimals), ETH and BTC (8 decimals), Compound/Aave-like risk parameters. */
export const STANDARD_MARKETS: MarketSpec[] = [
  {
    symbol: "USDL",
    decimals: 6,
    answer: 1_0000_0000n,
    collateralFactorBps: 8000,
    liquidationThresholdBps: 8500,
    liquidationIncentiveBps: 10500,
    reserveFactorBps: 1000,
  },
  {
    symbol: "WETH",
    decimals: 18,
    answer: 2000_0000_0000n,
    collateralFactorBps: 7500,
    liquidationThresholdBps: 8000,
    liquidationIncentiveBps: 10800,
    reserveFactorBps: 1500,
  },
  {
    symbol: "WBTC",
    decimals: 8,
    answer: 30000_0000_0000n,
    collateralFactorBps: 7000,
    liquidationThresholdBps: 7500,
    liquidationIncentiveBps: 11000,
    reserveFactorBps: 2000,
  },
];

// ------------------------------------------------------------------------------------------ gas

export interface LendingGasRow {
  /** Stable identifier, the key in snapshots/lending.json. */
  name: string;
  gasUsed: number;
  /** Morpho Blue v1.0.0's figure for the corresponding operation, where there is one. */
  morphoBlue?: number;
  /** The most this row may cost: a multiple of the Morpho figure (the target). */
  limit?: number;
}

/** Morpho Blue v1.0.0 on this toolchain (one market, LLTV 0.86, a day apart), from issue 5. */
export const MORPHO_BLUE_REFERENCE = {
  supply: 80_947,
  supplyCollateral: 91_095,
  borrow: 83_599,
  repay: 80_898,
  withdraw: 76_356,
  liquidate: 124_485,
} as const;

/** Row name -> [Morpho operation, allowed multiple] (the targets). */
export const LENDING_GAS_TARGETS: Readonly<Record<string, [keyof typeof MORPHO_BLUE_REFERENCE, number]>> = {
  supply: ["supply", 1.1],
  withdraw: ["withdraw", 1.1],
  repay: ["repay", 1.1],
  "borrow (2 collateral markets entered)": ["borrow", 1.3],
  "liquidate (2 collateral markets entered)": ["liquidate", 1.3],
};

/** Rows that are shown beside a Morpho figure without a target. */
const REFERENCE_ONLY: Readonly<Record<string, keyof typeof MORPHO_BLUE_REFERENCE>> = {
  "supply (entered collateral market)": "supplyCollateral",
};

const DAY = 86_400;

/** Measures the lending market's gas figures on the Hardhat network (on a snapshot restored afterwards). */
export async function measureLendingGas(hre: HardhatRuntimeEnvironment): Promise<LendingGasRow[]> {
  return withBenchmarkWallets(
    hre,
    "lending gas benchmark",
    ["deployer", "lender", "borrower", "liquidator"],
    (wallets) => measure(hre, wallets),
  );
}

async function measure(
  hre: HardhatRuntimeEnvironment,
  [deployer, lender, borrower, liquidator]: ethersLib.Wallet[],
): Promise<LendingGasRow[]> {
  const { ethers } = hre;
  const rows: LendingGasRow[] = [];
  let clock = (await ethers.provider.getBlock("latest"))!.timestamp;
  // Setup transactions follow each other by a second; measured ones come a day after the last.
  const send = async (tx: () => Promise<ContractTransactionResponse>, gap = 1): Promise<number> => {
    clock += gap;
    await ethers.provider.send("evm_setNextBlockTimestamp", [clock]);
    const receipt = await (await tx()).wait();
    if (!receipt) throw new Error("lending gas benchmark: transaction was not mined");
    return Number(receipt.gasUsed);
  };
  const record = (name: string, gasUsed: number): void => {
    const target = LENDING_GAS_TARGETS[name];
    const ref = target
      ? MORPHO_BLUE_REFERENCE[target[0]]
      : REFERENCE_ONLY[name] && MORPHO_BLUE_REFERENCE[REFERENCE_ONLY[name]];
    rows.push({
      name,
      gasUsed,
      ...(ref === undefined ? {} : { morphoBlue: ref }),
      ...(target ? { limit: Math.floor(MORPHO_BLUE_REFERENCE[target[0]] * target[1]) } : {}),
    });
  };

  // One debt market and two collateral markets, all 18 decimals.
  const specs: MarketSpec[] = [
    { ...STANDARD_MARKETS[0], symbol: "DEBT", decimals: 18 },
    { ...STANDARD_MARKETS[1], symbol: "COLA" },
    { ...STANDARD_MARKETS[2], symbol: "COLB", decimals: 18 },
  ];
  const { pool, markets } = await deployLending(hre, specs, deployer, DEFAULT_RATE_PARAMS, 3n * HEARTBEAT);
  clock = (await ethers.provider.getBlock("latest"))!.timestamp;
  const [debt, colA, colB] = markets;
  const poolAddress = await pool.getAddress();
  for (const m of markets) {
    for (const w of [lender, borrower, liquidator]) {
      await send(() => m.token.connect(deployer).mint(w.address, 10n ** 30n));
      await send(() => m.token.connect(w).approve(poolAddress, MAX_UINT));
    }
  }
  const refreshFeeds = async (): Promise<void> => {
    for (const m of markets) {
      const [, answer] = await m.feed.latestRoundData();
      await send(() => m.feed.connect(deployer).setAnswer(answer));
    }
  };
  const day = async (tx: () => Promise<ContractTransactionResponse>): Promise<number> => {
    clock += DAY;
    await refreshFeeds();
    return send(tx);
  };
  const p = (w: ethersLib.Wallet) => pool.connect(w);

  // Liquidity, collateral, a first borrow.
  await send(() => p(lender).supply(debt.address, 1_000_000n * E18, lender.address));
  await send(() => p(borrower).supply(colA.address, 10n * E18, borrower.address));
  await send(() => p(borrower).supply(colB.address, 1n * E18, borrower.address));
  record("enterMarket", await send(() => p(borrower).enterMarket(colA.address)));
  await send(() => p(borrower).enterMarket(colB.address));
  await send(() => p(liquidator).supply(colA.address, E18, liquidator.address));
  record(
    "borrow (first, 2 collateral markets entered)",
    await day(() => p(borrower).borrow(debt.address, 10_000n * E18, borrower.address)),
  );
  // Steady state: the reserves are no longer zero (their first write is a one-off 20,000 gas).
  await send(() => p(lender).accrueInterest(debt.address), DAY - 1);

  // The steady-state operations, a day apart.
  record("supply", await day(() => p(lender).supply(debt.address, 1000n * E18, lender.address)));
  record(
    "borrow (2 collateral markets entered)",
    await day(() => p(borrower).borrow(debt.address, 1000n * E18, borrower.address)),
  );
  record("repay", await day(() => p(borrower).repay(debt.address, 500n * E18, borrower.address)));
  record("withdraw", await day(() => p(lender).withdraw(debt.address, 1000n * E18, lender.address)));
  record(
    "supply (entered collateral market)",
    await day(() => p(borrower).supply(colA.address, E18, borrower.address)),
  );
  record("accrueInterest", await day(() => p(lender).accrueInterest(debt.address)));

  // A flash loan: the receiver approves the repayment in its callback.
  const receiver = await hre.ethers.deployContract("FlashBorrowerMock", [poolAddress], deployer);
  await receiver.waitForDeployment();
  clock = (await ethers.provider.getBlock("latest"))!.timestamp;
  await send(() => debt.token.connect(deployer).mint(receiver.target as string, E18));
  record("flashLoan", await day(() => p(lender).flashLoan(receiver.target as string, debt.address, 1000n * E18, "0x")));

  // Prices fall: the borrower is liquidatable; a returning liquidator repays a little.
  await send(() => colA.feed.connect(deployer).setAnswer(500_0000_0000n));
  await send(() => colB.feed.connect(deployer).setAnswer(5000_0000_0000n));
  // Steady state: the liquidator has liquidated before, so the collateral market's reserves (which
  // receive the protocol's share) are no longer zero.
  await send(() => p(liquidator).liquidate(borrower.address, debt.address, colA.address, 100n * E18));
  record(
    "liquidate (2 collateral markets entered)",
    await day(() => p(liquidator).liquidate(borrower.address, debt.address, colA.address, 100n * E18)),
  );
  record("exitMarket (no debt)", await send(() => p(liquidator).exitMarket(colA.address)));
  return rows;
}

/** The rows as a table with Morpho Blue's figures (reuses the AMM table's layout). */
export function formatLendingGasTable(rows: LendingGasRow[]): string {
  const table = formatGasTable(rows.map((r) => ({ name: r.name, gasUsed: r.gasUsed, uniswapV2: r.morphoBlue })));
  const lines = table.split("\n");
  // Same width as the AMM table's reference header, so the layout is unchanged.
  lines[0] = lines[0].replace("Uniswap v2", "Morpho 1.0");
  const limits = rows
    .filter((r) => r.limit !== undefined)
    .map(
      (r) =>
        `  ${r.name}: ${r.gasUsed.toLocaleString("en-US")} vs ${r.limit!.toLocaleString("en-US")} ` +
        (r.gasUsed <= r.limit! ? "(met)" : "(MISSED)"),
    );
  return [...lines, "", "targets (1.1x Morpho for supply/withdraw/repay, 1.3x for borrow/liquidate):", ...limits].join(
    "\n",
  );
}

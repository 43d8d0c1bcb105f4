/**
 * Stateful property tests: random sequences of every user action (supply, withdraw, borrow, repay
 * on behalf, enter, exit, liquidate, flash loan) by several users, with price moves and time jumps,
 * on the real Hardhat network, and the pool's invariants checked after every step.
 *
 * The clock is frozen between time jumps (every transaction of a step is mined at the model's
 * clock), so that no interest accrues inside a user action and "the action left the account
 * unhealthy" means exactly that.
 */
import { expect } from "chai";
import fc from "fast-check";
import hre from "hardhat";
import { loadFixture } from "@nomicfoundation/hardhat-network-helpers";
import type { HardhatEthersSigner } from "@nomicfoundation/hardhat-ethers/signers";
import type { ContractTransactionResponse } from "ethers";
import { propertyRuns } from "@lanes/types";
import type { FlashBorrowerMock } from "../../typechain-types";
import { MAX_UINT, lendingFixture, units, type LendingFixture } from "./fixtures";
import * as ref from "./reference";

interface Model {
  clock: number;
  /** Per market: borrow index and supply index (scaled) at the last check. */
  borrowIndex: bigint[];
  supplyPrice: [bigint, bigint][];
}

interface Real {
  f: LendingFixture;
  users: HardhatEthersSigner[];
  receiver: FlashBorrowerMock;
}

/** Custom errors a random action may legitimately hit. */
const EXPECTED = new Set([
  "ZeroAmount",
  "ZeroShares",
  "InsufficientCash",
  "InsufficientBalance",
  "InsufficientCollateral",
  "TooManyMarkets",
  "NoDebt",
  "AccountHealthy",
  "SelfLiquidation",
  "NoCollateral",
  "NothingToSeize",
  "StalePrice",
  "NonPositivePrice",
  "ERC20InsufficientBalance",
  "ERC20InsufficientAllowance",
]);

let checks = 0;
/** Successful actions by kind, to show that the sequences reach every action. */
const successes = new Map<string, number>();

async function at(m: Model): Promise<void> {
  await hre.network.provider.send("evm_setNextBlockTimestamp", [m.clock]);
}

/** Sends a pool transaction at the model's clock; returns the receipt, or null after an expected revert. */
async function attempt(m: Model, r: Real, tx: () => Promise<ContractTransactionResponse>) {
  await at(m);
  try {
    return await (await tx()).wait();
  } catch (error) {
    const data = (error as { data?: string }).data ?? "";
    const ifaces = [r.f.pool.interface, r.f.oracle.interface, r.f.usd.token.interface];
    const name = ifaces.map((i) => (data.length >= 10 ? i.parseError(data)?.name : undefined)).find((n) => n);
    expect(EXPECTED.has(name ?? ""), `unexpected revert ${name ?? (error as Error).message}`).to.equal(true);
    // A failed transaction mines no block in automine mode: nothing to undo.
    return null;
  }
}

/** Borrowing power minus debt, or null when a price is unavailable. */
async function margin(r: Real, who: string): Promise<bigint | null> {
  try {
    const v = await r.f.pool.accountLiquidity(who);
    return v.borrowingPower - v.debtValue;
  } catch {
    return null;
  }
}

async function checkInvariants(m: Model, r: Real, badDebtMarkets: Set<string>): Promise<void> {
  checks++;
  const { pool, markets, poolAddress } = r.f;
  for (let i = 0; i < markets.length; i++) {
    const mk = markets[i];
    const s = await pool.marketState(mk.address);
    // Cash is never negative: the pool holds at least what it accounts for.
    expect((await mk.token.balanceOf(poolAddress)) >= s.cash, `${mk.spec.symbol} cash`).to.equal(true);
    let debts = 0n;
    let supplied = 0n;
    let shares = 0n;
    for (const u of r.users) {
      const p = await pool.position(mk.address, u.address);
      debts += ref.debtOf(p.borrowScaled, s.borrowIndex);
      supplied += ref.toAssetsDown(p.supplyShares, s.totalSupplyAssets, s.totalSupplyShares);
      shares += p.supplyShares;
    }
    expect(debts >= s.totalBorrows, `${mk.spec.symbol}: sum of debts (up) >= total borrows`).to.equal(true);
    expect(supplied <= s.totalSupplyAssets, `${mk.spec.symbol}: sum of supply (down) <= total supply`).to.equal(true);
    expect(shares).to.equal(s.totalSupplyShares);
    // Indexes never decrease (the supply index only with a bad-debt write-off).
    expect(s.borrowIndex >= m.borrowIndex[i], `${mk.spec.symbol} borrow index`).to.equal(true);
    const [pa, ps] = m.supplyPrice[i];
    const [na, ns] = [s.totalSupplyAssets + 1n, s.totalSupplyShares + 10n ** 6n];
    if (!badDebtMarkets.has(mk.address)) {
      expect(na * ps >= pa * ns, `${mk.spec.symbol} supply index`).to.equal(true);
    }
    m.borrowIndex[i] = s.borrowIndex;
    m.supplyPrice[i] = [na, ns];
  }
}

type Cmd = fc.AsyncCommand<Model, Real>;

/** A user action: runs it, checks the acting account's health, then the invariants. */
abstract class Action implements Cmd {
  constructor(readonly user: number) {}
  check = () => true;
  /** Actions that can only succeed if they leave the account healthy. */
  abstract readonly reducesHealth: boolean;
  abstract send(r: Real, u: HardhatEthersSigner): Promise<ContractTransactionResponse>;
  async run(m: Model, r: Real) {
    const u = r.users[this.user];
    const before = await margin(r, u.address);
    const receipt = await attempt(m, r, () => this.send(r, u));
    const bad = new Set<string>();
    if (receipt) {
      successes.set(this.constructor.name, (successes.get(this.constructor.name) ?? 0) + 1);
      for (const log of receipt.logs) {
        const parsed = r.f.pool.interface.parseLog(log);
        if (parsed?.name === "BadDebt") bad.add(parsed.args.asset as string);
      }
      const after = await margin(r, u.address);
      // A bad-debt write-off is a loss shared by the market's suppliers (the acting account may be
      // one of them): like a price move, it may lower anyone's margin.
      const worsened = bad.size === 0 && before !== null && after !== null && after < before;
      if (this.reducesHealth) {
        // It may leave an account that price moves made unhealthy as it was, never make one so.
        const healthy = after === null || after >= 0n;
        expect(healthy || !worsened, `${this.toString()} left the account unhealthy`).to.equal(true);
      } else {
        expect(worsened, `${this.toString()} reduced the account's margin`).to.equal(false);
      }
      await this.after(m, r, receipt);
    }
    await checkInvariants(m, r, bad);
  }
  // eslint-disable-next-line @typescript-eslint/no-unused-vars
  async after(_m: Model, _r: Real, _receipt: unknown): Promise<void> {}
}

const mk = (r: Real, i: number) => r.f.markets[i];

class Supply extends Action {
  override reducesHealth = false;
  constructor(
    user: number,
    readonly market: number,
    readonly amount: bigint,
  ) {
    super(user);
  }
  override send = (r: Real, u: HardhatEthersSigner) =>
    r.f.pool
      .connect(u)
      .supply(mk(r, this.market).address, (units(mk(r, this.market), 1n) * this.amount) / 100n + 1n, u.address);
  override toString = () => `supply(u${this.user}, m${this.market}, ${this.amount}%)`;
}

class Withdraw extends Action {
  override reducesHealth = true;
  constructor(
    user: number,
    readonly market: number,
    readonly amount: bigint | null,
  ) {
    super(user);
  }
  override send = (r: Real, u: HardhatEthersSigner) =>
    r.f.pool
      .connect(u)
      .withdraw(
        mk(r, this.market).address,
        this.amount === null ? MAX_UINT : (units(mk(r, this.market), 1n) * this.amount) / 100n + 1n,
        u.address,
      );
  override toString = () => `withdraw(u${this.user}, m${this.market}, ${this.amount ?? "max"})`;
}

class Borrow extends Action {
  override reducesHealth = true;
  constructor(
    user: number,
    readonly market: number,
    readonly amount: bigint,
  ) {
    super(user);
  }
  override send = (r: Real, u: HardhatEthersSigner) =>
    r.f.pool
      .connect(u)
      .borrow(mk(r, this.market).address, (units(mk(r, this.market), 1n) * this.amount) / 100n + 1n, u.address);
  override toString = () => `borrow(u${this.user}, m${this.market}, ${this.amount}%)`;
}

class Repay extends Action {
  override reducesHealth = false;
  constructor(
    user: number,
    readonly market: number,
    readonly onBehalf: number,
    readonly amount: bigint | null,
  ) {
    super(user);
  }
  override send = (r: Real, u: HardhatEthersSigner) =>
    r.f.pool
      .connect(u)
      .repay(
        mk(r, this.market).address,
        this.amount === null ? MAX_UINT : (units(mk(r, this.market), 1n) * this.amount) / 100n + 1n,
        r.users[this.onBehalf].address,
      );
  override toString = () => `repay(u${this.user} for u${this.onBehalf}, m${this.market}, ${this.amount ?? "max"})`;
}

class Enter extends Action {
  override reducesHealth = false;
  constructor(
    user: number,
    readonly market: number,
  ) {
    super(user);
  }
  override send = (r: Real, u: HardhatEthersSigner) => r.f.pool.connect(u).enterMarket(mk(r, this.market).address);
  override toString = () => `enter(u${this.user}, m${this.market})`;
}

class Exit extends Action {
  override reducesHealth = true;
  constructor(
    user: number,
    readonly market: number,
  ) {
    super(user);
  }
  override send = (r: Real, u: HardhatEthersSigner) => r.f.pool.connect(u).exitMarket(mk(r, this.market).address);
  override toString = () => `exit(u${this.user}, m${this.market})`;
}

class FlashLoan extends Action {
  override reducesHealth = false;
  constructor(
    user: number,
    readonly market: number,
    readonly amount: bigint,
  ) {
    super(user);
  }
  override send = (r: Real, u: HardhatEthersSigner) =>
    r.f.pool
      .connect(u)
      .flashLoan(
        r.receiver,
        mk(r, this.market).address,
        (units(mk(r, this.market), 1n) * this.amount) / 100n + 1n,
        "0x",
      );
  override toString = () => `flashLoan(u${this.user}, m${this.market}, ${this.amount}%)`;
}

class Liquidate extends Action {
  override reducesHealth = false;
  private snapshot: { collateral: [bigint, bigint, bigint]; pd: bigint; pc: bigint; li: bigint } | null = null;
  constructor(
    user: number,
    readonly borrower: number,
    readonly debt: number,
    readonly coll: number,
    readonly amount: bigint | null,
  ) {
    super(user);
  }
  override send = async (r: Real, u: HardhatEthersSigner) => {
    const c = mk(r, this.coll);
    const s = await r.f.pool.marketState(c.address);
    const bp = await r.f.pool.position(c.address, r.users[this.borrower].address);
    try {
      this.snapshot = {
        collateral: [bp.supplyShares, s.totalSupplyAssets, s.totalSupplyShares],
        pd: await r.f.oracle.price(mk(r, this.debt).address),
        pc: await r.f.oracle.price(c.address),
        li: (await r.f.pool.marketConfig(c.address)).liquidationIncentiveBps,
      };
    } catch {
      this.snapshot = null;
    }
    await at(this.model!);
    return r.f.pool
      .connect(u)
      .liquidate(
        r.users[this.borrower].address,
        mk(r, this.debt).address,
        c.address,
        this.amount === null ? MAX_UINT : (units(mk(r, this.debt), 1n) * this.amount) / 100n + 1n,
      );
  };
  model: Model | null = null;
  override async run(m: Model, r: Real) {
    this.model = m;
    await super.run(m, r);
  }
  override async after(_m: Model, r: Real, receipt: unknown) {
    const logs = (receipt as { logs: Parameters<typeof r.f.pool.interface.parseLog>[0][] }).logs;
    for (const log of logs) {
      const parsed = r.f.pool.interface.parseLog(log);
      if (parsed?.name !== "Liquidate" || !this.snapshot) continue;
      const [, ta, ts] = this.snapshot.collateral;
      const seizedAssets = ref.toAssetsDown(parsed.args.seizedShares as bigint, ta, ts);
      // Collateral value taken <= repaid value * incentive (exact rational comparison).
      expect(
        seizedAssets * this.snapshot.pc * 10_000n <=
          (parsed.args.repaid as bigint) * this.snapshot.pd * this.snapshot.li,
        "liquidation took more than repaid value * incentive",
      ).to.equal(true);
    }
  }
  override toString = () =>
    `liquidate(u${this.user} -> u${this.borrower}, debt m${this.debt}, coll m${this.coll}, ${this.amount ?? "max"})`;
}

class PriceMove implements Cmd {
  constructor(
    readonly market: number,
    readonly percent: bigint,
  ) {}
  check = () => true;
  async run(m: Model, r: Real) {
    const feed = mk(r, this.market).feed;
    const [, answer] = await feed.latestRoundData();
    const next = (answer * this.percent) / 100n;
    await at(m);
    await (await feed.setAnswer(next > 0n ? next : 1n)).wait();
    await checkInvariants(m, r, new Set());
  }
  toString = () => `price(m${this.market}, ${this.percent}%)`;
}

class TimeJump implements Cmd {
  constructor(
    readonly seconds: number,
    readonly refresh: boolean,
  ) {}
  check = () => true;
  async run(m: Model, r: Real) {
    m.clock += this.seconds;
    // A block at the new time, so that views ("before" an action) see the action's second.
    await hre.network.provider.send("evm_mine", [m.clock]);
    if (this.refresh) {
      for (const x of r.f.markets) {
        const [, answer] = await x.feed.latestRoundData();
        await at(m);
        await (await x.feed.setAnswer(answer)).wait();
      }
    }
    await checkInvariants(m, r, new Set());
  }
  toString = () => `time(+${this.seconds}s${this.refresh ? "" : ", feeds stale"})`;
}

const USERS = 4;
const user = fc.integer({ min: 0, max: USERS - 1 });
const market = fc.integer({ min: 0, max: 2 });
// Amounts in hundredths of a whole token: mostly up to one token, sometimes up to a thousand.
const amount = fc.oneof(
  { arbitrary: fc.bigInt({ min: 0n, max: 100n }), weight: 4 },
  { arbitrary: fc.bigInt({ min: 100n, max: 100_000n }), weight: 1 },
);
const orMax = fc.option(amount, { nil: null, freq: 4 });
// Liquidations mostly aim at the seeded position (Bob, u1: USDL debt, WETH collateral).
const liquidation = fc.oneof(
  {
    arbitrary: fc.tuple(fc.constantFrom(0, 2, 3), orMax).map(([u, a]) => new Liquidate(u, 1, 0, 1, a)),
    weight: 3,
  },
  {
    arbitrary: fc.tuple(user, user, market, market, orMax).map(([u, v, d, c, a]) => new Liquidate(u, v, d, c, a)),
    weight: 1,
  },
);
const commands = [
  fc.tuple(user, market, amount).map(([u, mm, a]) => new Supply(u, mm, a * 10n)),
  fc.tuple(user, market, orMax).map(([u, mm, a]) => new Withdraw(u, mm, a)),
  fc.tuple(user, market, amount).map(([u, mm, a]) => new Borrow(u, mm, a)),
  fc.tuple(user, market, user, orMax).map(([u, mm, v, a]) => new Repay(u, mm, v, a)),
  fc.tuple(user, market).map(([u, mm]) => new Enter(u, mm)),
  fc.tuple(user, market).map(([u, mm]) => new Exit(u, mm)),
  liquidation,
  liquidation,
  fc.tuple(user, market, amount).map(([u, mm, a]) => new FlashLoan(u, mm, a)),
  fc.tuple(market, fc.bigInt({ min: 30n, max: 150n })).map(([mm, p]) => new PriceMove(mm, p)),
  fc.bigInt({ min: 40n, max: 95n }).map((p) => new PriceMove(1, p)),
  fc.tuple(fc.integer({ min: 1, max: 120 * 86_400 }), fc.boolean()).map(([s, f]) => new TimeJump(s, f || s < 3600)),
];

async function propertyFixture() {
  const f = await lendingFixture();
  await f.pool.setFees(f.usd.address, 9, 280);
  await f.pool.setFees(f.eth.address, 30, 500);
  const receiver = (await hre.ethers.deployContract("FlashBorrowerMock", [
    f.poolAddress,
  ])) as unknown as FlashBorrowerMock;
  for (const m of f.markets) await m.token.mint(await receiver.getAddress(), units(m, 10n ** 9n));
  // Seed liquidity so that borrows have something to take, and a position close to its limit (Bob:
  // 10 WETH as collateral, $14,000 of USDL borrowed of $15,000 of power), so that price moves and
  // interest make liquidations happen.
  for (const m of f.markets) await f.pool.connect(f.dave).supply(m.address, units(m, 100_000n), f.dave.address);
  await f.pool.connect(f.bob).supply(f.eth.address, units(f.eth, 10n), f.bob.address);
  await f.pool.connect(f.bob).enterMarket(f.eth.address);
  await f.pool.connect(f.bob).borrow(f.usd.address, units(f.usd, 14_000n), f.bob.address);
  // Alice has plenty of borrowing power (2 WBTC entered), so that her borrows mostly succeed.
  await f.pool.connect(f.alice).supply(f.btc.address, units(f.btc, 2n), f.alice.address);
  await f.pool.connect(f.alice).enterMarket(f.btc.address);
  return { f, receiver };
}

async function runSequence(cmds: Iterable<Cmd>): Promise<void> {
  const { f, receiver } = await loadFixture(propertyFixture);
  const users = [f.alice, f.bob, f.carol, f.dave];
  // The clock starts at the fixture's last block: an action's "before" is then the same second.
  const clock = Number((await hre.ethers.provider.getBlock("latest"))!.timestamp);
  const m: Model = {
    clock,
    borrowIndex: [0n, 0n, 0n],
    supplyPrice: [
      [0n, 1n],
      [0n, 1n],
      [0n, 1n],
    ],
  };
  await fc.asyncModelRun(() => ({ model: m, real: { f, users, receiver } }), cmds);
}

describe("LendingPool properties (stateful)", function () {
  this.timeout(20 * 60_000);
  after(() => {
    // A property that never reached its checks proves nothing.
    expect(checks, "invariant checks run").to.be.greaterThan(propertyRuns(20));
    if (process.env.LANES_LENDING_STATS) console.log(Object.fromEntries(successes));
    // Every kind of action succeeded somewhere in the runs (the seeded position makes liquidations
    // and bad debt reachable): a property over actions that always revert would prove little.
    for (const kind of ["Supply", "Withdraw", "Borrow", "Repay", "Enter", "Exit", "FlashLoan", "Liquidate"]) {
      expect(successes.get(kind) ?? 0, `${kind} never succeeded`).to.be.greaterThan(0);
    }
  });

  it("holds its invariants over random actions, price moves and time jumps by several users", async () => {
    await fc.assert(
      fc.asyncProperty(fc.commands(commands, { maxCommands: 30, size: "max" }), (cmds) => runSequence(cmds)),
      // A fixed seed by default: the "every kind of action succeeded" check above must not depend on
      // luck; LANES_PROPERTY_SEED explores others.
      { numRuns: propertyRuns(20), seed: Number(process.env.LANES_PROPERTY_SEED ?? 20261130) },
    );
  });
});

/**
 * Lending workloads: everyday traffic over the markets, one hot market, and a liquidation wave
 * after a price drop. Each block is generated from the pool's state at the start of the block
 * (what a wallet or a liquidation bot sees), read through the pool's own views, and from what the
 * block's earlier transactions are expected to change; a transaction the chain then refuses
 * (a borrow the collateral no longer covers, a liquidation a competitor got to first) reverts and
 * is traced like any other.
 */
import type { Chain, TxRequest } from "../chain";
import { BLOCK_INTERVAL_S } from "../run";
import type { Rng } from "../random";
import { Zipf } from "../random";
import { ALL, type LendingWorld, usdToAssets } from "../world/lending";
import { mappingSlot } from "../world/storage";
import type { Workload, WorkloadParams } from "./types";

const E18 = 10n ** 18n;
const BPS = 10_000n;
const VIRTUAL_SHARES = 10n ** 6n;

interface MarketState {
  totalAssets: bigint;
  totalShares: bigint;
  totalBorrows: bigint;
  index: bigint;
  cash: bigint;
  /** The feed's answer (8 decimals) and when it was set. */
  answer: bigint;
  updatedAt: number;
  /** The pool's price: value (1e18 = $1) of `amount` base units is amount × price / 1e18. */
  price: bigint;
}

interface Position {
  shares: bigint;
  scaled: bigint;
  collateral: boolean;
}

interface Liquidity {
  /** Oracle units (1e18 = $1), as the pool's `accountLiquidity` returns them. */
  power: bigint;
  liquidation: bigint;
  debt: bigint;
}

/**
 * A logical block's view of the lending world: the pre-state through the pool's views, read once
 * per account, updated by what the block's earlier generated transactions are expected to do.
 */
export class LendingBook {
  private readonly positions = new Map<string, Position>();
  private readonly liquidities = new Map<string, Liquidity>();

  private constructor(
    private readonly chain: Chain,
    readonly world: LendingWorld,
    readonly markets: MarketState[],
    /** The timestamp the block's transactions will carry. */
    readonly timestamp: number,
  ) {}

  static async load(chain: Chain, world: LendingWorld): Promise<LendingBook> {
    const { pool, feed } = world.abi;
    const markets: MarketState[] = [];
    for (const m of world.markets) {
      const s = pool.decodeFunctionResult(
        "marketState",
        await chain.call(world.pool, pool.encodeFunctionData("marketState", [m.asset])),
      );
      const r = feed.decodeFunctionResult(
        "latestRoundData",
        await chain.call(m.feed, feed.encodeFunctionData("latestRoundData")),
      );
      const answer = r[1] as bigint;
      markets.push({
        totalAssets: s[0] as bigint,
        totalShares: s[1] as bigint,
        totalBorrows: s[2] as bigint,
        index: s[4] as bigint,
        cash: s[6] as bigint,
        answer,
        updatedAt: Number(r[3] as bigint),
        price: answer * 10n ** BigInt(36 - m.decimals - 8),
      });
    }
    const timestamp = (await chain.latestBlock()).timestamp + BLOCK_INTERVAL_S;
    return new LendingBook(chain, world, markets, timestamp);
  }

  async position(m: number, account: string): Promise<Position> {
    const id = `${m}:${account}`;
    let p = this.positions.get(id);
    if (!p) {
      p = await this.readPosition(m, account);
      this.positions.set(id, p);
    }
    return p;
  }

  /** From storage when the layout is known (a tenth of the cost), else through the pool's view. */
  private async readPosition(m: number, account: string): Promise<Position> {
    const asset = this.world.markets[m].asset;
    const layout = this.world.positionLayout;
    if (layout) {
      const base = mappingSlot(account, mappingSlot(asset, layout.marketsSlot) + layout.positionsOffset);
      const words = new Map<bigint, Promise<bigint>>();
      const member = async ({ slot, offset, bytes }: { slot: bigint; offset: number; bytes: number }) => {
        let word = words.get(slot);
        if (!word) words.set(slot, (word = this.chain.storageAt(this.world.pool, base + slot)));
        return ((await word) >> BigInt(8 * offset)) & ((1n << BigInt(8 * bytes)) - 1n);
      };
      const { supplyShares, borrowScaled, collateral } = layout.members;
      return {
        shares: await member(supplyShares),
        scaled: await member(borrowScaled),
        collateral: (await member(collateral)) !== 0n,
      };
    }
    const { pool } = this.world.abi;
    const r = pool.decodeFunctionResult(
      "position",
      await this.chain.call(this.world.pool, pool.encodeFunctionData("position", [asset, account])),
    );
    return { shares: r[0] as bigint, scaled: r[1] as bigint, collateral: r[2] as boolean };
  }

  async liquidity(account: string): Promise<Liquidity> {
    let l = this.liquidities.get(account);
    if (!l) {
      const { pool } = this.world.abi;
      const r = pool.decodeFunctionResult(
        "accountLiquidity",
        await this.chain.call(this.world.pool, pool.encodeFunctionData("accountLiquidity", [account])),
      );
      l = { power: r[0] as bigint, liquidation: r[1] as bigint, debt: r[2] as bigint };
      this.liquidities.set(account, l);
    }
    return l;
  }

  /** Assets of `shares` of market `m`, rounded down (the pool's SharesMathLib). */
  assets(m: number, shares: bigint): bigint {
    const s = this.markets[m];
    return (shares * (s.totalAssets + 1n)) / (s.totalShares + VIRTUAL_SHARES);
  }

  shares(m: number, assets: bigint): bigint {
    const s = this.markets[m];
    return (assets * (s.totalShares + VIRTUAL_SHARES)) / (s.totalAssets + 1n);
  }

  debt(m: number, scaled: bigint): bigint {
    return (scaled * this.markets[m].index + E18 - 1n) / E18;
  }

  /** Oracle value (1e18 = $1) of `assets` of market `m`. */
  value(m: number, assets: bigint): bigint {
    return (assets * this.markets[m].price) / E18;
  }

  assetsFor(m: number, value: bigint): bigint {
    return (value * E18) / this.markets[m].price;
  }
}

/**
 * Picks accounts, ranked by their order in `rank`: with probability `repeat` one that already
 * acted in the block, else Zipf over the ranks. `from` picks among a subset (the accounts that
 * hold debt in a market…), Zipf over the subset's ranks.
 */
export class AccountPicker {
  private readonly used: string[] = [];
  private readonly zipfs = new Map<number, Zipf>();

  constructor(
    private readonly rank: readonly string[],
    private readonly skew: number,
    private readonly repeat: number,
    private readonly rng: Rng,
  ) {}

  next(): string {
    return this.pick(this.rank);
  }

  /** An account of `subset` (in rank order), or undefined when none is ranked. */
  from(subset: ReadonlySet<string>): string | undefined {
    const ranked = this.rank.filter((a) => subset.has(a));
    return ranked.length === 0 ? undefined : this.pick(ranked, subset);
  }

  private pick(ranked: readonly string[], subset?: ReadonlySet<string>): string {
    if (this.used.length > 0 && this.rng.chance(this.repeat)) {
      const again = subset ? this.used.filter((a) => subset.has(a)) : this.used;
      if (again.length > 0) return this.note(this.rng.pick(again));
    }
    let zipf = this.zipfs.get(ranked.length);
    if (!zipf) this.zipfs.set(ranked.length, (zipf = new Zipf(ranked.length, this.skew)));
    return this.note(ranked[zipf.sample(this.rng)]);
  }

  private note(account: string): string {
    this.used.push(account);
    return account;
  }
}

/** What a lending action generator needs about its block. */
export interface LendingCtx {
  world: LendingWorld;
  book: LendingBook;
  rng: Rng;
  users: AccountPicker;
}

export type LendingOp = "supply" | "withdraw" | "borrow" | "repay" | "collateral";

/**
 * The everyday mix: supply, withdraw, borrow, repay (a quarter of them on behalf of another
 * account), collateral switches (enter or exit a market).
 */
export const LENDING_MIX: readonly (readonly [LendingOp, number])[] = [
  ["supply", 0.3],
  ["withdraw", 0.15],
  ["borrow", 0.22],
  ["repay", 0.22],
  ["collateral", 0.11],
];
const ON_BEHALF = 0.25;
/** Share of borrows that take the whole headroom (a wallet's "max" button). */
const MAX_BORROW = 0.05;

export function pickOp(rng: Rng, mix: readonly (readonly [LendingOp, number])[] = LENDING_MIX): LendingOp {
  let u = rng.next() * mix.reduce((s, [, w]) => s + w, 0);
  for (const [op, w] of mix) if ((u -= w) < 0) return op;
  return mix[mix.length - 1][0];
}

const fraction = (rng: Rng, lo: number, hi: number): bigint => BigInt(Math.round((lo + rng.next() * (hi - lo)) * 1e6));
const scale = (x: bigint, f: bigint): bigint => (x * f) / 1_000_000n;

function poolTx(c: Pick<LendingCtx, "world">, from: string, fn: string, args: unknown[], label: string): TxRequest {
  return { from, to: c.world.pool, data: c.world.abi.pool.encodeFunctionData(fn, args), label };
}

/**
 * One lending action `op` on market `m`, by an account that has something to act on (a withdrawal
 * by a supplier of `m`, a borrow by an account with collateral…); a supply by any user when no
 * such account is found.
 */
export async function lendingAction(c: LendingCtx, m: number, op: LendingOp): Promise<TxRequest> {
  const { book, rng, world, users } = c;
  const { holders } = world;
  const market = world.markets[m];
  const cf = BigInt(market.collateralFactorBps);
  switch (op) {
    case "withdraw": {
      const user = users.from(holders.suppliers[m]);
      if (!user) break;
      const p = await book.position(m, user);
      if (p.shares === 0n) {
        holders.suppliers[m].delete(user);
        break;
      }
      const l = await book.liquidity(user);
      const held = book.assets(m, p.shares);
      let amount: bigint;
      if (!p.collateral || l.debt === 0n) {
        if (rng.chance(0.25)) {
          p.shares = 0n;
          holders.suppliers[m].delete(user);
          if (p.collateral) l.power -= (book.value(m, held) * cf) / BPS;
          return poolTx(c, user, "withdraw", [market.asset, ALL, user], "pool.withdraw (all)");
        }
        amount = scale(held, fraction(rng, 0.1, 0.6));
      } else {
        // Collateral backing a debt: a slice of what the headroom allows.
        const free = l.power > l.debt ? book.assetsFor(m, ((l.power - l.debt) * BPS) / cf) : 0n;
        amount = scale(free < held ? free : held, fraction(rng, 0.05, 0.4));
      }
      if (amount === 0n) break;
      p.shares -= book.shares(m, amount) + 1n;
      if (p.collateral) l.power -= (book.value(m, amount) * cf) / BPS;
      return poolTx(c, user, "withdraw", [market.asset, amount, user], "pool.withdraw");
    }
    case "borrow": {
      for (let tries = 0; tries < 3; tries++) {
        const user = users.from(holders.collateral);
        if (!user) break;
        const l = await book.liquidity(user);
        const headroom = l.power - l.debt;
        if (headroom < 20n * E18) continue;
        // Now and then a wallet's "max" button: all the headroom quoted from the pre-state, give or
        // take the rounding of a quote; it reverts when interest or the price moved against it.
        const max = rng.chance(MAX_BORROW);
        let amount = book.assetsFor(m, scale(headroom, max ? fraction(rng, 0.97, 1.03) : fraction(rng, 0.05, 0.5)));
        const cash = book.markets[m].cash / 5n;
        if (amount > cash) amount = cash;
        if (amount === 0n) continue;
        const p = await book.position(m, user);
        l.debt += book.value(m, amount);
        p.scaled += (amount * E18) / book.markets[m].index;
        book.markets[m].cash -= amount;
        holders.debtors[m].add(user);
        return poolTx(c, user, "borrow", [market.asset, amount, user], max ? "pool.borrow (max)" : "pool.borrow");
      }
      break;
    }
    case "repay": {
      const borrower = users.from(holders.debtors[m]);
      if (!borrower) break;
      const p = await book.position(m, borrower);
      if (p.scaled === 0n) {
        holders.debtors[m].delete(borrower);
        break;
      }
      const l = await book.liquidity(borrower);
      const payer = rng.chance(ON_BEHALF) ? users.next() : borrower;
      if (payer !== borrower) {
        const amount = scale(book.debt(m, p.scaled), fraction(rng, 0.05, 0.5));
        if (amount === 0n) break;
        p.scaled -= (amount * E18) / book.markets[m].index;
        l.debt -= book.value(m, amount);
        return poolTx(c, payer, "repay", [market.asset, amount, borrower], "pool.repay (on behalf)");
      }
      if (rng.chance(0.3)) {
        l.debt -= book.value(m, book.debt(m, p.scaled));
        p.scaled = 0n;
        holders.debtors[m].delete(borrower);
        return poolTx(c, borrower, "repay", [market.asset, ALL, borrower], "pool.repay (all)");
      }
      const amount = scale(book.debt(m, p.scaled), fraction(rng, 0.1, 0.9));
      if (amount === 0n) break;
      p.scaled -= (amount * E18) / book.markets[m].index;
      l.debt -= book.value(m, amount);
      return poolTx(c, borrower, "repay", [market.asset, amount, borrower], "pool.repay");
    }
    case "collateral": {
      const user = users.from(holders.suppliers[m]);
      if (!user) break;
      const p = await book.position(m, user);
      if (p.shares === 0n) break;
      const l = await book.liquidity(user);
      const backing = (book.value(m, book.assets(m, p.shares)) * cf) / BPS;
      if (!p.collateral) {
        p.collateral = true;
        l.power += backing;
        holders.collateral.add(user);
        holders.collateralIn[m].add(user);
        return poolTx(c, user, "enterMarket", [market.asset], "pool.enterMarket");
      }
      // Out of a market only when the rest of the collateral covers the debt with room to spare.
      if (l.debt === 0n || l.power - backing > (l.debt * 12n) / 10n) {
        p.collateral = false;
        l.power -= backing;
        holders.collateralIn[m].delete(user);
        return poolTx(c, user, "exitMarket", [market.asset], "pool.exitMarket");
      }
      break;
    }
    case "supply":
      break;
  }
  return supplyTx(c, users.next(), m);
}

/** A supply of $100 to $100,000 (log-uniform) of market `m`, counted as collateral if the position is. */
async function supplyTx(c: LendingCtx, user: string, m: number): Promise<TxRequest> {
  const { book, rng, world } = c;
  const market = world.markets[m];
  const amount = usdToAssets({ decimals: market.decimals, answer: book.markets[m].answer }, rng.logUniform(100, 1e5));
  const p = await book.position(m, user);
  p.shares += book.shares(m, amount);
  if (p.collateral) {
    const l = await book.liquidity(user);
    l.power += (book.value(m, amount) * BigInt(market.collateralFactorBps)) / BPS;
  }
  book.markets[m].cash += amount;
  world.holders.suppliers[m].add(user);
  return poolTx(c, user, "supply", [market.asset, amount, user], "pool.supply");
}

function feedTx(world: LendingWorld, m: number, answer: bigint, label: string): TxRequest {
  return {
    from: world.keeper,
    to: world.markets[m].feed,
    data: world.abi.feed.encodeFunctionData("setAnswer", [answer]),
    label,
  };
}

/**
 * Feed updates a keeper sends at the heartbeat: a feed whose answer would be more than half its
 * heartbeat old when the block runs is refreshed at the block's start (same answer), as Chainlink
 * does, so that long runs never price from stale feeds.
 */
export function heartbeatUpdates(book: LendingBook): TxRequest[] {
  const out: TxRequest[] = [];
  for (const [m, s] of book.markets.entries()) {
    if (s.updatedAt + book.world.heartbeat / 2 < book.timestamp) {
      out.push(feedTx(book.world, m, s.answer, "feed.setAnswer (heartbeat)"));
      s.updatedAt = book.timestamp;
    }
  }
  return out;
}

type LCtx = { chain: Chain; world: LendingWorld; params: WorkloadParams; rng: Rng };

/** Users Zipf-skewed with half the market exponent: a few accounts are much busier than most. */
export function userPicker(world: LendingWorld, params: WorkloadParams, rng: Rng): AccountPicker {
  return new AccountPicker(world.users, params.skew / 2, params.repeatSenders, rng);
}

/** A block's lending context: the pre-state and a user picker. */
export async function lendingContext(
  chain: Chain,
  world: LendingWorld,
  params: WorkloadParams,
  rng: Rng,
): Promise<LendingCtx> {
  return { world, book: await LendingBook.load(chain, world), rng, users: userPicker(world, params, rng) };
}

async function generate(ctx: LCtx, pick: (c: LendingCtx) => Promise<TxRequest>): Promise<TxRequest[]> {
  const c = await lendingContext(ctx.chain, ctx.world, ctx.params, ctx.rng);
  const txs = heartbeatUpdates(c.book).slice(0, ctx.params.blockSize);
  while (txs.length < ctx.params.blockSize) txs.push(await pick(c));
  return txs;
}

export const lendingMix: Workload<LendingWorld> = {
  name: "lending-mix",
  title: "Lending: everyday traffic over the markets",
  description:
    "Supplies, withdrawals, borrows (5% of them the whole headroom, a wallet's max button), repays (a quarter on " +
    "behalf of another borrower) and collateral switches (30/15/22/22/11%) over the markets with Zipf skew " +
    "(`skew`), each by a user who has something to act on, Zipf-skewed over users with half that exponent.",
  worlds: ["lending"],
  protocol: "Lending",
  block: (ctx) => {
    const markets = new Zipf(ctx.world.markets.length, ctx.params.skew);
    return generate(ctx, (c) => lendingAction(c, markets.sample(c.rng), pickOp(c.rng)));
  },
};

/** Share of the hot-market workload's actions on the first market (USDC). */
const HOT_SHARE = 0.85;

export const lendingHotMarket: Workload<LendingWorld> = {
  name: "lending-hot-market",
  title: "Lending: most activity on one market",
  description:
    `${Math.round(HOT_SHARE * 100)}% of the actions (the everyday mix) on the USDC market, the rest over the other ` +
    "markets with Zipf skew: every supply, withdrawal, borrow and repay there writes the market's totals and index.",
  worlds: ["lending"],
  protocol: "Lending",
  block: (ctx) => {
    const others = new Zipf(ctx.world.markets.length - 1, ctx.params.skew);
    return generate(ctx, (c) => {
      const m = c.rng.chance(HOT_SHARE) ? 0 : 1 + others.sample(c.rng);
      return lendingAction(c, m, pickOp(c.rng));
    });
  },
};

/** A liquidation planned from the pre-state and the block's price drop. */
interface Target {
  borrower: string;
  debt: number;
  /** Health after the drop: liquidation value / debt value. */
  health: number;
}

/** Liquidation wave sizing: share of a block's slots at most, and odds per slot while targets remain. */
const WAVE_MAX_SHARE = 0.45;
const WAVE_ODDS = 0.75;
/** Odds that a second liquidator goes after the same borrower later in the wave. */
const RACE_ODDS = 0.2;

/**
 * Accounts with collateral in market `k` that a price drop of `drop` (a fraction) makes
 * liquidatable, worst first: their liquidation value falls by the drop on their collateral in `k`
 * (and their debt in `k`, if any, by as much), from what the pool's views say at the block's start.
 * Candidates are the accounts holding collateral and debt (the setup's borrowers and whoever
 * borrowed since); the debt repaid is the first market they owe in, other than `k` if they can.
 */
async function liquidatable(book: LendingBook, k: number, drop: number): Promise<Target[]> {
  const world = book.world;
  const { holders } = world;
  const keep = BigInt(Math.round((1 - drop) * 1e6));
  const lt = BigInt(world.markets[k].liquidationThresholdBps);
  const out: Target[] = [];
  for (const account of world.users) {
    if (!holders.collateralIn[k].has(account)) continue;
    const owes = world.markets.map((_, m) => m).filter((m) => holders.debtors[m].has(account));
    if (owes.length === 0) continue;
    const p = await book.position(k, account);
    if (!p.collateral || p.shares === 0n) continue;
    let debtMarket = -1;
    for (const m of [...owes.filter((x) => x !== k), ...owes.filter((x) => x === k)]) {
      if ((await book.position(m, account)).scaled > 0n) {
        debtMarket = m;
        break;
      }
    }
    if (debtMarket < 0) continue;
    const l = await book.liquidity(account);
    const value = book.value(k, book.assets(k, p.shares));
    const liquidation = l.liquidation - (((value * lt) / BPS) * (1_000_000n - keep)) / 1_000_000n;
    const debtInK = book.value(k, book.debt(k, p.scaled));
    const debt = l.debt - (debtInK * (1_000_000n - keep)) / 1_000_000n;
    // 1% margin: interest and the block's earlier transactions move the figures a little.
    if (debt > 0n && liquidation * 100n < debt * 99n) {
      out.push({ borrower: account, debt: debtMarket, health: Number((liquidation * 10_000n) / debt) / 10_000 });
    }
  }
  return out.sort((a, b) => a.health - b.health || (a.borrower < b.borrower ? -1 : 1));
}

export const lendingLiquidations: Workload<LendingWorld> = {
  name: "lending-liquidations",
  title: "Lending: a price drop and a liquidation wave",
  description:
    "Each block opens with an oracle update dropping one collateral asset's price by 12–30% (WETH, WBTC, LINK… " +
    "weighted by how much collateral they back), then liquidators (Zipf skew) liquidate the accounts it made " +
    "unhealthy, worst first, a fifth of them raced by a second liquidator, among the everyday mix; the price " +
    "recovers in the block's last transaction.",
  worlds: ["lending"],
  protocol: "Lending",
  block: async (ctx) => {
    const { world, params, rng } = ctx;
    const c = await lendingContext(ctx.chain, world, params, rng);
    const { book } = c;
    const markets = new Zipf(world.markets.length, params.skew);
    const liquidators = new Zipf(world.liquidators.length, params.skew);
    const txs = heartbeatUpdates(book);

    // The drop: a volatile collateral asset, weighted by the collateral it backs.
    const volatile = world.markets.map((m) => (m.rateModel === "volatile" ? m.collateralWeight : 0));
    let u = rng.next() * volatile.reduce((s, w) => s + w, 0);
    let k = volatile.findIndex((w) => (u -= w) < 0);
    if (k < 0) k = volatile.findIndex((w) => w > 0);
    const drop = 0.12 + rng.next() * 0.18;
    const base = book.markets[k].answer;
    const dropped = (base * BigInt(Math.round((1 - drop) * 1e6))) / 1_000_000n;
    txs.push(feedTx(world, k, dropped, "feed.setAnswer (price drop)"));
    const recover = params.blockSize - txs.length >= 2;

    const targets = await liquidatable(book, k, drop);
    const races: { target: Target; first: string }[] = [];
    const waveEnd = txs.length + Math.floor(params.blockSize * WAVE_MAX_SHARE);
    const last = params.blockSize - (recover ? 1 : 0);
    while (txs.length < last) {
      const inWave = txs.length < waveEnd && (targets.length > 0 || races.length > 0);
      if (inWave && rng.chance(WAVE_ODDS)) {
        // A race comes after the first liquidation of its borrower, from another liquidator.
        const race = races.length > 0 && (targets.length === 0 || rng.chance(0.5)) ? races.shift()! : undefined;
        const t = race ? race.target : targets.shift()!;
        let liquidator = world.liquidators[liquidators.sample(rng)];
        for (let tries = 0; race && liquidator === race.first && tries < 8; tries++)
          liquidator = world.liquidators[liquidators.sample(rng)];
        if (!race && rng.chance(RACE_ODDS)) races.push({ target: t, first: liquidator });
        txs.push(
          poolTx(
            c,
            liquidator,
            "liquidate",
            [t.borrower, world.markets[t.debt].asset, world.markets[k].asset, ALL],
            "pool.liquidate",
          ),
        );
        continue;
      }
      txs.push(await lendingAction(c, markets.sample(rng), pickOp(rng)));
    }
    if (recover) txs.push(feedTx(world, k, base, "feed.setAnswer (recovery)"));
    return txs.slice(0, params.blockSize);
  },
};

export const LENDING_WORKLOADS = [lendingMix, lendingHotMarket, lendingLiquidations];

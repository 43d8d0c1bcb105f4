/**
 * Stateful property tests: random sequences of mint / burn / swap / skim / sync / donations by
 * several users, on the real Hardhat network, with the pair's invariants checked after every step.
 */
import { expect } from "chai";
import fc from "fast-check";
import { loadFixture } from "@nomicfoundation/hardhat-network-helpers";
import type { HardhatEthersSigner } from "@nomicfoundation/hardhat-ethers/signers";
import { propertyRuns } from "@lanes/types";
import { E18, addLiquidity, pairFixture, type PairFixture } from "./fixtures";
import * as ref from "./reference";

const DEAD = "0x000000000000000000000000000000000000dEaD";

interface Model {
  /** k / supply² at the last check, as a fraction, for the share-value invariant. */
  k: bigint;
  supply: bigint;
  /** kLast and supply at the last liquidity event, for the protocol-fee check. */
  feeOn: boolean;
}

interface Real {
  f: PairFixture;
  users: HardhatEthersSigner[];
  pairAddress: string;
}

async function state(r: Real) {
  const [r0, r1] = await r.f.pair.getReserves();
  const b0 = await r.f.token0.balanceOf(r.pairAddress);
  const b1 = await r.f.token1.balanceOf(r.pairAddress);
  const supply = await r.f.pair.totalSupply();
  return { r0, r1, b0, b1, supply, k: r0 * r1 };
}

/** Invariants that hold after every command. */
let checks = 0;
async function checkInvariants(m: Model, r: Real, afterSwap: { kBefore: bigint } | null): Promise<void> {
  checks++;
  const s = await state(r);
  // Reserves never exceed balances (the excess is a donation waiting for skim or sync).
  expect(s.b0 >= s.r0 && s.b1 >= s.r1, "reserves above balances").to.equal(true);
  // LP supply accounting: the holders' balances add up to the supply.
  const holders = [...r.users.map((u) => u.address), DEAD, r.f.feeRecipient.address, r.pairAddress];
  let sum = 0n;
  for (const h of holders) sum += await r.f.pair.balanceOf(h);
  expect(sum, "sum of LP balances").to.equal(s.supply);
  if (afterSwap) expect(s.k >= afterSwap.kBefore, "k decreased across a swap").to.equal(true);
  // The value of a share, sqrt(k)/supply, never decreases (compared squared, exactly), as
  // long as no protocol fee dilutes it.
  if (!m.feeOn && m.supply > 0n && s.supply > 0n) {
    expect(s.k * m.supply * m.supply >= m.k * s.supply * s.supply, "LP share value decreased").to.equal(true);
  }
  m.k = s.k;
  m.supply = s.supply;
}

type Cmd = fc.AsyncCommand<Model, Real>;

class Mint implements Cmd {
  constructor(
    readonly user: number,
    readonly a0: bigint,
    readonly a1: bigint,
  ) {}
  check = () => true;
  async run(m: Model, r: Real) {
    const u = r.users[this.user];
    const before = await state(r);
    const fee = m.feeOn ? ref.protocolFeeShares(before.r0, before.r1, await r.f.pair.kLast(), before.supply) : 0n;
    const expected = ref.liquidityMinted(
      before.b0 + this.a0 - before.r0,
      before.b1 + this.a1 - before.r1,
      before.r0,
      before.r1,
      before.supply + fee,
    );
    const lpBefore = await r.f.pair.balanceOf(u.address);
    const feeBefore = await r.f.pair.balanceOf(r.f.feeRecipient.address);
    if (expected <= 0n) {
      await expect(addLiquidity(r.f, u, this.a0, this.a1)).to.be.reverted;
    } else {
      await (await addLiquidity(r.f, u, this.a0, this.a1)).wait();
      expect((await r.f.pair.balanceOf(u.address)) - lpBefore).to.equal(expected);
      expect((await r.f.pair.balanceOf(r.f.feeRecipient.address)) - feeBefore).to.equal(fee);
    }
    await checkInvariants(m, r, null);
  }
  toString = () => `mint(u${this.user}, ${this.a0}, ${this.a1})`;
}

class Burn implements Cmd {
  constructor(
    readonly user: number,
    readonly permille: bigint,
  ) {}
  check = () => true;
  async run(m: Model, r: Real) {
    const u = r.users[this.user];
    const lp = ((await r.f.pair.balanceOf(u.address)) * this.permille) / 1000n;
    if (lp === 0n) return;
    await (await r.f.pair.connect(u).transfer(r.pairAddress, lp)).wait();
    const s = await state(r);
    const fee = m.feeOn ? ref.protocolFeeShares(s.r0, s.r1, await r.f.pair.kLast(), s.supply) : 0n;
    const supply = s.supply + fee;
    // The pair burns all LP it holds, including any left by an earlier burn that reverted.
    const burned = await r.f.pair.balanceOf(r.pairAddress);
    const [out0, out1] = [(burned * s.b0) / supply, (burned * s.b1) / supply];
    if (out0 === 0n || out1 === 0n) {
      await expect(r.f.pair.connect(u).burn(u.address)).to.be.revertedWithCustomError(
        r.f.pair,
        "InsufficientLiquidityBurned",
      );
      await checkInvariants(m, r, null);
      return;
    }
    const [t0, t1] = [await r.f.token0.balanceOf(u.address), await r.f.token1.balanceOf(u.address)];
    await (await r.f.pair.connect(u).burn(u.address)).wait();
    expect((await r.f.token0.balanceOf(u.address)) - t0).to.equal(out0);
    expect((await r.f.token1.balanceOf(u.address)) - t1).to.equal(out1);
    await checkInvariants(m, r, null);
  }
  toString = () => `burn(u${this.user}, ${this.permille}‰)`;
}

class Swap implements Cmd {
  constructor(
    readonly user: number,
    readonly zeroForOne: boolean,
    readonly amountIn: bigint,
    readonly extraOut: bigint,
  ) {}
  check = () => true;
  async run(m: Model, r: Real) {
    const u = r.users[this.user];
    const s = await state(r);
    if (s.r0 === 0n || s.r1 === 0n) return;
    const [input, rIn, rOut] = this.zeroForOne ? [r.f.token0, s.r0, s.r1] : [r.f.token1, s.r1, s.r0];
    const [bIn, bOut] = this.zeroForOne ? [s.b0 + this.amountIn, s.b1] : [s.b1 + this.amountIn, s.b0];
    // Anything already sitting above the input reserve counts as input too.
    const allowed = ref.amountOut(bIn - rIn, rIn, rOut);
    const out = allowed + this.extraOut;
    await (await input.connect(u).transfer(r.pairAddress, this.amountIn)).wait();
    const outs: [bigint, bigint] = this.zeroForOne ? [0n, out] : [out, 0n];
    const swap = () => r.f.pair.connect(u).swap(...outs, u.address, "0x");
    if (out === 0n) {
      await expect(swap()).to.be.revertedWithCustomError(r.f.pair, "InsufficientOutputAmount");
    } else if (out >= rOut) {
      await expect(swap()).to.be.revertedWithCustomError(r.f.pair, "InsufficientLiquidity");
    } else {
      const [b0, b1] = this.zeroForOne ? [bIn, bOut] : [bOut, bIn];
      const accepted = ref.swapKeepsK(s.r0, s.r1, b0, b1, ...outs);
      // No swap may pay more than getAmountOut allows (when only the input side holds extra).
      if (bOut === rOut && this.extraOut > 0n) expect(accepted, "paid above getAmountOut").to.equal(false);
      if (!accepted) {
        await expect(swap()).to.be.revertedWithCustomError(r.f.pair, "K");
      } else {
        await (await swap()).wait();
        await checkInvariants(m, r, { kBefore: s.k });
        return;
      }
    }
    await checkInvariants(m, r, null);
  }
  toString = () => `swap(u${this.user}, ${this.zeroForOne ? "0→1" : "1→0"}, in ${this.amountIn}, +${this.extraOut})`;
}

class Donate implements Cmd {
  constructor(
    readonly user: number,
    readonly token0: boolean,
    readonly amount: bigint,
  ) {}
  check = () => true;
  async run(m: Model, r: Real) {
    const token = this.token0 ? r.f.token0 : r.f.token1;
    await (await token.connect(r.users[this.user]).transfer(r.pairAddress, this.amount)).wait();
    await checkInvariants(m, r, null);
  }
  toString = () => `donate(u${this.user}, token${this.token0 ? 0 : 1}, ${this.amount})`;
}

class Skim implements Cmd {
  constructor(readonly user: number) {}
  check = () => true;
  async run(m: Model, r: Real) {
    const u = r.users[this.user];
    const s = await state(r);
    const [t0, t1] = [await r.f.token0.balanceOf(u.address), await r.f.token1.balanceOf(u.address)];
    await (await r.f.pair.connect(u).skim(u.address)).wait();
    expect((await r.f.token0.balanceOf(u.address)) - t0).to.equal(s.b0 - s.r0);
    expect((await r.f.token1.balanceOf(u.address)) - t1).to.equal(s.b1 - s.r1);
    const after = await state(r);
    expect([after.b0, after.b1]).to.deep.equal([after.r0, after.r1]);
    await checkInvariants(m, r, null);
  }
  toString = () => `skim(u${this.user})`;
}

class Sync implements Cmd {
  check = () => true;
  async run(m: Model, r: Real) {
    await (await r.f.pair.sync()).wait();
    const s = await state(r);
    expect([s.r0, s.r1], "reserves equal balances after sync").to.deep.equal([s.b0, s.b1]);
    await checkInvariants(m, r, null);
  }
  toString = () => "sync()";
}

const USERS = 3;
const user = fc.integer({ min: 0, max: USERS - 1 });
// Amounts from dust to large, so rounding edges and big trades both occur.
const amount = fc.oneof(
  fc.bigInt({ min: 1n, max: 10_000n }),
  fc.bigInt({ min: 1n, max: 10n * E18 }),
  fc.bigInt({ min: E18, max: 1000n * E18 }),
);
const commands = [
  fc.tuple(user, amount, amount).map(([u, a0, a1]) => new Mint(u, a0, a1)),
  fc.tuple(user, fc.bigInt({ min: 1n, max: 1000n })).map(([u, p]) => new Burn(u, p)),
  fc
    .tuple(user, fc.boolean(), amount, fc.oneof(fc.constant(0n), fc.constant(1n), fc.bigInt({ min: 1n, max: E18 })))
    .map(([u, d, a, x]) => new Swap(u, d, a, x)),
  fc.tuple(user, fc.boolean(), amount).map(([u, t, a]) => new Donate(u, t, a)),
  user.map((u) => new Skim(u)),
  fc.constant(new Sync()),
];

async function runSequence(feeOn: boolean, cmds: Iterable<Cmd>): Promise<void> {
  const f = await loadFixture(pairFixture);
  if (feeOn) await (await f.factory.setFeeTo(f.feeRecipient.address)).wait();
  const users = [f.alice, f.bob, f.carol];
  // Every run starts from a seeded pool so that swaps have something to trade against.
  await (await addLiquidity(f, f.alice, 100n * E18, 300n * E18)).wait();
  const s = { supply: await f.pair.totalSupply(), k: 100n * E18 * 300n * E18 };
  await fc.asyncModelRun(() => ({ model: { ...s, feeOn }, real: { f, users, pairAddress: await0(f) } }), cmds);
}

// The pair address is known synchronously from the fixture's contract target.
function await0(f: PairFixture): string {
  return f.pair.target as string;
}

describe("LanesPair properties (stateful)", function () {
  this.timeout(20 * 60_000);
  after(() => {
    // A property that never reached its checks proves nothing.
    expect(checks, "invariant checks run").to.be.greaterThan(propertyRuns(20));
  });

  it("holds its invariants over random mint/burn/swap/skim/sync/donate sequences (protocol fee off)", async () => {
    await fc.assert(
      fc.asyncProperty(fc.commands(commands, { maxCommands: 30, size: "max" }), (cmds) => runSequence(false, cmds)),
      { numRuns: propertyRuns(40) },
    );
  });

  it("mints exactly the reference protocol fee over random sequences (protocol fee on)", async () => {
    await fc.assert(
      fc.asyncProperty(fc.commands(commands, { maxCommands: 20, size: "max" }), (cmds) => runSequence(true, cmds)),
      { numRuns: propertyRuns(20) },
    );
  });
});

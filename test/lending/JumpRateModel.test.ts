/** The jump rate model against the independent Compound formulas (test/lending/reference.ts). */
import { expect } from "chai";
import hre from "hardhat";
import { loadFixture } from "@nomicfoundation/hardhat-network-helpers";
import { DEFAULT_RATE_PARAMS, E18 } from "../../scripts/lib/lendingGas";
import * as ref from "./reference";

async function modelFixture() {
  const p = DEFAULT_RATE_PARAMS;
  const model = await hre.ethers.deployContract("JumpRateModel", [
    p.baseRatePerSecond,
    p.multiplierPerSecond,
    p.jumpMultiplierPerSecond,
    p.kink,
  ]);
  return { model, p };
}

/** (cash, borrows, reserves) giving a chosen utilisation over 1000e18 of lendable assets. */
function at(utilPercent: bigint, reserves = 7n * E18): [bigint, bigint, bigint] {
  const lendable = 1000n * E18;
  const borrows = (lendable * utilPercent) / 100n;
  return [lendable - borrows + reserves, borrows, reserves];
}

describe("JumpRateModel", () => {
  it("stores its per-second parameters", async () => {
    const { model, p } = await loadFixture(modelFixture);
    expect(await model.baseRatePerSecond()).to.equal(p.baseRatePerSecond);
    expect(await model.multiplierPerSecond()).to.equal(p.multiplierPerSecond);
    expect(await model.jumpMultiplierPerSecond()).to.equal(p.jumpMultiplierPerSecond);
    expect(await model.kink()).to.equal(p.kink);
  });

  it("rejects a zero kink or one above 100%", async () => {
    const f = await hre.ethers.getContractFactory("JumpRateModel");
    await expect(f.deploy(1n, 1n, 1n, 0n))
      .to.be.revertedWithCustomError(f, "InvalidKink")
      .withArgs(0n);
    await expect(f.deploy(1n, 1n, 1n, E18 + 1n))
      .to.be.revertedWithCustomError(f, "InvalidKink")
      .withArgs(E18 + 1n);
    expect(await (await f.deploy(1n, 1n, 1n, E18)).kink()).to.equal(E18);
  });

  for (const util of [0n, 50n, 80n, 90n, 100n]) {
    it(`agrees with Compound's formulas to the wei at ${util}% utilisation`, async () => {
      const { model, p } = await loadFixture(modelFixture);
      const [c, b, r] = at(util);
      const expectedUtil = ref.utilization(c, b, r);
      expect(expectedUtil).to.equal((util * E18) / 100n);
      expect(await model.utilizationRate(c, b, r)).to.equal(expectedUtil);
      expect(await model.getBorrowRate(c, b, r)).to.equal(ref.borrowRate(p, c, b, r));
      for (const rf of [0n, 10n ** 17n, 35n * 10n ** 16n]) {
        expect(await model.getSupplyRate(c, b, r, rf)).to.equal(ref.supplyRate(p, c, b, r, rf));
      }
    });
  }

  it("prices the kink exactly: base + kink * multiplier, then the jump slope above it", async () => {
    const { model, p } = await loadFixture(modelFixture);
    const atKink = p.baseRatePerSecond + (p.kink * p.multiplierPerSecond) / E18;
    expect(await model.getBorrowRate(...at(80n))).to.equal(atKink);
    expect(await model.getBorrowRate(...at(90n))).to.equal(
      atKink + (((90n * E18) / 100n - p.kink) * p.jumpMultiplierPerSecond) / E18,
    );
    // Above the kink the rate rises faster than below it.
    const below = (await model.getBorrowRate(...at(80n))) - (await model.getBorrowRate(...at(70n)));
    const above = (await model.getBorrowRate(...at(90n))) - (await model.getBorrowRate(...at(80n)));
    expect(above > below).to.equal(true);
  });

  it("is zero-utilisation without borrows, whatever the cash and reserves", async () => {
    const { model, p } = await loadFixture(modelFixture);
    expect(await model.utilizationRate(0n, 0n, 0n)).to.equal(0n);
    expect(await model.utilizationRate(5n * E18, 0n, 3n * E18)).to.equal(0n);
    expect(await model.getBorrowRate(5n * E18, 0n, 0n)).to.equal(p.baseRatePerSecond);
    expect(await model.getSupplyRate(5n * E18, 0n, 0n, 0n)).to.equal(0n);
  });

  it("agrees with the reference on odd, non-round inputs", async () => {
    const { model, p } = await loadFixture(modelFixture);
    const cases: [bigint, bigint, bigint][] = [
      [1n, 1n, 0n],
      [123_456_789n, 987_654_321n, 1_000n],
      [3n * E18 + 7n, 11n * E18 + 13n, E18 / 3n],
      [0n, 10n ** 30n, 5n * 10n ** 29n],
    ];
    for (const [c, b, r] of cases) {
      expect(await model.getBorrowRate(c, b, r)).to.equal(ref.borrowRate(p, c, b, r));
      expect(await model.getSupplyRate(c, b, r, 2n * 10n ** 17n)).to.equal(ref.supplyRate(p, c, b, r, 2n * 10n ** 17n));
    }
  });
});

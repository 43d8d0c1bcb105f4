/** The router's pricing functions against the bigint reference over random inputs. */
import { expect } from "chai";
import fc from "fast-check";
import { loadFixture } from "@nomicfoundation/hardhat-network-helpers";
import { propertyRuns } from "@lanes/types";
import { ammFixture } from "./fixtures";
import * as ref from "./reference";

const U112 = (1n << 112n) - 1n;
const reserve = fc.oneof(fc.bigInt({ min: 1n, max: 10n ** 6n }), fc.bigInt({ min: 1n, max: U112 }));

describe("AmmLibrary pricing (properties)", () => {
  it("getAmountOut equals the reference and never lets k fall", async () => {
    const { router } = await loadFixture(ammFixture);
    await fc.assert(
      fc.asyncProperty(reserve, reserve, fc.bigInt({ min: 1n, max: U112 }), async (rIn, rOut, amountIn) => {
        const out = await router.getAmountOut(amountIn, rIn, rOut);
        expect(out).to.equal(ref.amountOut(amountIn, rIn, rOut));
        // After the fee-adjusted trade the product does not fall below k.
        expect((rIn * 1000n + amountIn * 997n) * (rOut - out) >= rIn * rOut * 1000n).to.equal(true);
      }),
      { numRuns: propertyRuns(150) },
    );
  });

  it("getAmountIn equals the reference, and is the smallest input that buys the output (up to the +1)", async () => {
    const { router } = await loadFixture(ammFixture);
    await fc.assert(
      fc.asyncProperty(reserve, reserve, fc.double({ min: 0, max: 0.999, noNaN: true }), async (rIn, rOut, share) => {
        const out = BigInt(Math.floor(Number(rOut) * share));
        fc.pre(out > 0n && out < rOut);
        const input = await router.getAmountIn(out, rIn, rOut);
        expect(input).to.equal(ref.amountIn(out, rIn, rOut));
        expect(ref.amountOut(input, rIn, rOut)).to.be.at.least(out);
        // One wei less than the rounded-down exact input (input - 1) may still suffice only by
        // the +1 Uniswap v2 adds; two wei less never does.
        if (input > 2n) expect(ref.amountOut(input - 2n, rIn, rOut)).to.be.lessThan(out);
      }),
      { numRuns: propertyRuns(150) },
    );
  });
});

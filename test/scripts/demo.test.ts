import { expect } from "chai";
import hre from "hardhat";
import { runAmmDemo } from "../../scripts/lib/demo";
import * as ref from "../amm/reference";

describe("the AMM demo (main job)", () => {
  it("deploys, adds liquidity, swaps both ways and removes liquidity, with consistent reserves", async () => {
    const lines: string[] = [];
    const result = await runAmmDemo(hre, (l) => lines.push(l));
    expect(result.steps.map((s) => s.action)).to.have.length(5);
    const [add, sell, buy, add2, remove] = result.steps;
    expect([add.reserveWeth, add.reserveUsdc]).to.deep.equal([100n * 10n ** 18n, 300_000n * 10n ** 6n]);
    // The exact-in swap moved the reserves by 1 WETH in and getAmountOut out.
    expect(sell.reserveWeth).to.equal(add.reserveWeth + 10n ** 18n);
    expect(sell.reserveUsdc).to.equal(add.reserveUsdc - ref.amountOut(10n ** 18n, add.reserveWeth, add.reserveUsdc));
    // The exact-out swap took exactly 0.5 WETH out.
    expect(buy.reserveWeth).to.equal(sell.reserveWeth - 10n ** 18n / 2n);
    expect(add2.reserveWeth).to.equal(buy.reserveWeth + 10n * 10n ** 18n);
    expect(remove.reserveWeth).to.be.lessThan(add2.reserveWeth);
    for (const s of result.steps) expect(s.gasUsed).to.be.greaterThan(21_000n);
    expect(lines.join("\n")).to.match(/price \d+\.\d\d USDC\/WETH/);
  });
});

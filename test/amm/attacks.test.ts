/** Regression tests for the attacks a constant-product AMM is known for. */
import { expect } from "chai";
import hre from "hardhat";
import { loadFixture } from "@nomicfoundation/hardhat-network-helpers";
import { ethers as ethersLib } from "ethers";
import { DEADLINE, E18, addLiquidity, ammFixture, pairFixture, reserves } from "./fixtures";
import { pairAt } from "../../scripts/lib/amm";
import * as ref from "./reference";

describe("AMM attack regressions", () => {
  describe("re-entrancy through a malicious token", () => {
    async function reentrantFixture() {
      const f = await ammFixture();
      const evil = await hre.ethers.deployContract("ReentrantToken");
      const [e, a] = [await evil.getAddress(), await f.tokenA.getAddress()];
      await f.factory.createPair(e, a);
      const pair = await pairAt(hre, await f.factory.getPair(e, a));
      const pairAddress = await pair.getAddress();
      await evil.mint(f.alice.address, 1000n * E18);
      await evil.connect(f.alice).transfer(pairAddress, 100n * E18);
      await f.tokenA.connect(f.alice).transfer(pairAddress, 100n * E18);
      await pair.connect(f.alice).mint(f.alice.address);
      const evilIs0 = (await pair.token0()) === e;
      return { ...f, evil, pair, pairAddress, evilIs0 };
    }

    const reentries: [string, (pair: ethersLib.Interface, to: string) => string][] = [
      ["swap", (i, to) => i.encodeFunctionData("swap", [1n, 0n, to, "0x"])],
      ["mint", (i, to) => i.encodeFunctionData("mint", [to])],
      ["burn", (i, to) => i.encodeFunctionData("burn", [to])],
      ["skim", (i, to) => i.encodeFunctionData("skim", [to])],
      ["sync", (i) => i.encodeFunctionData("sync", [])],
    ];

    for (const [name, encode] of reentries) {
      it(`a token transfer inside swap cannot re-enter ${name}`, async () => {
        const { evil, pair, pairAddress, evilIs0, alice, tokenA } = await loadFixture(reentrantFixture);
        const [r0, r1] = await reserves(pair);
        // Alice sells tokenA for the evil token; the evil token's transfer out re-enters the pair.
        await tokenA.connect(alice).transfer(pairAddress, E18);
        const out = ref.amountOut(E18, evilIs0 ? r1 : r0, evilIs0 ? r0 : r1);
        await evil.arm(pairAddress, encode(pair.interface, alice.address));
        await pair.connect(alice).swap(evilIs0 ? out : 0n, evilIs0 ? 0n : out, alice.address, "0x");
        expect(await evil.attempts()).to.equal(1n);
        expect(await evil.lastCallSucceeded()).to.equal(false);
        expect(await evil.lastRevertData()).to.equal(pair.interface.getError("Locked")!.selector);
        // The outer swap settled exactly as priced.
        const [n0, n1] = await reserves(pair);
        expect(evilIs0 ? [n0, n1] : [n1, n0]).to.deep.equal([(evilIs0 ? r0 : r1) - out, (evilIs0 ? r1 : r0) + E18]);
      });
    }

    it("a token transfer inside burn cannot re-enter either", async () => {
      const { evil, pair, pairAddress, alice } = await loadFixture(reentrantFixture);
      await pair.connect(alice).transfer(pairAddress, E18);
      await evil.arm(pairAddress, pair.interface.encodeFunctionData("sync"));
      await pair.connect(alice).burn(alice.address);
      expect(await evil.lastCallSucceeded()).to.equal(false);
      expect(await evil.lastRevertData()).to.equal(pair.interface.getError("Locked")!.selector);
    });

    it("the lock lives in transient storage: it is free again in the next call of the same transaction", async () => {
      // The evil token re-enters *after* the outer call returned, from a second top-level call
      // in one transaction (via the token's callback on a plain transfer, outside any lock).
      const { evil, pair, pairAddress, alice } = await loadFixture(reentrantFixture);
      await evil.connect(alice).transfer(pairAddress, 5n);
      await evil.arm(pairAddress, pair.interface.encodeFunctionData("sync"));
      await evil.connect(alice).transfer(alice.address, 1n);
      expect(await evil.lastCallSucceeded()).to.equal(true);
      // No storage slot of the pair holds the lock.
      const layout = await hre.artifacts.getBuildInfo("contracts/amm/LanesPair.sol:LanesPair");
      const storage = layout!.output.contracts["contracts/amm/LanesPair.sol"].LanesPair as unknown as {
        storageLayout: { storage: { label: string }[] };
      };
      expect(storage.storageLayout.storage.map((v) => v.label)).to.not.include("locked");
    });
  });

  describe("donations", () => {
    it("a donation before the first mint goes to the first liquidity provider, not to the donor", async () => {
      const f = await loadFixture(pairFixture);
      const { pair, router, token0, token1, alice, bob } = f;
      const pairAddress = await pair.getAddress();
      await token0.connect(bob).transfer(pairAddress, 50n * E18);
      await token1.connect(bob).transfer(pairAddress, 10n * E18);
      // Alice adds through the router, which sees empty reserves and deposits what she asks.
      await router
        .connect(alice)
        .addLiquidity(
          await token0.getAddress(),
          await token1.getAddress(),
          10n * E18,
          10n * E18,
          0n,
          0n,
          alice.address,
          DEADLINE,
        );
      const lp = await pair.balanceOf(alice.address);
      expect(lp).to.equal(ref.isqrt(60n * E18 * 20n * E18) - ref.MINIMUM_LIQUIDITY);
      // Redeeming everything returns Alice's deposit and most of the donation.
      await pair.connect(alice).transfer(pairAddress, lp);
      const [out0, out1] = await pair.connect(alice).burn.staticCall(alice.address);
      expect(out0).to.be.greaterThan(59n * E18);
      expect(out1).to.be.greaterThan(19n * E18);
      expect(await pair.balanceOf(bob.address)).to.equal(0n);
    });

    it("inflating the share price after a minimal first mint costs the attacker far more than the victim loses", async () => {
      const f = await loadFixture(pairFixture);
      const { pair, router, token0, token1, alice: attacker, bob: victim } = f;
      const pairAddress = await pair.getAddress();
      const [t0, t1] = [await token0.getAddress(), await token1.getAddress()];
      const start0 = await token0.balanceOf(attacker.address);
      const start1 = await token1.balanceOf(attacker.address);
      // One share for the attacker; MINIMUM_LIQUIDITY (1000) shares locked forever.
      await addLiquidity(f, attacker, 1001n, 1001n);
      expect(await pair.balanceOf(attacker.address)).to.equal(1n);
      const donation = 1000n * E18;
      await token0.connect(attacker).transfer(pairAddress, donation);
      await token1.connect(attacker).transfer(pairAddress, donation);
      await pair.sync();

      // A deposit worth less than one share mints nothing and reverts, rather than vanishing.
      await expect(
        router.connect(victim).addLiquidity(t0, t1, E18 / 2n, E18 / 2n, 0n, 0n, victim.address, DEADLINE),
      ).to.be.revertedWithCustomError(pair, "InsufficientLiquidityMinted");

      const deposit = 10n * E18;
      await router.connect(victim).addLiquidity(t0, t1, deposit, deposit, 0n, 0n, victim.address, DEADLINE);
      const redeem = async (who: typeof victim) => {
        await pair.connect(who).transfer(pairAddress, await pair.balanceOf(who.address));
        return pair.connect(who).burn.staticCall(who.address);
      };
      const [v0, v1] = await redeem(victim);
      const victimLoss = deposit - v0 + (deposit - v1);
      await pair.connect(victim).burn(victim.address);
      const [a0, a1] = await redeem(attacker);
      const attackerLoss =
        start0 -
        (await token0.balanceOf(attacker.address)) -
        a0 +
        (start1 - (await token1.balanceOf(attacker.address)) - a1);
      expect(victimLoss).to.be.greaterThan(0n);
      expect(attackerLoss).to.be.greaterThan(100n * victimLoss);
    });
  });

  describe("flash swaps", () => {
    it("an unpaid flash swap reverts and leaves the pair as it was", async () => {
      const f = await loadFixture(pairFixture);
      await addLiquidity(f, f.alice, 10n * E18, 10n * E18);
      const borrower = await hre.ethers.deployContract("FlashSwapBorrower");
      const before = await reserves(f.pair);
      const pairAddress = await f.pair.getAddress();
      // Nothing paid back: no input at all.
      await expect(
        borrower.borrow(pairAddress, E18, 0n, await f.token0.getAddress(), 0n),
      ).to.be.revertedWithCustomError(f.pair, "InsufficientInputAmount");
      // Paid back without the fee: the k check fails.
      await f.token0.mint(await borrower.getAddress(), E18);
      await expect(
        borrower.borrow(pairAddress, E18, 0n, await f.token0.getAddress(), E18),
      ).to.be.revertedWithCustomError(f.pair, "K");
      expect(await reserves(f.pair)).to.deep.equal(before);
      expect(await f.token0.balanceOf(await borrower.getAddress())).to.equal(E18);
    });
  });
});

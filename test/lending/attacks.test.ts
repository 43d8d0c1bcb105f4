/** Regression tests for the attacks a lending pool is known for. */
import { expect } from "chai";
import hre from "hardhat";
import { loadFixture, time } from "@nomicfoundation/hardhat-network-helpers";
import { E18, MAX_UINT, PAUSE, borrowedFixture, lendingFixture, units } from "./fixtures";
import * as ref from "./reference";

describe("LendingPool attack regressions", () => {
  describe("empty-market donation / inflation attack", () => {
    it("a first depositor cannot steal a victim's deposit by donating to the pool", async () => {
      const { pool, eth, alice, bob, poolAddress } = await loadFixture(lendingFixture);
      // The attacker deposits 1 wei, then donates a large amount directly to the pool.
      await pool.connect(alice).supply(eth.address, 1n, alice.address);
      await eth.token.connect(alice).transfer(poolAddress, units(eth, 1000n));
      // The donation is not accounted: the share price is unchanged.
      const s = await pool.marketState(eth.address);
      expect([s.totalSupplyAssets, s.totalSupplyShares]).to.deep.equal([1n, 10n ** 6n]);
      // The victim deposits and gets shares worth its deposit (at most one wei lost to rounding).
      const deposit = units(eth, 10n);
      await pool.connect(bob).supply(eth.address, deposit, bob.address);
      const after = await pool.marketState(eth.address);
      const bobShares = (await pool.position(eth.address, bob.address)).supplyShares;
      expect(ref.toAssetsDown(bobShares, after.totalSupplyAssets, after.totalSupplyShares) >= deposit - 1n).to.equal(
        true,
      );
      // The attacker gets back its 1 wei at most; the donation is lost to it.
      const attackerBefore = await eth.token.balanceOf(alice.address);
      await pool.connect(alice).withdraw(eth.address, MAX_UINT, alice.address);
      expect((await eth.token.balanceOf(alice.address)) - attackerBefore <= 1n).to.equal(true);
      await pool.connect(bob).withdraw(eth.address, MAX_UINT, bob.address);
      expect((await pool.marketState(eth.address)).totalSupplyAssets <= 1n).to.equal(true);
    });

    it("virtual shares make the classic rounding attack cost a million times what it could take", async () => {
      const { pool, eth, alice, bob } = await loadFixture(lendingFixture);
      // Even if assets could be pushed into the market without shares (here: interest), a deposit
      // of `d` is credited at least d - (totalAssets + 1) / (totalShares + 1e6) assets.
      await pool.connect(alice).supply(eth.address, 1n, alice.address);
      const deposit = 12_345n;
      const shares = await pool.connect(bob).supply.staticCall(eth.address, deposit, bob.address);
      expect(shares).to.equal(ref.toSharesDown(deposit, 1n, 10n ** 6n));
      expect(ref.toAssetsDown(shares, 1n + deposit, 10n ** 6n + shares)).to.equal(deposit);
    });
  });

  describe("re-entrancy through a token callback (ERC-777-style hooks)", () => {
    async function hookFixture() {
      const f = await lendingFixture();
      const token = await hre.ethers.deployContract("HookToken");
      const t = await token.getAddress();
      await f.oracle.setFeed(t, await f.eth.feed.getAddress(), 86400);
      await f.pool.listMarket(t, await f.rateModel.getAddress(), 7500, 8000, 10800, 1000, MAX_UINT, MAX_UINT);
      const attacker = await hre.ethers.deployContract("ReentrantLendingUser", [f.poolAddress]);
      const a = await attacker.getAddress();
      await token.mint(a, 100n * E18);
      await token.mint(f.alice.address, 1000n * E18);
      await token.connect(f.alice).approve(f.poolAddress, MAX_UINT);
      await f.pool.connect(f.alice).supply(t, 500n * E18, f.alice.address);
      await attacker.approvePool(t);
      await attacker.setHooked(t, true);
      return { ...f, token, t, attacker, a };
    }

    it("a hook inside supply's transferFrom cannot re-enter (withdraw, borrow, supply, liquidate)", async () => {
      const { pool, t, attacker, a, usd } = await loadFixture(hookFixture);
      const calls = [
        pool.interface.encodeFunctionData("withdraw", [t, 1n, a]),
        pool.interface.encodeFunctionData("borrow", [t, 1n, a]),
        pool.interface.encodeFunctionData("supply", [t, 1n, a]),
        pool.interface.encodeFunctionData("liquidate", [a, usd.address, t, 1n]),
        pool.interface.encodeFunctionData("accrueInterest", [t]),
      ];
      await attacker.call(pool.interface.encodeFunctionData("enterMarket", [t]));
      for (const data of calls) {
        await attacker.arm(data);
        // The attacker's tokensToSend hook fires when the pool pulls its tokens.
        await attacker.call(pool.interface.encodeFunctionData("supply", [t, E18, a]));
        expect(await attacker.lastCallSucceeded()).to.equal(false);
        expect(await attacker.lastRevertData()).to.equal(pool.interface.getError("Locked")!.selector);
      }
      expect(await attacker.attempts()).to.equal(BigInt(calls.length));
    });

    it("a hook inside borrow's transfer out cannot borrow again past the health check", async () => {
      const { pool, t, attacker, a, eth } = await loadFixture(hookFixture);
      // The attacker posts WETH collateral, then borrows the hook token; its tokensReceived hook
      // tries to borrow once more while the first borrow is still running.
      await eth.token.mint(a, units(eth, 1n));
      await attacker.approvePool(eth.address);
      await attacker.call(pool.interface.encodeFunctionData("supply", [eth.address, units(eth, 1n), a]));
      await attacker.call(pool.interface.encodeFunctionData("enterMarket", [eth.address]));
      await attacker.arm(pool.interface.encodeFunctionData("borrow", [t, E18 / 2n, a]));
      await attacker.call(pool.interface.encodeFunctionData("borrow", [t, E18 / 2n, a]));
      expect(await attacker.lastCallSucceeded()).to.equal(false);
      expect(await attacker.lastRevertData()).to.equal(pool.interface.getError("Locked")!.selector);
      expect(await pool.position(t, a).then((p) => ref.debtOf(p.borrowScaled, E18))).to.equal(E18 / 2n);
    });

    it("a flash loan callback cannot re-enter the pool", async () => {
      const { pool, t, attacker, a } = await loadFixture(hookFixture);
      await attacker.arm(pool.interface.encodeFunctionData("supply", [t, E18, a]));
      await attacker.call(pool.interface.encodeFunctionData("flashLoan", [a, t, 10n * E18, "0x"]));
      expect(await attacker.lastCallSucceeded()).to.equal(false);
      expect(await attacker.lastRevertData()).to.equal(pool.interface.getError("Locked")!.selector);
    });
  });

  describe("stale oracle", () => {
    it("borrowing and liquidating revert on a stale price; fresh prices restore both", async () => {
      const { pool, oracle, usd, eth, btc, bob, carol } = await loadFixture(borrowedFixture);
      await eth.feed.setAnswer(700_0000_0000n);
      await btc.feed.setAnswer(5000_0000_0000n);
      await time.increase(86_401);
      await expect(pool.connect(bob).borrow(usd.address, 1n, bob.address)).to.be.revertedWithCustomError(
        oracle,
        "StalePrice",
      );
      await expect(
        pool.connect(carol).liquidate(bob.address, usd.address, eth.address, MAX_UINT),
      ).to.be.revertedWithCustomError(oracle, "StalePrice");
      for (const m of [usd, eth, btc]) {
        const [, answer] = await m.feed.latestRoundData();
        await m.feed.setAnswer(answer);
      }
      await pool.connect(carol).liquidate(bob.address, usd.address, eth.address, MAX_UINT);
    });
  });

  describe("liquidating a healthy account", () => {
    it("reverts with the account's values, however small the repayment", async () => {
      const { pool, usd, eth, bob, carol } = await loadFixture(borrowedFixture);
      for (const amount of [1n, units(usd, 1n), MAX_UINT]) {
        await expect(
          pool.connect(carol).liquidate(bob.address, usd.address, eth.address, amount),
        ).to.be.revertedWithCustomError(pool, "AccountHealthy");
      }
    });
  });

  describe("paused and capped markets", () => {
    it("no borrowing in a paused market, nor above its borrow cap; no supply above the supply cap", async () => {
      const { pool, usd, bob, alice } = await loadFixture(borrowedFixture);
      await pool.setPaused(usd.address, PAUSE.borrow);
      await expect(pool.connect(bob).borrow(usd.address, 1n, bob.address))
        .to.be.revertedWithCustomError(pool, "ActionPaused")
        .withArgs(usd.address, PAUSE.borrow);
      await pool.setPaused(usd.address, 0);
      const borrows = (await pool.marketState(usd.address)).totalBorrows;
      await pool.setMarketParams(usd.address, 8000, 8500, 10500, 1000, borrows * 200n, borrows);
      await expect(pool.connect(bob).borrow(usd.address, 1n, bob.address))
        .to.be.revertedWithCustomError(pool, "BorrowCapExceeded")
        // The requested total is the borrows (plus the interest of the seconds since) and 1.
        .withArgs(usd.address, borrows, (total: bigint) => total > borrows && total <= borrows + borrows / 1000n + 1n);
      const supplied = (await pool.marketState(usd.address)).totalSupplyAssets;
      await pool.setMarketParams(usd.address, 8000, 8500, 10500, 1000, supplied, MAX_UINT);
      await expect(pool.connect(alice).supply(usd.address, 1n, alice.address))
        .to.be.revertedWithCustomError(pool, "SupplyCapExceeded")
        .withArgs(
          usd.address,
          supplied,
          (total: bigint) => total > supplied && total <= supplied + supplied / 1000n + 1n,
        );
    });
  });
});

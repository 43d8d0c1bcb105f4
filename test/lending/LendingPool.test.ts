/** Unit tests of every LendingPool function and revert (liquidation: liquidation.test.ts). */
import { expect } from "chai";
import hre from "hardhat";
import { loadFixture, time } from "@nomicfoundation/hardhat-network-helpers";
import { deployLending, STANDARD_MARKETS } from "../../scripts/lib/lendingGas";
import { E18, MAX_UINT, PAUSE, advance, borrowedFixture, lendingFixture, units, type LendingFixture } from "./fixtures";
import * as ref from "./reference";

const ZERO = hre.ethers.ZeroAddress;

describe("LendingPool", () => {
  describe("deployment and listing", () => {
    it("starts with the oracle, the owner and the listed markets' parameters", async () => {
      const { pool, oracle, owner, usd, eth, rateModel } = await loadFixture(lendingFixture);
      expect(await pool.oracle()).to.equal(await oracle.getAddress());
      expect(await pool.owner()).to.equal(owner.address);
      expect(await pool.marketCount()).to.equal(3n);
      expect(await pool.marketAsset(1n)).to.equal(usd.address);
      expect(await pool.marketAsset(2n)).to.equal(eth.address);
      expect(await pool.marketAsset(4n)).to.equal(ZERO);
      const c = await pool.marketConfig(eth.address);
      expect([c.id, c.rateModel, c.collateralFactorBps, c.liquidationThresholdBps]).to.deep.equal([
        2n,
        await rateModel.getAddress(),
        7500n,
        8000n,
      ]);
      expect([c.liquidationIncentiveBps, c.reserveFactorBps, c.flashFeeBps, c.pausedActions]).to.deep.equal([
        10800n,
        1500n,
        0n,
        0n,
      ]);
      const l = await pool.marketLimits(eth.address);
      expect([l.supplyCap, l.borrowCap, l.protocolSeizeBps]).to.deep.equal([2n ** 120n - 1n, 2n ** 120n - 1n, 280n]);
      const s = await pool.marketState(eth.address);
      expect([s.totalSupplyAssets, s.totalBorrows, s.totalReserves, s.borrowIndex, s.cash]).to.deep.equal([
        0n,
        0n,
        0n,
        E18,
        0n,
      ]);
    });

    it("refuses a zero oracle", async () => {
      const f = await hre.ethers.getContractFactory("LendingPool");
      const [owner] = await hre.ethers.getSigners();
      await expect(f.deploy(ZERO, owner.address)).to.be.revertedWithCustomError(f, "ZeroAddress");
    });

    it("lists only for the owner, once per asset, with valid parameters", async () => {
      const { pool, usd, alice, rateModel } = await loadFixture(lendingFixture);
      const token = await hre.ethers.deployContract("ERC20Mock", ["X", "X", 18]);
      const t = await token.getAddress();
      const m = await rateModel.getAddress();
      const list = (cf: number, lt: number, li: number, rf = 0, cap = MAX_UINT) =>
        pool.listMarket(t, m, cf, lt, li, rf, cap, cap);
      await expect(pool.connect(alice).listMarket(t, m, 0, 0, 10000, 0, 0, 0))
        .to.be.revertedWithCustomError(pool, "OwnableUnauthorizedAccount")
        .withArgs(alice.address);
      await expect(pool.listMarket(ZERO, m, 0, 0, 10000, 0, 0, 0)).to.be.revertedWithCustomError(pool, "ZeroAddress");
      await expect(pool.listMarket(t, ZERO, 0, 0, 10000, 0, 0, 0)).to.be.revertedWithCustomError(pool, "ZeroAddress");
      await expect(pool.listMarket(usd.address, m, 0, 0, 10000, 0, 0, 0))
        .to.be.revertedWithCustomError(pool, "MarketAlreadyListed")
        .withArgs(usd.address);
      for (const [cf, lt, li] of [
        [8000, 7000, 10500], // CF above LT
        [8000, 10000, 10000], // LT at 100%
        [5000, 6000, 9999], // incentive below 100%
        [5000, 6000, 15001], // incentive above 150%
        [9000, 9500, 10600], // LT * incentive above 100%
      ]) {
        await expect(list(cf, lt, li))
          .to.be.revertedWithCustomError(pool, "InvalidCollateralParams")
          .withArgs(cf, lt, li);
      }
      await expect(list(5000, 6000, 10500, 10001))
        .to.be.revertedWithCustomError(pool, "InvalidBps")
        .withArgs(10001, 10000);
      await expect(list(5000, 6000, 10500, 0, 2n ** 120n))
        .to.be.revertedWithCustomError(pool, "InvalidCap")
        .withArgs(2n ** 120n);
      await expect(list(5000, 6000, 10500, 500, 7n))
        .to.emit(pool, "MarketListed")
        .withArgs(t, 4n, m)
        .and.to.emit(pool, "MarketParamsSet")
        .withArgs(t, 5000, 6000, 10500, 500, 7n, 7n);
      expect((await pool.marketLimits(t)).supplyCap).to.equal(7n);
    });

    it("lists at most 255 markets", async () => {
      const { pool, rateModel } = await loadFixture(lendingFixture);
      const m = await rateModel.getAddress();
      // Fill ids 4..255 with distinct fake asset addresses (listing needs no code at the asset).
      for (let i = 4; i <= 255; i++) {
        await pool.listMarket(hre.ethers.toBeHex(0x1000 + i, 20), m, 0, 0, 10000, 0, 0, 0);
      }
      expect(await pool.marketCount()).to.equal(255n);
      await expect(
        pool.listMarket(hre.ethers.toBeHex(0x9999, 20), m, 0, 0, 10000, 0, 0, 0),
      ).to.be.revertedWithCustomError(pool, "TooManyListedMarkets");
    });
  });

  describe("admin setters", () => {
    it("setMarketParams accrues first, validates, and updates what health checks read", async () => {
      const f = await loadFixture(borrowedFixture);
      const { pool, usd, eth, bob, alice } = f;
      await expect(
        pool.connect(alice).setMarketParams(eth.address, 1, 1, 10000, 0, 0, 0),
      ).to.be.revertedWithCustomError(pool, "OwnableUnauthorizedAccount");
      await expect(pool.setMarketParams(alice.address, 1, 1, 10000, 0, 0, 0))
        .to.be.revertedWithCustomError(pool, "MarketNotListed")
        .withArgs(alice.address);
      await expect(pool.setMarketParams(eth.address, 9000, 8000, 10500, 0, 0, 0)).to.be.revertedWithCustomError(
        pool,
        "InvalidCollateralParams",
      );
      const before = await pool.accountLiquidity(bob.address);
      await time.increase(1000);
      await expect(pool.setMarketParams(usd.address, 8000, 8500, 10500, 2000, MAX_UINT, MAX_UINT)).to.emit(
        pool,
        "AccrueInterest",
      );
      expect((await pool.marketConfig(usd.address)).reserveFactorBps).to.equal(2000n);
      // Halving WETH's factors lowers Bob's borrowing power by half of WETH's part.
      await pool.setMarketParams(eth.address, 3750, 4000, 10800, 1500, MAX_UINT, MAX_UINT);
      const after = await pool.accountLiquidity(bob.address);
      const ethValue = ref.valueDown(units(eth, 10n), ref.normalisedPrice(2000_0000_0000n, 18, 8));
      expect(before.borrowingPower - after.borrowingPower).to.equal(
        (ethValue * 7500n) / 10000n - (ethValue * 3750n) / 10000n,
      );
    });

    it("setRateModel accrues with the old model, then switches", async () => {
      const { pool, usd, alice } = await loadFixture(borrowedFixture);
      const other = await hre.ethers.deployContract("JumpRateModel", [0n, 0n, 0n, E18]);
      await expect(
        pool.connect(alice).setRateModel(usd.address, await other.getAddress()),
      ).to.be.revertedWithCustomError(pool, "OwnableUnauthorizedAccount");
      await expect(pool.setRateModel(usd.address, ZERO)).to.be.revertedWithCustomError(pool, "ZeroAddress");
      await time.increase(3600);
      await expect(pool.setRateModel(usd.address, await other.getAddress()))
        .to.emit(pool, "RateModelSet")
        .withArgs(usd.address, await other.getAddress())
        .and.to.emit(pool, "AccrueInterest");
      const index = (await pool.marketState(usd.address)).borrowIndex;
      expect(index > E18).to.equal(true);
      // The new model charges nothing.
      await time.increase(3600);
      await pool.accrueInterest(usd.address);
      expect((await pool.marketState(usd.address)).borrowIndex).to.equal(index);
    });

    it("setFees bounds the flash fee (10%) and the protocol seize share (50%)", async () => {
      const { pool, eth, alice } = await loadFixture(lendingFixture);
      await expect(pool.connect(alice).setFees(eth.address, 1, 1)).to.be.revertedWithCustomError(
        pool,
        "OwnableUnauthorizedAccount",
      );
      await expect(pool.setFees(eth.address, 1001, 0))
        .to.be.revertedWithCustomError(pool, "InvalidBps")
        .withArgs(1001, 1000);
      await expect(pool.setFees(eth.address, 0, 5001))
        .to.be.revertedWithCustomError(pool, "InvalidBps")
        .withArgs(5001, 5000);
      await expect(pool.setFees(alice.address, 0, 0)).to.be.revertedWithCustomError(pool, "MarketNotListed");
      await expect(pool.setFees(eth.address, 9, 500))
        .to.emit(pool, "FeesSet")
        .withArgs(eth.address, 9, 500);
      expect((await pool.marketConfig(eth.address)).flashFeeBps).to.equal(9n);
      expect((await pool.marketLimits(eth.address)).protocolSeizeBps).to.equal(500n);
    });

    it("setPaused pauses each action on its own, and only the owner can", async () => {
      const f = await loadFixture(borrowedFixture);
      const { pool, usd, eth, alice, bob, carol } = f;
      await expect(pool.connect(alice).setPaused(usd.address, 1)).to.be.revertedWithCustomError(
        pool,
        "OwnableUnauthorizedAccount",
      );
      await expect(pool.setPaused(alice.address, 1)).to.be.revertedWithCustomError(pool, "MarketNotListed");
      const receiver = await hre.ethers.deployContract("FlashBorrowerMock", [f.poolAddress]);
      const actions: [number, () => Promise<unknown>][] = [
        [PAUSE.supply, () => pool.connect(alice).supply(usd.address, 1000n, alice.address)],
        [PAUSE.withdraw, () => pool.connect(alice).withdraw(usd.address, 1000n, alice.address)],
        [PAUSE.borrow, () => pool.connect(bob).borrow(usd.address, 1000n, bob.address)],
        [PAUSE.repay, () => pool.connect(bob).repay(usd.address, 1000n, bob.address)],
        [PAUSE.liquidate, () => pool.connect(carol).liquidate(bob.address, usd.address, eth.address, 1000n)],
        [PAUSE.flashLoan, () => pool.connect(carol).flashLoan(receiver, usd.address, 1000n, "0x")],
      ];
      for (const [bit, action] of actions) {
        await expect(pool.setPaused(usd.address, bit)).to.emit(pool, "PausedSet").withArgs(usd.address, bit);
        await expect(action()).to.be.revertedWithCustomError(pool, "ActionPaused").withArgs(usd.address, bit);
      }
      // Liquidation is also paused through the collateral market.
      await pool.setPaused(usd.address, 0);
      await pool.setPaused(eth.address, PAUSE.liquidate);
      await expect(pool.connect(carol).liquidate(bob.address, usd.address, eth.address, 1000n))
        .to.be.revertedWithCustomError(pool, "ActionPaused")
        .withArgs(eth.address, PAUSE.liquidate);
      // Unpaused, the same calls go through (liquidation then fails for its own reason).
      await pool.setPaused(eth.address, 0);
      await pool.connect(alice).supply(usd.address, 1000n, alice.address);
      await pool.connect(bob).repay(usd.address, 1000n, bob.address);
      await expect(
        pool.connect(carol).liquidate(bob.address, usd.address, eth.address, 1000n),
      ).to.be.revertedWithCustomError(pool, "AccountHealthy");
    });

    it("withdrawReserves pays out reserves to the owner's receiver, no more than reserves or cash", async () => {
      const f = await loadFixture(borrowedFixture);
      const { pool, usd, alice, carol } = f;
      await expect(pool.connect(alice).withdrawReserves(usd.address, 1n, alice.address)).to.be.revertedWithCustomError(
        pool,
        "OwnableUnauthorizedAccount",
      );
      await expect(pool.withdrawReserves(usd.address, 0n, carol.address)).to.be.revertedWithCustomError(
        pool,
        "ZeroAmount",
      );
      await advance(f, 365 * 86400);
      await pool.accrueInterest(usd.address);
      const reserves = (await pool.marketState(usd.address)).totalReserves;
      expect(reserves > 0n).to.equal(true);
      // Same second as the accrual: withdrawReserves accrues nothing more, whatever the wall clock.
      await time.setNextBlockTimestamp(await time.latest());
      await expect(pool.withdrawReserves(usd.address, reserves + 1n, carol.address))
        .to.be.revertedWithCustomError(pool, "InsufficientReserves")
        .withArgs(usd.address, reserves, reserves + 1n);
      const before = await usd.token.balanceOf(carol.address);
      await time.setNextBlockTimestamp(await time.latest());
      await expect(pool.withdrawReserves(usd.address, reserves, carol.address))
        .to.emit(pool, "ReservesWithdrawn")
        .withArgs(usd.address, carol.address, reserves);
      expect((await usd.token.balanceOf(carol.address)) - before).to.equal(reserves);
      expect((await pool.marketState(usd.address)).totalReserves).to.equal(0n);
    });

    it("withdrawReserves cannot take cash that is lent out", async () => {
      const f = await loadFixture(lendingFixture);
      const { pool, usd, eth, alice, bob, carol } = f;
      // A flash loan fee makes reserves; then everything else is borrowed.
      await pool.setFees(usd.address, 1000, 280);
      const receiver = await hre.ethers.deployContract("FlashBorrowerMock", [f.poolAddress]);
      await usd.token.mint(await receiver.getAddress(), units(usd, 100n));
      await pool.connect(alice).supply(usd.address, units(usd, 1000n), alice.address);
      await pool.connect(carol).flashLoan(receiver, usd.address, units(usd, 1000n), "0x");
      const reserves = (await pool.marketState(usd.address)).totalReserves;
      expect(reserves).to.equal(units(usd, 100n));
      await pool.connect(bob).supply(eth.address, units(eth, 100n), bob.address);
      await pool.connect(bob).enterMarket(eth.address);
      await pool.connect(bob).borrow(usd.address, units(usd, 1100n), bob.address);
      await expect(pool.withdrawReserves(usd.address, 1n, carol.address))
        .to.be.revertedWithCustomError(pool, "InsufficientCash")
        .withArgs(usd.address, 0n, 1n);
    });
  });

  describe("supply", () => {
    it("mints shares rounded down (virtual shares), credits onBehalf, pulls the tokens", async () => {
      const { pool, usd, alice, bob, poolAddress } = await loadFixture(lendingFixture);
      const amount = units(usd, 1234n) + 7n;
      const expected = ref.toSharesDown(amount, 0n, 0n);
      await expect(pool.connect(alice).supply(usd.address, amount, bob.address))
        .to.emit(pool, "Supply")
        .withArgs(usd.address, alice.address, bob.address, amount, expected);
      expect((await pool.position(usd.address, bob.address)).supplyShares).to.equal(expected);
      expect((await pool.position(usd.address, alice.address)).supplyShares).to.equal(0n);
      expect(await usd.token.balanceOf(poolAddress)).to.equal(amount);
      const s = await pool.marketState(usd.address);
      expect([s.totalSupplyAssets, s.totalSupplyShares, s.cash]).to.deep.equal([amount, expected, amount]);
      // A second supply at the same share price.
      const second = ref.toSharesDown(999n, amount, expected);
      await pool.connect(alice).supply(usd.address, 999n, alice.address);
      expect((await pool.position(usd.address, alice.address)).supplyShares).to.equal(second);
    });

    it("reverts on zero amount, zero receiver, unlisted market, and above the supply cap", async () => {
      const { pool, usd, alice } = await loadFixture(lendingFixture);
      await expect(pool.connect(alice).supply(usd.address, 0n, alice.address)).to.be.revertedWithCustomError(
        pool,
        "ZeroAmount",
      );
      await expect(pool.connect(alice).supply(usd.address, 1n, ZERO)).to.be.revertedWithCustomError(
        pool,
        "ZeroAddress",
      );
      await expect(pool.connect(alice).supply(alice.address, 1n, alice.address))
        .to.be.revertedWithCustomError(pool, "MarketNotListed")
        .withArgs(alice.address);
      await pool.setMarketParams(usd.address, 8000, 8500, 10500, 1000, units(usd, 100n), MAX_UINT);
      await pool.connect(alice).supply(usd.address, units(usd, 60n), alice.address);
      await expect(pool.connect(alice).supply(usd.address, units(usd, 40n) + 1n, alice.address))
        .to.be.revertedWithCustomError(pool, "SupplyCapExceeded")
        .withArgs(usd.address, units(usd, 100n), units(usd, 100n) + 1n);
      await pool.connect(alice).supply(usd.address, units(usd, 40n), alice.address);
    });
  });

  describe("withdraw", () => {
    it("burns shares rounded up and pays the receiver", async () => {
      const { pool, usd, alice, carol } = await loadFixture(lendingFixture);
      await pool.connect(alice).supply(usd.address, units(usd, 1000n), alice.address);
      const s = await pool.marketState(usd.address);
      const amount = units(usd, 300n) + 1n;
      const shares = ref.toSharesUp(amount, s.totalSupplyAssets, s.totalSupplyShares);
      const before = await usd.token.balanceOf(carol.address);
      await expect(pool.connect(alice).withdraw(usd.address, amount, carol.address))
        .to.emit(pool, "Withdraw")
        .withArgs(usd.address, alice.address, carol.address, amount, shares);
      expect((await usd.token.balanceOf(carol.address)) - before).to.equal(amount);
      expect((await pool.position(usd.address, alice.address)).supplyShares).to.equal(s.totalSupplyShares - shares);
    });

    it("withdraws the whole position with type(uint256).max, rounded down", async () => {
      const f = await loadFixture(borrowedFixture);
      const { pool, usd, alice } = f;
      await advance(f, 30 * 86400);
      await pool.accrueInterest(usd.address);
      // Leave cash for the whole position by having Bob repay.
      await pool.connect(f.bob).repay(usd.address, MAX_UINT, f.bob.address);
      const s = await pool.marketState(usd.address);
      const shares = (await pool.position(usd.address, alice.address)).supplyShares;
      const expected = ref.toAssetsDown(shares, s.totalSupplyAssets, s.totalSupplyShares);
      expect(expected > units(usd, 1_000_000n)).to.equal(true); // interest earned
      const before = await usd.token.balanceOf(alice.address);
      await pool.connect(alice).withdraw(usd.address, MAX_UINT, alice.address);
      expect((await usd.token.balanceOf(alice.address)) - before).to.equal(expected);
      expect((await pool.position(usd.address, alice.address)).supplyShares).to.equal(0n);
      await expect(pool.connect(alice).withdraw(usd.address, MAX_UINT, alice.address)).to.be.revertedWithCustomError(
        pool,
        "ZeroAmount",
      );
    });

    it("reverts beyond the position, beyond the cash, on zero, and when collateral would fall short", async () => {
      const { pool, usd, eth, btc, alice, bob } = await loadFixture(borrowedFixture);
      await expect(pool.connect(alice).withdraw(usd.address, 0n, alice.address)).to.be.revertedWithCustomError(
        pool,
        "ZeroAmount",
      );
      const shares = (await pool.position(usd.address, alice.address)).supplyShares;
      // Accrued now, and the withdrawals below run in the same second: the share price they use
      // is the one read here, whatever the wall clock did meanwhile.
      await pool.accrueInterest(usd.address);
      const s = await pool.marketState(usd.address);
      const tooMuch = units(usd, 1_000_001n);
      await time.setNextBlockTimestamp(await time.latest());
      await expect(pool.connect(alice).withdraw(usd.address, tooMuch, alice.address))
        .to.be.revertedWithCustomError(pool, "InsufficientBalance")
        .withArgs(alice.address, shares, ref.toSharesUp(tooMuch, s.totalSupplyAssets, s.totalSupplyShares));
      const cash = s.cash;
      await time.setNextBlockTimestamp(await time.latest());
      await expect(pool.connect(alice).withdraw(usd.address, cash + 1n, alice.address))
        .to.be.revertedWithCustomError(pool, "InsufficientCash")
        .withArgs(usd.address, cash, cash + 1n);
      await time.setNextBlockTimestamp(await time.latest());
      await pool.connect(alice).withdraw(usd.address, cash, alice.address);
      // Bob's WBTC alone ($21,000 of power) covers his $10,000; then WETH ($15,000) must mostly stay.
      await pool.connect(bob).withdraw(btc.address, MAX_UINT, bob.address);
      await pool.connect(bob).withdraw(eth.address, units(eth, 3n), bob.address);
      await expect(pool.connect(bob).withdraw(eth.address, units(eth, 1n), bob.address)).to.be.revertedWithCustomError(
        pool,
        "InsufficientCollateral",
      );
    });

    it("lets an account without debt withdraw collateral freely, and pays no oracle for it", async () => {
      const { pool, eth, alice } = await loadFixture(lendingFixture);
      await pool.connect(alice).supply(eth.address, units(eth, 5n), alice.address);
      await pool.connect(alice).enterMarket(eth.address);
      // Even with a stale feed: no debt, no price needed.
      await eth.feed.setRound(2000_0000_0000n, 1n);
      await pool.connect(alice).withdraw(eth.address, units(eth, 5n) - 1n, alice.address);
    });
  });

  describe("borrow", () => {
    it("records the debt rounded up, adds the market to the account, pays the receiver", async () => {
      const { pool, usd, eth, alice, bob, carol } = await loadFixture(lendingFixture);
      await pool.connect(alice).supply(usd.address, units(usd, 100_000n), alice.address);
      await pool.connect(bob).supply(eth.address, units(eth, 10n), bob.address);
      await pool.connect(bob).enterMarket(eth.address);
      const amount = units(usd, 5000n) + 3n;
      const before = await usd.token.balanceOf(carol.address);
      await expect(pool.connect(bob).borrow(usd.address, amount, carol.address))
        .to.emit(pool, "Borrow")
        .withArgs(usd.address, bob.address, carol.address, amount);
      expect((await usd.token.balanceOf(carol.address)) - before).to.equal(amount);
      const p = await pool.position(usd.address, bob.address);
      expect(p.borrowScaled).to.equal(ref.divUp(amount * E18, E18));
      expect(await pool.accountMarkets(bob.address)).to.deep.equal([eth.address, usd.address]);
      expect((await pool.marketState(usd.address)).totalBorrows).to.equal(amount);
    });

    it("borrows exactly up to the borrowing power, and not one unit more", async () => {
      const { pool, usd, eth, alice, bob } = await loadFixture(lendingFixture);
      await pool.connect(alice).supply(usd.address, units(usd, 100_000n), alice.address);
      await pool.connect(bob).supply(eth.address, units(eth, 1n), bob.address);
      await pool.connect(bob).enterMarket(eth.address);
      const power = (await pool.accountLiquidity(bob.address)).borrowingPower;
      // $2000 * 75% = $1500, USDL at $1 with 6 decimals.
      expect(power).to.equal(1500n * E18 - 0n);
      await expect(pool.connect(bob).borrow(usd.address, units(usd, 1500n) + 1n, bob.address))
        .to.be.revertedWithCustomError(pool, "InsufficientCollateral")
        .withArgs(bob.address, power, 1500n * E18 + 10n ** 12n);
      await pool.connect(bob).borrow(usd.address, units(usd, 1500n), bob.address);
    });

    it("reverts on zero, unlisted, above the cap, beyond cash, and without collateral", async () => {
      const { pool, usd, eth, alice, bob, carol } = await loadFixture(lendingFixture);
      await pool.connect(alice).supply(usd.address, units(usd, 1000n), alice.address);
      await pool.connect(bob).supply(eth.address, units(eth, 10n), bob.address);
      await pool.connect(bob).enterMarket(eth.address);
      await expect(pool.connect(bob).borrow(usd.address, 0n, bob.address)).to.be.revertedWithCustomError(
        pool,
        "ZeroAmount",
      );
      await expect(pool.connect(bob).borrow(bob.address, 1n, bob.address)).to.be.revertedWithCustomError(
        pool,
        "MarketNotListed",
      );
      await expect(pool.connect(bob).borrow(usd.address, units(usd, 1000n) + 1n, bob.address))
        .to.be.revertedWithCustomError(pool, "InsufficientCash")
        .withArgs(usd.address, units(usd, 1000n), units(usd, 1000n) + 1n);
      await pool.setMarketParams(usd.address, 8000, 8500, 10500, 1000, MAX_UINT, units(usd, 500n));
      await pool.connect(bob).borrow(usd.address, units(usd, 400n), bob.address);
      await expect(pool.connect(bob).borrow(usd.address, units(usd, 100n) + 1n, bob.address))
        .to.be.revertedWithCustomError(pool, "BorrowCapExceeded")
        .withArgs(usd.address, units(usd, 500n), units(usd, 500n) + 1n);
      // Carol has supplied nothing as collateral.
      await expect(pool.connect(carol).borrow(usd.address, 1n, carol.address))
        .to.be.revertedWithCustomError(pool, "InsufficientCollateral")
        .withArgs(carol.address, 0n, 10n ** 12n);
    });

    it("does not count supply that is not entered as collateral", async () => {
      const { pool, usd, eth, alice, bob } = await loadFixture(lendingFixture);
      await pool.connect(alice).supply(usd.address, units(usd, 1000n), alice.address);
      await pool.connect(bob).supply(eth.address, units(eth, 10n), bob.address);
      await expect(pool.connect(bob).borrow(usd.address, 1n, bob.address)).to.be.revertedWithCustomError(
        pool,
        "InsufficientCollateral",
      );
    });

    it("refuses a ninth market per account (TooManyMarkets)", async () => {
      const [owner, alice, bob] = await hre.ethers.getSigners();
      const specs = Array.from({ length: 9 }, (_, i) => ({ ...STANDARD_MARKETS[1], symbol: `M${i}` }));
      const { pool, markets } = await deployLending(hre, specs, owner);
      for (const m of markets) {
        for (const u of [alice, bob]) {
          await m.token.mint(u.address, 10n ** 24n);
          await m.token.connect(u).approve(await pool.getAddress(), MAX_UINT);
        }
        await pool.connect(bob).supply(m.address, E18, bob.address);
      }
      for (const m of markets.slice(0, 8)) await pool.connect(bob).enterMarket(m.address);
      await expect(pool.connect(bob).enterMarket(markets[8].address))
        .to.be.revertedWithCustomError(pool, "TooManyMarkets")
        .withArgs(bob.address, 8n);
      await pool.connect(alice).supply(markets[8].address, 10n * E18, alice.address);
      await expect(pool.connect(bob).borrow(markets[8].address, 1n, bob.address)).to.be.revertedWithCustomError(
        pool,
        "TooManyMarkets",
      );
      // Borrowing from an entered market does not take a new place.
      await pool.connect(alice).supply(markets[0].address, 10n * E18, alice.address);
      await pool.connect(bob).borrow(markets[0].address, E18, bob.address);
      expect((await pool.accountMarkets(bob.address)).length).to.equal(8);
    });

    it("reverts when a needed price is stale or not positive", async () => {
      const f = await loadFixture(borrowedFixture);
      const { pool, usd, btc, bob, oracle } = f;
      await btc.feed.setRound(30000_0000_0000n, (await time.latest()) - 86401);
      await expect(pool.connect(bob).borrow(usd.address, 1n, bob.address)).to.be.revertedWithCustomError(
        oracle,
        "StalePrice",
      );
      await btc.feed.setAnswer(0n);
      await expect(pool.connect(bob).borrow(usd.address, 1n, bob.address))
        .to.be.revertedWithCustomError(oracle, "NonPositivePrice")
        .withArgs(btc.address, 0n);
      await btc.feed.setAnswer(30000_0000_0000n);
      await pool.connect(bob).borrow(usd.address, 1n, bob.address);
    });
  });

  describe("repay", () => {
    it("repays part of a debt, burning scaled units rounded down", async () => {
      const f = await loadFixture(borrowedFixture);
      const { pool, usd, bob, carol } = f;
      await advance(f, 86400);
      await pool.accrueInterest(usd.address);
      const index = (await pool.marketState(usd.address)).borrowIndex;
      const scaled = (await pool.position(usd.address, bob.address)).borrowScaled;
      // Carol repays on Bob's behalf.
      const amount = units(usd, 1000n);
      await expect(pool.connect(carol).repay(usd.address, amount, bob.address))
        .to.emit(pool, "Repay")
        .withArgs(usd.address, carol.address, bob.address, amount);
      const left = (await pool.position(usd.address, bob.address)).borrowScaled;
      expect(left).to.equal(scaled - (amount * E18) / index);
    });

    it("takes no more than the debt, and a full repayment leaves the market if it is not collateral", async () => {
      const f = await loadFixture(borrowedFixture);
      const { pool, usd, eth, btc, bob } = f;
      await advance(f, 86400);
      await pool.accrueInterest(usd.address);
      const debt = ref.debtOf(
        (await pool.position(usd.address, bob.address)).borrowScaled,
        (await pool.marketState(usd.address)).borrowIndex,
      );
      const before = await usd.token.balanceOf(bob.address);
      await pool.connect(bob).repay(usd.address, MAX_UINT, bob.address);
      expect(before - (await usd.token.balanceOf(bob.address))).to.equal(debt);
      expect((await pool.position(usd.address, bob.address)).borrowScaled).to.equal(0n);
      expect(await pool.accountMarkets(bob.address)).to.deep.equal([eth.address, btc.address]);
      expect((await pool.marketState(usd.address)).totalBorrows).to.equal(0n);
    });

    it("reverts on zero, unlisted, and without debt", async () => {
      const { pool, usd, alice, bob } = await loadFixture(borrowedFixture);
      await expect(pool.connect(bob).repay(usd.address, 0n, bob.address)).to.be.revertedWithCustomError(
        pool,
        "ZeroAmount",
      );
      await expect(pool.connect(bob).repay(bob.address, 1n, bob.address)).to.be.revertedWithCustomError(
        pool,
        "MarketNotListed",
      );
      await expect(pool.connect(bob).repay(usd.address, 1n, alice.address))
        .to.be.revertedWithCustomError(pool, "NoDebt")
        .withArgs(alice.address, usd.address);
    });
  });

  describe("enterMarket / exitMarket", () => {
    it("enter adds the market once; exit removes it; both are idempotent", async () => {
      const { pool, eth, btc, alice } = await loadFixture(lendingFixture);
      await expect(pool.connect(alice).enterMarket(alice.address)).to.be.revertedWithCustomError(
        pool,
        "MarketNotListed",
      );
      await expect(pool.connect(alice).exitMarket(alice.address)).to.be.revertedWithCustomError(
        pool,
        "MarketNotListed",
      );
      await expect(pool.connect(alice).enterMarket(eth.address))
        .to.emit(pool, "MarketEntered")
        .withArgs(alice.address, eth.address);
      await expect(pool.connect(alice).enterMarket(eth.address)).not.to.emit(pool, "MarketEntered");
      await pool.connect(alice).enterMarket(btc.address);
      expect(await pool.accountMarkets(alice.address)).to.deep.equal([eth.address, btc.address]);
      expect((await pool.position(eth.address, alice.address)).collateral).to.equal(true);
      await expect(pool.connect(alice).exitMarket(eth.address))
        .to.emit(pool, "MarketExited")
        .withArgs(alice.address, eth.address);
      await expect(pool.connect(alice).exitMarket(eth.address)).not.to.emit(pool, "MarketExited");
      expect(await pool.accountMarkets(alice.address)).to.deep.equal([btc.address]);
    });

    it("exit is refused while the collateral is needed, and keeps a borrowed market listed", async () => {
      const { pool, usd, eth, btc, bob } = await loadFixture(borrowedFixture);
      // $10,000 of debt: WBTC alone ($21,000 of power) is enough, WETH alone ($15,000) too; not neither.
      await pool.connect(bob).exitMarket(eth.address);
      await expect(pool.connect(bob).exitMarket(btc.address)).to.be.revertedWithCustomError(
        pool,
        "InsufficientCollateral",
      );
      await pool.connect(bob).enterMarket(eth.address);
      await pool.connect(bob).exitMarket(btc.address);
      expect(await pool.accountMarkets(bob.address)).to.deep.equal([usd.address, eth.address]);
      // Entering the borrowed market as collateral and leaving it keeps it (there is debt).
      await pool.connect(bob).enterMarket(usd.address);
      await pool.connect(bob).exitMarket(usd.address);
      expect(await pool.accountMarkets(bob.address)).to.deep.equal([usd.address, eth.address]);
    });
  });

  describe("flashLoan", () => {
    async function flashFixture() {
      const f = await lendingFixture();
      await f.pool.connect(f.alice).supply(f.usd.address, units(f.usd, 1000n), f.alice.address);
      await f.pool.setFees(f.usd.address, 9, 280);
      const receiver = await hre.ethers.deployContract("FlashBorrowerMock", [f.poolAddress]);
      await f.usd.token.mint(await receiver.getAddress(), units(f.usd, 10n));
      return { ...f, receiver };
    }

    it("lends, calls back with the fee rounded up, pulls amount + fee, credits the fee to reserves", async () => {
      const { pool, usd, carol, receiver, poolAddress } = await loadFixture(flashFixture);
      const amount = units(usd, 1000n) - 1n;
      const fee = ref.divUp(amount * 9n, 10_000n);
      const cashBefore = await usd.token.balanceOf(poolAddress);
      await expect(pool.connect(carol).flashLoan(receiver, usd.address, amount, "0x1234"))
        .to.emit(pool, "FlashLoan")
        .withArgs(await receiver.getAddress(), usd.address, amount, fee);
      expect(await receiver.balanceDuringLoan()).to.equal(units(usd, 10n) + amount);
      expect(await receiver.lastFee()).to.equal(fee);
      expect(await receiver.lastInitiator()).to.equal(carol.address);
      expect(await receiver.lastData()).to.equal("0x1234");
      expect((await usd.token.balanceOf(poolAddress)) - cashBefore).to.equal(fee);
      const s = await pool.marketState(usd.address);
      expect([s.totalReserves, s.cash]).to.deep.equal([fee, cashBefore + fee]);
    });

    it("reverts when not repaid, repaid without the fee, or the callback answers wrongly", async () => {
      const { pool, usd, carol, receiver } = await loadFixture(flashFixture);
      await receiver.setMode(1); // principal only
      await expect(
        pool.connect(carol).flashLoan(receiver, usd.address, units(usd, 100n), "0x"),
      ).to.be.revertedWithCustomError(usd.token, "ERC20InsufficientAllowance");
      await receiver.setMode(2); // wrong return value
      await expect(pool.connect(carol).flashLoan(receiver, usd.address, units(usd, 100n), "0x"))
        .to.be.revertedWithCustomError(pool, "FlashLoanCallbackFailed")
        .withArgs(await receiver.getAddress());
      await receiver.setMode(3); // no approval at all
      await expect(
        pool.connect(carol).flashLoan(receiver, usd.address, units(usd, 100n), "0x"),
      ).to.be.revertedWithCustomError(usd.token, "ERC20InsufficientAllowance");
    });

    it("reverts on zero, unlisted, and beyond the cash", async () => {
      const { pool, usd, carol, receiver } = await loadFixture(flashFixture);
      await expect(pool.connect(carol).flashLoan(receiver, usd.address, 0n, "0x")).to.be.revertedWithCustomError(
        pool,
        "ZeroAmount",
      );
      await expect(pool.connect(carol).flashLoan(receiver, carol.address, 1n, "0x")).to.be.revertedWithCustomError(
        pool,
        "MarketNotListed",
      );
      await expect(pool.connect(carol).flashLoan(receiver, usd.address, units(usd, 1000n) + 1n, "0x"))
        .to.be.revertedWithCustomError(pool, "InsufficientCash")
        .withArgs(usd.address, units(usd, 1000n), units(usd, 1000n) + 1n);
    });
  });

  describe("views", () => {
    it("values an account with the oracle's normalised prices and the factors", async () => {
      const f: LendingFixture = await loadFixture(borrowedFixture);
      const { pool, lens, eth, btc, usd, bob, alice } = f;
      const pe = ref.normalisedPrice(2000_0000_0000n, 18, 8);
      const pb = ref.normalisedPrice(30000_0000_0000n, 8, 8);
      const pu = ref.normalisedPrice(1_0000_0000n, 6, 8);
      const ve = ref.valueDown(await lens.supplyBalance(pool, eth.address, bob.address), pe);
      const vb = ref.valueDown(await lens.supplyBalance(pool, btc.address, bob.address), pb);
      const debt = await lens.borrowBalance(pool, usd.address, bob.address);
      expect(debt).to.equal(units(usd, 10_000n));
      const v = await pool.accountLiquidity(bob.address);
      expect(v.borrowingPower).to.equal((ve * 7500n) / 10000n + (vb * 7000n) / 10000n);
      expect(v.liquidationValue).to.equal((ve * 8000n) / 10000n + (vb * 7500n) / 10000n);
      expect(v.debtValue).to.equal(ref.valueUp(debt, pu));
      expect(await lens.healthFactor(pool, bob.address)).to.equal((v.liquidationValue * E18) / v.debtValue);
      expect(await lens.healthFactor(pool, alice.address)).to.equal(MAX_UINT);
      expect(await lens.supplyIndex(pool, usd.address)).to.equal(E18);
    });

    it("values debt at interest accrued to this second, without writing", async () => {
      const f = await loadFixture(borrowedFixture);
      const { pool, usd, bob } = f;
      const before = (await pool.accountLiquidity(bob.address)).debtValue;
      await advance(f, 7 * 86400);
      const viewed = (await pool.accountLiquidity(bob.address)).debtValue;
      expect(viewed > before).to.equal(true);
      // Accruing writes what the view computed (the view ran a second earlier, so at most equal).
      await pool.accrueInterest(usd.address);
      expect((await pool.accountLiquidity(bob.address)).debtValue >= viewed).to.equal(true);
      const stored = await pool.marketState(usd.address);
      expect(stored.borrowIndex > E18).to.equal(true);
    });
  });
});

import { expect } from "chai";
import hre from "hardhat";
import { loadFixture, time } from "@nomicfoundation/hardhat-network-helpers";
import { ethers as ethersLib } from "ethers";
import { E18, addLiquidity, pairFixture, permitDomain, reserves } from "./fixtures";
import * as ref from "./reference";

const DEAD = "0x000000000000000000000000000000000000dEaD";

describe("LanesPair", () => {
  describe("mint", () => {
    it("first mint locks MINIMUM_LIQUIDITY and gives sqrt(x*y) - 1000", async () => {
      const f = await loadFixture(pairFixture);
      const { pair, alice } = f;
      const [a0, a1] = [1n * E18, 4n * E18];
      const expected = ref.isqrt(a0 * a1) - ref.MINIMUM_LIQUIDITY;
      await expect(addLiquidity(f, alice, a0, a1))
        .to.emit(pair, "Transfer")
        .withArgs(ethersLib.ZeroAddress, DEAD, ref.MINIMUM_LIQUIDITY)
        .and.to.emit(pair, "Transfer")
        .withArgs(ethersLib.ZeroAddress, alice.address, expected)
        .and.to.emit(pair, "Sync")
        .withArgs(a0, a1)
        .and.to.emit(pair, "Mint")
        .withArgs(alice.address, a0, a1);
      expect(await pair.totalSupply()).to.equal(expected + ref.MINIMUM_LIQUIDITY);
      expect(await pair.balanceOf(alice.address)).to.equal(expected);
      expect(await pair.balanceOf(DEAD)).to.equal(ref.MINIMUM_LIQUIDITY);
      const [r0, r1] = await reserves(pair);
      expect([r0, r1]).to.deep.equal([a0, a1]);
    });

    it("subsequent mints give the smaller of the two pro-rata shares", async () => {
      const f = await loadFixture(pairFixture);
      const { pair, alice, bob } = f;
      await addLiquidity(f, alice, 3n * E18, 7n * E18);
      for (const [d0, d1] of [
        [E18, E18],
        [123_456_789n, 5n * E18],
        [2n * E18, 1n],
      ] as [bigint, bigint][]) {
        const [r0, r1] = await reserves(pair);
        const supply = await pair.totalSupply();
        const expected = ref.liquidityMinted(d0, d1, r0, r1, supply);
        const before = await pair.balanceOf(bob.address);
        if (expected === 0n) {
          await expect(addLiquidity(f, bob, d0, d1)).to.be.revertedWithCustomError(pair, "InsufficientLiquidityMinted");
          continue;
        }
        await addLiquidity(f, bob, d0, d1);
        expect((await pair.balanceOf(bob.address)) - before).to.equal(expected);
      }
    });

    it("reverts when the first deposit is too small to cover the locked minimum", async () => {
      const f = await loadFixture(pairFixture);
      // sqrt(999 * 999) - 1000 underflows (checked arithmetic panics)...
      await expect(addLiquidity(f, f.alice, 999n, 999n)).to.be.revertedWithPanic(0x11);
      // ...and sqrt(1000 * 1000) - 1000 = 0 mints nothing (the reverted deposits are still there).
      await expect(addLiquidity(f, f.alice, 1n, 1n)).to.be.revertedWithCustomError(
        f.pair,
        "InsufficientLiquidityMinted",
      );
      await addLiquidity(f, f.alice, 1n, 1n);
      expect(await f.pair.balanceOf(f.alice.address)).to.equal(1n);
    });

    it("reverts when a balance exceeds the 112-bit reserves", async () => {
      const f = await loadFixture(pairFixture);
      const big = 1n << 112n;
      await f.token0.mint(f.alice.address, big);
      await expect(addLiquidity(f, f.alice, big, E18))
        .to.be.revertedWithCustomError(f.pair, "ReservesOverflow")
        .withArgs(big, E18);
    });
  });

  describe("burn", () => {
    it("pays out the pro-rata share of the balances, rounded down, and burns the tokens", async () => {
      const f = await loadFixture(pairFixture);
      const { pair, token0, token1, alice, bob } = f;
      await addLiquidity(f, alice, 5n * E18, 3n * E18);
      const liquidity = (await pair.balanceOf(alice.address)) / 3n;
      const supply = await pair.totalSupply();
      const pairAddress = await pair.getAddress();
      const [b0, b1] = [await token0.balanceOf(pairAddress), await token1.balanceOf(pairAddress)];
      const [out0, out1] = [(liquidity * b0) / supply, (liquidity * b1) / supply];

      await pair.connect(alice).transfer(pairAddress, liquidity);
      await expect(pair.connect(alice).burn(bob.address))
        .to.emit(pair, "Burn")
        .withArgs(alice.address, out0, out1, bob.address)
        .and.to.emit(pair, "Sync")
        .withArgs(b0 - out0, b1 - out1);
      expect(await token0.balanceOf(bob.address)).to.equal(10n ** 30n + out0);
      expect(await token1.balanceOf(bob.address)).to.equal(10n ** 30n + out1);
      expect(await pair.totalSupply()).to.equal(supply - liquidity);
      expect(await reserves(pair).then((r) => r.slice(0, 2))).to.deep.equal([b0 - out0, b1 - out1]);
    });

    it("reverts when nothing would be paid out", async () => {
      const f = await loadFixture(pairFixture);
      await addLiquidity(f, f.alice, E18, E18);
      await expect(f.pair.burn(f.alice.address)).to.be.revertedWithCustomError(f.pair, "InsufficientLiquidityBurned");
    });
  });

  describe("swap", () => {
    const R0 = 5n * E18;
    const R1 = 10n * E18;
    async function seeded() {
      const f = await loadFixture(pairFixture);
      await addLiquidity(f, f.alice, R0, R1);
      return f;
    }

    for (const direction of ["0->1", "1->0"] as const) {
      it(`pays exactly getAmountOut for ${direction}, and not one wei more`, async () => {
        const f = await seeded();
        const { pair, bob } = f;
        const [input, output] = direction === "0->1" ? [f.token0, f.token1] : [f.token1, f.token0];
        const [rIn, rOut] = direction === "0->1" ? [R0, R1] : [R1, R0];
        const amountIn = E18;
        const out = ref.amountOut(amountIn, rIn, rOut);
        const outs = (o: bigint): [bigint, bigint] => (direction === "0->1" ? [0n, o] : [o, 0n]);
        await input.connect(bob).transfer(await pair.getAddress(), amountIn);
        await expect(pair.connect(bob).swap(...outs(out + 1n), bob.address, "0x")).to.be.revertedWithCustomError(
          pair,
          "K",
        );
        const before = await output.balanceOf(bob.address);
        const [in0, in1] = direction === "0->1" ? [amountIn, 0n] : [0n, amountIn];
        await expect(pair.connect(bob).swap(...outs(out), bob.address, "0x"))
          .to.emit(pair, "Swap")
          .withArgs(bob.address, in0, in1, ...outs(out), bob.address);
        expect((await output.balanceOf(bob.address)) - before).to.equal(out);
        const [r0, r1] = await reserves(pair);
        expect(direction === "0->1" ? [r0, r1] : [r1, r0]).to.deep.equal([rIn + amountIn, rOut - out]);
      });
    }

    it("rejects no output, outputs at or above the reserves, a token as recipient, and no input", async () => {
      const f = await seeded();
      const { pair, bob, token0, token1 } = f;
      await expect(pair.swap(0n, 0n, bob.address, "0x")).to.be.revertedWithCustomError(
        pair,
        "InsufficientOutputAmount",
      );
      await expect(pair.swap(R0, 0n, bob.address, "0x"))
        .to.be.revertedWithCustomError(pair, "InsufficientLiquidity")
        .withArgs(R0, 0n, R0, R1);
      await expect(pair.swap(0n, R1 + 1n, bob.address, "0x")).to.be.revertedWithCustomError(
        pair,
        "InsufficientLiquidity",
      );
      await expect(pair.swap(1n, 0n, await token0.getAddress(), "0x"))
        .to.be.revertedWithCustomError(pair, "InvalidTo")
        .withArgs(await token0.getAddress());
      await expect(pair.swap(1n, 0n, await token1.getAddress(), "0x")).to.be.revertedWithCustomError(pair, "InvalidTo");
      await expect(pair.swap(1n, 0n, bob.address, "0x")).to.be.revertedWithCustomError(pair, "InsufficientInputAmount");
    });
  });

  describe("skim and sync", () => {
    it("skim sends the excess over the reserves; sync adopts the balances", async () => {
      const f = await loadFixture(pairFixture);
      const { pair, token0, token1, alice, carol } = f;
      await addLiquidity(f, alice, E18, E18);
      const pairAddress = await pair.getAddress();
      await token0.connect(alice).transfer(pairAddress, 7n);
      await token1.connect(alice).transfer(pairAddress, 9n);
      await pair.skim(carol.address);
      expect(await token0.balanceOf(carol.address)).to.equal(10n ** 30n + 7n);
      expect(await token1.balanceOf(carol.address)).to.equal(10n ** 30n + 9n);
      expect(await token0.balanceOf(pairAddress)).to.equal(E18);

      await token0.connect(alice).transfer(pairAddress, 5n);
      await expect(pair.sync())
        .to.emit(pair, "Sync")
        .withArgs(E18 + 5n, E18);
      expect((await reserves(pair)).slice(0, 2)).to.deep.equal([E18 + 5n, E18]);
    });
  });

  describe("price accumulators (TWAP)", () => {
    it("accumulate the previous reserves' prices times the seconds they held, once per block", async () => {
      const f = await loadFixture(pairFixture);
      const { pair, alice } = f;
      await addLiquidity(f, alice, 3n * E18, E18);
      const [r0, r1, t0] = await reserves(pair);
      expect(await pair.price0CumulativeLast()).to.equal(0n); // no time had passed with reserves
      await time.setNextBlockTimestamp(t0 + 10n);
      await pair.sync();
      const [p0, p1] = ref.cumulativeIncrement(r0, r1, 10n);
      expect(await pair.price0CumulativeLast()).to.equal(p0);
      expect(await pair.price1CumulativeLast()).to.equal(p1);

      // A TWAP over [t0+10, t0+40] with a swap in between equals the time-weighted average price.
      await f.token0.connect(alice).transfer(await pair.getAddress(), E18);
      const out = ref.amountOut(E18, r0, r1);
      await time.setNextBlockTimestamp(t0 + 20n);
      await pair.connect(alice).swap(0n, out, alice.address, "0x");
      await time.setNextBlockTimestamp(t0 + 40n);
      await pair.sync();
      const [s0, s1] = [r0 + E18, r1 - out];
      const twap0 = ((await pair.price0CumulativeLast()) - p0) / 30n;
      const expected = (ref.cumulativeIncrement(r0, r1, 10n)[0] + ref.cumulativeIncrement(s0, s1, 20n)[0]) / 30n;
      expect(twap0).to.equal(expected);
    });

    it("do not move within one block", async () => {
      const f = await loadFixture(pairFixture);
      await addLiquidity(f, f.alice, E18, E18);
      const before = await f.pair.price0CumulativeLast();
      const [, , t0] = await reserves(f.pair);
      await hre.network.provider.send("evm_setAutomine", [false]);
      try {
        await time.setNextBlockTimestamp(t0 + 1n);
        await f.pair.sync();
        await f.pair.sync();
        await hre.network.provider.send("evm_mine", []);
      } finally {
        await hre.network.provider.send("evm_setAutomine", [true]);
      }
      expect(await f.pair.price0CumulativeLast()).to.equal(before + ref.cumulativeIncrement(E18, E18, 1n)[0]);
    });

    it("keep working when the 32-bit timestamp wraps", async () => {
      const f = await loadFixture(pairFixture);
      const wrap = 1n << 32n;
      await time.setNextBlockTimestamp(wrap - 5n);
      await addLiquidity(f, f.alice, 2n * E18, E18);
      expect((await reserves(f.pair))[2]).to.equal(wrap - 5n);
      await time.setNextBlockTimestamp(wrap + 7n);
      await f.pair.sync();
      expect((await reserves(f.pair))[2]).to.equal(7n);
      expect(await f.pair.price0CumulativeLast()).to.equal(ref.cumulativeIncrement(2n * E18, E18, 12n)[0]);
    });
  });

  describe("protocol fee", () => {
    async function withFee(on: boolean) {
      const f = await loadFixture(pairFixture);
      if (on) await f.factory.setFeeTo(f.feeRecipient.address);
      await addLiquidity(f, f.alice, 100n * E18, 100n * E18);
      // Trading grows k.
      for (let i = 0; i < 3; i++) {
        const [r0, r1] = await reserves(f.pair);
        await f.token0.connect(f.bob).transfer(await f.pair.getAddress(), 10n * E18);
        await f.pair.connect(f.bob).swap(0n, ref.amountOut(10n * E18, r0, r1), f.bob.address, "0x");
        const [s0, s1] = await reserves(f.pair);
        await f.token1.connect(f.bob).transfer(await f.pair.getAddress(), 10n * E18);
        await f.pair.connect(f.bob).swap(ref.amountOut(10n * E18, s1, s0), 0n, f.bob.address, "0x");
      }
      return f;
    }

    it("when on, mints the fee recipient 1/6 of the sqrt(k) growth at the next liquidity event", async () => {
      const f = await withFee(true);
      const { pair, alice, feeRecipient } = f;
      const kLast = await pair.kLast();
      expect(kLast).to.equal(100n * E18 * 100n * E18);
      const [r0, r1] = await reserves(pair);
      const supply = await pair.totalSupply();
      const fee = ref.protocolFeeShares(r0, r1, kLast, supply);
      expect(fee).to.be.greaterThan(0n);
      await addLiquidity(f, alice, E18, E18);
      expect(await pair.balanceOf(feeRecipient.address)).to.equal(fee);
      // The fee is 1/6 of the growth in value per share: the recipient's share of sqrt(k)
      // equals one sixth of the growth of sqrt(k) since kLast, up to rounding.
      const [n0, n1] = await reserves(pair);
      expect(await pair.kLast()).to.equal(n0 * n1);
    });

    it("when off, mints nothing and clears kLast", async () => {
      const f = await withFee(true);
      await f.factory.setFeeTo(ethersLib.ZeroAddress);
      await addLiquidity(f, f.alice, E18, E18);
      expect(await f.pair.kLast()).to.equal(0n);
      expect(await f.pair.balanceOf(f.feeRecipient.address)).to.equal(0n);
      const g = await withFee(false);
      expect(await g.pair.kLast()).to.equal(0n);
      const lp = await g.pair.balanceOf(g.alice.address);
      await g.pair.connect(g.alice).transfer(await g.pair.getAddress(), lp);
      await g.pair.connect(g.alice).burn(g.alice.address);
      expect(await g.pair.balanceOf(g.feeRecipient.address)).to.equal(0n);
    });

    it("is also taken at a burn", async () => {
      const f = await withFee(true);
      const { pair, alice, feeRecipient } = f;
      const [r0, r1] = await reserves(pair);
      const fee = ref.protocolFeeShares(r0, r1, await pair.kLast(), await pair.totalSupply());
      const lp = await pair.balanceOf(alice.address);
      await pair.connect(alice).transfer(await pair.getAddress(), lp / 2n);
      await pair.connect(alice).burn(alice.address);
      expect(await pair.balanceOf(feeRecipient.address)).to.equal(fee);
    });
  });

  describe("flash swaps", () => {
    async function borrowerFixture() {
      const f = await pairFixture();
      await addLiquidity(f, f.alice, 10n * E18, 10n * E18);
      const borrower = await hre.ethers.deployContract("FlashSwapBorrower");
      await f.token0.mint(await borrower.getAddress(), 100n * E18);
      await f.token1.mint(await borrower.getAddress(), 100n * E18);
      return { ...f, borrower };
    }

    it("repaid in the borrowed token: needs the amount plus the fee on it", async () => {
      const f = await loadFixture(borrowerFixture);
      const { pair, borrower, token0 } = f;
      const borrowed = E18;
      // Repaying x of token0 for x borrowed: balance0·1000 − 3·x ≥ R0·1000 needs x ≥ borrowed·1000/997.
      const needed = (borrowed * 1000n) / 997n + 1n;
      const pairAddress = await pair.getAddress();
      await expect(
        borrower.borrow(pairAddress, borrowed, 0n, await token0.getAddress(), needed - 1n),
      ).to.be.revertedWithCustomError(pair, "K");
      await borrower.borrow(pairAddress, borrowed, 0n, await token0.getAddress(), needed);
      expect(await borrower.lastSender()).to.equal(await borrower.getAddress());
      expect(await borrower.lastAmount0()).to.equal(borrowed);
      expect((await reserves(pair))[0]).to.equal(10n * E18 - borrowed + needed);
    });

    it("repaid in the other token: an ordinary swap priced by getAmountIn", async () => {
      const f = await loadFixture(borrowerFixture);
      const { pair, borrower, token1 } = f;
      const borrowed = E18;
      const needed = ref.amountIn(borrowed, 10n * E18, 10n * E18);
      const pairAddress = await pair.getAddress();
      await expect(
        borrower.borrow(pairAddress, borrowed, 0n, await token1.getAddress(), needed - 1n),
      ).to.be.revertedWithCustomError(pair, "K");
      await borrower.borrow(pairAddress, borrowed, 0n, await token1.getAddress(), needed);
      expect((await reserves(pair)).slice(0, 2)).to.deep.equal([9n * E18, 10n * E18 + needed]);
    });
  });

  describe("liquidity token (EIP-2612)", () => {
    it("has a name, a symbol and 18 decimals", async () => {
      const { pair } = await loadFixture(pairFixture);
      expect(await pair.name()).to.equal("Lanes LP");
      expect(await pair.symbol()).to.equal("LANES-LP");
      expect(await pair.decimals()).to.equal(18n);
    });

    it("accepts a permit signed by the owner and rejects a replay, a wrong signer and an expired one", async () => {
      const f = await loadFixture(pairFixture);
      const { pair, alice, bob } = f;
      const { domain, types } = await permitDomain(pair);
      const deadline = BigInt(await time.latest()) + 3600n;
      const message = { owner: alice.address, spender: bob.address, value: 123n, nonce: 0n, deadline };
      const sig = ethersLib.Signature.from(await alice.signTypedData(domain, types, message));
      await pair.permit(alice.address, bob.address, 123n, deadline, sig.v, sig.r, sig.s);
      expect(await pair.allowance(alice.address, bob.address)).to.equal(123n);
      expect(await pair.nonces(alice.address)).to.equal(1n);
      await expect(
        pair.permit(alice.address, bob.address, 123n, deadline, sig.v, sig.r, sig.s),
      ).to.be.revertedWithCustomError(pair, "ERC2612InvalidSigner");

      const bobSig = ethersLib.Signature.from(await bob.signTypedData(domain, types, { ...message, nonce: 1n }));
      await expect(
        pair.permit(alice.address, bob.address, 123n, deadline, bobSig.v, bobSig.r, bobSig.s),
      ).to.be.revertedWithCustomError(pair, "ERC2612InvalidSigner");

      const past = BigInt(await time.latest()) - 1n;
      const old = ethersLib.Signature.from(
        await alice.signTypedData(domain, types, { ...message, nonce: 1n, deadline: past }),
      );
      await expect(pair.permit(alice.address, bob.address, 123n, past, old.v, old.r, old.s))
        .to.be.revertedWithCustomError(pair, "ERC2612ExpiredSignature")
        .withArgs(past);
    });
  });

  describe("tokens without return values", () => {
    it("mint, swap and burn move USDT-style tokens correctly", async () => {
      const f = await loadFixture(pairFixture);
      const { factory, alice, tokenA } = f;
      const odd = await hre.ethers.deployContract("NoReturnToken");
      const [o, a] = [await odd.getAddress(), await tokenA.getAddress()];
      await factory.createPair(o, a);
      const pair = await hre.ethers.getContractAt("LanesPair", await factory.getPair(o, a));
      const pairAddress = await pair.getAddress();
      await odd.mint(alice.address, 100n * E18);
      await odd.connect(alice).transfer(pairAddress, 10n * E18);
      await tokenA.connect(alice).transfer(pairAddress, 10n * E18);
      await pair.connect(alice).mint(alice.address);
      const oddIs0 = (await pair.token0()) === o;
      const out = ref.amountOut(E18, 10n * E18, 10n * E18);
      await tokenA.connect(alice).transfer(pairAddress, E18);
      await pair.connect(alice).swap(oddIs0 ? out : 0n, oddIs0 ? 0n : out, alice.address, "0x");
      expect(await odd.balanceOf(alice.address)).to.equal(90n * E18 + out);
      const lp = await pair.balanceOf(alice.address);
      await pair.connect(alice).transfer(pairAddress, lp);
      await pair.connect(alice).burn(alice.address);
      expect(await odd.balanceOf(pairAddress)).to.be.lessThan(1000n);
    });
  });
});

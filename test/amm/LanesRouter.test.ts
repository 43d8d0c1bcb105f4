import { expect } from "chai";
import hre from "hardhat";
import { loadFixture, time } from "@nomicfoundation/hardhat-network-helpers";
import { ethers as ethersLib } from "ethers";
import { DEADLINE, E18, ammFixture, orderedReserves as ordered, permitDomain } from "./fixtures";
import * as ref from "./reference";
import { pairAt } from "../../scripts/lib/amm";

async function seeded() {
  const f = await ammFixture();
  const { router, deployer, tokenA, tokenB, tokenC } = f;
  const [a, b, c] = await Promise.all([tokenA.getAddress(), tokenB.getAddress(), tokenC.getAddress()]);
  await router.addLiquidity(a, b, 1000n * E18, 2000n * E18, 0n, 0n, deployer.address, DEADLINE);
  await router.addLiquidity(b, c, 3000n * E18, 1000n * E18, 0n, 0n, deployer.address, DEADLINE);
  const pairAB = await pairAt(hre, await router.pairFor(a, b));
  const pairBC = await pairAt(hre, await router.pairFor(b, c));
  return { ...f, a, b, c, pairAB, pairBC };
}

describe("LanesRouter", () => {
  describe("quotes", () => {
    it("getAmountOut, getAmountIn and quote agree with the reference model wei for wei", async () => {
      const { router } = await loadFixture(ammFixture);
      const cases: [bigint, bigint, bigint][] = [
        [1n, 1_000n, 1_000n],
        [E18, 1000n * E18, 1000n * E18],
        [12_345_678_901n, 5n * E18, 7n * 10n ** 6n],
        [(1n << 112n) - 1n, (1n << 112n) - 1n, (1n << 112n) - 1n],
        [999n, 1n, 10n ** 30n],
      ];
      for (const [amount, rIn, rOut] of cases) {
        expect(await router.getAmountOut(amount, rIn, rOut)).to.equal(ref.amountOut(amount, rIn, rOut));
        expect(await router.quote(amount, rIn, rOut)).to.equal(ref.quote(amount, rIn, rOut));
        if (amount < rOut)
          expect(await router.getAmountIn(amount, rIn, rOut)).to.equal(ref.amountIn(amount, rIn, rOut));
      }
    });

    it("getAmountIn rounds up: paying its result always yields at least the asked output", async () => {
      const { router } = await loadFixture(ammFixture);
      for (const [out, rIn, rOut] of [
        [1n, 100n, 100n],
        [E18, 3n * E18, 5n * E18],
        [997n, 1000n, 1994n], // exact division: v2 still adds one
      ] as [bigint, bigint, bigint][]) {
        const input = await router.getAmountIn(out, rIn, rOut);
        expect(ref.amountOut(input, rIn, rOut)).to.be.greaterThanOrEqual(out);
      }
    });

    it("reject zero amounts, empty reserves and outputs at the reserve", async () => {
      const { router } = await loadFixture(ammFixture);
      // The library's errors are part of the router's ABI.
      await expect(router.getAmountOut(0n, 1n, 1n)).to.be.revertedWithCustomError(router, "InsufficientAmount");
      await expect(router.getAmountOut(1n, 0n, 1n)).to.be.revertedWithCustomError(router, "InsufficientLiquidity");
      await expect(router.getAmountOut(1n, 1n, 0n)).to.be.revertedWithCustomError(router, "InsufficientLiquidity");
      await expect(router.getAmountIn(0n, 1n, 1n)).to.be.revertedWithCustomError(router, "InsufficientAmount");
      await expect(router.getAmountIn(10n, 100n, 10n)).to.be.revertedWithCustomError(router, "InsufficientLiquidity");
      await expect(router.quote(0n, 1n, 1n)).to.be.revertedWithCustomError(router, "InsufficientAmount");
      await expect(router.quote(1n, 0n, 1n)).to.be.revertedWithCustomError(router, "InsufficientLiquidity");
    });

    it("getAmountsOut and getAmountsIn chain the hops over the current reserves", async () => {
      const f = await loadFixture(seeded);
      const { router, a, b, c, pairAB, pairBC } = f;
      const hops = [await ordered(pairAB, a), await ordered(pairBC, b)];
      expect(await router.getAmountsOut(E18, [a, b, c])).to.deep.equal(ref.amountsOut(E18, hops));
      expect(await router.getAmountsIn(E18, [a, b, c])).to.deep.equal(ref.amountsIn(E18, hops));
      await expect(router.getAmountsOut(E18, [a]))
        .to.be.revertedWithCustomError(router, "InvalidPath")
        .withArgs(1n);
      await expect(router.getAmountsIn(E18, [])).to.be.revertedWithCustomError(router, "InvalidPath").withArgs(0n);
      // A hop without a pair has no code to ask for reserves.
      await expect(router.getAmountsOut(E18, [a, c])).to.be.reverted;
    });
  });

  describe("addLiquidity", () => {
    it("creates the pair on first use and deposits exactly the desired amounts", async () => {
      const { router, factory, tokenA, tokenB, alice } = await loadFixture(ammFixture);
      const [a, b] = [await tokenA.getAddress(), await tokenB.getAddress()];
      const result = await router
        .connect(alice)
        .addLiquidity.staticCall(a, b, 4n * E18, E18, 0n, 0n, alice.address, DEADLINE);
      expect(result.amountA).to.equal(4n * E18);
      expect(result.amountB).to.equal(E18);
      expect(result.liquidity).to.equal(ref.isqrt(4n * E18 * E18) - ref.MINIMUM_LIQUIDITY);
      await expect(router.connect(alice).addLiquidity(a, b, 4n * E18, E18, 0n, 0n, alice.address, DEADLINE)).to.emit(
        factory,
        "PairCreated",
      );
      const pair = await pairAt(hre, await factory.getPair(a, b));
      expect(await pair.balanceOf(alice.address)).to.equal(result.liquidity);
    });

    it("deposits at the pool ratio, trimming whichever side is in excess", async () => {
      const { router, alice, a, b, pairAB } = await loadFixture(seeded);
      const [rA, rB] = await ordered(pairAB, a);
      // B in excess: all of A, B = quote(A).
      let r = await router.connect(alice).addLiquidity.staticCall(a, b, E18, 5n * E18, 0n, 0n, alice.address, DEADLINE);
      expect([r.amountA, r.amountB]).to.deep.equal([E18, ref.quote(E18, rA, rB)]);
      // A in excess: all of B, A = quote(B).
      r = await router.connect(alice).addLiquidity.staticCall(a, b, 5n * E18, E18, 0n, 0n, alice.address, DEADLINE);
      expect([r.amountA, r.amountB]).to.deep.equal([ref.quote(E18, rB, rA), E18]);
      // Token order in the call does not matter.
      r = await router.connect(alice).addLiquidity.staticCall(b, a, E18, 5n * E18, 0n, 0n, alice.address, DEADLINE);
      expect([r.amountA, r.amountB]).to.deep.equal([E18, ref.quote(E18, rB, rA)]);
    });

    it("enforces the minimums and the deadline", async () => {
      const { router, alice, a, b, pairAB } = await loadFixture(seeded);
      const [rA, rB] = await ordered(pairAB, a);
      const bOptimal = ref.quote(E18, rA, rB);
      await expect(router.connect(alice).addLiquidity(a, b, E18, 5n * E18, 0n, bOptimal + 1n, alice.address, DEADLINE))
        .to.be.revertedWithCustomError(router, "InsufficientBAmount")
        .withArgs(bOptimal, bOptimal + 1n);
      const aOptimal = ref.quote(E18, rB, rA);
      await expect(router.connect(alice).addLiquidity(a, b, 5n * E18, E18, aOptimal + 1n, 0n, alice.address, DEADLINE))
        .to.be.revertedWithCustomError(router, "InsufficientAAmount")
        .withArgs(aOptimal, aOptimal + 1n);
      const now = BigInt(await time.latest());
      await time.setNextBlockTimestamp(now + 10n);
      await expect(router.connect(alice).addLiquidity(a, b, E18, E18, 0n, 0n, alice.address, now + 9n))
        .to.be.revertedWithCustomError(router, "Expired")
        .withArgs(now + 9n, now + 10n);
    });
  });

  describe("removeLiquidity", () => {
    it("returns both tokens in the caller's order and enforces the minimums", async () => {
      const { router, deployer, alice, a, b, pairAB, tokenA, tokenB } = await loadFixture(seeded);
      const lp = (await pairAB.balanceOf(deployer.address)) / 4n;
      await pairAB.approve(await router.getAddress(), ethersLib.MaxUint256);
      const supply = await pairAB.totalSupply();
      const [rA, rB] = await ordered(pairAB, a);
      const [outA, outB] = [(lp * rA) / supply, (lp * rB) / supply];
      await expect(router.removeLiquidity(a, b, lp, outA + 1n, 0n, alice.address, DEADLINE))
        .to.be.revertedWithCustomError(router, "InsufficientAAmount")
        .withArgs(outA, outA + 1n);
      await expect(router.removeLiquidity(b, a, lp, 0n, outA + 1n, alice.address, DEADLINE))
        .to.be.revertedWithCustomError(router, "InsufficientBAmount")
        .withArgs(outA, outA + 1n);
      const [balA, balB] = [await tokenA.balanceOf(alice.address), await tokenB.balanceOf(alice.address)];
      await router.removeLiquidity(b, a, lp, outB, outA, alice.address, DEADLINE);
      expect((await tokenA.balanceOf(alice.address)) - balA).to.equal(outA);
      expect((await tokenB.balanceOf(alice.address)) - balB).to.equal(outB);
    });

    it("with a permit: works, survives a front-run permit, and fails clearly without allowance", async () => {
      const { router, deployer, alice, a, b, pairAB } = await loadFixture(seeded);
      const routerAddress = await router.getAddress();
      const lp = (await pairAB.balanceOf(deployer.address)) / 10n;
      const { domain, types } = await permitDomain(pairAB);
      const sign = async (value: bigint, nonce: bigint) =>
        ethersLib.Signature.from(
          await deployer.signTypedData(domain, types, {
            owner: deployer.address,
            spender: routerAddress,
            value,
            nonce,
            deadline: DEADLINE,
          }),
        );
      let sig = await sign(lp, 0n);
      await router.removeLiquidityWithPermit(a, b, lp, 0n, 0n, deployer.address, DEADLINE, false, sig.v, sig.r, sig.s);
      expect(await pairAB.allowance(deployer.address, routerAddress)).to.equal(0n);

      // Someone submits the permit first: ours fails inside, the allowance is there, removal proceeds.
      sig = await sign(ethersLib.MaxUint256, 1n);
      await pairAB
        .connect(alice)
        .permit(deployer.address, routerAddress, ethersLib.MaxUint256, DEADLINE, sig.v, sig.r, sig.s);
      await router.removeLiquidityWithPermit(a, b, lp, 0n, 0n, deployer.address, DEADLINE, true, sig.v, sig.r, sig.s);

      // A bad permit and no allowance: a clear error, not a bare transfer failure.
      await pairAB.approve(routerAddress, 0n);
      await expect(
        router.removeLiquidityWithPermit(a, b, lp, 0n, 0n, deployer.address, DEADLINE, false, sig.v, sig.r, sig.s),
      )
        .to.be.revertedWithCustomError(router, "PermitFailed")
        .withArgs(await pairAB.getAddress(), 0n, lp);
    });
  });

  describe("swaps", () => {
    it("exact in, one and two hops: pays the reference amounts and enforces the minimum", async () => {
      const { router, bob, a, b, c, pairAB, pairBC, tokenC } = await loadFixture(seeded);
      const hops = [await ordered(pairAB, a), await ordered(pairBC, b)];
      const expected = ref.amountsOut(E18, hops);
      await expect(
        router.connect(bob).swapExactTokensForTokens(E18, expected[2] + 1n, [a, b, c], bob.address, DEADLINE),
      )
        .to.be.revertedWithCustomError(router, "InsufficientOutputAmount")
        .withArgs(expected[2], expected[2] + 1n);
      const before = await tokenC.balanceOf(bob.address);
      expect(
        await router
          .connect(bob)
          .swapExactTokensForTokens.staticCall(E18, expected[2], [a, b, c], bob.address, DEADLINE),
      ).to.deep.equal(expected);
      await router.connect(bob).swapExactTokensForTokens(E18, expected[2], [a, b, c], bob.address, DEADLINE);
      expect((await tokenC.balanceOf(bob.address)) - before).to.equal(expected[2]);
      // Reserves moved by exactly the hop amounts.
      expect(await ordered(pairAB, a)).to.deep.equal([hops[0][0] + expected[0], hops[0][1] - expected[1]]);
      expect(await ordered(pairBC, b)).to.deep.equal([hops[1][0] + expected[1], hops[1][1] - expected[2]]);

      const oneHop = ref.amountsOut(E18, [await ordered(pairBC, c)]);
      const tokenB = await hre.ethers.getContractAt("ERC20Mock", b);
      await expect(
        router.connect(bob).swapExactTokensForTokens(E18, 0n, [c, b], bob.address, DEADLINE),
      ).to.changeTokenBalance(tokenB, bob, oneHop[1]);
    });

    it("exact out: takes the reference input, enforces the maximum", async () => {
      const { router, bob, a, b, c, pairAB, pairBC, tokenA, tokenC } = await loadFixture(seeded);
      const hops = [await ordered(pairAB, a), await ordered(pairBC, b)];
      const expected = ref.amountsIn(E18, hops);
      await expect(
        router.connect(bob).swapTokensForExactTokens(E18, expected[0] - 1n, [a, b, c], bob.address, DEADLINE),
      )
        .to.be.revertedWithCustomError(router, "ExcessiveInputAmount")
        .withArgs(expected[0], expected[0] - 1n);
      const [beforeA, beforeC] = [await tokenA.balanceOf(bob.address), await tokenC.balanceOf(bob.address)];
      await router.connect(bob).swapTokensForExactTokens(E18, expected[0], [a, b, c], bob.address, DEADLINE);
      expect(beforeA - (await tokenA.balanceOf(bob.address))).to.equal(expected[0]);
      expect((await tokenC.balanceOf(bob.address)) - beforeC).to.equal(E18);
    });

    it("every swap checks the deadline and the path", async () => {
      const { router, bob, a, b } = await loadFixture(seeded);
      const now = BigInt(await time.latest());
      await time.setNextBlockTimestamp(now + 5n);
      await expect(
        router.connect(bob).swapExactTokensForTokens(E18, 0n, [a, b], bob.address, now),
      ).to.be.revertedWithCustomError(router, "Expired");
      await expect(
        router.connect(bob).swapTokensForExactTokens(E18, 0n, [a, b], bob.address, 0n),
      ).to.be.revertedWithCustomError(router, "Expired");
      await expect(
        router.connect(bob).swapExactTokensForTokensSupportingFeeOnTransferTokens(E18, 0n, [a, b], bob.address, 0n),
      ).to.be.revertedWithCustomError(router, "Expired");
      await expect(
        router.connect(bob).swapExactTokensForTokensSupportingFeeOnTransferTokens(E18, 0n, [a], bob.address, DEADLINE),
      )
        .to.be.revertedWithCustomError(router, "InvalidPath")
        .withArgs(1n);
      await expect(router.connect(bob).swapExactTokensForTokens(E18, 0n, [a, a], bob.address, DEADLINE))
        .to.be.revertedWithCustomError(router, "IdenticalAddresses")
        .withArgs(a);
    });

    describe("fee-on-transfer tokens", () => {
      async function fotFixture() {
        const base = await seeded();
        const fot = await hre.ethers.deployContract("FeeOnTransferToken", [100n]); // 1%
        const t = await fot.getAddress();
        const routerAddress = await base.router.getAddress();
        for (const s of [base.deployer, base.bob]) {
          await fot.mint(s.address, 10n ** 30n);
          await fot.connect(s).approve(routerAddress, ethersLib.MaxUint256);
        }
        await base.router.addLiquidity(t, base.a, 1000n * E18, 1000n * E18, 0n, 0n, base.deployer.address, DEADLINE);
        const pairTA = await pairAt(hre, await base.router.pairFor(t, base.a));
        return { ...base, fot, t, pairTA };
      }

      it("selling one prices what the pair received, and checks the minimum on what arrived", async () => {
        const { router, bob, t, a, b, pairTA, pairAB, tokenB } = await loadFixture(fotFixture);
        const received = E18 - E18 / 100n;
        const [rT, rA] = await ordered(pairTA, t);
        const outA = ref.amountOut(received, rT, rA);
        const [rA2, rB] = await ordered(pairAB, a);
        const outB = ref.amountOut(outA, rA2, rB);
        await expect(
          router
            .connect(bob)
            .swapExactTokensForTokensSupportingFeeOnTransferTokens(E18, outB + 1n, [t, a, b], bob.address, DEADLINE),
        )
          .to.be.revertedWithCustomError(router, "InsufficientOutputAmount")
          .withArgs(outB, outB + 1n);
        const before = await tokenB.balanceOf(bob.address);
        await router
          .connect(bob)
          .swapExactTokensForTokensSupportingFeeOnTransferTokens(E18, outB, [t, a, b], bob.address, DEADLINE);
        expect((await tokenB.balanceOf(bob.address)) - before).to.equal(outB);
        // The plain exact-in swap over-asks a fee-on-transfer pair and fails the k check.
        await expect(
          router.connect(bob).swapExactTokensForTokens(E18, 0n, [t, a], bob.address, DEADLINE),
        ).to.be.revertedWithCustomError(pairTA, "K");
      });

      it("buying one checks the minimum on the recipient's balance after the token's fee", async () => {
        const { router, bob, t, a, pairTA, fot } = await loadFixture(fotFixture);
        const [rA, rT] = await ordered(pairTA, a);
        const out = ref.amountOut(E18, rA, rT);
        const arrives = out - out / 100n;
        await expect(
          router
            .connect(bob)
            .swapExactTokensForTokensSupportingFeeOnTransferTokens(E18, out, [a, t], bob.address, DEADLINE),
        )
          .to.be.revertedWithCustomError(router, "InsufficientOutputAmount")
          .withArgs(arrives, out);
        const before = await fot.balanceOf(bob.address);
        await router
          .connect(bob)
          .swapExactTokensForTokensSupportingFeeOnTransferTokens(E18, arrives, [a, t], bob.address, DEADLINE);
        expect((await fot.balanceOf(bob.address)) - before).to.equal(arrives);
      });

      it("removing liquidity of a fee-on-transfer pair keeps reserves equal to balances", async () => {
        const { router, deployer, t, a, pairTA, fot, tokenA } = await loadFixture(fotFixture);
        await pairTA.approve(await router.getAddress(), ethersLib.MaxUint256);
        const lp = (await pairTA.balanceOf(deployer.address)) / 2n;
        await router.removeLiquidity(t, a, lp, 0n, 0n, deployer.address, DEADLINE);
        const pairAddress = await pairTA.getAddress();
        expect(await ordered(pairTA, t)).to.deep.equal([
          await fot.balanceOf(pairAddress),
          await tokenA.balanceOf(pairAddress),
        ]);
      });
    });
  });
});

/** The router's ETH entry points: ETH is wrapped into WETH on the way in and unwrapped on the way out. */
import { expect } from "chai";
import hre from "hardhat";
import { loadFixture } from "@nomicfoundation/hardhat-network-helpers";
import { ethers as ethersLib } from "ethers";
import { DEADLINE, E18, ammFixture, orderedReserves as ordered, permitDomain } from "./fixtures";
import * as ref from "./reference";
import { pairAt } from "../../scripts/lib/amm";

async function ethFixture() {
  const f = await ammFixture();
  const { router, deployer, tokenA, tokenB } = f;
  const weth = await hre.ethers.getContractAt("WrappedEther", await router.WETH());
  const [a, b, w] = [await tokenA.getAddress(), await tokenB.getAddress(), await weth.getAddress()];
  await router.addLiquidityETH(a, 2000n * E18, 0n, 0n, deployer.address, DEADLINE, { value: 100n * E18 });
  await router.addLiquidity(a, b, 1000n * E18, 1000n * E18, 0n, 0n, deployer.address, DEADLINE);
  const pairAW = await pairAt(hre, await router.pairFor(a, w));
  return { ...f, weth, a, b, w, pairAW };
}

describe("LanesRouter: ETH", () => {
  it("addLiquidityETH wraps the ETH used and refunds the rest", async () => {
    const { router, alice, a, w, pairAW, weth } = await loadFixture(ethFixture);
    const [rA, rW] = await ordered(pairAW, a);
    const ethUsed = ref.quote(10n * E18, rA, rW);
    const routerAddress = await router.getAddress();
    await expect(
      router.connect(alice).addLiquidityETH(a, 10n * E18, 0n, 0n, alice.address, DEADLINE, { value: ethUsed + E18 }),
    ).to.changeEtherBalance(alice, -ethUsed, { includeFee: false });
    expect(await ordered(pairAW, a)).to.deep.equal([rA + 10n * E18, rW + ethUsed]);
    expect(await pairAW.balanceOf(alice.address)).to.be.greaterThan(0n);
    // The router keeps nothing.
    expect(await hre.ethers.provider.getBalance(routerAddress)).to.equal(0n);
    expect(await weth.balanceOf(routerAddress)).to.equal(0n);
    void w;
  });

  it("addLiquidityETH enforces the ETH minimum", async () => {
    const { router, alice, a, pairAW } = await loadFixture(ethFixture);
    const [rA, rW] = await ordered(pairAW, a);
    const ethUsed = ref.quote(10n * E18, rA, rW);
    await expect(
      router
        .connect(alice)
        .addLiquidityETH(a, 10n * E18, 0n, ethUsed + 1n, alice.address, DEADLINE, { value: 50n * E18 }),
    )
      .to.be.revertedWithCustomError(router, "InsufficientBAmount")
      .withArgs(ethUsed, ethUsed + 1n);
  });

  it("removeLiquidityETH pays the WETH side out as ETH; the permit variant needs no approval", async () => {
    const { router, deployer, a, pairAW, tokenA } = await loadFixture(ethFixture);
    const routerAddress = await router.getAddress();
    const lp = (await pairAW.balanceOf(deployer.address)) / 4n;
    const supply = await pairAW.totalSupply();
    const [rA, rW] = await ordered(pairAW, a);
    const [outA, outW] = [(lp * rA) / supply, (lp * rW) / supply];
    await pairAW.approve(routerAddress, lp);
    const before = await tokenA.balanceOf(deployer.address);
    await expect(router.removeLiquidityETH(a, lp, outA, outW, deployer.address, DEADLINE)).to.changeEtherBalance(
      deployer,
      outW,
      { includeFee: false },
    );
    expect((await tokenA.balanceOf(deployer.address)) - before).to.equal(outA);

    const { domain, types } = await permitDomain(pairAW);
    const nonce = await pairAW.nonces(deployer.address);
    const sig = ethersLib.Signature.from(
      await deployer.signTypedData(domain, types, {
        owner: deployer.address,
        spender: routerAddress,
        value: lp,
        nonce,
        deadline: DEADLINE,
      }),
    );
    await router.removeLiquidityETHWithPermit(a, lp, 0n, 0n, deployer.address, DEADLINE, false, sig.v, sig.r, sig.s);
    expect(await hre.ethers.provider.getBalance(routerAddress)).to.equal(0n);
  });

  it("exact ETH in, one and two hops, pays the reference amounts", async () => {
    const { router, bob, a, b, w, pairAW, tokenB } = await loadFixture(ethFixture);
    const pairAB = await pairAt(hre, await router.pairFor(a, b));
    const hops = [await ordered(pairAW, w), await ordered(pairAB, a)];
    const expected = ref.amountsOut(E18, hops);
    await expect(
      router.connect(bob).swapExactETHForTokens(expected[2] + 1n, [w, a, b], bob.address, DEADLINE, { value: E18 }),
    )
      .to.be.revertedWithCustomError(router, "InsufficientOutputAmount")
      .withArgs(expected[2], expected[2] + 1n);
    await expect(
      router.connect(bob).swapExactETHForTokens(expected[2], [w, a, b], bob.address, DEADLINE, { value: E18 }),
    ).to.changeTokenBalance(tokenB, bob, expected[2]);
  });

  it("exact tokens in for ETH, and tokens for exact ETH", async () => {
    const { router, bob, a, w, pairAW, tokenA } = await loadFixture(ethFixture);
    let [rA, rW] = await ordered(pairAW, a);
    const out = ref.amountOut(10n * E18, rA, rW);
    await expect(
      router.connect(bob).swapExactTokensForETH(10n * E18, out, [a, w], bob.address, DEADLINE),
    ).to.changeEtherBalance(bob, out, { includeFee: false });
    [rA, rW] = await ordered(pairAW, a);
    const needed = ref.amountIn(E18 / 10n, rA, rW);
    await expect(router.connect(bob).swapTokensForExactETH(E18 / 10n, needed - 1n, [a, w], bob.address, DEADLINE))
      .to.be.revertedWithCustomError(router, "ExcessiveInputAmount")
      .withArgs(needed, needed - 1n);
    await expect(
      router.connect(bob).swapTokensForExactETH(E18 / 10n, needed, [a, w], bob.address, DEADLINE),
    ).to.changeTokenBalance(tokenA, bob, -needed);
  });

  it("ETH for exact tokens refunds the ETH not needed, and fails clearly when too little is sent", async () => {
    const { router, bob, a, w, pairAW, tokenA } = await loadFixture(ethFixture);
    const [rW, rA] = await ordered(pairAW, w);
    const needed = ref.amountIn(E18, rW, rA);
    await expect(router.connect(bob).swapETHForExactTokens(E18, [w, a], bob.address, DEADLINE, { value: needed - 1n }))
      .to.be.revertedWithCustomError(router, "ExcessiveInputAmount")
      .withArgs(needed, needed - 1n);
    const tx = router.connect(bob).swapETHForExactTokens(E18, [w, a], bob.address, DEADLINE, { value: needed + E18 });
    await expect(tx).to.changeEtherBalance(bob, -needed, { includeFee: false });
    await expect(tx).to.changeTokenBalance(tokenA, bob, E18);
  });

  it("rejects paths that do not start or end with WETH, and ETH from anyone but WETH", async () => {
    const { router, bob, a, b, w } = await loadFixture(ethFixture);
    await expect(router.connect(bob).swapExactETHForTokens(0n, [a, b], bob.address, DEADLINE, { value: 1n }))
      .to.be.revertedWithCustomError(router, "InvalidPathEdge")
      .withArgs(w, a);
    await expect(router.connect(bob).swapExactTokensForETH(1n, 0n, [a, b], bob.address, DEADLINE))
      .to.be.revertedWithCustomError(router, "InvalidPathEdge")
      .withArgs(w, b);
    await expect(bob.sendTransaction({ to: await router.getAddress(), value: 1n }))
      .to.be.revertedWithCustomError(router, "EthNotAccepted")
      .withArgs(bob.address);
  });

  describe("fee-on-transfer tokens", () => {
    async function fotEth() {
      const base = await ethFixture();
      const fot = await hre.ethers.deployContract("FeeOnTransferToken", [100n]); // 1%
      const t = await fot.getAddress();
      const routerAddress = await base.router.getAddress();
      for (const s of [base.deployer, base.bob]) {
        await fot.mint(s.address, 10n ** 30n);
        await fot.connect(s).approve(routerAddress, ethersLib.MaxUint256);
      }
      await base.router.addLiquidityETH(t, 1000n * E18, 0n, 0n, base.deployer.address, DEADLINE, { value: 100n * E18 });
      const pairTW = await pairAt(hre, await base.router.pairFor(t, base.w));
      return { ...base, fot, t, pairTW };
    }

    it("ETH in: checks the minimum on what arrived", async () => {
      const { router, bob, t, w, fot, pairTW } = await loadFixture(fotEth);
      const [rW, rT] = await ordered(pairTW, w);
      const out = ref.amountOut(E18, rW, rT);
      const arrives = out - out / 100n;
      await expect(
        router
          .connect(bob)
          .swapExactETHForTokensSupportingFeeOnTransferTokens(out, [w, t], bob.address, DEADLINE, { value: E18 }),
      )
        .to.be.revertedWithCustomError(router, "InsufficientOutputAmount")
        .withArgs(arrives, out);
      await expect(
        router
          .connect(bob)
          .swapExactETHForTokensSupportingFeeOnTransferTokens(arrives, [w, t], bob.address, DEADLINE, { value: E18 }),
      ).to.changeTokenBalance(fot, bob, arrives);
    });

    it("ETH out: prices what the pair received", async () => {
      const { router, bob, t, w, pairTW } = await loadFixture(fotEth);
      const [rT, rW] = await ordered(pairTW, t);
      const out = ref.amountOut(10n * E18 - (10n * E18) / 100n, rT, rW);
      await expect(
        router
          .connect(bob)
          .swapExactTokensForETHSupportingFeeOnTransferTokens(10n * E18, out, [t, w], bob.address, DEADLINE),
      ).to.changeEtherBalance(bob, out, { includeFee: false });
    });

    it("removing ETH liquidity forwards what reached the router", async () => {
      const { router, deployer, t, pairTW, fot } = await loadFixture(fotEth);
      const routerAddress = await router.getAddress();
      const lp = (await pairTW.balanceOf(deployer.address)) / 10n;
      await pairTW.approve(routerAddress, lp);
      await router.removeLiquidityETHSupportingFeeOnTransferTokens(t, lp, 0n, 0n, deployer.address, DEADLINE);
      expect(await fot.balanceOf(routerAddress)).to.equal(0n);
      expect(await hre.ethers.provider.getBalance(routerAddress)).to.equal(0n);
    });
  });
});

import { expect } from "chai";
import hre from "hardhat";
import { loadFixture } from "@nomicfoundation/hardhat-network-helpers";
import { ethers as ethersLib } from "ethers";
import { ammFixture } from "./fixtures";
import { pairAddress, pairAt, pairInitCodeHash, sortTokens } from "../../scripts/lib/amm";

describe("LanesFactory", () => {
  it("publishes the pair's init-code hash, equal to keccak256 of the compiled creation code", async () => {
    const { factory } = await loadFixture(ammFixture);
    expect(await factory.PAIR_INIT_CODE_HASH()).to.equal(await pairInitCodeHash(hre));
  });

  it("creates a pair at the CREATE2 address computed off-chain, in either token order", async () => {
    const { factory, router, tokenA, tokenB, initCodeHash } = await loadFixture(ammFixture);
    const [a, b] = [await tokenA.getAddress(), await tokenB.getAddress()];
    const expected = pairAddress(await factory.getAddress(), initCodeHash, a, b);
    expect(pairAddress(await factory.getAddress(), initCodeHash, b, a)).to.equal(expected);
    expect(await router.pairFor(b, a)).to.equal(expected);

    const [token0, token1] = sortTokens(a, b);
    await expect(factory.createPair(b, a)).to.emit(factory, "PairCreated").withArgs(token0, token1, expected, 1n);
    expect(await factory.getPair(a, b)).to.equal(expected);
    expect(await factory.getPair(b, a)).to.equal(expected);
    expect(await factory.allPairs(0)).to.equal(expected);
    expect(await factory.allPairsLength()).to.equal(1n);

    const pair = await pairAt(hre, expected);
    expect(await pair.factory()).to.equal(await factory.getAddress());
    expect(await pair.token0()).to.equal(token0);
    expect(await pair.token1()).to.equal(token1);
    expect(await pair.getReserves()).to.deep.equal([0n, 0n, 0n]);
    // The constructor parameters are transient: nothing is left behind after the creation.
    expect(await factory.parameters()).to.deep.equal([ethersLib.ZeroAddress, ethersLib.ZeroAddress]);
  });

  it("numbers pairs in creation order", async () => {
    const { factory, tokenA, tokenB, tokenC } = await loadFixture(ammFixture);
    const [a, b, c] = await Promise.all([tokenA.getAddress(), tokenB.getAddress(), tokenC.getAddress()]);
    await factory.createPair(a, b);
    await expect(factory.createPair(c, b)).to.emit(factory, "PairCreated");
    expect(await factory.allPairsLength()).to.equal(2n);
    expect(await factory.allPairs(1)).to.equal(await factory.getPair(b, c));
  });

  it("rejects a second pair of the same tokens, identical tokens and the zero address", async () => {
    const { factory, tokenA, tokenB } = await loadFixture(ammFixture);
    const [a, b] = [await tokenA.getAddress(), await tokenB.getAddress()];
    await factory.createPair(a, b);
    const [token0, token1] = sortTokens(a, b);
    await expect(factory.createPair(b, a))
      .to.be.revertedWithCustomError(factory, "PairExists")
      .withArgs(token0, token1, await factory.getPair(a, b));
    await expect(factory.createPair(a, a)).to.be.revertedWithCustomError(factory, "IdenticalAddresses").withArgs(a);
    await expect(factory.createPair(ethersLib.ZeroAddress, a)).to.be.revertedWithCustomError(factory, "ZeroAddress");
  });

  describe("protocol fee switch", () => {
    it("only the fee-to setter sets feeTo", async () => {
      const { factory, alice, feeRecipient } = await loadFixture(ammFixture);
      expect(await factory.feeTo()).to.equal(ethersLib.ZeroAddress);
      await expect(factory.connect(alice).setFeeTo(alice.address))
        .to.be.revertedWithCustomError(factory, "FactoryUnauthorized")
        .withArgs(alice.address);
      await expect(factory.setFeeTo(feeRecipient.address)).to.emit(factory, "FeeToSet").withArgs(feeRecipient.address);
      expect(await factory.feeTo()).to.equal(feeRecipient.address);
      await factory.setFeeTo(ethersLib.ZeroAddress);
      expect(await factory.feeTo()).to.equal(ethersLib.ZeroAddress);
    });

    it("hands the setter role over in two steps", async () => {
      const { factory, deployer, alice, bob } = await loadFixture(ammFixture);
      await expect(factory.connect(alice).setFeeToSetter(alice.address)).to.be.revertedWithCustomError(
        factory,
        "FactoryUnauthorized",
      );
      await expect(factory.setFeeToSetter(alice.address))
        .to.emit(factory, "FeeToSetterProposed")
        .withArgs(alice.address);
      // Proposed is not yet granted.
      expect(await factory.feeToSetter()).to.equal(deployer.address);
      await expect(factory.connect(bob).acceptFeeToSetter())
        .to.be.revertedWithCustomError(factory, "FactoryUnauthorized")
        .withArgs(bob.address);
      await expect(factory.connect(alice).acceptFeeToSetter())
        .to.emit(factory, "FeeToSetterSet")
        .withArgs(alice.address);
      expect(await factory.feeToSetter()).to.equal(alice.address);
      expect(await factory.pendingFeeToSetter()).to.equal(ethersLib.ZeroAddress);
      await expect(factory.setFeeTo(deployer.address)).to.be.revertedWithCustomError(factory, "FactoryUnauthorized");
      await factory.connect(alice).setFeeTo(bob.address);
      expect(await factory.feeTo()).to.equal(bob.address);
    });
  });
});

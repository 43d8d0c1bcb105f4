import { expect } from "chai";
import hre from "hardhat";
import { loadFixture } from "@nomicfoundation/hardhat-network-helpers";

async function wethFixture() {
  const [alice, bob] = await hre.ethers.getSigners();
  const weth = await hre.ethers.deployContract("WrappedEther");
  return { weth, alice, bob };
}

describe("WrappedEther", () => {
  it("wraps by deposit and by plain transfer, 1:1, backed by its balance", async () => {
    const { weth, alice } = await loadFixture(wethFixture);
    const address = await weth.getAddress();
    await expect(weth.deposit({ value: 5n }))
      .to.emit(weth, "Deposit")
      .withArgs(alice.address, 5n);
    await alice.sendTransaction({ to: address, value: 7n });
    expect(await weth.balanceOf(alice.address)).to.equal(12n);
    expect(await weth.totalSupply()).to.equal(12n);
    expect(await hre.ethers.provider.getBalance(address)).to.equal(12n);
  });

  it("unwraps by burning first, and refuses more than the balance", async () => {
    const { weth, alice } = await loadFixture(wethFixture);
    await weth.deposit({ value: 10n });
    const withdraw = weth.withdraw(4n);
    await expect(withdraw).to.emit(weth, "Withdrawal").withArgs(alice.address, 4n);
    await expect(withdraw).to.changeEtherBalance(alice, 4n, { includeFee: false });
    expect(await weth.totalSupply()).to.equal(6n);
    await expect(weth.withdraw(7n))
      .to.be.revertedWithCustomError(weth, "ERC20InsufficientBalance")
      .withArgs(alice.address, 6n, 7n);
  });

  it("reverts an unwrap to a contract that refuses ETH, keeping the tokens", async () => {
    const { weth } = await loadFixture(wethFixture);
    // A pair has no receive(): as a withdrawer it cannot take ETH back.
    const refuser = await hre.ethers.deployContract("ERC20Mock", ["x", "X", 18]);
    const refuserAddress = await refuser.getAddress();
    await hre.network.provider.send("hardhat_impersonateAccount", [refuserAddress]);
    await hre.network.provider.send("hardhat_setBalance", [refuserAddress, "0xde0b6b3a7640000"]);
    const asRefuser = await hre.ethers.getSigner(refuserAddress);
    await weth.connect(asRefuser).deposit({ value: 3n });
    await expect(weth.connect(asRefuser).withdraw(3n))
      .to.be.revertedWithCustomError(weth, "WrappedEtherTransferFailed")
      .withArgs(refuserAddress, 3n);
    expect(await weth.balanceOf(refuserAddress)).to.equal(3n);
  });
});

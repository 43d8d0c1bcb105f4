/**
 * Calls out of the contract (followed into the callee's summary), ether transfers and
 * StorageSlot/ERC-7201 slots (OpenZeppelin's ReentrancyGuard): traced vs predicted, zero missed
 * keys and no wildcard at all; without the callee's summary, a call is an `any` wildcard.
 */
import { expect } from "chai";
import fc from "fast-check";
import hre from "hardhat";
import { propertyRuns } from "@lanes/types";
import { Program } from "../../packages/analyzer/src";
import { checkTransaction, summaryOf } from "./soundness";

describe("analyzer on AnalyzerCaller (calls followed, transfers, StorageSlot)", () => {
  it("misses no traced key and predicts every key exactly, the callee's included", async () => {
    const summary = await summaryOf(hre, "contracts/fixtures/analyzer/AnalyzerCaller.sol:AnalyzerCaller");
    const storeSummary = await summaryOf(hre, "contracts/fixtures/analyzer/AnalyzerStore.sol:AnalyzerStore");
    const program = new Program([summary, storeSummary]);
    const storeFactory = await hre.ethers.getContractFactory("AnalyzerStore");
    const store = await storeFactory.deploy(2n);
    const factory = await hre.ethers.getContractFactory("AnalyzerCaller");
    const caller = await factory.deploy();
    const to = (await caller.getAddress()).toLowerCase();
    const storeAddress = (await store.getAddress()).toLowerCase();
    const senders = (await hre.ethers.getSigners()).slice(0, 3).map((s) => s.address.toLowerCase());
    let index = 0;
    let transactions = 0;
    const reasons = new Set<string>();
    await fc.assert(
      fc.asyncProperty(
        fc.integer({ min: 0, max: 2 }),
        fc.integer({ min: 0, max: 2 }),
        fc.bigInt({ min: 0n, max: 5n }),
        async (which, sender, amount) => {
          const data =
            which === 0
              ? factory.interface.encodeFunctionData("poke", [storeAddress, amount])
              : which === 1
                ? factory.interface.encodeFunctionData("tip", [senders[(sender + 1) % 3]])
                : factory.interface.encodeFunctionData("bump", []);
          const result = await checkTransaction(
            hre,
            summary,
            { from: senders[sender], to, data, value: which === 1 ? amount : 0n },
            index++,
            program,
          );
          transactions++;
          for (const w of result.wildcards) if ("reason" in w) reasons.add(w.reason);
          expect(result.missed, `call ${which}`).to.deep.equal([]);
          expect(result.wildcards, `call ${which}: no wildcard`).to.deep.equal([]);
          if (which === 0 && !result.reverted) {
            // The store's keys are predicted under the store's address, not the caller's.
            expect(
              result.prediction.reads.some((k) => "address" in k && k.address.toLowerCase() === storeAddress),
            ).to.equal(true);
          }
        },
      ),
      { numRuns: propertyRuns(30) },
    );
    console.log(`      ${transactions} traced transactions, 0 missed keys, 0 wildcards`);
    expect(reasons.size).to.equal(0);

    // Without the callee's summary the call cannot be followed: everything, with the reason.
    const data = factory.interface.encodeFunctionData("poke", [storeAddress, 1n]);
    const alone = await checkTransaction(hre, summary, { from: senders[0], to, data, value: 0n }, index++);
    expect(alone.missed).to.deep.equal([]);
    expect(alone.wildcards.map((w) => ("reason" in w ? w.reason : ""))).to.include(
      "target.deposit: no summaries given to follow calls",
    );
  });
});

/**
 * Calls out of the contract, ether transfers and StorageSlot/ERC-7201 slots (OpenZeppelin's
 * ReentrancyGuard): traced vs predicted, zero missed keys; what stage 1 leaves as wildcards.
 */
import { expect } from "chai";
import fc from "fast-check";
import hre from "hardhat";
import { propertyRuns } from "@lanes/types";
import { checkTransaction, summaryOf } from "./soundness";

describe("analyzer stage 1 on AnalyzerCaller (calls, transfers, StorageSlot)", () => {
  it("misses no traced key; calls not followed are any-wildcards with a reason", async () => {
    const summary = await summaryOf(hre, "contracts/fixtures/analyzer/AnalyzerCaller.sol:AnalyzerCaller");
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
          );
          transactions++;
          for (const w of result.wildcards) if ("reason" in w) reasons.add(w.reason);
          expect(result.missed, `call ${which}`).to.deep.equal([]);
          if (which === 2) expect(result.wildcards, "StorageSlot with a constant slot is exact").to.deep.equal([]);
        },
      ),
      { numRuns: propertyRuns(30) },
    );
    console.log(
      `      ${transactions} traced transactions, 0 missed keys; wildcard reasons: ${[...reasons].join("; ")}`,
    );
    expect([...reasons].join("\n")).to.match(/call to target.deposit not followed \(stage 1\)/);
  });
});

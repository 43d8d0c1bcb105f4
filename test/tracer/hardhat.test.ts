/** The tracer on the in-process Hardhat network (EDR), against fixtures whose accesses are known. */
import { expect } from "chai";
import hre from "hardhat";
import { type AccessKey, isStorageKey, keyToString, partitionKeys } from "@lanes/types";
import {
  type TracedTransaction,
  TraceRpcError,
  createSlotResolver,
  formatSlotPath,
  traceTransaction,
} from "../../packages/tracer/src";
import { type Scenario, runScenario, storageBases } from "./scenario";

const strings = (keys: readonly AccessKey[] | undefined): string[] => (keys ?? []).map(keyToString);

describe("tracer on the Hardhat network", () => {
  let scenario: Scenario;
  const traced: TracedTransaction[] = [];

  before(async () => {
    const [signer, alice, bob] = await hre.ethers.getSigners();
    scenario = await runScenario(hre, signer, hre.network.provider, { alice: alice.address, bob: bob.address });
    for (const [i, step] of scenario.steps.entries()) {
      traced.push(await traceTransaction(hre.network.provider, step.hash, i));
    }
  });

  it("derives exactly the expected keys for every fixture transaction", () => {
    for (const [i, step] of scenario.steps.entries()) {
      const { access, warnings } = traced[i];
      const reads = partitionKeys(access.reads);
      const writes = partitionKeys(access.writes);
      const what = `${step.name} (${step.hash})`;
      expect(strings(reads.storage), `${what}: storage reads`).to.have.members([...step.expect.storageReads]);
      expect(strings(writes.storage), `${what}: storage writes`).to.have.members([...step.expect.storageWrites]);
      expect(strings(access.unchangedWrites), `${what}: unchanged`).to.have.members([...(step.expect.unchanged ?? [])]);
      if (step.expect.accountReads) {
        expect(strings(reads.account), `${what}: account reads`).to.have.members([...step.expect.accountReads]);
      }
      if (step.expect.accountWrites) {
        expect(strings(writes.account), `${what}: account writes`).to.have.members([...step.expect.accountWrites]);
      }
      expect(access.reverted, `${what}: reverted`).to.equal(step.expect.reverted ?? false);
      expect(access.index).to.equal(i);
      if (step.expect.warning) expect(warnings.join("\n"), what).to.match(step.expect.warning);
      else expect(warnings, what).to.deep.equal([]);
    }
  });

  it("proves no-op writes from the trace alone (load before store, or the SSTORE's gas)", async () => {
    for (const [i, step] of scenario.steps.entries()) {
      if (!step.expect.unchanged) continue;
      const { access } = await traceTransaction(hre.network.provider, step.hash, i, { preState: null });
      expect(strings(access.unchangedWrites), step.name).to.have.members([...step.expect.unchanged]);
    }
  });

  it("names the hashed slots it wrote from the trace's preimages and the storage layout", async () => {
    const { store, vault, sender } = scenario.addresses;
    const [alice] = (await hre.ethers.getSigners()).slice(1).map((s) => s.address.toLowerCase());
    const expected: Record<string, { contract: string; address: string; names: string[] }> = {
      "mapping of structs: two member slots": {
        contract: "TracerStore",
        address: store,
        names: [`positions[${alice}]`, `positions[${alice}]+1`],
      },
      "nested mapping": { contract: "TracerStore", address: store, names: [`nested[${alice}][9]`] },
      "dynamic array push": { contract: "TracerStore", address: store, names: ["items", "items[]"] },
      "library DELEGATECALL writes the caller's storage": {
        contract: "TracerVault",
        address: vault,
        names: [`credits[${sender}]`, "total"],
      },
    };
    for (const [i, step] of scenario.steps.entries()) {
      const want = expected[step.name];
      if (!want) continue;
      const resolve = createSlotResolver(traced[i].candidates, await storageBases(hre, want.contract));
      const names = traced[i].access.writes
        .filter(isStorageKey)
        .filter((key) => key.address === want.address)
        .map((key) => {
          const path = resolve(key.slot);
          return path ? formatSlotPath(path) : `unresolved ${key.slot}`;
        });
      expect(names, step.name).to.have.members(want.names);
      // Solidity hashes mapping keys from scratch memory, so exact preimages carry those paths
      // (an array's data slot over a constant base is folded into a constant by the optimizer).
      if (want.names.some((name) => name.includes("[0x"))) {
        expect(traced[i].candidates.preimages.length, step.name).to.be.greaterThan(0);
      }
    }
  });

  it("puts every written key among the reads", () => {
    for (const { access } of traced) {
      const reads = new Set(strings(access.reads));
      for (const key of strings(access.writes)) expect(reads.has(key), key).to.equal(true);
    }
  });

  it("never reports the fee recipient's balance", async () => {
    const block = (await hre.network.provider.send("eth_getBlockByNumber", ["latest", false])) as { miner: string };
    for (const { access } of traced)
      expect(strings(access.reads)).to.not.include(`balance:${block.miner.toLowerCase()}`);
  });

  it("fails with a one-line typed error for an unknown transaction", async () => {
    const missing = `0x${"ab".repeat(32)}`;
    const error = await traceTransaction(hre.network.provider, missing, 0).catch((e: unknown) => e);
    expect(error).to.be.instanceOf(TraceRpcError);
    expect((error as Error).message).to.not.match(/\n/);
  });
});

/**
 * The raw-trace path (EDR's `handleRequest` traces) against the struct-log path
 * (`debug_traceTransaction`) on the same transactions: two independent sources must agree on
 * every key. Every transaction is sent straight to EDR, then traced again through Hardhat.
 */
import { expect } from "chai";
import hre from "hardhat";
import { type AccessKey, type TxAccess, keyToString } from "@lanes/types";
import {
  type EdrProvider,
  type RawTraceItem,
  type RawTracedTransaction,
  type TracedTransaction,
  TraceRpcError,
  analyzeSentTransaction,
  findEdrProvider,
  sendTracedTransaction,
  traceTransaction,
} from "../../packages/tracer/src";
import { type Scenario, type Transport, code, nonce, runScenario, s, storageSlots } from "./scenario";
import { type SwapWorld, deploySwapWorld } from "./swap";

const strings = (keys: readonly AccessKey[] | undefined): string[] => (keys ?? []).map(keyToString).sort();
const sets = (access: TxAccess) => ({
  reads: strings(access.reads),
  writes: strings(access.writes),
  unchanged: strings(access.unchangedWrites),
  reverted: access.reverted,
  selector: access.selector,
  gasUsed: access.gasUsed,
});

describe("tracer: EDR raw traces against debug_traceTransaction", () => {
  let edr: EdrProvider;
  const sent = new Map<string, RawTraceItem[]>();
  const transport: Transport = async (request) => {
    const { hash, items } = await sendTracedTransaction(edr, { ...request, gas: request.gasLimit });
    sent.set(hash, items);
    return hash;
  };
  const bothPaths = async (
    hash: string,
    index: number,
  ): Promise<{ raw: RawTracedTransaction; structLog: TracedTransaction }> => {
    const items = sent.get(hash);
    if (!items) throw new Error(`${hash} was not sent through EDR`);
    return {
      raw: await analyzeSentTransaction(hre.network.provider, { hash, items }, index),
      structLog: await traceTransaction(hre.network.provider, hash, index),
    };
  };

  before(async () => {
    await hre.network.provider.send("eth_chainId", []);
    const found = findEdrProvider(hre.network.provider);
    if (!found) throw new Error("no EDR provider under hre.network.provider");
    edr = found;
  });

  it("finds EDR's provider under Hardhat's wrappers, and nothing under other objects", () => {
    expect(typeof edr.handleRequest).to.equal("function");
    expect(findEdrProvider({ _wrapped: { _provider: {} } })).to.equal(null);
    expect(findEdrProvider(null)).to.equal(null);
    const lazy = {
      get _wrapped(): never {
        throw new Error("uninitialized");
      },
    };
    expect(findEdrProvider(lazy)).to.equal(null);
  });

  describe("on the fixture scenario", () => {
    let scenario: Scenario;
    const results: { raw: RawTracedTransaction; structLog: TracedTransaction }[] = [];

    before(async () => {
      const [signer, alice, bob] = await hre.ethers.getSigners();
      scenario = await runScenario(
        hre,
        signer,
        hre.network.provider,
        { alice: alice.address, bob: bob.address },
        transport,
      );
      for (const [i, step] of scenario.steps.entries()) results.push(await bothPaths(step.hash, i));
    });

    it("gives identical reads, writes and no-op writes for every fixture transaction", async () => {
      const { factory } = scenario.addresses;
      for (const [i, step] of scenario.steps.entries()) {
        const { raw, structLog } = results[i];
        const expected = sets(structLog.access);
        if (step.expect.warning) {
          // A creation whose init code reverted: struct logs never show its address, the raw
          // result does, so the raw path also has the new account's collision check and the
          // slots its constructor touched (reads only; prestateTracer lists them too).
          const child = failedChildAddress(sent.get(step.hash) ?? []);
          const Ch = await storageSlots(hre, "TracerChild");
          const extra = [code(child), nonce(child), s(child, Ch.owner), s(child, Ch.seed)];
          expect(structLog.warnings.join("\n"), step.name).to.match(step.expect.warning);
          expect(raw.warnings, step.name).to.deep.equal([]);
          expect(sets(raw.access), step.name).to.deep.equal({
            ...expected,
            reads: [...expected.reads, ...extra].sort(),
          });
          expect(expected.writes, step.name).to.include(nonce(factory));
          continue;
        }
        expect(sets(raw.access), `${step.name} (${step.hash})`).to.deep.equal(expected);
        expect(raw.warnings, step.name).to.deep.equal([]);
      }
    });

    it("settles no-op writes from the node's values before and after", () => {
      for (const [i, step] of scenario.steps.entries()) {
        expect(strings(results[i].raw.access.unchangedWrites), step.name).to.deep.equal(
          [...(step.expect.unchanged ?? [])].sort(),
        );
      }
    });

    it("returns the hash of a reverted transaction, which is mined and visible through Hardhat", async () => {
      const step = scenario.steps.find((t) => t.expect.reverted);
      if (!step) throw new Error("the scenario has no reverted transaction");
      const receipt = (await hre.network.provider.send("eth_getTransactionReceipt", [step.hash])) as {
        status: string;
      };
      expect(receipt.status).to.equal("0x0");
      expect(results[scenario.steps.indexOf(step)].raw.access.reverted).to.equal(true);
    });
  });

  describe("on router swaps", () => {
    let world: SwapWorld;

    before(async () => {
      world = await deploySwapWorld(hre);
    });

    it("agrees on a two-hop swapExactTokensForTokens and on a reverted swap", async () => {
      const hashes = [await world.swap(transport, { hops: 2 }), await world.swap(transport, { hops: 2, revert: true })];
      for (const [i, hash] of hashes.entries()) {
        const { raw, structLog } = await bothPaths(hash, i);
        expect(sets(raw.access), hash).to.deep.equal(sets(structLog.access));
        expect(raw.warnings).to.deep.equal([]);
        expect(raw.access.reverted).to.equal(i === 1);
      }
      const { raw } = await bothPaths(hashes[0], 0);
      // Two pairs' reserves and six token balances (in, two pair legs each, out): a real swap.
      expect(raw.access.writes.filter((k) => k.kind === "storage").length).to.be.at.least(8);
    });

    it("mines each transaction sent to EDR in its own block, and honours evm_setNextBlockTimestamp", async () => {
      const latest = (await hre.network.provider.send("eth_getBlockByNumber", ["latest", false])) as {
        number: string;
        timestamp: string;
      };
      const at = Number(latest.timestamp) + 1000;
      await hre.network.provider.send("evm_setNextBlockTimestamp", [at]);
      const hash = await world.swap(transport, { hops: 2 });
      const receipt = (await hre.network.provider.send("eth_getTransactionReceipt", [hash])) as {
        blockNumber: string;
        status: string;
      };
      expect(receipt.status).to.equal("0x1");
      expect(Number(receipt.blockNumber)).to.equal(Number(latest.number) + 1);
      const block = (await hre.network.provider.send("eth_getBlockByNumber", [receipt.blockNumber, false])) as {
        timestamp: string;
        transactions: string[];
      };
      expect(Number(block.timestamp)).to.equal(at);
      expect(block.transactions).to.deep.equal([hash]);
      expect(await hre.network.provider.send("eth_blockNumber", [])).to.equal(receipt.blockNumber);
    });
  });

  it("fails with a typed error when EDR rejects the transaction (no hash to return)", async () => {
    let caught: unknown;
    try {
      await sendTracedTransaction(edr, { from: "0x00000000000000000000000000000000000000a1", data: "0x" }, "unowned");
    } catch (error) {
      caught = error;
    }
    expect(caught).to.be.instanceOf(TraceRpcError);
    expect((caught as Error).message).to.match(/^unowned: /);
  });
});

/** The address a reverted creation's result carries (the second message result of a failed CREATE2 step). */
function failedChildAddress(items: readonly RawTraceItem[]): string {
  for (const item of items) {
    if ("executionResult" in item && item.executionResult.contractAddress && "output" in item.executionResult.result) {
      return `0x${Buffer.from(item.executionResult.contractAddress).toString("hex")}`;
    }
  }
  throw new Error("no creation result in the trace");
}

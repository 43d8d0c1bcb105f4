/**
 * Precision on the router's multi-hop swaps inside a block: after an earlier swap of the block
 * has made the first pair's reserves unknown to the pre-state, the hop amounts are unknown too,
 * but which token each pair pays out is still decided by the path (`input < output ? (0, out) :
 * (out, 0)`). Only the first pair's TWAP accumulators stay undecided (whether an earlier swap
 * already updated them this second depends on it having succeeded).
 */
import { expect } from "chai";
import hre from "hardhat";
import { Predictor, type BlockPreState } from "@lanes/harness";
import { type Address, keyToString, toAddress } from "@lanes/types";
import { traceTransaction } from "../../packages/tracer/src";
import { deployAmm, deployToken, fundAndApprove } from "../../scripts/lib/amm";
import { sendRaw, summaryOf } from "./soundness";

const SOURCES = {
  LanesRouter: "contracts/amm/LanesRouter.sol:LanesRouter",
  LanesPair: "contracts/amm/LanesPair.sol:LanesPair",
  LanesFactory: "contracts/amm/LanesFactory.sol:LanesFactory",
  ERC20Mock: "contracts/mocks/ERC20Mock.sol:ERC20Mock",
} as const;

const hex = (n: bigint | number): string => `0x${n.toString(16)}`;

describe("analyzer precision on multi-hop swaps within a block", function () {
  this.timeout(120_000);

  it("pays no pair's input token out: the path decides each hop's side although the amounts are unknown", async () => {
    const rpc = hre.network.provider;
    const snapshot = await rpc.send("evm_snapshot", []);
    try {
      const [signer] = await hre.ethers.getSigners();
      const amm = await deployAmm(hre);
      const tokens = [await deployToken(hre, "A"), await deployToken(hre, "B"), await deployToken(hre, "C")];
      const router = (await amm.router.getAddress()).toLowerCase();
      await fundAndApprove(tokens, [signer], router, 10n ** 30n);
      const [a, b, c] = await Promise.all(tokens.map(async (t) => (await t.getAddress()).toLowerCase()));
      const deadline = 2n ** 40n;
      for (const [x, y] of [
        [a, b],
        [b, c],
      ])
        await (await amm.router.addLiquidity(x, y, 10n ** 24n, 10n ** 24n, 0, 0, signer.address, deadline)).wait();
      const pairs = [await amm.factory.getPair(a, b), await amm.factory.getPair(b, c)].map((p) => p.toLowerCase());

      const names = Object.keys(SOURCES) as (keyof typeof SOURCES)[];
      const summaries = new Map(
        await Promise.all(names.map(async (n) => [n, await summaryOf(hre, SOURCES[n])] as const)),
      );
      const contracts = new Map<Address, string>([
        [toAddress(router), "LanesRouter"],
        [toAddress(await amm.factory.getAddress()), "LanesFactory"],
        ...pairs.map((p) => [toAddress(p), "LanesPair"] as [Address, string]),
        ...[a, b, c].map((t) => [toAddress(t), "ERC20Mock"] as [Address, string]),
      ]);
      const predictor = new Predictor(contracts, summaries);

      // One logical block: a swap on the first pair, then a two-hop swap through it, one second.
      const parent = Number(await rpc.send("eth_blockNumber", []));
      const timestamp = BigInt((await hre.ethers.provider.getBlock(parent))!.timestamp) + 12n;
      const state: BlockPreState = {
        header: async () => ({ timestamp }),
        storage: async (address, slot) =>
          BigInt((await rpc.send("eth_getStorageAt", [address, hex(slot), hex(parent)])) as string),
        code: async (address) => (await rpc.send("eth_getCode", [address, hex(parent)])) as string,
      };
      const swap = (path: string[]): string =>
        amm.router.interface.encodeFunctionData("swapExactTokensForTokens", [
          10n ** 18n,
          0n,
          path,
          signer.address,
          deadline,
        ]);
      const txs = [swap([a, b]), swap([a, b, c])].map((data, i) => ({
        from: signer.address,
        to: router,
        data,
        label: i === 0 ? "router.swap (one hop)" : "router.swap (two hops)",
      }));
      const predictions = [];
      for (const tx of txs) predictions.push(await predictor.predict(tx, state));

      const traced = [];
      for (const [i, tx] of txs.entries()) {
        await rpc.send("evm_setNextBlockTimestamp", [hex(timestamp)]);
        const hash = await sendRaw(rpc, { ...tx, value: 0n });
        traced.push((await traceTransaction(rpc, hash, i)).access);
      }
      expect(traced.map((t) => t.reverted)).to.deep.equal([false, false]);

      const storage = (keys: readonly { kind: string }[]): Set<string> =>
        new Set(keys.filter((k) => k.kind === "storage").map((k) => keyToString(k as never)));
      const twap = new Set([9, 10].map((slot) => `storage:${pairs[0]}:0x${slot.toString(16).padStart(64, "0")}`));
      const p = predictions[1];
      const predicted = storage([...p.reads, ...p.writes, ...p.deltas]);
      const touched = storage([...traced[1].reads, ...traced[1].writes, ...(traced[1].deltas ?? [])]);
      for (const key of touched) expect(predicted.has(key), `missed ${key}`).to.equal(true);
      const extra = [...predicted].filter((k) => !touched.has(k));
      // The traced second swap did not update the first pair's accumulators (the first swap did,
      // this second): the prediction could not know that, and nothing else is extra.
      expect(extra.map((k) => `${k} ${JSON.stringify(p.origins?.[k] ?? [])}`)).to.have.length.at.most(2);
      for (const k of extra) expect(twap.has(k), `extra ${k}`).to.equal(true);
      expect(p.warnings).to.deep.equal([]);
    } finally {
      await rpc.send("evm_revert", [snapshot]);
    }
  });
});

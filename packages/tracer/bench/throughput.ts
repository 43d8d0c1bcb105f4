/**
 * Tracing throughput on the in-process Hardhat network: ERC20 transfers and a three-contract
 * call chain, each mined in its own block, then traced with `traceTransaction`.
 * Run from the repository root: `pnpm exec hardhat run packages/tracer/bench/throughput.ts`
 * (TRACER_BENCH_TXS sets the number of transactions per workload, default 200).
 */
import hre from "hardhat";
import { traceTransaction } from "../src";

const COUNT = Number(process.env.TRACER_BENCH_TXS ?? 200);

async function measure(label: string, hashes: string[]): Promise<void> {
  const provider = hre.network.provider;
  let start = performance.now();
  for (const hash of hashes) {
    await provider.send("debug_traceTransaction", [
      hash,
      { disableMemory: true, disableStack: false, disableStorage: false },
    ]);
  }
  const raw = (performance.now() - start) / 1000;
  start = performance.now();
  let keys = 0;
  for (const [i, hash] of hashes.entries()) keys += (await traceTransaction(provider, hash, i)).access.reads.length;
  const full = (performance.now() - start) / 1000;
  console.log(
    `${label}: ${hashes.length} txs, debug_traceTransaction alone ${(hashes.length / raw).toFixed(1)} tx/s, ` +
      `traceTransaction (4 RPCs + analysis + candidates) ${(hashes.length / full).toFixed(1)} tx/s, ` +
      `${(keys / hashes.length).toFixed(1)} keys read per tx`,
  );
}

async function main(): Promise<void> {
  const [owner, ...others] = await hre.ethers.getSigners();
  const token = await hre.ethers.deployContract("ERC20Mock", ["Bench", "B", 18]);
  await (await token.mint(owner.address, 10n ** 30n)).wait();
  const transfers: string[] = [];
  for (let i = 0; i < COUNT; i++) {
    transfers.push((await token.transfer(others[i % others.length].address, 1000n + BigInt(i))).hash);
  }
  await measure("ERC20 transfer", transfers);

  const store = await hre.ethers.deployContract("TracerStore");
  const last = await hre.ethers.deployContract("TracerRelay", [await store.getAddress(), hre.ethers.ZeroAddress]);
  const first = await hre.ethers.deployContract("TracerRelay", [await store.getAddress(), await last.getAddress()]);
  const chains: string[] = [];
  for (let i = 0; i < COUNT; i++) chains.push((await first.chain()).hash);
  await measure("3-contract call chain", chains);
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});

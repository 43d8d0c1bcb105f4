/**
 * Raw EDR traces against debug_traceTransaction on two-hop router swaps (LanesRouter over two
 * pools), on the in-process Hardhat network, one transaction per block.
 * Run from the repository root: `pnpm exec hardhat run packages/tracer/bench/raw-vs-structlog.ts`
 * (TRACER_BENCH_TXS sets the number of swaps, default 200).
 *
 * - structLog path: send through Hardhat, then `traceTransaction` (EDR re-executes the
 *   transaction and serialises ~4,500 struct logs with stacks).
 * - raw path: `sendTracedTransaction` (the trace comes with the send), then
 *   `analyzeSentTransaction` (3 RPCs + eth_getStorageAt before/after per write).
 */
import hre from "hardhat";
import { analyzeSentTransaction, findEdrProvider, sendTracedTransaction, traceTransaction } from "../src";
import type { Transport } from "../../../test/tracer/scenario";
import { deploySwapWorld } from "../../../test/tracer/swap";

const COUNT = Number(process.env.TRACER_BENCH_TXS ?? 200);
const rate = (n: number, ms: number): string => `${((n * 1000) / ms).toFixed(1)} tx/s`;

async function main(): Promise<void> {
  const provider = hre.network.provider;
  await provider.send("eth_chainId", []);
  const edr = findEdrProvider(provider);
  if (!edr) throw new Error("no EDR provider under hre.network.provider");
  const world = await deploySwapWorld(hre);
  const [signer] = await hre.ethers.getSigners();

  // structLog path: send through Hardhat (as the harness does today), then trace.
  const viaHardhat: Transport = async (request) =>
    (await signer.sendTransaction({ to: request.to, data: request.data, gasLimit: request.gasLimit })).hash;
  let start = performance.now();
  const hashes: string[] = [];
  for (let i = 0; i < COUNT; i++) hashes.push(await world.swap(viaHardhat, { hops: 2 }));
  const sendHardhat = performance.now() - start;
  start = performance.now();
  let keys = 0;
  for (const [i, hash] of hashes.entries()) keys += (await traceTransaction(provider, hash, i)).access.reads.length;
  const traceStructLog = performance.now() - start;

  // raw path: the trace comes back with the send.
  const sent: { hash: string; items: Parameters<typeof analyzeSentTransaction>[1]["items"] }[] = [];
  const viaEdr: Transport = async (request) => {
    const result = await sendTracedTransaction(edr, { ...request, gas: request.gasLimit });
    sent.push(result);
    return result.hash;
  };
  start = performance.now();
  for (let i = 0; i < COUNT; i++) await world.swap(viaEdr, { hops: 2 });
  const sendRaw = performance.now() - start;
  start = performance.now();
  let rawKeys = 0;
  for (const [i, tx] of sent.entries()) rawKeys += (await analyzeSentTransaction(provider, tx, i)).access.reads.length;
  const analyzeRaw = performance.now() - start;

  const steps = sent.reduce((n, tx) => n + tx.items.length, 0) / sent.length;
  console.log(`${COUNT} two-hop swaps, ${steps.toFixed(0)} raw trace items per swap`);
  console.log(
    `structLog: send ${rate(COUNT, sendHardhat)}, traceTransaction ${rate(COUNT, traceStructLog)}, ` +
      `send + trace ${rate(COUNT, sendHardhat + traceStructLog)} (${(keys / COUNT).toFixed(1)} keys read per tx)`,
  );
  console.log(
    `raw:       send with trace ${rate(COUNT, sendRaw)}, analyzeSentTransaction ${rate(COUNT, analyzeRaw)}, ` +
      `send + trace ${rate(COUNT, sendRaw + analyzeRaw)} (${(rawKeys / COUNT).toFixed(1)} keys read per tx)`,
  );
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});

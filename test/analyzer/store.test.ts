/**
 * Stage-1 soundness on the Hardhat network: random transactions (reverting ones included) to
 * the AnalyzerStore fixture, each traced and compared with the concretized static summary.
 * Zero missed keys is required; precision is reported.
 */
import { expect } from "chai";
import fc from "fast-check";
import hre from "hardhat";
import { Interface } from "ethers";
import { propertyRuns } from "@lanes/types";
import type { ContractSummary } from "../../packages/analyzer/src";
import { type Comparison, checkTransaction, summaryOf } from "./soundness";

const FQN = "contracts/fixtures/analyzer/AnalyzerStore.sol:AnalyzerStore";

type Call = { fn: string; args: readonly unknown[]; value?: bigint; sender: number };

describe("analyzer stage 1 on AnalyzerStore (traced vs predicted)", () => {
  let summary: ContractSummary;
  let address: string;
  let iface: Interface;
  let senders: string[];
  const results: { call: string; result: Comparison }[] = [];
  let index = 0;

  before(async () => {
    await hre.run("compile", { quiet: true });
    summary = await summaryOf(hre, FQN);
    const factory = await hre.ethers.getContractFactory("AnalyzerStore");
    const store = await factory.deploy(3n);
    await store.waitForDeployment();
    address = (await store.getAddress()).toLowerCase();
    iface = factory.interface;
    senders = (await hre.ethers.getSigners()).slice(0, 4).map((s) => s.address.toLowerCase());
  });

  const amount = fc.oneof(
    fc.constant(0n),
    fc.bigInt({ min: 1n, max: 1000n }),
    fc.bigInt({ min: 0n, max: (1n << 128n) - 1n }),
  );
  const who = fc.integer({ min: 0, max: 3 });
  const addr = fc.oneof(
    who.map((i) => i),
    fc.constant(9),
  );
  const call: fc.Arbitrary<Call> = fc.oneof(
    fc.record({ fn: fc.constant("deposit"), args: fc.tuple(amount), sender: who }),
    fc.record({ fn: fc.constant("transfer"), args: fc.tuple(addr, amount), sender: who }),
    fc.record({ fn: fc.constant("spend"), args: fc.tuple(addr, amount), sender: who }),
    fc.record({ fn: fc.constant("grow"), args: fc.tuple(fc.bigInt({ min: 0n, max: 1n << 60n })), sender: who }),
    fc.record({
      fn: fc.constant("supply"),
      args: fc.tuple(addr, addr, fc.bigInt({ min: 0n, max: 3n }), fc.bigInt({ min: 0n, max: 1n << 60n })),
      sender: who,
    }),
    fc.record({ fn: fc.constant("borrowLast"), args: fc.tuple(fc.bigInt({ min: 0n, max: 1n << 60n })), sender: who }),
    fc.record({ fn: fc.constant("peekMarket"), args: fc.tuple(fc.bigInt({ min: 0n, max: 3n })), sender: who }),
    fc.record({
      fn: fc.constant("arrays"),
      args: fc.tuple(fc.bigInt({ min: 0n, max: 100n }), fc.bigInt({ min: 0n, max: 12n })),
      sender: who,
    }),
    fc.record({ fn: fc.constant("sum"), args: fc.tuple(fc.bigInt({ min: 0n, max: 6n })), sender: who }),
    fc.record({ fn: fc.constant("setLabel"), args: fc.tuple(fc.string({ maxLength: 70 })), sender: who }),
    fc.record({ fn: fc.constant("raw"), args: fc.tuple(fc.bigInt({ min: 0n, max: 20n })), sender: who }),
    fc.record({ fn: fc.constant("pay"), args: fc.tuple(addr, fc.bigInt({ min: 0n, max: 5n })), sender: who }),
    fc.record({ fn: fc.constant("setPaused"), args: fc.tuple(fc.boolean()), sender: who }),
    fc.record({
      fn: fc.constant("receive"),
      args: fc.constant([]),
      value: fc.bigInt({ min: 0n, max: 10n }),
      sender: who,
    }),
    fc.record({ fn: fc.constant("balances"), args: fc.tuple(addr), sender: who }),
    fc.record({ fn: fc.constant("lists"), args: fc.tuple(addr, fc.bigInt({ min: 0n, max: 3n })), sender: who }),
  );

  const encode = (c: Call): string => {
    if (c.fn === "receive") return "0x";
    const args = c.args.map((a, i) => {
      const type = iface.getFunction(c.fn)?.inputs[i]?.type;
      if (type === "address") return a === 9 ? "0x00000000000000000000000000000000000000a9" : senders[a as number];
      if (type === "bytes32") return `0x${(a as bigint).toString(16).padStart(64, "0")}`;
      return a;
    });
    return iface.encodeFunctionData(c.fn, args);
  };

  it("misses no traced key on random calls, reverted ones included", async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(call, { minLength: 1, maxLength: 8 }), async (calls) => {
        for (const c of calls) {
          const tx = { from: senders[c.sender], to: address, data: encode(c), value: c.value ?? 0n };
          const result = await checkTransaction(hre, summary, tx, index++);
          results.push({ call: c.fn, result });
          expect(result.missed, `${c.fn}(${c.args.join(", ")}) from ${tx.from}`).to.deep.equal([]);
        }
      }),
      { numRuns: propertyRuns(25) },
    );
    const reverted = results.filter((r) => r.result.reverted).length;
    expect(reverted, "some transactions revert").to.be.greaterThan(0);
    expect(results.length - reverted, "some transactions succeed").to.be.greaterThan(0);
  });

  it("reports precision per function", () => {
    const rows = new Map<string, { n: number; hit: number; predicted: number; traced: number; wildcard: number }>();
    for (const { call: fn, result } of results) {
      const row = rows.get(fn) ?? { n: 0, hit: 0, predicted: 0, traced: 0, wildcard: 0 };
      row.n++;
      row.hit += result.exactHit;
      row.predicted += result.exactPredicted;
      row.traced += result.tracedStorage;
      row.wildcard += result.wildcards.length > 0 ? 1 : 0;
      rows.set(fn, row);
    }
    const lines = [...rows.entries()].map(
      ([fn, r]) =>
        `  ${fn.padEnd(12)} tx ${String(r.n).padStart(4)}  traced ${String(r.traced).padStart(5)}  exact predicted ${String(r.predicted).padStart(5)}  exact hit ${String(r.hit).padStart(5)}  with wildcard ${r.wildcard}`,
    );
    const total = [...rows.values()].reduce(
      (a, r) => ({ hit: a.hit + r.hit, predicted: a.predicted + r.predicted, n: a.n + r.n }),
      { hit: 0, predicted: 0, n: 0 },
    );
    console.log(
      `      ${total.n} traced transactions, 0 missed keys; exact-key precision ${((100 * total.hit) / Math.max(1, total.predicted)).toFixed(1)}%`,
    );
    console.log(lines.join("\n"));
    expect(total.n).to.be.greaterThan(0);
  });
});

/**
 * Soundness on random programs: contracts assembled from the fixture patterns (generate.ts),
 * compiled once in-process, analyzed and deployed from the same output, then random calls from
 * several senders (reverting ones included), each traced and compared with its concretized
 * prediction, calls between the two contracts followed through `Program`. Zero missed keys is
 * required, and a key covered only by a wildcard under another variable counts as missed (see
 * `strictMisses`); precision is reported.
 *
 * LANES_PROPERTY_RUNS sets how many programs (default 10, about 20 s). A failure prints the
 * program's source and the calls; reproduce it with the seed and path fast-check prints:
 *   LANES_RANDOM_SEED=<seed> LANES_RANDOM_PATH=<path> npx hardhat test --no-compile test/analyzer/random-contracts.test.ts
 * LANES_RANDOM_VERBOSE=1 also lists the most frequent wildcard reasons.
 */
import { expect } from "chai";
import fc from "fast-check";
import hre from "hardhat";
import { AbiCoder, ContractFactory, type FunctionFragment, Interface, getCreateAddress, keccak256 } from "ethers";
import { type AccessKey, type WildcardKey, isWildcard, keyToString, keysOverlap, propertyRuns } from "@lanes/types";
import { type BuildInfo, type ContractSummary, Program, analyzeBuildInfo } from "../../packages/analyzer/src";
import { compile } from "../../packages/analyzer/test/compile";
import { type StorageBase, createSlotResolver, traceTransaction } from "../../packages/tracer/src";
import { type Comparison, checkBlock, checkTransaction } from "./soundness";
import { type ProgramSpec, TIGHTEST, programArb, render } from "./generate";

const SEED = Number(process.env.LANES_RANDOM_SEED ?? 20261130);
const PATH = process.env.LANES_RANDOM_PATH;
const VERBOSE = process.env.LANES_RANDOM_VERBOSE === "1";

/** One call's raw material; which function and arguments it becomes depends on the program's ABI. */
interface CallSeed {
  readonly toB: boolean;
  readonly generated: boolean;
  readonly fn: number;
  readonly sender: number;
  readonly value: number;
  readonly amount: bigint;
  readonly key: number;
  readonly count: number;
  readonly addrs: readonly number[];
  readonly flag: boolean;
  readonly xs: readonly bigint[];
  readonly text: number;
  readonly id: number;
}

const callArb: fc.Arbitrary<CallSeed> = fc.record({
  toB: fc.nat(9).map((n) => n >= 7),
  generated: fc.nat(9).map((n) => n < 8),
  fn: fc.nat(1000),
  sender: fc.nat(3),
  value: fc.nat(7),
  amount: fc.oneof(
    { arbitrary: fc.bigInt({ min: 0n, max: 12n }), weight: 6 },
    { arbitrary: fc.bigInt({ min: 0n, max: 5000n }), weight: 2 },
    { arbitrary: fc.bigInt({ min: 0n, max: (1n << 129n) - 1n }), weight: 1 },
    { arbitrary: fc.constant((1n << 256n) - 1n), weight: 1 },
  ),
  key: fc.nat(6),
  count: fc.nat(14),
  addrs: fc.array(fc.nat(9), { minLength: 3, maxLength: 3 }),
  flag: fc.boolean(),
  xs: fc.array(fc.bigInt({ min: 0n, max: 9n }), { maxLength: 11 }),
  text: fc.nat(4),
  id: fc.nat(5),
});

const OUTPUTS = [
  "abi",
  "storageLayout",
  "evm.bytecode.object",
  "evm.deployedBytecode.object",
  "evm.deployedBytecode.immutableReferences",
];

const STRINGS = ["", "hi", "a string of exactly thirty-one!", "x".repeat(40), "long ".repeat(14)];

interface Deployed {
  readonly source: string;
  /** Storage layout bases by contract address, to name which variable a traced slot hangs under. */
  readonly bases: ReadonlyMap<string, readonly StorageBase[]>;
  readonly a: { address: string; iface: Interface; summary: ContractSummary };
  readonly b: { address: string; iface: Interface; summary: ContractSummary };
  readonly program: Program;
}

interface Stats {
  programs: number;
  transactions: number;
  reverted: number;
  /** Transactions with a missed key (the property fails on the first). */
  missed: number;
  exactHit: number;
  exactPredicted: number;
  /** Transactions that succeeded with no wildcard in their prediction. */
  exactOnly: number;
  calledOther: number;
  compileMs: number;
  reasons: Map<string, number>;
}

describe("analyzer on random contracts (traced vs predicted)", function () {
  this.timeout(900_000);
  let senders: string[];
  const stats: Stats = {
    programs: 0,
    transactions: 0,
    reverted: 0,
    missed: 0,
    exactHit: 0,
    exactPredicted: 0,
    exactOnly: 0,
    calledOther: 0,
    compileMs: 0,
    reasons: new Map(),
  };
  let index = 0;
  let reported = false;

  before(async () => {
    senders = (await hre.ethers.getSigners()).slice(0, 4).map((s) => s.address.toLowerCase());
  });

  async function deploy(spec: ProgramSpec): Promise<Deployed> {
    const started = Date.now();
    let source = "";
    let info: BuildInfo | null = null;
    for (let tight = 0; !info; tight++) {
      source = render(spec, tight).source;
      try {
        info = compile({ "Random.sol": source }, OUTPUTS);
      } catch (error) {
        const message = (error as Error).message;
        // Legacy codegen's 16 stack slots: render the same program with fewer parameters.
        if (tight < TIGHTEST && /Stack too deep/.test(message)) continue;
        throw new Error(`generated program does not compile (a generator bug):\n${source}\n${message}`);
      }
    }
    stats.compileMs += Date.now() - started;
    const summaries = analyzeBuildInfo(info);
    const summaryOf = (name: string): ContractSummary => {
      const s = summaries.find((x) => x.contractName === name);
      if (!s) throw new Error(`no summary for ${name}`);
      return s;
    };
    const artifact = (name: string): { abi: unknown[]; bytecode: string } => {
      const c = info.output.contracts?.["Random.sol"]?.[name] as unknown as {
        abi: unknown[];
        evm: { bytecode: { object: string } };
      };
      return { abi: c.abi, bytecode: `0x${c.evm.bytecode.object}` };
    };
    const [deployer] = await hre.ethers.getSigners();
    const nonce = await deployer.getNonce();
    const aAddress = getCreateAddress({ from: deployer.address, nonce: nonce + 1 });
    const bArt = artifact("B");
    const b = await new ContractFactory(bArt.abi as never, bArt.bytecode, deployer).deploy(7n, aAddress, {
      value: 1000n,
    });
    await b.waitForDeployment();
    const bAddress = (await b.getAddress()).toLowerCase();
    const aArt = artifact("A");
    const a = await new ContractFactory(aArt.abi as never, aArt.bytecode, deployer).deploy(3n, bAddress, {
      value: 1000n,
    });
    await a.waitForDeployment();
    expect((await a.getAddress()).toLowerCase()).to.equal(aAddress.toLowerCase());
    const bases = new Map<string, StorageBase[]>();
    for (const [name, address] of [
      ["A", aAddress.toLowerCase()],
      ["B", bAddress],
    ] as const) {
      const layout = info.output.contracts?.["Random.sol"]?.[name]?.storageLayout;
      bases.set(
        address,
        (layout?.storage ?? []).map((v) => {
          const type = layout?.types?.[v.type];
          const kind =
            type?.encoding === "mapping"
              ? "mapping"
              : type?.encoding === "dynamic_array"
                ? "array"
                : type?.encoding === "bytes"
                  ? "bytes"
                  : type?.members || type?.base
                    ? "struct"
                    : "value";
          return { slot: BigInt(v.slot), label: v.label, kind };
        }),
      );
    }
    return {
      source,
      bases,
      a: { address: aAddress.toLowerCase(), iface: new Interface(aArt.abi as never), summary: summaryOf("A") },
      b: { address: bAddress, iface: new Interface(bArt.abi as never), summary: summaryOf("B") },
      program: new Program(summaries),
    };
  }

  /** The transaction a call seed becomes in this program. */
  function transaction(
    d: Deployed,
    c: CallSeed,
  ): { from: string; to: string; data: string; value: bigint; text: string } {
    const target = c.toB ? d.b : d.a;
    const all: FunctionFragment[] = [];
    target.iface.forEachFunction((f) => all.push(f));
    const generated = all.filter((f) => /^[ab]\d+$/.test(f.name));
    const pool = c.generated && generated.length > 0 ? generated : all;
    const from = senders[c.sender];
    // Among all functions, two more choices: plain ether to `receive`, an unknown selector.
    const choice = c.fn % (pool === all ? all.length + 2 : pool.length);
    const fn = pool[choice];
    const others = [...senders, d.a.address, d.b.address, "0x000000000000000000000000000000000000dead"];
    const targets = [d.b.address, d.b.address, d.a.address, senders[1], d.b.address];
    const ids = [
      `0x${"0".repeat(64)}`,
      keccak256(AbiCoder.defaultAbiCoder().encode(["address", "uint256"], [from, c.key])),
      keccak256(AbiCoder.defaultAbiCoder().encode(["address", "uint256"], [senders[0], 1])),
      `0x${5n.toString(16).padStart(64, "0")}`,
      keccak256("0x1234"),
      `0x${"ff".repeat(32)}`,
    ];
    let addr = 0;
    if (!fn) {
      if (choice === all.length + 1 && target.iface.fallback) {
        // An unknown selector, with arguments: the fallback runs (it is not payable).
        const data = `0xdeadbeef${c.amount.toString(16).padStart(64, "0")}`;
        return { from, to: target.address, data, value: 0n, text: "fallback()" };
      }
      const value = BigInt(c.value % 6);
      return { from, to: target.address, data: "0x", value, text: `receive() value ${value}` };
    }
    const args = fn.inputs.map((p) => {
      if (p.type === "address") {
        const i = c.addrs[addr++ % c.addrs.length];
        return p.name === "target" || p.name === "tc" ? targets[i % targets.length] : others[i % others.length];
      }
      if (p.type === "tuple") return [others[c.addrs[addr++ % c.addrs.length] % others.length], BigInt(c.key)];
      if (p.type === "uint8") return BigInt(c.key % 4); // an enum: 3 is out of range, the call reverts
      if (p.type === "bool") return c.flag;
      if (p.type === "uint256[]") return c.xs;
      if (p.type === "string") return STRINGS[c.text % STRINGS.length];
      if (p.type === "bytes32") return ids[c.id % ids.length];
      if (p.name === "a" || p.name === "v") return c.amount;
      if (p.name === "n") return BigInt(c.count);
      return BigInt(c.key);
    });
    const value = fn.payable ? BigInt(c.value % 6) : c.value === 7 ? 1n : 0n;
    const shown = args.map((x) => (Array.isArray(x) ? `[${x.join(", ")}]` : String(x))).join(", ");
    return {
      from,
      to: target.address,
      data: target.iface.encodeFunctionData(fn, args),
      value,
      text: `${c.toB ? "B" : "A"}.${fn.name}(${shown}) value ${value}`,
    };
  }

  /**
   * checkTransaction counts a `slots` wildcard (everything under one variable) as covering any
   * storage key of its contract, as a key whose origin is unknown must be. Here the origin is
   * known: the trace's hash preimages name the variable each traced slot hangs under, and a key
   * covered only by a wildcard under another variable is a miss too.
   */
  async function strictMisses(d: Deployed, result: Comparison): Promise<string[]> {
    const predicted = [...result.prediction.reads, ...result.prediction.writes, ...result.prediction.deltas];
    const slotsWildcards = predicted.filter(
      (k): k is WildcardKey & { scope: "slots" } => isWildcard(k) && k.scope === "slots",
    );
    if (slotsWildcards.length === 0) return [];
    const others = predicted.filter((k) => !(isWildcard(k) && k.scope === "slots"));
    const rpc = hre.network.provider;
    const block = (await rpc.send("eth_getBlockByNumber", ["latest", false])) as { transactions: string[] };
    const traced = await traceTransaction(rpc, block.transactions[0], index);
    const resolvers = new Map<string, ReturnType<typeof createSlotResolver>>();
    const out: string[] = [];
    for (const [what, keys] of [
      ["read", traced.access.reads],
      ["write", traced.access.writes],
    ] as const) {
      for (const key of keys as readonly AccessKey[]) {
        if (key.kind !== "storage" || others.some((p) => keysOverlap(p, key))) continue;
        const mine = slotsWildcards.filter((w) => w.address === key.address);
        if (mine.length === 0) continue; // a plain miss: checkTransaction reports it
        const bases = d.bases.get(key.address.toLowerCase()) ?? [];
        let resolve = resolvers.get(key.address);
        if (!resolve) resolvers.set(key.address, (resolve = createSlotResolver(traced.candidates, bases)));
        const path = resolve(key.slot);
        if (path === null) continue; // origin not known: the wildcard may cover it
        if (mine.some((w) => BigInt(w.base) === BigInt(path.base.slot))) continue;
        out.push(
          `${what} ${keyToString(key)} (under ${path.base.label}; wildcards only under ${mine.map((w) => w.base).join(", ")})`,
        );
      }
    }
    return out;
  }

  /** Fails the property; the first failure's whole story goes to stderr (fast-check shrinks after it). */
  function fail(message: string): never {
    if (!reported) {
      reported = true;
      console.error(message);
    }
    expect.fail(message);
  }

  it("misses no traced key on random programs and calls, reverted ones included", async () => {
    await fc.assert(
      fc.asyncProperty(programArb, fc.array(callArb, { minLength: 16, maxLength: 32 }), async (spec, calls) => {
        const d = await deploy(spec);
        stats.programs++;
        for (const [n, c] of calls.entries()) {
          const tx = transaction(d, c);
          const summary = tx.to === d.a.address ? d.a.summary : d.b.summary;
          const result = await checkTransaction(hre, summary, tx, index++, d.program);
          const missed = [...result.missed, ...(await strictMisses(d, result))];
          stats.transactions++;
          if (result.reverted) stats.reverted++;
          stats.exactHit += result.exactHit;
          stats.exactPredicted += result.exactPredicted;
          if (!result.reverted && result.wildcards.length === 0) stats.exactOnly++;
          const other = tx.to === d.a.address ? d.b.address : d.a.address;
          if (result.prediction.reads.some((k) => "address" in k && k.address.toLowerCase() === other))
            stats.calledOther++;
          for (const w of result.wildcards) {
            const reason =
              "reason" in w ? w.reason.replace(/0x[0-9a-f]{40}/gi, "<addr>").replace(/\d{6,}/g, "<n>") : "";
            stats.reasons.set(reason, (stats.reasons.get(reason) ?? 0) + 1);
          }
          if (missed.length > 0) {
            stats.missed++;
            const message = [
              `missed keys on call ${n + 1} of ${calls.length}: ${tx.text} from ${tx.from}`,
              `  to ${tx.to} (${tx.to === d.a.address ? "A" : "B"}; A ${d.a.address}, B ${d.b.address})`,
              `  calldata ${tx.data}`,
              `  reverted: ${result.reverted}`,
              ...missed.map((m) => `  missed ${m}`),
              ...result.prediction.warnings.map((w) => `  warning ${w}`),
              `earlier calls: ${calls
                .slice(0, n)
                .map((x) => transaction(d, x).text)
                .join("; ")}`,
              "--- source ---",
              d.source,
            ].join("\n");
            fail(message);
          }
        }
      }),
      { numRuns: propertyRuns(10), seed: SEED, ...(PATH ? { path: PATH } : {}), interruptAfterTimeLimit: 600_000 },
    );
  });

  it("misses no traced key when the calls form logical blocks (later calls see what earlier ones may write)", async () => {
    let blocks = 0;
    let transactions = 0;
    await fc.assert(
      fc.asyncProperty(
        programArb,
        fc.array(callArb, { minLength: 12, maxLength: 24 }),
        fc.integer({ min: 2, max: 8 }),
        async (spec, calls, size) => {
          const d = await deploy(spec);
          for (let start = 0; start < calls.length; start += size) {
            const chunk = calls.slice(start, start + size).map((c) => transaction(d, c));
            const txs = chunk.map((tx) => ({ summary: tx.to === d.a.address ? d.a.summary : d.b.summary, tx }));
            const results = await checkBlock(hre, txs, index, d.program);
            index += txs.length;
            blocks++;
            transactions += txs.length;
            results.forEach((r, i) => {
              if (r.missed.length === 0) return;
              const message = [
                `missed keys on call ${i + 1} of a block of ${chunk.length}: ${chunk[i].text} from ${chunk[i].from}`,
                `  block: ${chunk.map((t) => `${t.text} from ${t.from}`).join("; ")}`,
                ...r.missed.map((m) => `  missed ${m}`),
                ...r.prediction.warnings.map((w) => `  warning ${w}`),
                "--- source ---",
                d.source,
              ].join("\n");
              fail(message);
            });
          }
        },
      ),
      { numRuns: propertyRuns(6), seed: SEED + 1, interruptAfterTimeLimit: 600_000 },
    );
    console.log(
      `      ${blocks} logical blocks, ${transactions} traced transactions, 0 missed keys (seed ${SEED + 1})`,
    );
  });

  it("reports precision and predicts some transactions with no wildcard at all", () => {
    const precision = (100 * stats.exactHit) / Math.max(1, stats.exactPredicted);
    console.log(
      `      ${stats.programs} programs, ${stats.transactions} traced transactions (${stats.reverted} reverted), ` +
        `${stats.missed} with missed keys; ` +
        `exact-key precision ${precision.toFixed(1)}%; ${stats.exactOnly} succeeded with no wildcard; ` +
        `${stats.calledOther} predicted into the other contract; compile ${(stats.compileMs / 1000).toFixed(1)} s (seed ${SEED})`,
    );
    if (VERBOSE) {
      const top = [...stats.reasons.entries()].sort((x, y) => y[1] - x[1]).slice(0, 25);
      for (const [reason, n] of top) console.log(`        ${String(n).padStart(4)}  ${reason}`);
    }
    expect(stats.transactions).to.be.greaterThan(0);
    expect(stats.reverted, "some transactions revert").to.be.greaterThan(0);
    expect(stats.transactions - stats.reverted, "some transactions succeed").to.be.greaterThan(0);
    expect(stats.exactOnly, "some transactions are predicted with no wildcard").to.be.greaterThan(0);
    expect(stats.calledOther, "some predictions follow a call into the other contract").to.be.greaterThan(0);
  });
});

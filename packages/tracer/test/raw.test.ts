import { expect } from "chai";
import { type AccessKey, keyToString, storageKey } from "@lanes/types";
import {
  type EdrProvider,
  TraceFormatError,
  TraceRpcError,
  analyzeRawTrace,
  findEdrProvider,
  sendTracedTransaction,
  settleNoOps,
} from "../src";
import { A, B, C, COINBASE, LIB, NEW, SENDER, tx } from "./build";
import { addressBytes, rb } from "./rawbuild";

const names = (keys: readonly AccessKey[] | undefined): string[] => (keys ?? []).map(keyToString);
const slot = (address: string, n: bigint | number): string => keyToString(storageKey(address, n));
const acct = (kind: string, address: string): string => `${kind}:${address}`;
const SENDER_KEYS = [acct("balance", SENDER), acct("nonce", SENDER)];

describe("analyzeRawTrace", () => {
  it("attributes the transaction frame's loads and stores to its callee; every write is pending", () => {
    const items = rb().sload(1n, 5n).sstore(1n, 6n).sload(2n).step("TSTORE", [9n, 3n]).step("TLOAD", [3n]).trace();
    const { access, pending, warnings } = analyzeRawTrace(items, tx());
    expect(names(access.reads)).to.have.members([...SENDER_KEYS, slot(A, 1), slot(A, 2)]);
    expect(names(access.writes)).to.have.members([...SENDER_KEYS, slot(A, 1)]);
    expect(pending.map((p) => keyToString(p.key))).to.deep.equal([slot(A, 1)]);
    expect(pending[0].final).to.equal(undefined);
    expect(access.unchangedWrites).to.deep.equal([]);
    expect(warnings).to.deep.equal([]);
  });

  it("keeps a reverted or halted frame's reads and drops its writes, also below it", () => {
    for (const outcome of ["revert", "halt"] as const) {
      const items = rb()
        .sstore(1n, 1n)
        .call("CALL", B, (b) => b.sstore(2n, 1n).call("CALL", C, (c) => c.sstore(3n, 1n)), { outcome })
        .trace();
      const { access } = analyzeRawTrace(items, tx());
      expect(names(access.reads), outcome).to.include.members([slot(A, 1), slot(B, 2), slot(C, 3)]);
      expect(names(access.writes), outcome).to.have.members([...SENDER_KEYS, slot(A, 1)]);
    }
  });

  it("uses the message's `to` as the storage context of DELEGATECALL and CALLCODE (not codeAddress)", () => {
    const items = rb()
      .call("CALL", B, (b) =>
        b
          .call("DELEGATECALL", LIB, (l) => l.sstore(7n, 1n).step("SELFBALANCE", []))
          .call("CALLCODE", LIB, (l) => l.sload(8n)),
      )
      .trace();
    const { access } = analyzeRawTrace(items, tx());
    expect(names(access.writes)).to.have.members([...SENDER_KEYS, slot(B, 7)]);
    expect(names(access.reads)).to.have.members([...SENDER_KEYS, slot(B, 7), slot(B, 8), acct("balance", B)]);
  });

  it("moves value on CALL (also to an account without code), not on CALLCODE or a failed call", () => {
    const moved = analyzeRawTrace(rb().call("CALL", C, undefined, { value: 5n }).trace(), tx());
    expect(names(moved.access.writes)).to.have.members([...SENDER_KEYS, acct("balance", A), acct("balance", C)]);
    const self = analyzeRawTrace(rb().call("CALLCODE", LIB, undefined, { value: 5n }).trace(), tx());
    expect(names(self.access.writes)).to.have.members(SENDER_KEYS);
    expect(names(self.access.reads)).to.have.members([...SENDER_KEYS, acct("balance", A)]);
    const failed = analyzeRawTrace(rb().call("CALL", C, undefined, { value: 5n, outcome: "revert" }).trace(), tx());
    expect(names(failed.access.writes)).to.have.members(SENDER_KEYS);
    expect(names(failed.access.reads)).to.have.members([...SENDER_KEYS, acct("balance", A), acct("balance", C)]);
  });

  it("reads both balances of a CALL that failed before entering (too little balance)", () => {
    const { access, warnings } = analyzeRawTrace(rb().call("CALL", C, undefined, { entered: false }).trace(), tx());
    expect(names(access.reads)).to.have.members([...SENDER_KEYS, acct("balance", A), acct("balance", C)]);
    expect(names(access.writes)).to.have.members(SENDER_KEYS);
    expect(warnings).to.deep.equal([]);
    // The target is found only when the step before the CALL pushed the gas operand.
    const unknown = analyzeRawTrace(rb().call("CALL", C, undefined, { entered: false, gasStep: "ADD" }).trace(), tx());
    expect(names(unknown.access.reads)).to.have.members([...SENDER_KEYS, acct("balance", A)]);
    expect(unknown.warnings.join()).to.match(/target is not on the traced stack top/);
  });

  it("creates with value: new account's code, nonce, balance and storage; the creator's nonce", () => {
    const items = rb()
      .create("CREATE", NEW, (b) => b.sstore(0n, 1n), { value: 3n })
      .trace();
    const { access } = analyzeRawTrace(items, tx());
    const created = [acct("code", NEW), acct("nonce", NEW), acct("balance", NEW)];
    expect(names(access.writes)).to.have.members([
      ...SENDER_KEYS,
      slot(NEW, 0),
      acct("nonce", A),
      acct("balance", A),
      ...created,
    ]);
  });

  it("a reverted creation: the creator's nonce moves, the new account (named by the result) is only read", () => {
    const items = rb()
      .create("CREATE2", NEW, (b) => b.sstore(0n, 1n), { outcome: "revert" })
      .trace();
    const { access, warnings } = analyzeRawTrace(items, tx());
    expect(names(access.writes)).to.have.members([...SENDER_KEYS, acct("nonce", A)]);
    expect(names(access.reads)).to.have.members([
      ...SENDER_KEYS,
      acct("nonce", A),
      acct("code", NEW),
      acct("nonce", NEW),
      slot(NEW, 0),
    ]);
    expect(warnings).to.deep.equal([]);
  });

  it("a creation transaction takes its account from the top result", () => {
    const items = rb({ to: null, value: 2n }).sstore(0n, 1n).trace("success", NEW);
    const { access } = analyzeRawTrace(items, tx({ to: null, created: null, value: 2n }));
    expect(names(access.writes)).to.have.members([
      ...SENDER_KEYS,
      slot(NEW, 0),
      acct("code", NEW),
      acct("nonce", NEW),
      acct("balance", NEW),
    ]);
    expect(access.selector).to.equal(null);
  });

  it("a reverted transaction writes only the sender's nonce and balance", () => {
    const items = rb({ value: 4n })
      .sstore(1n, 1n)
      .call("CALL", B, (b) => b.sstore(1n, 1n), { value: 1n })
      .trace("revert");
    const { access, pending } = analyzeRawTrace(items, tx({ reverted: true, value: 4n }));
    expect(names(access.writes)).to.have.members(SENDER_KEYS);
    expect(names(access.reads)).to.include.members([slot(A, 1), slot(B, 1), acct("balance", A), acct("balance", B)]);
    expect(pending).to.deep.equal([]);
  });

  it("reads BALANCE, EXTCODE* operands and leaves the coinbase's balance out", () => {
    const items = rb()
      .withResult("BALANCE", [COINBASE], 1n)
      .withResult("BALANCE", [B], 1n)
      .withResult("EXTCODESIZE", [C], 1n)
      .withResult("EXTCODEHASH", [LIB], 1n)
      .trace();
    const { access } = analyzeRawTrace(items, tx());
    expect(names(access.reads)).to.have.members([
      ...SENDER_KEYS,
      acct("balance", B),
      acct("code", C),
      acct("code", LIB),
    ]);
  });

  it("SELFDESTRUCT moves the balance; deletes only an account created in the same transaction", () => {
    const items = rb()
      .create("CREATE", NEW, (b) => b.step("SELFDESTRUCT", [C]))
      .trace();
    const { access } = analyzeRawTrace(items, tx());
    expect(names(access.writes)).to.include.members([acct("balance", NEW), acct("balance", C), acct("code", NEW)]);
    const old = analyzeRawTrace(rb().step("SELFDESTRUCT", [C]).trace(), tx());
    expect(names(old.access.writes)).to.have.members([...SENDER_KEYS, acct("balance", A), acct("balance", C)]);
  });

  it("rejects traces that disagree with the receipt or are malformed", () => {
    expect(() => analyzeRawTrace(rb().trace("revert"), tx())).to.throw(TraceFormatError, /receipt says reverted=false/);
    expect(() => analyzeRawTrace([], tx())).to.throw(TraceFormatError, /no message/);
    const step = { depth: 1, pc: 0n, opcode: "STOP", stack: [] };
    expect(() => analyzeRawTrace([step], tx())).to.throw(TraceFormatError, /outside any message/);
    const [start, ...rest] = rb().step("STOP").trace();
    const deep = { depth: 3, pc: 0n, opcode: "STOP", stack: [] };
    expect(() => analyzeRawTrace([start, deep, ...rest], tx())).to.throw(TraceFormatError, /step depth 3/);
  });
});

describe("settleNoOps", () => {
  it("flags a pending write whose value after equals the value before; a missing value leaves it unflagged", () => {
    const analysis = analyzeRawTrace(rb().sstore(1n, 1n).sstore(2n, 1n).sstore(3n, 1n).trace(), tx());
    const before = new Map<string, string | bigint>([
      [slot(A, 1), "0x05"],
      [slot(A, 2), 5n],
      [slot(A, 3), "0x05"],
    ]);
    const after = new Map<string, string | bigint>([
      [slot(A, 1), `0x${"0".repeat(63)}5`],
      [slot(A, 2), 6n],
    ]);
    expect(names(settleNoOps(analysis, before, after).unchangedWrites)).to.deep.equal([slot(A, 1)]);
  });
});

describe("EDR adapter", () => {
  const fake = (data: string | object, traces: unknown[]): EdrProvider & { requests: string[] } => {
    const requests: string[] = [];
    return {
      requests,
      handleRequest: async (json: string) => {
        requests.push(json);
        return { data, traces };
      },
    };
  };
  const trace = { trace: rb().step("STOP").trace() };

  it("finds the provider with handleRequest under wrapper fields", () => {
    const edr = fake("{}", []);
    expect(findEdrProvider({ _wrapped: { _wrappedProvider: { _provider: edr } } })).to.equal(edr);
    expect(findEdrProvider({ _wrapped: 1 })).to.equal(null);
  });

  it("sends quantities as hex and returns the hash, also of a reverted transaction", async () => {
    const ok = fake(JSON.stringify({ result: "0xaa" }), [trace]);
    const sent = await sendTracedTransaction(ok, { from: SENDER, to: A, data: "0x12", value: 10n, gas: 100n });
    expect(sent).to.include({ hash: "0xaa", reverted: false });
    expect(JSON.parse(ok.requests[0])).to.deep.equal({
      method: "eth_sendTransaction",
      params: [{ from: SENDER, to: A, data: "0x12", value: "0xa", gas: "0x64" }],
    });
    const reverted = fake({ error: { message: "reverted", data: { transactionHash: "0xbb" } } }, [trace]);
    expect(await sendTracedTransaction(reverted, { from: SENDER, to: A })).to.include({ hash: "0xbb", reverted: true });
  });

  it("throws TraceRpcError without a hash or a trace, and picks our trace among several", async () => {
    const rejected = fake(JSON.stringify({ error: { message: "nonce too low\nmore" } }), [trace]);
    await sendTracedTransaction(rejected, { from: SENDER }, "tx 7").then(
      () => expect.fail("should throw"),
      (error: Error) => expect(error).to.be.instanceOf(TraceRpcError).with.property("message", "tx 7: nonce too low"),
    );
    const queued = fake(JSON.stringify({ result: "0xaa" }), []);
    await sendTracedTransaction(queued, { from: SENDER }).then(
      () => expect.fail("should throw"),
      (error: Error) => expect(error).to.be.instanceOf(TraceRpcError),
    );
    const other = { trace: rb({ to: B }).step("STOP").trace() };
    const two = fake(JSON.stringify({ result: "0xaa" }), [other, trace]);
    const sent = await sendTracedTransaction(two, { from: SENDER, to: A });
    expect(sent.items).to.deep.equal(trace.trace);
    expect(addressBytes(A)).to.have.length(20);
  });
});

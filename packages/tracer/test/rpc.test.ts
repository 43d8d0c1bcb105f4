import { expect } from "chai";
import { keyToString } from "@lanes/types";
import { type JsonRpc, TraceFormatError, TraceRpcError, traceTransaction } from "../src";
import { A, SENDER, tb } from "./build";

const HASH = `0x${"11".repeat(32)}`;

function fakeNode(overrides: Record<string, unknown> = {}, transactionIndex = "0x0"): JsonRpc & { calls: string[] } {
  const trace = tb().sstore(4n, 5n, 2900).sstore(4n, 6n, 100).trace();
  const answers: Record<string, unknown> = {
    eth_getTransactionByHash: { from: SENDER, to: A, value: "0x0", input: "0x12345678" },
    eth_getTransactionReceipt: {
      status: "0x1",
      gasUsed: "0x5208",
      blockNumber: "0x9",
      transactionIndex,
      contractAddress: null,
    },
    eth_getBlockByNumber: { miner: `0x${"c0".repeat(20)}` },
    debug_traceTransaction: trace,
    eth_getStorageAt: "0x6",
    ...overrides,
  };
  const calls: string[] = [];
  return {
    calls,
    async send(method: string, params: unknown[]): Promise<unknown> {
      calls.push(`${method}:${JSON.stringify(params)}`);
      const answer = answers[method];
      if (answer instanceof Error) throw answer;
      return answer;
    },
  };
}

describe("traceTransaction (fake node)", () => {
  it("asks for a memory-free struct-log trace and the parent block's storage for pending writes", async () => {
    const node = fakeNode();
    const { access, blockNumber, warnings } = await traceTransaction(node, HASH, 3);
    expect(access.index).to.equal(3);
    expect(blockNumber).to.equal(9);
    expect(warnings).to.deep.equal([]);
    expect(access.unchangedWrites?.map(keyToString)).to.have.length(1);
    expect(node.calls.find((c) => c.startsWith("debug_traceTransaction"))).to.contain(
      '{"disableMemory":true,"disableStack":false,"disableStorage":false}',
    );
    expect(node.calls.find((c) => c.startsWith("eth_getStorageAt"))).to.contain('"0x8"');
  });

  it("does not ask the parent block when the transaction is not first in its block", async () => {
    const node = fakeNode({}, "0x2");
    const { access, warnings } = await traceTransaction(node, HASH, 0);
    expect(access.unchangedWrites).to.deep.equal([]);
    expect(warnings[0]).to.match(/not first in its chain block/);
    expect(node.calls.some((c) => c.startsWith("eth_getStorageAt"))).to.equal(false);
  });

  it("turns bad answers into one-line typed errors", async () => {
    const cases: [Record<string, unknown>, typeof TraceFormatError | typeof TraceRpcError, RegExp][] = [
      [{ eth_getTransactionReceipt: null }, TraceRpcError, /returned nothing/],
      [{ debug_traceTransaction: new Error("boom\nstack") }, TraceRpcError, /debug_traceTransaction failed: boom$/],
      [{ debug_traceTransaction: { type: "CALL" } }, TraceFormatError, /no structLogs/],
      [{ eth_getBlockByNumber: { miner: "nope" } }, TraceFormatError, /miner/],
      [{ eth_getTransactionByHash: { from: SENDER, to: A, value: 5, input: "xyz" } }, TraceFormatError, /input/],
    ];
    for (const [overrides, type, message] of cases) {
      const error = await traceTransaction(fakeNode(overrides), HASH, 0).catch((e: unknown) => e);
      expect(error).to.be.instanceOf(type);
      expect((error as Error).message)
        .to.match(message)
        .and.not.match(/\n/);
    }
  });
});

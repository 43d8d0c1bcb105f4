import { expect } from "chai";
import { type AccessKey, keyToString, storageKey } from "@lanes/types";
import { TraceFormatError, analyzeTrace, completeAccess, parseStructLogTrace, resolvePending } from "../src";
import { A, B, C, COINBASE, LIB, NEW, SENDER, tb, tx } from "./build";

const names = (keys: readonly AccessKey[] | undefined): string[] => (keys ?? []).map(keyToString);
const slot = (address: string, n: bigint | number): string => keyToString(storageKey(address, n));
const acct = (kind: string, address: string): string => `${kind}:${address}`;
const SENDER_KEYS = [acct("balance", SENDER), acct("nonce", SENDER)];

describe("analyzeTrace", () => {
  it("attributes loads and stores of the transaction's own frame to its callee", () => {
    const trace = tb().sload(1n, 5n).sstore(1n, 6n).sload(2n, 0n).trace();
    const { access, pending } = analyzeTrace(trace, tx());
    expect(names(access.reads)).to.have.members([...SENDER_KEYS, slot(A, 1), slot(A, 2)]);
    expect(names(access.writes)).to.have.members([...SENDER_KEYS, slot(A, 1)]);
    expect(access.selector).to.equal("0xa9059cbb");
    expect(access.unchangedWrites).to.deep.equal([]);
    expect(pending).to.deep.equal([]);
  });

  it("follows CALL and STATICCALL into the callee's storage and back", () => {
    const trace = tb()
      .sload(0n)
      .call("CALL", B, (b) => b.sstore(3n, 1n, 22_100).call("STATICCALL", C, (c) => c.sload(9n)))
      .sstore(4n, 1n, 22_100)
      .trace();
    const { access } = analyzeTrace(trace, tx());
    expect(names(access.reads)).to.have.members([...SENDER_KEYS, slot(A, 0), slot(A, 4), slot(B, 3), slot(C, 9)]);
    expect(names(access.writes)).to.have.members([...SENDER_KEYS, slot(A, 4), slot(B, 3)]);
  });

  it("gives DELEGATECALL and CALLCODE frames the caller's storage, through nesting", () => {
    const trace = tb()
      .call("CALL", B, (b) =>
        b.call("DELEGATECALL", LIB, (lib) =>
          lib
            .sstore(1n, 2n, 22_100)
            .call("DELEGATECALL", C, (c) => c.sload(2n))
            .call("CALLCODE", C, (c) => c.sload(3n)),
        ),
      )
      .trace();
    const { access } = analyzeTrace(trace, tx());
    expect(names(access.reads)).to.have.members([...SENDER_KEYS, slot(B, 1), slot(B, 2), slot(B, 3)]);
    expect(names(access.writes)).to.have.members([...SENDER_KEYS, slot(B, 1)]);
  });

  it("keeps the reads of a reverted frame and turns its writes (and its children's) into reads", () => {
    const trace = tb()
      .call(
        "CALL",
        B,
        (b) =>
          b
            .sload(1n, 1n)
            .sstore(1n, 2n)
            .call("CALL", C, (c) => c.sstore(5n, 1n, 22_100)),
        { success: false },
      )
      .sstore(7n, 1n, 22_100)
      .trace();
    const { access } = analyzeTrace(trace, tx());
    expect(names(access.reads)).to.have.members([...SENDER_KEYS, slot(A, 7), slot(B, 1), slot(C, 5)]);
    expect(names(access.writes)).to.have.members([...SENDER_KEYS, slot(A, 7)]);
  });

  it("keeps the last surviving value when a later frame's write to the same slot is undone", () => {
    const trace = tb()
      .sload(1n, 10n)
      .sstore(1n, 11n)
      .call("DELEGATECALL", LIB, (lib) => lib.sstore(1n, 10n, 100), { success: false })
      .trace();
    const { access } = analyzeTrace(trace, tx());
    expect(names(access.writes)).to.include(slot(A, 1));
    expect(names(access.unchangedWrites)).to.have.members([]);
  });

  it("gives a transaction that reverts no storage writes but still charges its sender", () => {
    const trace = tb()
      .sload(1n)
      .sstore(1n, 9n, 22_100)
      .call("CALL", B, (b) => b.sstore(2n, 1n, 22_100))
      .trace(true);
    const { access } = analyzeTrace(trace, tx({ reverted: true, value: 5n }));
    expect(access.reverted).to.equal(true);
    expect(names(access.writes)).to.have.members(SENDER_KEYS);
    expect(names(access.reads)).to.have.members([acct("balance", A), ...SENDER_KEYS, slot(A, 1), slot(B, 2)]);
  });

  it("records value transfers: top level, CALL into code, CALL to an account without code, failed ones", () => {
    const trace = tb()
      .call("CALL", B, (b) => b.step("STOP"), { value: 3n })
      .call("CALL", C, undefined, { value: 1n })
      .call("CALL", NEW, undefined, { value: 1n, success: false })
      .call("CALL", LIB, (l) => l.step("INVALID"), { value: 1n, success: false })
      .call("CALL", SENDER, undefined, { value: 0n })
      .trace();
    const { access } = analyzeTrace(trace, tx({ value: 10n }));
    const balances = [A, B, C, SENDER].map((a) => acct("balance", a));
    expect(names(access.writes)).to.have.members([...balances.slice(0, 3), ...SENDER_KEYS]);
    expect(names(access.reads)).to.have.members([
      ...balances.slice(0, 3),
      acct("balance", LIB),
      acct("balance", NEW),
      ...SENDER_KEYS,
    ]);
  });

  it("reads balances with BALANCE and SELFBALANCE (of the delegating account) and code with EXTCODE*", () => {
    const trace = tb()
      .withResult("BALANCE", [B], 0n)
      .call("DELEGATECALL", LIB, (l) => l.withResult("SELFBALANCE", [], 0n))
      .withResult("EXTCODESIZE", [C], 0n)
      .withResult("EXTCODEHASH", [NEW], 0n)
      .step("EXTCODECOPY", [0n, 0n, 0n, LIB])
      .trace();
    const { access } = analyzeTrace(trace, tx());
    expect(names(access.reads)).to.have.members([
      acct("balance", A),
      acct("balance", B),
      ...SENDER_KEYS,
      acct("code", C),
      acct("code", LIB),
      acct("code", NEW),
    ]);
    expect(names(access.writes)).to.have.members(SENDER_KEYS);
  });

  it("never makes transient storage a key", () => {
    const trace = tb().step("TSTORE", [1n, 0n]).withResult("TLOAD", [0n], 1n).trace();
    const { access } = analyzeTrace(trace, tx());
    expect(names(access.reads)).to.have.members(SENDER_KEYS);
  });

  it("leaves out the fee recipient's balance, and only that", () => {
    const trace = tb()
      .call("CALL", COINBASE, undefined, { value: 1n })
      .call("CALL", COINBASE, (c) => c.sstore(1n, 1n, 22_100))
      .trace();
    const { access } = analyzeTrace(trace, tx());
    expect(names(access.writes)).to.have.members([acct("balance", A), ...SENDER_KEYS, slot(COINBASE, 1)]);
    expect(names(access.reads)).to.not.include(acct("balance", COINBASE));
  });

  describe("creations", () => {
    it("learns a CREATE's address from the creator's stack and attributes the constructor's storage to it", () => {
      const trace = tb()
        .create(
          "CREATE",
          NEW,
          (b) => b.sstore(0n, 1n, 22_100).call("DELEGATECALL", LIB, (l) => l.sstore(1n, 1n, 22_100)),
          {
            value: 2n,
          },
        )
        .trace();
      const { access } = analyzeTrace(trace, tx());
      const expected = [
        acct("balance", A),
        acct("nonce", A),
        acct("balance", NEW),
        acct("code", NEW),
        acct("nonce", NEW),
        ...SENDER_KEYS,
        slot(NEW, 0),
        slot(NEW, 1),
      ];
      expect(names(access.writes)).to.have.members(expected);
      expect(names(access.reads)).to.have.members(expected);
    });

    it("keeps the creator's nonce write when a CREATE2 fails, and finds the address from ADDRESS", () => {
      const trace = tb()
        .create("CREATE2", null, (b) => b.withResult("ADDRESS", [], NEW).sload(4n).sstore(4n, 1n, 22_100))
        .trace();
      const { access, warnings } = analyzeTrace(trace, tx());
      expect(names(access.writes)).to.have.members([acct("nonce", A), ...SENDER_KEYS]);
      // The collision check reads the would-be account even though the creation fails.
      const wouldBe = [acct("code", NEW), acct("nonce", NEW)];
      expect(names(access.reads)).to.have.members([acct("nonce", A), ...SENDER_KEYS, ...wouldBe, slot(NEW, 4)]);
      expect(warnings).to.deep.equal([]);
    });

    it("warns when a failed creation's storage cannot be attributed", () => {
      const trace = tb()
        .create("CREATE", null, (b) => b.sload(4n))
        .trace();
      const { access, warnings } = analyzeTrace(trace, tx());
      expect(names(access.reads)).to.have.members([acct("nonce", A), ...SENDER_KEYS]);
      expect(warnings).to.have.length(1);
      expect(warnings[0]).to.match(/1 storage access/);
    });

    it("handles a creation transaction: the new account's code and nonce, its constructor's storage", () => {
      const trace = tb().sstore(0n, 7n, 22_100).trace();
      const { access } = analyzeTrace(trace, tx({ to: null, created: NEW, value: 1n }));
      expect(access.to).to.equal(null);
      expect(access.selector).to.equal(null);
      expect(names(access.writes)).to.have.members([
        acct("balance", NEW),
        acct("code", NEW),
        acct("nonce", NEW),
        ...SENDER_KEYS,
        slot(NEW, 0),
      ]);
    });

    it("handles a creation with empty init code (no frame) and SELFDESTRUCT of an account made in the same tx", () => {
      const trace = tb()
        .create("CREATE", NEW, undefined)
        .create("CREATE", B, (b) => b.step("SELFDESTRUCT", [C]))
        .trace();
      const { access } = analyzeTrace(trace, tx());
      expect(names(access.writes)).to.have.members([
        acct("nonce", A),
        acct("balance", B),
        acct("code", B),
        acct("nonce", B),
        acct("balance", C),
        acct("code", NEW),
        acct("nonce", NEW),
        ...SENDER_KEYS,
      ]);
    });
  });

  describe("no-op writes", () => {
    it("flags a store of the value a prior load returned, even after intermediate values", () => {
      const trace = tb().sload(1n, 5n).sstore(1n, 6n).sstore(1n, 5n, 100).sload(2n, 3n).sstore(2n, 4n).trace();
      const { access, pending } = analyzeTrace(trace, tx());
      expect(names(access.unchangedWrites)).to.have.members([slot(A, 1)]);
      expect(pending).to.deep.equal([]);
    });

    it("reads the original from the SSTORE's gas cost when no load came first", () => {
      const trace = tb()
        .sstore(1n, 5n, 2200) // cold, current == new: a no-op
        .sstore(2n, 5n, 22_100) // cold, 0 -> 5: original 0
        .sstore(2n, 0n, 100)
        .sstore(3n, 5n, 5000) // cold, x -> 5 with x != 0 and x != 5
        .sstore(3n, 0n, 100)
        .sstore(4n, 5n, 2900)
        .sstore(4n, 6n, 100)
        .trace();
      const { access, pending } = analyzeTrace(trace, tx());
      expect(names(access.unchangedWrites)).to.have.members([slot(A, 1), slot(A, 2)]);
      // Slot 3 ends at 0, which its original is known not to be; slot 4 ends at 6: unknown.
      expect(pending.map((p) => keyToString(p.key))).to.deep.equal([slot(A, 4)]);
    });

    it("asks a pre-state reader about the rest, and completeAccess takes known values", async () => {
      const trace = tb().sstore(4n, 5n, 2900).sstore(4n, 6n, 100).sstore(5n, 1n, 1234).trace();
      const analysis = analyzeTrace(trace, tx());
      expect(analysis.pending).to.have.length(2);
      const asked: string[] = [];
      const access = await resolvePending(analysis, async (address, s) => {
        asked.push(`${address}:${s}`);
        return BigInt(s) === 4n ? 6n : "0x2";
      });
      expect(asked).to.have.length(2);
      expect(names(access.unchangedWrites)).to.have.members([slot(A, 4)]);
      expect(names(completeAccess(analysis, new Map()).unchangedWrites)).to.have.members([]);
    });

    it("uses the storage snapshot when a load's result is not on the next step", () => {
      const trace = tb().trace();
      const logs = [
        {
          pc: 0,
          op: "SLOAD",
          gas: 10,
          gasCost: 2100,
          depth: 1,
          stack: ["0x1"],
          storage: { [`${"0".repeat(63)}1`]: "0x5" },
        },
      ];
      const { access, pending } = analyzeTrace({ ...trace, structLogs: logs }, tx());
      expect(names(access.reads)).to.include(slot(A, 1));
      expect(pending).to.deep.equal([]);
    });
  });

  describe("bad traces", () => {
    it("rejects what is not a struct-log trace, in one line", () => {
      for (const bad of [
        null,
        {},
        { structLogs: [], failed: "no" },
        { structLogs: [{ op: "PUSH1", depth: 0 }], failed: false },
      ]) {
        expect(() => parseStructLogTrace(bad))
          .to.throw(TraceFormatError)
          .with.property("message")
          .not.match(/\n/);
      }
      expect(() => parseStructLogTrace({ structLogs: [{ op: "SLOAD", depth: 1 }], failed: false })).to.throw(/stack/);
    });

    it("rejects a trace that disagrees with the receipt, or whose depth jumps", () => {
      expect(() => analyzeTrace(tb().trace(true), tx())).to.throw(TraceFormatError, /failed=true/);
      const jump = tb().step("PUSH1").trace();
      const logs = [...jump.structLogs, { ...jump.structLogs[0], depth: 3 }];
      expect(() => analyzeTrace({ ...jump, structLogs: logs }, tx())).to.throw(TraceFormatError, /depth jumps/);
      const rise = tb().step("ADD").trace();
      const logs2 = [...rise.structLogs, { ...rise.structLogs[0], depth: 2 }];
      expect(() => analyzeTrace({ ...rise, structLogs: logs2 }, tx())).to.throw(TraceFormatError, /does not call/);
    });

    it("accepts revm-style stack words (0x, unpadded)", () => {
      const logs = [
        { pc: 0, op: "SSTORE", gas: 10, gasCost: 22100, depth: 1, stack: ["0x7", "0x1"] },
        { pc: 1, op: "STOP", gas: 10, gasCost: 0, depth: 1, stack: [] },
      ];
      const { access } = analyzeTrace({ gas: 1, failed: false, returnValue: "", structLogs: logs }, tx());
      expect(names(access.writes)).to.include(slot(A, 1));
    });
  });
});

/**
 * Random call trees checked against a reference model that walks the tree recursively with
 * explicit commit/undo, an algorithm independent of the tracer's flat two-pass walk.
 */
import { expect } from "chai";
import fc from "fast-check";
import { keyToString, partitionKeys, propertyRuns, storageKey } from "@lanes/types";
import { analyzeRawTrace, analyzeTrace } from "../src";
import { A, B, C, LIB, type TraceBuilder, tb, tx } from "./build";
import { type RawBuilder, rb } from "./rawbuild";

type Op =
  | { readonly op: "load"; readonly slot: bigint }
  | { readonly op: "store"; readonly slot: bigint; readonly value: bigint }
  | { readonly op: "frame"; readonly frame: Frame };
interface Frame {
  readonly kind: "CALL" | "DELEGATECALL" | "STATICCALL" | "CREATE";
  readonly target: string;
  readonly success: boolean;
  readonly ops: readonly Op[];
}

const slot = fc.bigInt({ min: 0n, max: 3n });
const frameArb: fc.Arbitrary<Frame> = fc.letrec<{ frame: Frame; op: Op }>((tie) => ({
  frame: fc.record({
    kind: fc.constantFrom("CALL", "DELEGATECALL", "STATICCALL", "CREATE"),
    target: fc.constantFrom(A, B, C, LIB),
    success: fc.boolean(),
    ops: fc.array(tie("op"), { maxLength: 4 }),
  }),
  op: fc.oneof(
    { depthSize: "small", withCrossShrink: true },
    fc.record({ op: fc.constant("load" as const), slot }),
    fc.record({ op: fc.constant("store" as const), slot, value: fc.bigInt({ min: 0n, max: 2n }) }),
    fc.record({ op: fc.constant("frame" as const), frame: tie("frame") }),
  ),
})).frame;

function model(top: Frame, reverted: boolean): { reads: Set<string>; writes: Set<string> } {
  const reads = new Set<string>();
  const writes = new Set<string>();
  let created = 0;
  const run = (frame: Frame, context: string, committed: boolean): void => {
    for (const op of frame.ops) {
      if (op.op === "frame") {
        const child = op.frame;
        const account =
          child.kind === "DELEGATECALL" ? context : child.kind === "CREATE" ? newAddress(++created) : child.target;
        run(child, account, committed && child.success);
      } else {
        const key = keyToString(storageKey(context, op.slot));
        reads.add(key);
        if (op.op === "store" && committed) writes.add(key);
      }
    }
  };
  run(top, A, !reverted);
  return { reads, writes };
}

function newAddress(n: number): string {
  return `0x${n.toString(16).padStart(40, "f")}`;
}

function emit(b: TraceBuilder, frame: Frame, counter: { created: number }): void {
  for (const op of frame.ops) {
    if (op.op === "load") b.sload(op.slot, 1n);
    else if (op.op === "store") b.sstore(op.slot, op.value, 5000);
    else {
      const child = op.frame;
      // A frame must run at least one step to exist in a trace.
      const body = (inner: TraceBuilder): void => {
        inner.step("JUMPDEST");
        emit(inner, child, counter);
      };
      if (child.kind === "CREATE") {
        const address = newAddress(++counter.created);
        b.create("CREATE", child.success ? address : null, (inner) => {
          inner.withResult("ADDRESS", [], address);
          body(inner);
        });
      } else b.call(child.kind, child.target, body, { success: child.success });
    }
  }
}

/** The same tree as EDR's raw items: frames from messages, a creation's address from its result. */
function emitRaw(b: RawBuilder, frame: Frame, counter: { created: number }): void {
  for (const op of frame.ops) {
    if (op.op === "load") b.sload(op.slot, 1n);
    else if (op.op === "store") b.sstore(op.slot, op.value);
    else {
      const child = op.frame;
      const outcome = child.success ? "success" : "revert";
      const body = (inner: RawBuilder): void => {
        inner.step("JUMPDEST");
        emitRaw(inner, child, counter);
      };
      if (child.kind === "CREATE") b.create("CREATE", newAddress(++counter.created), body, { outcome });
      else b.call(child.kind, child.target, body, { outcome });
    }
  }
}

describe("analyzeTrace against a recursive reference model", () => {
  it("agrees on storage reads and writes for random call trees, reverts and creations", () => {
    fc.assert(
      fc.property(frameArb, fc.boolean(), (top, reverted) => {
        const b = tb().step("JUMPDEST");
        emit(b, top, { created: 0 });
        const { access } = analyzeTrace(b.trace(reverted), tx({ reverted }));
        const expected = model(top, reverted);
        expect(partitionKeys(access.reads).storage.map(keyToString)).to.have.members([...expected.reads]);
        expect(partitionKeys(access.writes).storage.map(keyToString)).to.have.members([...expected.writes]);
        const reads = new Set(access.reads.map(keyToString));
        for (const key of access.writes) expect(reads.has(keyToString(key))).to.equal(true);
      }),
      { numRuns: propertyRuns(300) },
    );
  });

  it("analyzeRawTrace gives the same keys as analyzeTrace on the same random trees", () => {
    fc.assert(
      fc.property(frameArb, fc.boolean(), (top, reverted) => {
        const structLogs = tb().step("JUMPDEST");
        emit(structLogs, top, { created: 0 });
        const raw = rb().step("JUMPDEST");
        emitRaw(raw, top, { created: 0 });
        const context = tx({ reverted });
        const fromLogs = analyzeTrace(structLogs.trace(reverted), context).access;
        const fromRaw = analyzeRawTrace(raw.trace(reverted ? "revert" : "success"), context).access;
        expect(fromRaw.reads.map(keyToString)).to.deep.equal(fromLogs.reads.map(keyToString));
        expect(fromRaw.writes.map(keyToString)).to.deep.equal(fromLogs.writes.map(keyToString));
      }),
      { numRuns: propertyRuns(300) },
    );
  });
});

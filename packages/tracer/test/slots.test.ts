import { expect } from "chai";
import fc from "fast-check";
import { propertyRuns } from "@lanes/types";
import {
  type StorageBase,
  type Word,
  collectCandidates,
  createSlotResolver,
  formatSlotPath,
  keccakWords,
  mergeCandidates,
  resolveSlot,
  toWord,
} from "../src";
import { tb } from "./build";

const A = "0x70997970c51812dc3a010c7d01b50e0d17dc79c8";
const B = "0x3c44cdddb6a900fa2b585dd299e03d12fa4293bc";

const w = (v: bigint | string): Word => toWord(v);
const mapping = (key: bigint | string, parent: bigint | string): bigint => BigInt(keccakWords([w(key), w(parent)]));
const array = (parent: bigint | string): bigint => BigInt(keccakWords([w(parent)]));

const BASES: StorageBase[] = [
  { slot: 0n, label: "low", kind: "value" },
  { slot: 2n, label: "positions", kind: "mapping" },
  { slot: "0x3", label: "allowance", kind: "mapping" },
  { slot: 4n, label: "items", kind: "array" },
  { slot: 6n, label: "config", kind: "struct" },
];

/** The steps Solidity runs to hash a mapping entry: two scratch stores, then SHA3 over them. */
function hashSteps(b: ReturnType<typeof tb>, key: bigint | string, parent: bigint | string): ReturnType<typeof tb> {
  return b
    .step("MSTORE", [key, 0n])
    .step("MSTORE", [parent, 0x20n])
    .withResult("SHA3", [0x40n, 0n], mapping(key, parent), 42);
}

describe("preimage candidates", () => {
  it("replays scratch-memory stores to recover exact, keccak-checked preimages", () => {
    const trace = hashSteps(tb(), A, 2n)
      .step("MSTORE", [5n, 0n])
      .withResult("SHA3", [0x40n, 0n], 123n, 42) // a result that does not match: dropped
      .trace();
    const candidates = collectCandidates(trace, { input: "0x12345678" + w(B).slice(2), addresses: [A] });
    expect(candidates.preimages).to.deep.equal([{ hash: w(mapping(A, 2n)), words: [w(A), w(2n)] }]);
    expect(candidates.words).to.include.members([w(A), w(B), w(2n), w(mapping(A, 2n))]);
  });

  it("keeps each frame's memory apart", () => {
    const trace = tb()
      .step("MSTORE", [A, 0n])
      .call("CALL", B, (b) => b.step("MSTORE", [2n, 0x20n]).withResult("SHA3", [0x40n, 0n], mapping(A, 2n), 42))
      .trace();
    expect(collectCandidates(trace).preimages).to.deep.equal([]);
  });

  it("caps the candidate words and merges candidates of several transactions", () => {
    const trace = tb().step("MSTORE", [1n, 0n]).step("MSTORE", [2n, 0n]).step("MSTORE", [3n, 0n]).trace();
    expect(collectCandidates(trace, { maxWords: 2 }).words).to.have.length(2);
    const merged = mergeCandidates([collectCandidates(trace), collectCandidates(hashSteps(tb(), 1n, 2n).trace())]);
    expect(merged.words).to.have.length(new Set(merged.words).size);
    expect(merged.preimages).to.have.length(1);
  });
});

describe("resolveSlot", () => {
  it("names a mapping entry and a struct member from exact preimages", () => {
    const candidates = collectCandidates(hashSteps(tb(), A, 2n).trace());
    const path = resolveSlot(mapping(A, 2n) + 1n, candidates, BASES);
    expect(path).to.deep.include({ baseOffset: 0n });
    expect(path?.base.label).to.equal("positions");
    expect(path?.steps).to.deep.equal([{ kind: "mapping", key: w(A), offset: 1n }]);
    expect(formatSlotPath(path!)).to.equal(`positions[${A}]+1`);
  });

  it("follows nested mappings up to depth 3 from candidate words alone (brute force)", () => {
    const inner = mapping(A, 3n);
    const middle = mapping(B, inner);
    const outer = mapping(7n, middle);
    const words = [A, B, 7n, inner, middle];
    expect(formatSlotPath(resolveSlot(middle, words, BASES)!)).to.equal(`allowance[${A}][${B}]`);
    expect(formatSlotPath(resolveSlot(outer, words, BASES)!)).to.equal(`allowance[${A}][${B}][7]`);
    expect(resolveSlot(outer, words, BASES, { maxDepth: 2 })).to.equal(null);
  });

  it("names dynamic array elements, also inside a mapping", () => {
    expect(formatSlotPath(resolveSlot(array(4n) + 9n, [], BASES)!)).to.equal("items[]+9");
    const list = mapping(A, 2n) + 2n;
    const slot = array(list) + 1n;
    const path = resolveSlot(slot, [A, list], BASES)!;
    expect(formatSlotPath(path)).to.equal(`positions[${A}]+2[]+1`);
  });

  it("names plain slots and members of a struct variable, and gives up on unknown hashes", () => {
    expect(formatSlotPath(resolveSlot(0n, [], BASES)!)).to.equal("low");
    expect(formatSlotPath(resolveSlot(8n, [], BASES)!)).to.equal("config.+2");
    const viaStruct = collectCandidates(hashSteps(tb(), 5n, 7n).trace());
    expect(formatSlotPath(resolveSlot(mapping(5n, 7n), viaStruct, BASES)!)).to.equal("config.+1[5]");
    expect(resolveSlot(mapping(A, 99n), [A], BASES)).to.equal(null);
    expect(resolveSlot(mapping(A, 2n) + 1000n, [A], BASES)).to.equal(null);
  });

  it("resolves any key of any mapping base (property)", () => {
    const resolver = (keys: bigint[]) => createSlotResolver(keys, BASES);
    fc.assert(
      fc.property(
        fc.bigInt({ min: 0n, max: (1n << 256n) - 1n }),
        fc.constantFrom(2n, 3n),
        fc.bigInt({ min: 0n, max: 255n }),
        (key, base, offset) => {
          const path = resolver([key, 1n, 2n])(mapping(key, base) + offset);
          expect(path?.base.slot).to.satisfy((s: bigint | string) => BigInt(s) === base);
          expect(path?.steps).to.deep.equal([{ kind: "mapping", key: w(key), offset }]);
        },
      ),
      { numRuns: propertyRuns(50) },
    );
  });
});

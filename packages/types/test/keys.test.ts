import { expect } from "chai";
import fc from "fast-check";
import {
  type AccessKey,
  KeyFormatError,
  accountKey,
  anyWildcard,
  contractWildcard,
  keyToString,
  keysOverlap,
  parseKey,
  propertyRuns,
  slotsWildcard,
  storageKey,
  toSlot,
  wildcardCovers,
} from "../src";

const A = "0x00000000000000000000000000000000000000aa";
const B = "0x00000000000000000000000000000000000000bb";

const hexAddress = fc
  .uint8Array({ minLength: 20, maxLength: 20 })
  .map((bytes) => `0x${Buffer.from(bytes).toString("hex")}`);
const slotValue = fc.bigInt({ min: 0n, max: (1n << 256n) - 1n });
const accessKey: fc.Arbitrary<AccessKey> = fc.oneof(
  fc.tuple(hexAddress, slotValue).map(([a, s]) => storageKey(a, s)),
  fc
    .tuple(fc.constantFrom("balance", "nonce", "code") as fc.Arbitrary<"balance" | "nonce" | "code">, hexAddress)
    .map(([kind, a]) => accountKey(kind, a)),
  fc.tuple(hexAddress, slotValue).map(([a, s]) => slotsWildcard(a, s, "loop index")),
  hexAddress.map((a) => contractWildcard(a, "computed slot")),
  fc.constant(anyWildcard("unknown call target")),
);

describe("keys", () => {
  it("normalises addresses to lowercase and slots to 32 padded bytes", () => {
    const key = storageKey("0x00000000000000000000000000000000000000AA", "0x5");
    expect(keyToString(key)).to.equal(`storage:${A}:0x${"0".repeat(63)}5`);
    expect(storageKey(A, 5n)).to.deep.equal(key);
    expect(storageKey(A, 5)).to.deep.equal(key);
  });

  it("round-trips every key through its canonical string", () => {
    fc.assert(
      fc.property(accessKey, (key) => {
        const text = keyToString(key);
        expect(keyToString(parseKey(text))).to.equal(text);
        // Canonical: hex in any casing parses to the one lowercase form.
        const shouted = text.replace(/0x([0-9a-f]+)/g, (_, hex: string) => `0x${hex.toUpperCase()}`);
        expect(keyToString(parseKey(shouted))).to.equal(text);
      }),
      { numRuns: propertyRuns(200) },
    );
  });

  it("gives distinct keys distinct strings", () => {
    fc.assert(
      fc.property(accessKey, accessKey, (a, b) => {
        const same = JSON.stringify({ ...a, reason: undefined }) === JSON.stringify({ ...b, reason: undefined });
        expect(keyToString(a) === keyToString(b)).to.equal(same);
      }),
      { numRuns: propertyRuns(200) },
    );
  });

  it("rejects malformed keys with a KeyFormatError naming the input", () => {
    for (const bad of ["storage:0x12:0x0", "balance", "nonce:0xzz", "wildcard:slots:" + A, "foo:" + A, ""]) {
      expect(() => parseKey(bad), bad).to.throw(KeyFormatError, /is not|expected/);
    }
    expect(() => toSlot(1n << 256n)).to.throw(KeyFormatError, /outside/);
    expect(() => toSlot(-1)).to.throw(KeyFormatError);
    expect(() => toSlot("0x" + "1".repeat(65))).to.throw(KeyFormatError);
    expect(() => anyWildcard("  ")).to.throw(KeyFormatError, /reason/);
  });

  it("ignores the reason in a wildcard's identity", () => {
    expect(keyToString(contractWildcard(A, "x"))).to.equal(keyToString(contractWildcard(A, "y")));
  });

  describe("wildcard coverage", () => {
    const base = toSlot(3);
    const under = storageKey(A, "0xabc");
    const baseOf = (k: { slot: string }) => (k.slot === under.slot ? base : undefined);

    it("an any-wildcard covers every key, account keys included (an unknown call may send ETH)", () => {
      expect(wildcardCovers(anyWildcard("r"), under)).to.equal(true);
      expect(wildcardCovers(anyWildcard("r"), accountKey("balance", A))).to.equal(true);
      expect(wildcardCovers(anyWildcard("r"), accountKey("code", B))).to.equal(true);
    });

    it("a contract wildcard covers only its contract's storage", () => {
      expect(wildcardCovers(contractWildcard(A, "r"), under)).to.equal(true);
      expect(wildcardCovers(contractWildcard(B, "r"), under)).to.equal(false);
      expect(wildcardCovers(contractWildcard(A, "r"), accountKey("nonce", A))).to.equal(false);
    });

    it("a slots wildcard covers its base, keys known to derive from it, and keys of unknown origin", () => {
      const wild = slotsWildcard(A, 3, "r");
      expect(wildcardCovers(wild, storageKey(A, 3))).to.equal(true);
      expect(wildcardCovers(wild, under, baseOf)).to.equal(true);
      expect(wildcardCovers(wild, storageKey(A, "0xdef"), () => toSlot(4))).to.equal(false);
      // Unknown origin: conservatively covered, so no conflict can be missed.
      expect(wildcardCovers(wild, storageKey(A, "0xdef"))).to.equal(true);
      expect(wildcardCovers(wild, storageKey(B, "0xabc"))).to.equal(false);
    });

    it("overlap is symmetric", () => {
      fc.assert(
        fc.property(accessKey, accessKey, (a, b) => {
          expect(keysOverlap(a, b)).to.equal(keysOverlap(b, a));
          expect(keysOverlap(a, a)).to.equal(true);
        }),
        { numRuns: propertyRuns(200) },
      );
    });
  });
});

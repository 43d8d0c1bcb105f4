import { expect } from "chai";
import {
  type TxAccess,
  TxAccessFormatError,
  accountKey,
  contractWildcard,
  keyToString,
  partitionKeys,
  storageKey,
  txAccessFromJson,
  txAccessToJson,
  uniqueKeys,
} from "../src";

const FROM = "0x0000000000000000000000000000000000000001";
const TO = "0x00000000000000000000000000000000000000aa";

const sample: TxAccess = {
  index: 3,
  hash: "0x" + "ab".repeat(32),
  from: FROM,
  to: TO,
  selector: "0x022c0d9f",
  gasUsed: 66_316,
  reverted: false,
  reads: [storageKey(TO, 8), accountKey("nonce", FROM), contractWildcard(TO, "assembly computes the slot")],
  writes: [storageKey(TO, 8), accountKey("nonce", FROM)],
  unchangedWrites: [],
  deltas: [storageKey(TO, 2)],
};

describe("TxAccess", () => {
  it("round-trips through JSON, wildcard reasons included", () => {
    const json = txAccessToJson(sample);
    expect(json.wildcardReasons).to.deep.equal({ [`wildcard:contract:${TO}`]: "assembly computes the slot" });
    const back = txAccessFromJson(JSON.parse(JSON.stringify(json)), "sample.json");
    expect(back).to.deep.equal(sample);
  });

  it("rejects malformed records with the source and the field in the message", () => {
    const json = txAccessToJson(sample);
    const cases: [unknown, RegExp][] = [
      [null, /sample\.json: expected an object/],
      [{ ...json, index: -1 }, /index/],
      [{ ...json, selector: "0x022C0D9F" }, /selector/],
      [{ ...json, reads: ["storage:0x1:0x2"] }, /not an address/],
      [{ ...json, writes: "x" }, /writes must be an array/],
      [{ ...json, deltas: [`wildcard:contract:${TO}`] }, /deltas\[0\] cannot be a wildcard/],
      [{ ...json, from: "alice" }, /alice/],
    ];
    for (const [input, message] of cases) {
      expect(() => txAccessFromJson(input, "sample.json")).to.throw(TxAccessFormatError, message);
    }
  });

  it("partitions storage, account and wildcard keys", () => {
    const parts = partitionKeys(sample.reads);
    expect(parts.storage.map(keyToString)).to.deep.equal([keyToString(storageKey(TO, 8))]);
    expect(parts.account).to.have.length(1);
    expect(parts.wildcards).to.have.length(1);
  });

  it("de-duplicates keys by canonical form and sorts them", () => {
    const keys = uniqueKeys([
      storageKey(TO, 9),
      storageKey(TO.toUpperCase().replace("0X", "0x"), 9),
      storageKey(TO, 1),
    ]);
    expect(keys.map(keyToString)).to.deep.equal([keyToString(storageKey(TO, 1)), keyToString(storageKey(TO, 9))]);
  });
});

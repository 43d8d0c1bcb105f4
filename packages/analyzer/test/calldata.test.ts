import { expect } from "chai";
import fc from "fast-check";
import { AbiCoder, Interface, ParamType } from "ethers";
import { propertyRuns } from "@lanes/types";
import { decodeArguments } from "../src/calldata";
import { analyzeBuildInfo, concretize } from "../src";
import { compile } from "./compile";

const iface = new Interface(["function f(address a, uint96 b, int24 c, bool d, bytes4 e, uint256 g)"]);
const fragment = iface.getFunction("f")!;

describe("calldata decoding", () => {
  it("reads static arguments word by word exactly as the ABI decoder does", () => {
    fc.assert(
      fc.property(
        fc.uint8Array({ minLength: 20, maxLength: 20 }),
        fc.bigInt({ min: 0n, max: (1n << 96n) - 1n }),
        fc.integer({ min: -(2 ** 23), max: 2 ** 23 - 1 }),
        fc.boolean(),
        fc.uint8Array({ minLength: 4, maxLength: 4 }),
        fc.bigInt({ min: 0n, max: (1n << 256n) - 1n }),
        (a, b, c, d, e, g) => {
          const args = [`0x${Buffer.from(a).toString("hex")}`, b, c, d, `0x${Buffer.from(e).toString("hex")}`, g];
          const data = iface.encodeFunctionData(fragment, args);
          const fast = decodeArguments(fragment.inputs, data);
          const slow = iface.decodeFunctionData(fragment, data);
          expect(fast.map(String)).to.deep.equal(
            [...slow].map((v, i) => (i === 0 || i === 4 ? String(v).toLowerCase() : String(v))),
          );
        },
      ),
      { numRuns: propertyRuns(200) },
    );
  });

  it("leaves words it would have to judge (dirty address bytes) to the ABI decoder, which flags them", () => {
    const word = (hex: string) => hex.padStart(64, "0");
    const dirty = fragment.selector + "ff" + word("1").slice(2) + [1, 2, 3, 4, 5].map(() => word("0")).join("");
    const out = decodeArguments(fragment.inputs, dirty);
    // ethers keeps a decoding error in the Result and throws when the element is read.
    expect(() => String(out[0])).to.throw(/deferred error during ABI decoding/);
    expect(String(out[5])).to.equal("0");
  });

  it("falls back to the ABI decoder for dynamic types", () => {
    const types = [ParamType.from("address[]"), ParamType.from("uint256")];
    const data =
      "0x12345678" +
      AbiCoder.defaultAbiCoder()
        .encode(types, [["0x" + "11".repeat(20)], 7n])
        .slice(2);
    const out = decodeArguments(types, data);
    expect(String(out[1])).to.equal("7");
    expect((out[0] as string[]).length).to.equal(1);
  });

  it("concretizes malformed calldata (it reverts on chain) conservatively instead of failing", () => {
    const info = compile({
      "t.sol": `// SPDX-License-Identifier: MIT
pragma solidity 0.8.28;
contract T { mapping(address => uint256) public balance; function give(address to, uint256 v) external { balance[to] += v; } }`,
    });
    const summary = analyzeBuildInfo(info).find((c) => c.contractName === "T")!;
    const give = new Interface(["function give(address,uint256)"]).getFunction("give")!;
    const dirty = give.selector + "ff".padEnd(64, "0") + "1".padStart(64, "0");
    const p = concretize(
      summary,
      {
        from: "0x0000000000000000000000000000000000000001",
        to: "0x00000000000000000000000000000000000000aa",
        value: 0n,
        input: dirty,
      },
      { storage: () => 0n },
    );
    expect(p.writes.some((k) => k.kind === "wildcard")).to.equal(true);
  });
});

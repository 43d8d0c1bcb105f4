import { expect } from "chai";
import {
  HarnessInputError,
  parseLendingWorld,
  parseParams,
  parseThreads,
  parseWorld,
  parseWorkloads,
  WORKLOAD_NAMES,
} from "../src";

describe("option parsing", () => {
  it("parses, de-duplicates and sorts thread lists", () => {
    expect(parseThreads("8, 1,2,8")).to.deep.equal([1, 2, 8]);
  });

  it("rejects bad thread lists with the offending item and an example", () => {
    for (const bad of ["", "1,,2", "0", "-1", "1.5", "two", "2000"]) {
      expect(() => parseThreads(bad), bad).to.throw(
        HarnessInputError,
        /--threads .*is not a thread count.*e\.g\. 1,2,4,8/,
      );
    }
  });

  it("accepts known workloads and 'all', rejects unknown ones naming the choices", () => {
    expect(parseWorkloads("all")).to.deep.equal(WORKLOAD_NAMES);
    expect(parseWorkloads(undefined)).to.deep.equal(WORKLOAD_NAMES);
    expect(parseWorkloads("amm-hot-pair,amm-hot-pair")).to.deep.equal(["amm-hot-pair"]);
    expect(() => parseWorkloads("amm-hot-pair,uniswap")).to.throw(
      HarnessInputError,
      /unknown workload "uniswap"; choose from: amm-hot-pair/,
    );
  });

  it("defaults to 10 blocks of 160, 50 with --deep, and checks every number", () => {
    expect(parseParams({})).to.include({ blocks: 10, blockSize: 160 });
    expect(parseParams({ deep: true }).blocks).to.equal(50);
    expect(parseParams({ deep: true, blocks: "3" }).blocks).to.equal(3);
    expect(() => parseParams({ blocks: "0" })).to.throw(HarnessInputError, /--blocks "0"/);
    expect(() => parseParams({ blockSize: "1e3x" })).to.throw(HarnessInputError, /--block-size/);
    expect(() => parseParams({ skew: "-1" })).to.throw(HarnessInputError, /--skew/);
    expect(() => parseParams({ repeatSenders: "1.5" })).to.throw(HarnessInputError, /--repeat-senders/);
    expect(() => parseParams({ seed: "4294967297" })).to.throw(
      HarnessInputError,
      /--seed "4294967297" must be at most 4294967295/,
    );
  });

  it("sizes the AMM world, with enough tokens for the pairs", () => {
    expect(parseWorld({})).to.deep.equal({});
    expect(parseWorld({ users: "50", pairs: "40" })).to.deep.equal({ users: 50, pairs: 40, tokens: 12 });
    expect(parseWorld({ pairs: "3" })).to.deep.equal({ pairs: 3, tokens: 4 });
    expect(() => parseWorld({ pairs: "67" })).to.throw(HarnessInputError, /at most 66/);
    expect(() => parseWorld({ users: "1" })).to.throw(HarnessInputError, /--users "1" must be an integer ≥ 2/);
  });

  it("sizes the lending world", () => {
    expect(parseLendingWorld({})).to.deep.equal({});
    expect(parseLendingWorld({ markets: "4", lendingUsers: "120" })).to.deep.equal({ markets: 4, users: 120 });
    expect(() => parseLendingWorld({ markets: "9" })).to.throw(HarnessInputError, /--markets "9" must be at most 8/);
    expect(() => parseLendingWorld({ markets: "1" })).to.throw(
      HarnessInputError,
      /--markets "1" must be an integer ≥ 2/,
    );
    expect(() => parseLendingWorld({ lendingUsers: "x" })).to.throw(HarnessInputError, /--lending-users/);
  });
});

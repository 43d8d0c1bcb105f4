import { expect } from "chai";
import { LanesError, formatKeyName, propertyRuns } from "../src";

describe("key names", () => {
  it("prints contract, every packed variable and the instance", () => {
    expect(
      formatKeyName({
        contract: "LanesPair",
        instance: "WETH/USDC",
        variables: ["reserve0", "reserve1", "blockTimestampLast"],
      }),
    ).to.equal("LanesPair.reserve0+reserve1+blockTimestampLast of WETH/USDC");
    expect(formatKeyName({ contract: "Token", variables: ["_balances[0xabc]"] })).to.equal("Token._balances[0xabc]");
    expect(formatKeyName({ contract: "Token", variables: [] })).to.equal("Token.(unnamed slot)");
  });
});

describe("propertyRuns", () => {
  const saved = process.env.LANES_PROPERTY_RUNS;
  afterEach(() => {
    if (saved === undefined) delete process.env.LANES_PROPERTY_RUNS;
    else process.env.LANES_PROPERTY_RUNS = saved;
  });

  it("reads LANES_PROPERTY_RUNS, falls back otherwise, rejects nonsense", () => {
    delete process.env.LANES_PROPERTY_RUNS;
    expect(propertyRuns(42)).to.equal(42);
    process.env.LANES_PROPERTY_RUNS = "7";
    expect(propertyRuns(42)).to.equal(7);
    process.env.LANES_PROPERTY_RUNS = "many";
    expect(() => propertyRuns(42)).to.throw(LanesError, /LANES_PROPERTY_RUNS="many"/);
  });
});

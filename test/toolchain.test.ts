/** The offline compiler setup and the build-info the analyzer will read. */
import { expect } from "chai";
import hre from "hardhat";
import { TASK_COMPILE_SOLIDITY_GET_SOLC_BUILD } from "hardhat/builtin-tasks/task-names";

describe("toolchain", () => {
  it("uses solc 0.8.28 from the npm package, no download", async () => {
    const build = (await hre.run(TASK_COMPILE_SOLIDITY_GET_SOLC_BUILD, { quiet: true, solcVersion: "0.8.28" })) as {
      compilerPath: string;
      isSolcJs: boolean;
      longVersion: string;
    };
    expect(build.isSolcJs).to.equal(true);
    expect(build.compilerPath).to.equal(require.resolve("solc/soljson.js"));
    expect(build.longVersion).to.match(/^0\.8\.28\+commit\.[0-9a-f]{8}$/);
  });

  it("refuses any other version with a message that says what to change", async () => {
    const error = await hre.run(TASK_COMPILE_SOLIDITY_GET_SOLC_BUILD, { quiet: true, solcVersion: "0.8.20" }).then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(error).to.be.instanceOf(Error);
    expect((error as Error).message).to.match(/solc 0\.8\.28 .*asked for 0\.8\.20.*pragma/);
  });

  it("writes build-info with the AST and the storage layout of every contract", async () => {
    const info = await hre.artifacts.getBuildInfo("contracts/amm/LanesPair.sol:LanesPair");
    expect(info, "build-info of LanesPair").to.not.equal(undefined);
    expect(info!.input.settings.evmVersion).to.equal("cancun");
    expect(info!.output.sources["contracts/amm/LanesPair.sol"].ast.nodeType).to.equal("SourceUnit");
    const pair = info!.output.contracts["contracts/amm/LanesPair.sol"].LanesPair as unknown as {
      storageLayout: { storage: { label: string; slot: string; offset: number }[] };
    };
    const byLabel = new Map(pair.storageLayout.storage.map((v) => [v.label, v]));
    // The reserves and the timestamp share one slot, at offsets 0, 14 and 28.
    const [r0, r1, ts] = ["reserve0", "reserve1", "blockTimestampLast"].map((l) => byLabel.get(l)!);
    expect(r0.slot).to.equal(r1.slot);
    expect(r1.slot).to.equal(ts.slot);
    expect([r0.offset, r1.offset, ts.offset]).to.deep.equal([0, 14, 28]);
  });
});

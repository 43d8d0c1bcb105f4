/**
 * The `lanes` command line as a user runs it: a real process, real exit codes, and one clear
 * line on stderr for every kind of bad input (never a stack trace).
 */
import { spawnSync } from "node:child_process";
import path from "node:path";
import { expect } from "chai";

const ROOT = path.resolve(__dirname, "..", "..", "..");
const BIN = path.resolve(__dirname, "..", "bin", "lanes.js");

function lanes(args: string[], cwd = ROOT) {
  const r = spawnSync(process.execPath, [BIN, ...args], {
    cwd,
    encoding: "utf8",
    timeout: 120_000,
    env: { ...process.env, LANES_DEBUG: "" },
  });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

function expectOneLineError(r: ReturnType<typeof lanes>, pattern: RegExp) {
  expect(r.code, r.stderr).to.equal(1);
  const lines = r.stderr
    .trim()
    .split("\n")
    .filter((l) => l.startsWith("lanes:"));
  expect(lines, r.stderr).to.have.length(1);
  expect(lines[0]).to.match(pattern);
  expect(r.stderr).to.not.match(/^\s+at /m);
}

describe("lanes CLI", function () {
  this.timeout(180_000);

  it("lists the workloads", () => {
    const r = lanes(["workloads"]);
    expect(r.code).to.equal(0);
    for (const name of ["amm-hot-pair", "amm-many-pairs", "amm-liquidity", "defi-mixed"])
      expect(r.stdout).to.include(name);
    // With the worlds each acts in.
    expect(r.stdout).to.match(/^lending-liquidations\s+\[lending\] /m);
    expect(r.stdout).to.match(/^defi-mixed\s+\[amm\+lending\] /m);
  });

  it("prints help and exits 0; an unknown command exits 2", () => {
    const help = lanes(["report", "--help"]);
    expect(help.code).to.equal(0);
    expect(help.stdout).to.include("--block-size");
    expect(help.stdout).to.include("--markets <n>");
    expect(help.stdout).to.include("--lending-users <n>");
    expect(lanes(["frobnicate"]).code).to.equal(2);
  });

  it("rejects an unknown workload, naming the choices", () => {
    expectOneLineError(
      lanes(["report", "--workloads", "amm-hot-pair,uniswap"]),
      /unknown workload "uniswap"; choose from: amm-hot-pair/,
    );
  });

  it("rejects a lending world it cannot build", () => {
    expectOneLineError(lanes(["report", "--markets", "12"]), /--markets "12" must be at most 8/);
  });

  it("rejects a bad thread list", () => {
    expectOneLineError(lanes(["report", "--threads", "1,two,4"]), /--threads "1,two,4": "two" is not a thread count/);
  });

  it("rejects bad numbers", () => {
    expectOneLineError(lanes(["report", "--blocks", "0"]), /--blocks "0" must be an integer/);
    expectOneLineError(lanes(["report", "--skew", "x"]), /--skew "x"/);
  });

  it("says when it is not inside a Hardhat project", () => {
    expectOneLineError(lanes(["report"], "/"), /no hardhat\.config\.\{ts,js\} in \/ or above/);
  });

  it("says which artifacts are missing and how to build them", () => {
    expectOneLineError(
      lanes(["report", "--blocks", "1"], path.join(__dirname, "fixtures", "empty-project")),
      /no compiled artifact for \w+: run `pnpm compile` first/,
    );
  });

  it("says when the node of --network is not running", () => {
    // Hardhat's `localhost` network points at 127.0.0.1:8545, where nothing listens in tests.
    expectOneLineError(
      lanes(["report", "--network", "localhost", "--blocks", "1"]),
      /cannot reach the node of network "localhost" at http:\/\/127\.0\.0\.1:8545.*start it/,
    );
  });

  it("prints the static summaries of a compiled contract as JSON", () => {
    const r = lanes(["analyze", "--json", "--contract", "LanesPair"]);
    expect(r.code, r.stderr).to.equal(0);
    const [pair] = JSON.parse(r.stdout) as {
      contract: string;
      entryPoints: {
        signature: string;
        accesses: { mode: string; kind: string; name?: string; at?: string; reason?: string }[];
      }[];
    }[];
    expect(pair.contract).to.equal("contracts/amm/LanesPair.sol:LanesPair");
    const swap = pair.entryPoints.find((e) => e.signature === "swap(uint256,uint256,address,bytes)")!;
    const reserves = swap.accesses.filter((a) => a.kind === "slot" && a.name === "LanesPair.reserve0");
    expect(reserves.map((a) => a.mode).sort()).to.deep.equal(["read", "write"]);
    for (const a of reserves) expect(a.at).to.match(/^contracts\/amm\/LanesPair\.sol:\d+$/);
    // Stage 1 does not follow calls into other contracts: every such wildcard says so.
    for (const a of swap.accesses.filter((x) => x.kind === "wildcard")) expect(a.reason).to.match(/\S/);
  });

  it("says when the contract or the artifacts to analyze are missing", () => {
    expectOneLineError(lanes(["analyze", "--contract", "Nope"]), /no compiled contract "Nope"/);
    expectOneLineError(
      lanes(["analyze", "--artifacts", "/nonexistent"]),
      /no \/nonexistent\/build-info: run `pnpm compile` first/,
    );
  });

  it("rejects a network the project does not define", () => {
    expectOneLineError(lanes(["report", "--network", "nowhere"]), /nowhere/);
  });
});

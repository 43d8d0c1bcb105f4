/**
 * Soundness regressions found by review, each traced on the Hardhat network and compared with the
 * prediction (zero missed keys): conditional and looping inline assembly, user Yul functions
 * clobbering calldata, writes under undecided `&&`/`?:`, a reverting callee inside `?:`, memory
 * aliasing, `m[i++] += c`, user-defined value types over intN/bytesN, bytes/string lengths,
 * string-literal keys, bytesN shifts, a delta written by a re-entrant frame, and the code read
 * of a public library call.
 */
import { expect } from "chai";
import hre from "hardhat";
import { keccak256, toUtf8Bytes } from "ethers";
import { type ContractSummary, Program, analyzeBuildInfo } from "../../packages/analyzer/src";
import { compile } from "../../packages/analyzer/test/compile";
import { checkTransaction } from "./soundness";

const SOURCE = `
// SPDX-License-Identifier: MIT
pragma solidity 0.8.28;
library L { function touch(uint256 v) public { assembly { sstore(0x900, v) } } }
type Tick is int24;
type B4 is bytes4;
struct Cnt { uint256 n; }
function incr(Cnt storage c) { c.n += 1; }
interface IB { function g(uint256 a) external; }
contract LoopB {
  uint256 public lastKey;
  mapping(uint256 => uint256) public cnt;
  function g(uint256 a) external { cnt[lastKey] += 1; if (a >= 8) lastKey = 99; }
}
contract LoopA { function f(IB peer, uint256 n) external { for (uint256 i = 0; i < n; i++) peer.g(i); } }
contract Named { function one(string calldata name) external { bytes32 k = keccak256(bytes(name)); assembly { sstore(k, 1) } } }
contract Tok {
  mapping(address => uint256) public bal;
  function transfer(address to, uint256 v) external returns (bool) { bal[to] += v; return true; }
}
contract R {
  mapping(uint256 => uint256) public m;
  uint256 public x;
  mapping(bytes32 => uint256) public byName;
  mapping(bytes4 => uint256) public b4;
  struct S { Tick t; B4 b; }
  S internal s;
  mapping(Tick => uint256) public byTick;
  mapping(B4 => uint256) public byB4;
  struct P { uint256 a; }
  P internal stored;

  function yulIf(bool c, uint256 v) external { assembly { let sl := 100 if c { sl := 101 } sstore(sl, v) } }
  function yulFor(uint256 n) external {
    assembly { for { let i := 0 } lt(i, n) { i := add(i, 1) } { sstore(add(i, 200), 1) } }
  }
  function yulFn(address token, address to, address other) external {
    assembly {
      function clobber(p, v) { mstore(p, v) }
      mstore(0x00, 0xa9059cbb00000000000000000000000000000000000000000000000000000000)
      mstore(0x04, to)
      mstore(0x24, 1)
      clobber(0x04, other)
      let ok := call(gas(), token, 0, 0x00, 0x44, 0x00, 0x20)
      if iszero(ok) { revert(0, 0) }
    }
  }
  function setX() internal returns (bool) { x = 5; return true; }
  function andWrite() external { bool ok = gasleft() > 1e12 && setX(); ok; m[x] = 1; }
  function ternWrite() external { gasleft() > 1 ? (x = 5) : (x = 6); m[x] = 1; }
  function fail_() internal pure returns (uint256) { revert(); }
  function condRevert(uint256 a) external { uint256 v = a > 10 ? fail_() : a; m[v] = 1; }
  function alias1(uint256[] memory ids) external { uint256[] memory b = ids; b[0] = 7; m[ids[0]] = 1; }
  function bump_(uint256[] memory ids) internal pure { ids[0] += 1; }
  function alias2(uint256[] memory ids) external { bump_(ids); m[ids[0]] = 1; }
  function alias3() external { P memory a = stored; P memory b = a; b.a = 9; m[a.a] = 1; }
  function compound(uint256 i) external { m[i++] += 5; x = i; }
  function setT(int24 t, bytes4 b) external { s = S(Tick.wrap(t), B4.wrap(b)); }
  function useT() external { byTick[s.t] = 1; byB4[s.b] = 1; }
  function blen(bytes calldata d) external { if (d.length == 0) x = 1; }
  function slen(string calldata d) external { if (bytes(d).length == 2) x = 2; }
  function named() external { byName["admin"] = 1; }
  function shifts(bytes4 v) external { b4[v >> 8] = 1; b4[~v] = 2; }
  function inc() external { x += 1; }
  function reenter() external { x = 1; this.inc(); if (x == 2) m[7] = 1; }
  function lib() external { L.touch(1); }
  function req(uint256 a) external { require(a > 3, "small"); m[a] = 1; }

  using {incr} for Cnt;
  Cnt internal cnt;
  struct F { function(uint256) internal fn; }
  bytes internal bs = hex"0102";
  uint256 internal bal = 100;
  modifier mark(uint256 k) { _; m[k] = 1; }
  function twoMods() external mark(11) mark(12) { x = 1; }
  function freeFn() external { cnt.incr(); if (cnt.n == 1) m[99] = 1; }
  function setM(uint256 k) internal { m[k] = 5; }
  function ptrStruct(uint256 k) external { F memory fp = F(setM); fp.fn(k); }
  function bytesElem() external { bs[0] = 0x09; }
  function loopMem(uint256[] memory ids, uint256 n) external {
    for (uint256 i; i < n; i++) { m[ids[0]] = 1; if (i == 8) bump_(ids); }
  }
  function asmDynamic(address target) external {
    assembly {
      mstore(0x00, 0xf5a1c59300000000000000000000000000000000000000000000000000000000)
      mstore(0x04, 0x20)
      mstore(0x24, 2)
      mstore(0x44, 0x6162000000000000000000000000000000000000000000000000000000000000)
      if iszero(call(gas(), target, 0, 0x00, 0x64, 0x00, 0x00)) { revert(0, 0) }
    }
  }
  function sub_(uint256 c) internal { bal -= c; }
  function unch(uint256 c) external { unchecked { sub_(c); } }
}`;

const OUTPUTS = [
  "abi",
  "storageLayout",
  "evm.bytecode.object",
  "evm.bytecode.linkReferences",
  "evm.deployedBytecode.object",
  "evm.deployedBytecode.immutableReferences",
  "evm.deployedBytecode.linkReferences",
];

describe("analyzer soundness regressions (traced on the Hardhat network)", function () {
  this.timeout(120_000);
  let summaries: ContractSummary[];
  let program: Program;
  let r: string;
  let tok: string;
  let named: string;
  let loopA: string;
  let loopB: string;
  let from: string;
  let index = 0;

  before(async () => {
    const info = compile({ "r.sol": SOURCE }, OUTPUTS);
    summaries = analyzeBuildInfo(info);
    program = new Program(summaries);
    const [signer] = await hre.ethers.getSigners();
    from = signer.address.toLowerCase();
    const out = info.output.contracts!["r.sol"] as unknown as Record<
      string,
      { abi: unknown[]; evm: { bytecode: { object: string } } }
    >;
    const deploy = async (name: string, link?: string): Promise<string> => {
      let code = out[name].evm.bytecode.object;
      if (link) code = code.replaceAll(`__$${keccak256(toUtf8Bytes("r.sol:L")).slice(2, 36)}$__`, link.slice(2));
      const factory = new hre.ethers.ContractFactory(out[name].abi as never, `0x${code}`, signer);
      const c = await factory.deploy();
      await c.waitForDeployment();
      return (await c.getAddress()).toLowerCase();
    };
    const lib = await deploy("L");
    tok = await deploy("Tok");
    named = await deploy("Named");
    loopA = await deploy("LoopA");
    loopB = await deploy("LoopB");
    r = await deploy("R", lib);
  });

  const check = async (fn: string, args: unknown[]) => {
    const summary = summaries.find((s) => s.contractName === "R")!;
    const { Interface } = await import("ethers");
    const data = new Interface(summary.abi as never).encodeFunctionData(fn, args);
    const result = await checkTransaction(hre, summary, { from, to: r, data, value: 0n }, index++, program);
    expect(result.missed, `${fn}(${args.join(", ")})`).to.deep.equal([]);
    return result;
  };

  it("conditional and looping inline assembly", async () => {
    await check("yulIf", [false, 5n]);
    await check("yulIf", [true, 5n]);
    await check("yulFor", [2n]);
  });

  it("a user Yul function that rewrites calldata before a call", async () => {
    const other = "0x00000000000000000000000000000000000000bb";
    await check("yulFn", [tok, "0x00000000000000000000000000000000000000aa", other]);
  });

  it("writes under an undecided && or ?:, and a reverting callee inside ?:", async () => {
    await check("andWrite", []);
    await check("ternWrite", []);
    await check("condRevert", [3n]);
  });

  it("memory aliasing", async () => {
    await check("alias1", [[1n, 2n]]);
    await check("alias2", [[1n, 2n]]);
    await check("alias3", []);
  });

  it("a location with a side effect evaluated once", async () => {
    await check("compound", [3n]);
  });

  it("user-defined value types over intN and bytesN", async () => {
    await check("setT", [-1n, "0x12345678"]);
    await check("useT", []);
  });

  it("lengths of bytes and strings, string-literal keys, bytesN shifts", async () => {
    await check("blen", ["0x"]);
    await check("slen", ["é"]);
    await check("named", []);
    await check("shifts", ["0x12345678"]);
  });

  it("a delta written by a re-entrant frame counts as the call writing", async () => {
    await check("reenter", []);
  });

  it("a public library call reads the library's code", async () => {
    const res = await check("lib", []);
    expect(res.wildcards, "the linked address is read from the deployed code").to.deep.equal([]);
  });

  it("a modifier applied twice, a free function attached with using, a function-typed member", async () => {
    await check("twoMods", []);
    await check("freeFn", []);
    await check("ptrStruct", [42n]);
  });

  it("a byte of storage bytes written; memory changed by a callee in summarised iterations", async () => {
    await check("bytesElem", []);
    await check("loopMem", [[5n], 10n]);
  });

  it("assembly calldata with a dynamic argument is not passed as words", async () => {
    expect(keccak256(toUtf8Bytes("one(string)")).slice(0, 10)).to.equal("0xf5a1c593");
    await check("asmDynamic", [named]);
  });

  it("checked arithmetic in a function called from unchecked code is no delta", async () => {
    const res = await check("unch", [1n]);
    expect(res.prediction.deltas).to.deep.equal([]);
  });

  it("a call repeated in loop iterations past the unrolled ones", async () => {
    const summary = summaries.find((x) => x.contractName === "LoopA")!;
    const { Interface } = await import("ethers");
    const data = new Interface(summary.abi as never).encodeFunctionData("f", [loopB, 10n]);
    const res = await checkTransaction(hre, summary, { from, to: loopA, data, value: 0n }, index++, program);
    expect(res.missed).to.deep.equal([]);
  });

  it("require guards what follows", async () => {
    const res = await check("req", [5n]);
    expect(res.wildcards).to.deep.equal([]);
    await check("req", [2n]);
  });
});

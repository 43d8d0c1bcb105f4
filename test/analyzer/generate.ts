/**
 * Random Solidity programs for the analyzer's soundness property test, assembled from the
 * storage patterns the analyzer claims to handle (see contracts/fixtures/analyzer/). A program is
 * two contracts, A and B, over the same abstract bases (`Base`, or `Mid` which overrides its
 * hook, key function and a modifier), in one source file: A calls B's generated functions,
 * views and getters (through an address parameter, a storage variable, an immutable or a typed
 * parameter), and B calls back into A's `poke` and views, so calls between contracts of one
 * program are followed; neither recurses.
 *
 * What the statements cover: value types and packed pairs, structs (nested, with a mapping, in
 * mappings, in arrays, copied to memory and back), nested mappings, string/UDVT/enum/signed
 * keys, static and dynamic arrays (push/pop, packed elements, arrays of arrays, indexes from
 * parameters), strings and bytes, constants and immutables, transient storage, inheritance with
 * virtual/override and `super`, modifiers (with arguments, applied twice, returning early),
 * internal, library, free and overloaded functions, storage pointers (from mappings, re-pointed,
 * aliasing, chosen by `?:`, returned by functions), early returns and reverts, `require`, loops
 * over calldata arrays and parameter-bounded counts (past the analyzer's unrolling limit too),
 * keys from parameters, `msg.sender`, `tx.origin`, `address(this)`, constants, immutables, values
 * loaded from storage, call results and keccak256/abi.encode ids, `x += c` deltas, branches and
 * `?:`/`&&`/`||` on parameters and storage, ERC-7201 and StorageSlot slots set in assembly, Yul
 * with branches and loops, ether transfers, typed, low-level and try/catch calls.
 *
 * Code is generated well typed by construction: a program is a tree of statement templates
 * whose holes are small numbers (shrinkable to 0, the simplest choice), and every hole is
 * filled from a catalog of expressions of the type it needs, built from what is in scope.
 * Every state variable exists in every program (their order and padding vary), so a template
 * never refers to something missing.
 *
 * One pattern is left out until the analyzer is fixed (see `callExpr`): a typed call in code
 * that may repeat within a transaction (a loop, or a helper or hook a loop may call).
 */
import fc from "fast-check";
import { AbiCoder, keccak256, toUtf8Bytes } from "ethers";

/** One statement: a template number, its holes, and nested statements for compound ones. */
export interface Stmt {
  readonly t: number;
  readonly h: readonly number[];
  readonly body: readonly Stmt[];
  readonly alt: readonly Stmt[];
}

export interface FnSpec {
  readonly stmts: readonly Stmt[];
  /** Modifier choices (values past the catalog mean none). */
  readonly mods: readonly number[];
  readonly payable: boolean;
}

export interface ContractSpec {
  readonly fns: readonly FnSpec[];
  /** Internal helpers `_h<j>(uint256 x, address y)`; helper j may call helpers below j. */
  readonly helpers: readonly (readonly Stmt[])[];
  /** Body of an override of the base's virtual `_hook` (it ends with `super._hook`), or none. */
  readonly hook: readonly Stmt[] | null;
  /** Sort keys of the state variable groups (their declaration order). */
  readonly order: readonly number[];
  /** Where padding variables go (group positions), shifting later slots and packings. */
  readonly pads: readonly number[];
  /** Inherit from `Mid` (which overrides the base's hook, key function and modifier) rather than `Base`. */
  readonly mid: boolean;
  /** Has a (non-payable) fallback: unknown selectors run it. */
  readonly fallback: boolean;
}

export interface ProgramSpec {
  readonly a: ContractSpec;
  readonly b: ContractSpec;
}

// ---------------------------------------------------------------------------------------------
// The fixed parts

/** State variables, in groups that stay together (a packed pair stays packed). */
const GROUPS: readonly string[] = [
  "uint256 public counter;",
  "uint128 public pa;\n    uint128 public pb;",
  "mapping(address => uint256) public bal;",
  "mapping(address => mapping(uint256 => uint256)) public allow;\n    mapping(address => mapping(address => uint256)) public allowA;",
  "mapping(address => Pos) public pos;",
  "mapping(bytes32 => Mkt) public mkt;",
  "uint256[] public items;",
  "uint64[4] public fixed4;\n    uint256[3] public fixed3;",
  "string public label;\n    bytes public blob;",
  "mapping(address => uint256[]) public lists;",
  "address public lastWho;\n    uint96 public lastSmall;",
  "uint256 public lastKey;\n    bytes32 public lastId;",
  "address public peer;\n    bool public flagged;",
  "Pos public single;",
  "mapping(uint256 => uint256) public cnt;",
  "uint256 public received;",
  "uint256 internal transient tlock;\n    uint256 internal transient tcount;",
  "Mkt[] public markets;",
  "mapping(string => uint256) public byName;",
  "int128 public sa;\n    int128 public sb;",
  "mapping(address => St) public status;\n    St public phase;",
  "mapping(bytes32 => Vault) internal vaults;",
  "Mkt[2] public pair;",
  "uint64[] public smalls;",
  "uint256[][] internal grid;",
  "mapping(address => uint128[3]) internal triples;",
  "mapping(int256 => uint256) public sgn;",
  "mapping(address => Outer) internal outers;",
  "uint256 public fallbacks;",
  "mapping(Amount => uint256) public byAmount;\n    Amount public amt;\n    uint64 public amtStamp;",
];
export const GROUP_COUNT = GROUPS.length;

const PADS = ["uint8 internal pad", "bool internal padFlag", "uint32 internal padWord"];

const word = (text: string): string => keccak256(toUtf8Bytes(text));
/** ERC-7201: keccak256(abi.encode(uint256(keccak256(id)) - 1)) & ~0xff. */
const erc7201 = (id: string): string => {
  const inner = BigInt(word(id)) - 1n;
  const outer = BigInt(keccak256(AbiCoder.defaultAbiCoder().encode(["uint256"], [inner])));
  return `0x${(outer & ~0xffn).toString(16).padStart(64, "0")}`;
};
export const NS_LOCATION = erc7201("lanes.random.ns");
export const COUNTER_SLOT = word("lanes.random.counter");
export const GUARD_SLOT = erc7201("lanes.random.guard");

const HEADER = `// SPDX-License-Identifier: MIT
pragma solidity 0.8.28;

struct Pos {
    uint128 shares;
    uint64 updated;
    uint256 debt;
}

struct Mkt {
    uint128 supply;
    uint128 borrow;
    uint256 rate;
}

struct MP {
    address loan;
    uint256 lltv;
}

enum St {
    None,
    Open,
    Closed
}

/// A struct nested in a struct, packed on both sides.
struct Outer {
    uint128 a;
    Pos p;
    uint64 b;
}

/// A user-defined value type (keys and packed storage of it).
type Amount is uint128;

/// A free function, attached to Pos with \`using\`.
function freeBump(Pos storage p, uint256 v) {
    p.debt += v;
}

/// A struct holding a mapping: only ever in storage.
struct Vault {
    uint256 total;
    mapping(address => uint256) shares;
}

/// @custom:storage-location erc7201:lanes.random.ns
struct NS {
    uint256 total;
    mapping(address => uint256) byUser;
}

library Lib {
    function grow(Pos storage p, uint128 x) internal {
        p.shares += x;
        p.updated = uint64(block.timestamp);
    }

    function id(address a, uint256 b) internal pure returns (bytes32) {
        return keccak256(abi.encode(a, b));
    }

    function twice(uint256 x) internal pure returns (uint256) {
        return x * 2;
    }
}

/// OpenZeppelin's StorageSlot pattern: a struct pointer set in assembly from a parameter.
library Slots {
    struct U {
        uint256 value;
    }

    function at(bytes32 s) internal pure returns (U storage r) {
        assembly {
            r.slot := s
        }
    }
}

interface IA {
    function setPaused(bool v) external;
    function poke(uint256 v) external returns (uint256);
    function view0(address w) external view returns (uint256);
    function view1(uint256 k) external view returns (uint256);
    function bal(address w) external view returns (uint256);
    function counter() external view returns (uint256);
    function lastKey() external view returns (uint256);
}

abstract contract Base {
    error Bad();
    error Low();
    error NotOwner();
    error Paused();

    event Ev(uint256 v);

    address public owner;
    bool public paused;
    uint256 public hookCount;
    mapping(address => uint256) public pokes;
    mapping(uint256 => uint256) public tallies;
    uint256 internal transient _locked;
    bytes32 internal constant GUARD = ${GUARD_SLOT};

    constructor() {
        owner = msg.sender;
    }

    modifier onlyOwner() {
        if (msg.sender != owner) revert NotOwner();
        _;
    }

    modifier whenNotPaused() {
        if (paused) revert Paused();
        _;
    }

    modifier counted() virtual {
        _;
        ++hookCount;
    }

    modifier nonReentrant() {
        require(_locked == 0, "reentered");
        _locked = 1;
        _;
        _locked = 0;
    }

    modifier guarded() {
        Slots.U storage g = Slots.at(GUARD);
        if (g.value == 2) revert Bad();
        g.value = 2;
        _;
        g.value = 1;
    }

    modifier capped(uint256 x) {
        if (x > 1e30) revert Bad();
        _;
    }

    modifier onlyIf(bool f) {
        if (!f) return;
        _;
    }

    /// Writes before and after the body, with its own argument (it may be applied twice).
    modifier tally(uint256 x) {
        tallies[x] += 1;
        _;
        tallies[x] += 2;
    }

    function setPaused(bool v) external onlyOwner {
        paused = v;
    }

    function poke(uint256 v) external returns (uint256) {
        hookCount += v;
        pokes[msg.sender] += 1;
        return hookCount;
    }

    function _hook(uint256 x) internal virtual returns (uint256 r) {
        hookCount += x;
        r = x;
    }

    function _key(address w) internal view virtual returns (address) {
        return w;
    }
}

/// A second level of inheritance: overrides a hook (calling super), a key function and a modifier.
abstract contract Mid is Base {
    mapping(address => uint256) public midCount;

    modifier counted() override {
        midCount[address(0)] += 1;
        _;
        ++hookCount;
    }

    function _hook(uint256 x) internal virtual override returns (uint256 r) {
        midCount[msg.sender] += x;
        r = super._hook(x) + 1;
    }

    function _key(address w) internal view virtual override returns (address) {
        return address(uint160(w) ^ 1);
    }
}
`;

// ---------------------------------------------------------------------------------------------
// Parameters

/** Parameter roles of a generated external function, in ABI order. */
const PARAMS = [
  ["a", "uint256"],
  ["k", "uint256"],
  ["n", "uint256"],
  ["who", "address"],
  ["target", "address"],
  ["flag", "bool"],
  ["xs", "uint256[] calldata"],
  ["s", "string calldata"],
  ["id", "bytes32"],
  ["mp", "MP calldata"],
  // The other contract, typed (its interface: IB in A, IA in B).
  ["tc", "IPeer"],
  ["st", "St"],
] as const;
type Role = (typeof PARAMS)[number][0];

/** A role's Solidity type in contract `c`. */
const typeOf = (r: Role, c: "A" | "B"): string => {
  const type = PARAMS.find(([x]) => x === r)![1];
  return type === "IPeer" ? (c === "A" ? "IB" : "IA") : type;
};

/** How a role reads inside an internal helper `(uint256 x, address y)` and in the hook `(uint256 x)`. */
const HELPER_ROLES: Record<Role, string | null> = {
  a: "x",
  k: "x",
  n: "x",
  who: "y",
  target: "y",
  flag: "(x % 2 == 1)",
  xs: null,
  s: null,
  id: "bytes32(x)",
  mp: null,
  tc: null,
  st: null,
};
const HOOK_ROLES: Record<Role, string | null> = { ...HELPER_ROLES, who: "msg.sender", target: "msg.sender" };
/** What a role reads as in an external function that has all the parameters it may have (stack depth). */
const SPARE_ROLES: Record<Role, string | null> = {
  a: "K1",
  k: "lastKey",
  n: "uint256(3)",
  who: "msg.sender",
  target: "peer",
  flag: "flagged",
  xs: null,
  s: null,
  id: "SALT",
  mp: null,
  tc: null,
  st: null,
};
/** Stack words parameters take (a calldata array or string is an offset and a length). */
const stackWords = (roles: readonly Role[]): number => roles.reduce((n, r) => n + (r === "xs" || r === "s" ? 2 : 1), 0);
/**
 * Most parameter stack words of a generated function: B's are all passed in A's calls, so fewer.
 * solc's legacy code generator reaches only 16 stack slots: a program it rejects with "stack too
 * deep" is rendered again tighter (`render(spec, tight)`), the same program with fewer parameters.
 */
const MAX_ROLES = [
  { A: 6, B: 4 },
  { A: 4, B: 2 },
  { A: 2, B: 1 },
] as const;
export const TIGHTEST = MAX_ROLES.length - 1;

/** What a generated external function of the other contract looks like, for typed calls to it. */
interface Callee {
  readonly name: string;
  readonly roles: readonly Role[];
  readonly payable: boolean;
}

interface Ctx {
  readonly c: "A" | "B";
  readonly tight: number;
  readonly kind: "ext" | "helper" | "hook";
  readonly payable: boolean;
  readonly used: Set<Role>;
  /** Helpers this code may call. */
  readonly helpers: number;
  /** Enclosing loops, innermost last: the index variable and whether it walks `xs`. */
  readonly loops: { readonly v: string; readonly xs: string | null }[];
  /** No external calls here (call arguments, to keep calls out of other calls). */
  noCall: boolean;
  readonly callees: readonly Callee[];
  next: number;
}

function role(ctx: Ctx, r: Role): string | null {
  if (ctx.kind === "ext") {
    if (!ctx.used.has(r) && stackWords([...ctx.used, r]) > MAX_ROLES[ctx.tight][ctx.c]) return SPARE_ROLES[r];
    ctx.used.add(r);
    return r;
  }
  return (ctx.kind === "helper" ? HELPER_ROLES : HOOK_ROLES)[r];
}
const req = (ctx: Ctx, r: Role): string => role(ctx, r) ?? "0";
const fresh = (ctx: Ctx, prefix: string): string => `${prefix}${ctx.next++}`;
const par = (e: string): string => (/^[\w.[\]()]+$/.test(e) ? e : `(${e})`);

/** Hole values: the statement's numbers, cycled and mixed so that later holes differ. */
class Holes {
  private i = 0;
  constructor(private readonly h: readonly number[]) {}
  next(): number {
    const n = this.h.length === 0 ? 0 : this.h[this.i % this.h.length] + Math.floor(this.i / this.h.length) * 7;
    this.i++;
    return n;
  }
}

/** The first option, from `h`, that applies here. */
function pick(h: number, options: readonly (() => string | null)[]): string {
  for (let j = 0; j < options.length; j++) {
    const out = options[(h + j) % options.length]();
    if (out !== null) return out;
  }
  throw new Error("no option applies");
}

const loopVar = (ctx: Ctx): string | null => ctx.loops[ctx.loops.length - 1]?.v ?? null;
const loopElem = (ctx: Ctx): string | null => {
  const l = ctx.loops[ctx.loops.length - 1];
  return l?.xs ? `${l.xs}[${l.v}]` : null;
};

// ---------------------------------------------------------------------------------------------
// Expressions (each catalog yields exactly its type)

/** A uint256 value. */
function V(ctx: Ctx, H: Holes): string {
  const h = H.next();
  return pick(h, [
    () => req(ctx, "a"),
    () => `uint256(${1 + (h % 9)})`,
    () => "K1",
    () => "IMM",
    () => "counter",
    () => `${req(ctx, "a")} + 1`,
    () => `${req(ctx, "k")} * 2`,
    () => "uint256(pa)",
    () => "bal[msg.sender]",
    () => (role(ctx, "xs") === null ? null : `${role(ctx, "xs")}.length`),
    () => (ctx.payable && ctx.kind === "ext" ? "msg.value" : null),
    () => `Lib.twice(${req(ctx, "k")})`,
    () => (ctx.helpers > 0 ? `_h${h % ctx.helpers}(${req(ctx, "k")}, msg.sender)` : null),
    () => (role(ctx, "s") === null ? null : `bytes(${role(ctx, "s")}).length`),
    () => "block.number % 3",
    () => loopVar(ctx),
    () => loopElem(ctx),
    () => `uint256(uint160(${req(ctx, "who")})) % 7`,
    () => `(${req(ctx, "flag")} ? ${req(ctx, "a")} : ${req(ctx, "k")})`,
    () => "items.length",
    () => `pos[${req(ctx, "who")}].debt`,
    () => "_ns().total",
    () => `uint256(fixed4[${req(ctx, "k")} % 4])`,
    () => "tcount",
    () => "address(this).balance",
    () => "Slots.at(COUNTER_SLOT).value",
    () => `uint256(mkt[lastId].supply)`,
    () => `uint256(uint8(${req(ctx, "a")}))`,
    () => "uint256(int256(sa))",
    () => `uint256(status[${A(ctx, H)}])`,
    () => `vaults[${B32(ctx, H)}].total`,
    () => "markets.length",
    () => "K2",
    () => "IMM2",
    () => (role(ctx, "s") === null ? null : `byName[${role(ctx, "s")}]`),
    () => `${req(ctx, "a")} / 3`,
    () => `pair[${req(ctx, "k")} % 2].rate`,
  ]);
}

/** An address. */
function A(ctx: Ctx, H: Holes): string {
  const h = H.next();
  return pick(h, [
    () => "msg.sender",
    () => req(ctx, "who"),
    () => "address(this)",
    () => "owner",
    () => "PEERI",
    () => "ADDR_C",
    () => "lastWho",
    () => `(${req(ctx, "flag")} ? ${req(ctx, "who")} : msg.sender)`,
    () => `address(uint160(${req(ctx, "k")}))`,
    () => "peer",
    () => (loopElem(ctx) ? `address(uint160(${loopElem(ctx)}))` : null),
    () => "tx.origin",
    () => `_key(${req(ctx, "who")})`,
    () => (role(ctx, "mp") === null ? null : `${role(ctx, "mp")}.loan`),
  ]);
}

/** A uint256 mapping key or array index. */
function U(ctx: Ctx, H: Holes): string {
  const h = H.next();
  return pick(h, [
    () => req(ctx, "k"),
    () => "K1",
    () => `${req(ctx, "k")} % 4`,
    () => "counter",
    () => "lastKey",
    () => "IMM",
    () => "uint256(uint160(msg.sender))",
    () => loopVar(ctx),
    () => loopElem(ctx),
    () => req(ctx, "a"),
    () => "items.length",
    () => "uint256(pa)",
    () => `(${req(ctx, "flag")} ? ${req(ctx, "k")} : K1)`,
    () => `(${req(ctx, "k")} << 3) | 1`,
    () => `${req(ctx, "k")} ^ 0xff`,
    () => `uint256(uint8(${req(ctx, "a")} + 250))`,
    () => "block.timestamp % 4",
    () => "K2",
    () => `uint256(status[${req(ctx, "who")}])`,
    () => callExpr(ctx, H),
    () => (role(ctx, "mp") === null ? null : `${role(ctx, "mp")}.lltv`),
    () => (role(ctx, "st") === null ? null : `uint256(${role(ctx, "st")})`),
  ]);
}

/** A bytes32 key: params, constants, storage, Morpho-style ids. */
function B32(ctx: Ctx, H: Holes): string {
  const h = H.next();
  return pick(h, [
    () => req(ctx, "id"),
    () => `keccak256(abi.encode(${A(ctx, H)}, ${U(ctx, H)}))`,
    () => "lastId",
    () => "SALT",
    () => `Lib.id(${A(ctx, H)}, ${U(ctx, H)})`,
    () => `bytes32(${U(ctx, H)})`,
    () => `keccak256(abi.encode(MP(${A(ctx, H)}, ${U(ctx, H)})))`,
    () => `keccak256(abi.encodePacked(${A(ctx, H)}, uint96(${U(ctx, H)})))`,
    () => (role(ctx, "s") === null ? null : `keccak256(bytes(${role(ctx, "s")}))`),
    () => (role(ctx, "s") === null ? null : `keccak256(abi.encodePacked(${role(ctx, "s")}, ${U(ctx, H)}))`),
    () => "keccak256(abi.encode(K2, IMM))",
    () => '"lanes"',
    () => `bytes32(bytes4(uint32(${U(ctx, H)})) << 8)`,
    () => `bytes32(~bytes4(uint32(${U(ctx, H)})))`,
    () => (role(ctx, "mp") === null ? null : `keccak256(abi.encode(${role(ctx, "mp")}))`),
  ]);
}

/** A bool. */
function C(ctx: Ctx, H: Holes): string {
  const h = H.next();
  return pick(h, [
    () => req(ctx, "flag"),
    () => `${req(ctx, "a")} > K1`,
    () => `counter > ${req(ctx, "k")}`,
    () => `bal[${A(ctx, H)}] >= ${par(V(ctx, H))}`,
    () => "pa == 0",
    () => "msg.sender == owner",
    () => (role(ctx, "xs") === null ? null : `${role(ctx, "xs")}.length > 2`),
    () => `items.length > ${par(U(ctx, H))}`,
    () => "!paused",
    () => `${req(ctx, "a")} % 2 == 0`,
    () => {
      const call = callExpr(ctx, H);
      return call === null ? null : `${call} > K1`;
    },
    () => `lastKey == ${req(ctx, "k")}`,
    () => `address(this).balance > ${par(V(ctx, H))}`,
    () => "tlock == 0",
    () => `${req(ctx, "who")}.code.length > 0`,
    () => `mkt[${B32(ctx, H)}].borrow < 5`,
    () => "sa < 0",
    () => `status[${A(ctx, H)}] == St.Open`,
    () => "phase != St.Closed",
  ]);
}

/** A call target. */
function T(ctx: Ctx, H: Holes): string {
  const h = H.next();
  // Mostly the other contract (a param, a storage variable, an immutable), else whatever.
  return pick(h, [
    () => req(ctx, "target"),
    () => "peer",
    () => "PEERI",
    () => req(ctx, "target"),
    () => "peer",
    () => "PEERI",
    () => "msg.sender",
    () => "lastWho",
    () => "address(this)",
    () => (role(ctx, "tc") === null ? null : `address(${role(ctx, "tc")})`),
    () => (role(ctx, "tc") === null ? null : `address(${role(ctx, "tc")})`),
  ]);
}

/**
 * A typed call into the other contract (A → B's functions; B → A's `poke` and views; either
 * into itself through `this`); its uint256 result.
 *
 * KNOWN ANALYZER BUG (reported: "a call in a summarised loop is followed once"): past the
 * unrolled iterations, a loop's remaining iterations are summarised as one pass, and a call
 * there is followed into the callee once, against the pre-state. A callee whose keys or
 * branches depend on a slot that an earlier of those iterations wrote (in the callee, or in the
 * caller for a call back into it, a static one included) is mispredicted. Until it is fixed,
 * code that may repeat within a transaction (a loop, a helper or the hook, which a loop may call)
 * makes no typed call; its low-level calls and ether transfers reach only `poke`, views and
 * `receive`, whose keys and branches do not depend on state.
 */
function callExpr(ctx: Ctx, H: Holes): string | null {
  if (ctx.noCall || repeated(ctx)) return null;
  let target = T(ctx, H);
  const h = H.next();
  ctx.noCall = true;
  const tc = role(ctx, "tc");
  if (tc !== null && target === `address(${tc})` && h % 2 === 0) target = tc;
  let out: string;
  if (ctx.c === "A") {
    const options = ctx.callees.length * 2 + GETTERS.length;
    const j = h % options;
    if (j >= ctx.callees.length * 2) out = GETTERS[j - ctx.callees.length * 2]("IB", target, ctx, H);
    else {
      const callee = ctx.callees[j % ctx.callees.length];
      const args = callee.roles.map((r) => argFor(ctx, H, r));
      const value = callee.payable && H.next() % 2 === 0 ? `{value: ${par(V(ctx, H))} % 3}` : "";
      out = `IB(${target}).${callee.name}${value}(${args.join(", ")})`;
    }
  } else out = GETTERS[h % GETTERS.length]("IA", target, ctx, H);
  ctx.noCall = false;
  return out;
}

/** Functions both contracts have (B calls back into A only through these: no recursion). */
// (`${i}(${t})` is the interface over an address; a typed parameter `tc` is used as it is.)
const GETTERS: readonly ((i: string, target: string, ctx: Ctx, H: Holes) => string)[] = [
  (i, t, ctx, H) => `${i}(${t}).poke(${V(ctx, H)})`,
  (i, t, ctx, H) => `${i}(${t}).view0(${A(ctx, H)})`,
  (i, t, ctx, H) => `${i}(${t}).view1(${U(ctx, H)})`,
  (i, t, ctx, H) => `${i}(${t}).bal(${A(ctx, H)})`,
  (i, t) => `${i}(${t}).counter()`,
  (i, t) => `${i}(${t}).lastKey()`,
  (i, t, ctx, H) => `this.view0(${A(ctx, H)})`,
  (i, t, ctx, H) => `this.poke(${V(ctx, H)})`,
];

/** Code that may run more than once in a transaction: in a loop, or in a helper or hook (callable in one). */
const repeated = (ctx: Ctx): boolean => ctx.loops.length > 0 || ctx.kind !== "ext";

function argFor(ctx: Ctx, H: Holes, r: Role): string {
  switch (r) {
    case "a":
    case "k":
    case "n":
      return V(ctx, H);
    case "who":
    case "target":
      return A(ctx, H);
    case "flag":
      return C(ctx, H);
    case "xs":
      return role(ctx, "xs") ?? "new uint256[](2)";
    case "s":
      return role(ctx, "s") ?? '"hello"';
    case "id":
      return B32(ctx, H);
    case "mp":
      return role(ctx, "mp") ?? `MP(${A(ctx, H)}, ${U(ctx, H)})`;
    case "tc":
      return `IA(${A(ctx, H)})`;
    case "st":
      return role(ctx, "st") ?? "St.Open";
  }
}

// ---------------------------------------------------------------------------------------------
// Statements

type Template = (ctx: Ctx, H: Holes, s: Stmt) => string | null;

/** A local holding a value (so that a value with side effects is computed once). */
function local(ctx: Ctx, H: Holes): [string, string] {
  const v = fresh(ctx, "v");
  return [v, `uint256 ${v} = ${V(ctx, H)};`];
}

/** A typed call into the other contract, its result ignored or kept. */
function callStatement(ctx: Ctx, H: Holes): string | null {
  const call = callExpr(ctx, H);
  if (call === null) return null;
  return pick(H.next(), [() => `${call};`, () => `r += ${call};`, () => `counter = ${call};`]);
}

/** Low-level calls with encoded calldata, and try/catch. */
function lowLevelCall(ctx: Ctx, H: Holes): string | null {
  if (ctx.noCall) return null;
  const t = T(ctx, H);
  const ok = fresh(ctx, "ok");
  const i = ctx.c === "A" ? "IB" : "IA";
  return pick(H.next(), [
    () => `{\n(bool ${ok}, ) = ${t}.call(abi.encodeCall(${i}.poke, (${V(ctx, H)})));\nif (${ok}) counter += 1;\n}`,
    () =>
      `{\n(bool ${ok}, bytes memory ${fresh(ctx, "ret")}) = ${t}.staticcall(abi.encodeCall(${i}.view0, (${A(ctx, H)})));\nif (!${ok}) revert Bad();\n}`,
    () => `{\n(bool ${ok}, ) = ${t}.call(abi.encodeWithSelector(${i}.poke.selector, ${V(ctx, H)}));\n}`,
    // No return data: solc checks the target has code first.
    () => `try ${i}(${t}).setPaused(${C(ctx, H)}) {\ncounter += 1;\n} catch {\ncnt[1] += 1;\n}`,
    () => {
      const x = fresh(ctx, "x");
      return `try ${i}(${t}).view0(${A(ctx, H)}) returns (uint256 ${x}) {\nr += ${x};\ncnt[${x}] += 1;\n} catch {\ncounter += 1;\n}`;
    },
  ]);
}

const LEAVES: readonly Template[] = [
  (ctx, H) => `counter += ${V(ctx, H)};`,
  (ctx, H) => `counter = ${V(ctx, H)};`,
  (ctx, H) =>
    pick(H.next(), [
      () => `pa += uint128(${V(ctx, H)});`,
      () => `pb = uint128(${V(ctx, H)});`,
      () => "(pa, pb) = (pb, pa);",
      () => `pb -= uint128(${V(ctx, H)});`,
    ]),
  (ctx, H) => `bal[${A(ctx, H)}] += ${V(ctx, H)};`,
  (ctx, H) => `bal[${A(ctx, H)}] = ${V(ctx, H)};`,
  (ctx, H) => {
    // An ERC-20 style transfer between two keys.
    const [v, decl] = local(ctx, H);
    const l = fresh(ctx, "l");
    const from = A(ctx, H);
    return `{\n${decl}\nuint256 ${l} = bal[${from}];\nif (${l} < ${v}) revert Low();\nbal[${from}] = ${l} - ${v};\nbal[${A(ctx, H)}] += ${v};\n}`;
  },
  (ctx, H) =>
    H.next() % 2 === 0
      ? `allow[${A(ctx, H)}][${U(ctx, H)}] += ${V(ctx, H)};`
      : `allowA[${A(ctx, H)}][${A(ctx, H)}] = ${V(ctx, H)};`,
  (ctx, H) =>
    pick(H.next(), [
      () => `pos[${A(ctx, H)}].shares += uint128(${V(ctx, H)});`,
      () => `pos[${A(ctx, H)}].debt = ${V(ctx, H)};`,
      () => `pos[${A(ctx, H)}].updated = uint64(block.timestamp);`,
    ]),
  (ctx, H) => {
    // Storage pointers: to a mapping entry, or re-pointed under a condition.
    const p = fresh(ctx, "p");
    if (H.next() % 2 === 0)
      return `{\nPos storage ${p} = pos[${A(ctx, H)}];\n${p}.shares += uint128(${V(ctx, H)});\n${p}.debt = ${p}.debt + ${V(ctx, H)};\n}`;
    return `{\nPos storage ${p} = single;\nif (${C(ctx, H)}) ${p} = pos[${A(ctx, H)}];\n${p}.debt += ${V(ctx, H)};\n}`;
  },
  (ctx, H) => {
    // Morpho-style market by id, remembered for later transactions.
    if (H.next() % 3 === 0) return `mkt[lastId].borrow += uint128(${V(ctx, H)});`;
    const m = fresh(ctx, "m");
    const q = fresh(ctx, "q");
    return `{\nbytes32 ${m} = ${B32(ctx, H)};\nMkt storage ${q} = mkt[${m}];\n${q}.supply += uint128(${V(ctx, H)});\nif (${q}.borrow > ${q}.supply) ${q}.rate = ${V(ctx, H)};\nlastId = ${m};\n}`;
  },
  (ctx, H) => `items.push(${V(ctx, H)});`,
  (ctx, H) => (H.next() % 2 === 0 ? "if (items.length > 0) items.pop();" : "items.pop();"),
  (ctx, H) => {
    const i = U(ctx, H);
    return H.next() % 2 === 0
      ? `items[${i}] = ${V(ctx, H)};`
      : `if (${par(i)} < items.length) items[${i}] += ${V(ctx, H)};`;
  },
  (ctx, H) =>
    pick(H.next(), [
      () => `fixed4[${par(U(ctx, H))} % 4] = uint64(${V(ctx, H)});`,
      () => `fixed3[${par(U(ctx, H))} % 3] += ${V(ctx, H)};`,
      () => `fixed4[2] = uint64(${V(ctx, H)});`,
    ]),
  (ctx, H) =>
    pick(H.next(), [
      () => (role(ctx, "s") === null ? null : `label = ${role(ctx, "s")};`),
      () => (role(ctx, "s") === null ? null : `blob = bytes(${role(ctx, "s")});`),
      () => "blob.push(0x01);",
      () => 'label = "short";',
      () => "delete label;",
    ]),
  (ctx, H) =>
    pick(H.next(), [
      () => `lists[${A(ctx, H)}].push(${V(ctx, H)});`,
      () => `lists[${A(ctx, H)}][${U(ctx, H)}] = ${V(ctx, H)};`,
      () => {
        const w = A(ctx, H);
        return `if (lists[${w}].length > 0) lists[${w}].pop();`;
      },
    ]),
  (ctx, H) =>
    H.next() % 2 === 0 ? `tlock = ${V(ctx, H)};\ncounter += tlock;` : `tcount += 1;\ncnt[tcount] = ${V(ctx, H)};`,
  (ctx, H) => `if (${C(ctx, H)}) return r;`,
  (ctx, H) =>
    pick(H.next(), [
      () => `require(${C(ctx, H)}, "no");`,
      () => `if (${C(ctx, H)}) revert Bad();`,
      () => `if (${req(ctx, "a")} > 1000) revert Low();`,
    ]),
  (ctx, H) => (H.next() % 2 === 0 ? `r += ${V(ctx, H)};` : `r = bal[${A(ctx, H)}] + counter;`),
  (ctx, H) =>
    pick(H.next(), [
      () => `lastWho = ${A(ctx, H)};\nlastKey = ${U(ctx, H)};`,
      () => `lastId = ${B32(ctx, H)};`,
      () => `lastSmall = uint96(${V(ctx, H)});`,
    ]),
  (ctx, H) =>
    H.next() % 2 === 0
      ? `counter = ${C(ctx, H)} ? ${V(ctx, H)} : ${V(ctx, H)};`
      : `bal[${C(ctx, H)} ? ${A(ctx, H)} : ${A(ctx, H)}] = ${V(ctx, H)};`,
  (ctx, H) => `emit Ev(${V(ctx, H)});`,
  (ctx, H) => {
    const q = fresh(ctx, "q");
    return H.next() % 2 === 0
      ? `{\nPos memory ${q} = pos[${A(ctx, H)}];\nr += ${q}.debt + ${q}.shares;\n}`
      : `{\nMkt memory ${q} = mkt[${B32(ctx, H)}];\ncounter = ${q}.rate;\n}`;
  },
  (ctx, H) => (ctx.kind === "ext" ? `r += _hook(${V(ctx, H)});` : null),
  (ctx, H) => (ctx.helpers > 0 ? `r += _h${H.next() % ctx.helpers}(${V(ctx, H)}, ${A(ctx, H)});` : null),
  (ctx, H) =>
    pick(H.next(), [
      () => `Lib.grow(pos[${A(ctx, H)}], uint128(${V(ctx, H)}));`,
      () => `pos[${A(ctx, H)}].grow(uint128(${V(ctx, H)}));`,
      () => `single.grow(uint128(${V(ctx, H)}));`,
    ]),
  (ctx, H) =>
    pick(H.next(), [
      () => `_ns().total += ${V(ctx, H)};`,
      () => `_ns().byUser[${A(ctx, H)}] = ${V(ctx, H)};`,
      () => `Slots.at(COUNTER_SLOT).value += ${V(ctx, H)};`,
      () => {
        const n = fresh(ctx, "ns");
        return `{\nNS storage ${n} = _nsAt(NS_LOC);\n${n}.total = ${n}.total + ${V(ctx, H)};\n}`;
      },
    ]),
  (ctx, H) => {
    // Ether out of the contract.
    const [v, decl] = local(ctx, H);
    const to = A(ctx, H);
    return pick(H.next(), [
      () => `{\n${decl}\nif (address(this).balance >= ${v} % 4) payable(${to}).transfer(${v} % 4);\n}`,
      () => {
        const ok = fresh(ctx, "ok");
        return `{\n${decl}\n(bool ${ok}, ) = payable(${to}).call{value: ${v} % 3}("");\nif (!${ok}) revert Bad();\n}`;
      },
      () => `{\n${decl}\nbool ${fresh(ctx, "sent")} = payable(${to}).send(${v} % 2);\n}`,
    ]);
  },
  callStatement,
  (ctx, H) =>
    pick(H.next(), [
      () => `delete pos[${A(ctx, H)}];`,
      () => "delete single;",
      () => `delete bal[${A(ctx, H)}];`,
      () => "delete fixed4;",
    ]),
  (ctx, H) =>
    H.next() % 2 === 0 ? `unchecked {\ncounter -= ${V(ctx, H)};\n}` : `unchecked {\npb += uint128(${V(ctx, H)});\n}`,
  (ctx, H) => (H.next() % 2 === 0 ? `peer = ${T(ctx, H)};` : `flagged = ${C(ctx, H)};`),
  (ctx, H) => `cnt[${U(ctx, H)}] += 1;`,
  (ctx, H) => `single.debt += ${V(ctx, H)};\nsingle.shares = uint128(${V(ctx, H)});`,
  (ctx, H) =>
    ctx.payable && ctx.kind === "ext"
      ? H.next() % 2 === 0
        ? "received += msg.value;"
        : "bal[msg.sender] += msg.value;"
      : null,
  (ctx, H) => {
    // A local that two branches set differently, then a key.
    const l = fresh(ctx, "lk");
    return `{\nuint256 ${l} = ${U(ctx, H)};\nif (${C(ctx, H)}) {\n${l} = ${U(ctx, H)};\n} else {\n${l} += 1;\n}\ncnt[${l}] = ${V(ctx, H)};\n}`;
  },
  (ctx, H) => {
    // A sum over a loop used as a key afterwards (exact only while the loop is unrolled).
    const acc = fresh(ctx, "acc");
    const i = fresh(ctx, "i");
    const xs = role(ctx, "xs");
    const loop =
      xs !== null && H.next() % 2 === 0
        ? `for (uint256 ${i} = 0; ${i} < ${xs}.length; ++${i}) {\n${acc} += ${xs}[${i}];\nif (${acc} > 20) break;\n}`
        : `for (uint256 ${i} = 0; ${i} < ${req(ctx, "n")} && ${i} < ${pickCap(ctx, H)}; ++${i}) {\nif (${i} % 3 == 1) continue;\n${acc} += ${i};\n}`;
    return `{\nuint256 ${acc} = 0;\n${loop}\ncnt[${acc}] += 1;\n}`;
  },
  (ctx, H) => `_posOf(${A(ctx, H)}, ${C(ctx, H)}).debt += ${V(ctx, H)};`,
  (ctx, H) =>
    pick(H.next(), [
      () => "markets.push();",
      () => `markets.push(Mkt(uint128(${V(ctx, H)}), 0, ${V(ctx, H)}));`,
      () => `markets[${U(ctx, H)}].rate = ${V(ctx, H)};`,
      () => `if (markets.length > 0) markets[markets.length - 1].borrow += uint128(${V(ctx, H)});`,
      () => `pair[${par(U(ctx, H))} % 2].supply += uint128(${V(ctx, H)});`,
    ]),
  (ctx, H) => {
    const s = role(ctx, "s");
    return s !== null && H.next() % 2 === 0 ? `byName[${s}] += ${V(ctx, H)};` : `byName["fixed"] = ${V(ctx, H)};`;
  },
  (ctx, H) =>
    pick(H.next(), [
      () => `sa -= int128(int256(${par(V(ctx, H))} % 100));`,
      () => "if (sa < 0) sb = sa;\nelse sb += 1;",
      () => `sb = ${C(ctx, H)} ? int128(-1) : int128(7);`,
    ]),
  (ctx, H) =>
    pick(H.next(), [
      () => `status[${A(ctx, H)}] = St(${par(V(ctx, H))} % 3);`,
      () => (role(ctx, "st") === null ? null : `status[${A(ctx, H)}] = ${role(ctx, "st")};`),
      () => "phase = St.Open;",
      () => `if (status[${A(ctx, H)}] == St.Closed) cnt[${U(ctx, H)}] += 1;`,
    ]),
  (ctx, H) => {
    if (H.next() % 2 === 0) return `vaults[${B32(ctx, H)}].shares[${A(ctx, H)}] += ${V(ctx, H)};`;
    const vt = fresh(ctx, "vt");
    return `{\nVault storage ${vt} = vaults[${B32(ctx, H)}];\n${vt}.total += ${V(ctx, H)};\n${vt}.shares[${A(ctx, H)}] = ${vt}.total;\n}`;
  },
  (ctx, H) =>
    pick(H.next(), [
      () => `pos[${A(ctx, H)}] = Pos(uint128(${V(ctx, H)}), uint64(block.timestamp), ${V(ctx, H)});`,
      () => `single = pos[${A(ctx, H)}];`,
      () => (role(ctx, "xs") === null ? null : `items = ${role(ctx, "xs")};`),
      () => "delete items;",
      () => `mkt[${B32(ctx, H)}] = mkt[lastId];`,
    ]),
  (ctx, H) =>
    pick(H.next(), [
      () => "assembly {\nsstore(0x1234, add(sload(0x1234), 1))\n}",
      () => "assembly {\nlet c := sload(counter.slot)\nsstore(counter.slot, add(c, 1))\n}",
      () => `{\nuint256 ${fresh(ctx, "w")} = ${U(ctx, H)};\n}`,
      () => {
        const k = fresh(ctx, "ak");
        return `{\nuint256 ${k} = ${U(ctx, H)};\nassembly {\nsstore(add(${k}, 0x10000), 1)\n}\n}`;
      },
      () => {
        const k = fresh(ctx, "ak");
        return `{\nuint256 ${k};\nassembly {\n${k} := sload(lastKey.slot)\n}\ncnt[${k}] += 1;\n}`;
      },
    ]),
  lowLevelCall,
  (ctx, H) => {
    const t1 = fresh(ctx, "t");
    const t2 = fresh(ctx, "t");
    return `{\n(uint256 ${t1}, address ${t2}) = _pair(${U(ctx, H)});\nbal[${t2}] += ${t1};\n}`;
  },
  (ctx, H) => `unchecked {\ncnt[${req(ctx, "k")} - 1] += 1;\n}`,
  (ctx, H) => {
    const q = fresh(ctx, "q");
    return `{\nPos memory ${q} = pos[${A(ctx, H)}];\npos[${A(ctx, H)}].debt += 1;\ncnt[${q}.debt] = ${V(ctx, H)};\n}`;
  },
  (ctx, H) => {
    // Two pointers that may alias: the second write decides what the first pointer reads.
    const p1 = fresh(ctx, "p");
    const p2 = fresh(ctx, "p");
    return `{\nPos storage ${p1} = pos[${A(ctx, H)}];\nPos storage ${p2} = pos[${A(ctx, H)}];\n${p1}.debt = ${V(ctx, H)};\n${p2}.debt = ${V(ctx, H)};\ncnt[${p1}.debt] += 1;\n}`;
  },
  (ctx, H) => {
    const p = fresh(ctx, "p");
    return H.next() % 2 === 0
      ? `{\nPos storage ${p} = ${C(ctx, H)} ? pos[${A(ctx, H)}] : pos[${A(ctx, H)}];\n${p}.debt += ${V(ctx, H)};\n}`
      : `{\nPos storage ${p} = ${C(ctx, H)} ? pos[${A(ctx, H)}] : single;\n${p}.shares += 1;\n}`;
  },
  (ctx, H) =>
    pick(H.next(), [
      () => `smalls.push(uint64(${V(ctx, H)}));`,
      () => "if (smalls.length > 0) smalls.pop();",
      () => `smalls[${U(ctx, H)}] = uint64(${V(ctx, H)});`,
      () => "cnt[smalls.length] += 1;",
      () => {
        const i = U(ctx, H);
        return `if (${par(i)} < smalls.length) cnt[smalls[${i}]] += 1;`;
      },
    ]),
  (ctx, H) =>
    pick(H.next(), [
      () => "grid.push();",
      () => `if (grid.length > 0) grid[grid.length - 1].push(${V(ctx, H)});`,
      () => `grid[${U(ctx, H)}][${U(ctx, H)}] = ${V(ctx, H)};`,
      () => {
        const i = U(ctx, H);
        const j = U(ctx, H);
        return `if (${par(i)} < grid.length && ${par(j)} < grid[${i}].length) cnt[grid[${i}][${j}]] += 1;`;
      },
    ]),
  (ctx, H) =>
    pick(H.next(), [
      () => `triples[${A(ctx, H)}][${par(U(ctx, H))} % 3] += uint128(${V(ctx, H)});`,
      () => `triples[${A(ctx, H)}][1] = uint128(${V(ctx, H)});`,
      () => `cnt[triples[${A(ctx, H)}][2]] += 1;`,
    ]),
  (ctx, H) =>
    pick(H.next(), [
      () => `sgn[int256(${req(ctx, "k")}) - 3] += 1;`,
      () => `sgn[int256(sa)] = ${V(ctx, H)};`,
      () => `sgn[-int256(${par(V(ctx, H))} % 5)] += 1;`,
    ]),
  (ctx, H) =>
    pick(H.next(), [
      () => `outers[${A(ctx, H)}].p.debt += ${V(ctx, H)};`,
      () => {
        const w = A(ctx, H);
        return `outers[${w}].b = uint64(${V(ctx, H)});\ncnt[outers[${w}].a] += 1;`;
      },
      () => {
        const o = fresh(ctx, "o");
        return `{\nOuter storage ${o} = outers[${A(ctx, H)}];\n${o}.p.shares += uint128(${V(ctx, H)});\n${o}.a = ${o}.p.shares;\n}`;
      },
      () => `delete outers[${A(ctx, H)}];`,
    ]),
  (ctx, H) => `_pp(${A(ctx, H)}).debt += ${V(ctx, H)};`,
  (ctx, H) => `_bump(${U(ctx, H)});\n_bump(${A(ctx, H)});`,
  () => "cnt[gasleft() % 2] += 1;",
  (ctx, H) =>
    pick(H.next(), [
      // A write that happens only if the other side did not decide: its value is not known after.
      () => `if (${C(ctx, H)} && _setLast(${U(ctx, H)})) cnt[${U(ctx, H)}] += 1;\ncnt[lastKey] += 1;`,
      () => `if (${C(ctx, H)} || _setLast(${U(ctx, H)})) counter += 1;\nbal[address(uint160(lastKey))] += 1;`,
      () => `flagged = ${C(ctx, H)} ? _setLast(${U(ctx, H)}) : false;\ncnt[lastKey] = ${V(ctx, H)};`,
      // A side that always reverts for small values: the other side still runs.
      () => `counter = ${C(ctx, H)} ? _big(${V(ctx, H)}) : ${V(ctx, H)};\ncnt[counter] += 1;`,
    ]),
  (ctx, H) => {
    const j = fresh(ctx, "j");
    return pick(H.next(), [
      () => `{\nuint256 ${j} = ${U(ctx, H)};\ncnt[${j}++] += ${V(ctx, H)};\ncnt[${j}] += 1;\n}`,
      () => `{\nuint256 ${j} = ${U(ctx, H)};\ncnt[++${j}]++;\nbal[address(uint160(${j}))] += 1;\n}`,
    ]);
  },
  (ctx, H) => {
    // Assembly with control flow: Yul locals assigned in branches and loops.
    const k = fresh(ctx, "ak");
    const y = fresh(ctx, "ys");
    return pick(H.next(), [
      () =>
        `{\nuint256 ${k} = ${U(ctx, H)};\nassembly {\nlet ${y} := 0x2000\nif gt(${k}, 3) { ${y} := 0x2001 }\nsstore(${y}, add(sload(${y}), 1))\n}\n}`,
      () =>
        `{\nuint256 ${k} = ${U(ctx, H)};\nassembly {\nfor { let ${y} := 0 } lt(${y}, and(${k}, 3)) { ${y} := add(${y}, 1) } { sstore(add(0x3000, ${y}), ${y}) }\n}\n}`,
      () =>
        `{\nuint256 ${k} = ${U(ctx, H)};\nassembly {\nlet ${y} := 0x4000\nswitch mod(${k}, 3)\ncase 0 { ${y} := 0x4001 }\ncase 1 { ${y} := 0x4002 }\ndefault { }\nsstore(${y}, 1)\n}\n}`,
    ]);
  },
  (ctx, H) => {
    // Memory structs: aliases, and a callee changing one.
    const q1 = fresh(ctx, "q");
    const q2 = fresh(ctx, "q");
    return pick(H.next(), [
      () =>
        `{\nPos memory ${q1} = pos[${A(ctx, H)}];\nPos memory ${q2} = ${q1};\n${q2}.debt = ${V(ctx, H)};\ncnt[${q1}.debt] += 1;\n}`,
      () => `{\nPos memory ${q1} = pos[${A(ctx, H)}];\n_mutate(${q1}, ${V(ctx, H)});\ncnt[${q1}.debt] += 1;\n}`,
    ]);
  },
  (ctx, H) =>
    pick(H.next(), [
      () => `if (${par(U(ctx, H))} < blob.length) blob[${U(ctx, H)} % blob.length] = 0x07;`,
      () => `if (blob.length > 0) cnt[uint8(blob[0])] += 1;`,
      () => (role(ctx, "s") === null ? null : `cnt[bytes(${role(ctx, "s")}).length] += 1;`),
      () => "cnt[bytes(label).length] += 1;",
    ]),
  (ctx, H) =>
    pick(H.next(), [
      () => `byAmount[Amount.wrap(uint128(${V(ctx, H)}))] += 1;`,
      () => `amt = Amount.wrap(uint128(${V(ctx, H)}));\namtStamp = uint64(block.timestamp);`,
      () => "byAmount[amt] += 1;\ncnt[uint256(Amount.unwrap(amt))] += 1;",
    ]),
  (ctx, H) => `pos[${A(ctx, H)}].freeBump(${V(ctx, H)});`,
  (ctx, H) => `unchecked {\ncnt[_dec(${U(ctx, H)})] += 1;\n}`,
  (ctx, H) => {
    const f = fresh(ctx, "fp");
    return `{\nfunction (uint256) internal view returns (uint256) ${f} = _viewOf;\ncnt[${f}(${U(ctx, H)})] += 1;\n}`;
  },
];

/**
 * Loop bounds: the outermost loop of an external function sometimes crosses the analyzer's
 * unrolling limit (8); nested loops and loops in helpers (which may run in a loop) stay short,
 * so that a transaction's gas, hence its trace, stays small.
 */
const pickCap = (ctx: Ctx, H: Holes): number => {
  const options = caps(ctx);
  return options[H.next() % options.length];
};
const caps = (ctx: Ctx): readonly number[] => (repeated(ctx) ? [2, 3] : [3, 9, 12, 16]);

/** Compound statements: their `body` (and `alt`) are nested statements. */
const COMPOUND: readonly Template[] = [
  (ctx, H, s) => {
    const alt = s.alt.length > 0 ? ` else {\n${block(ctx, s.alt)}\n}` : "";
    return `if (${C(ctx, H)}) {\n${block(ctx, s.body)}\n}${alt}`;
  },
  (ctx, H, s) => {
    const xs = role(ctx, "xs");
    if (xs === null) return null;
    const i = fresh(ctx, "i");
    const bound = repeated(ctx) ? ` && ${i} < ${pickCap(ctx, H)}` : "";
    return `for (uint256 ${i} = 0; ${i} < ${xs}.length${bound}; ++${i}) {\n${inLoop(ctx, { v: i, xs }, s.body)}\n}`;
  },
  (ctx, H, s) => {
    const i = fresh(ctx, "i");
    const cap = pickCap(ctx, H);
    const n = req(ctx, "n");
    return H.next() % 2 === 0
      ? `for (uint256 ${i} = 0; ${i} < ${n}; ${i}++) {\nif (${i} >= ${cap}) break;\n${inLoop(ctx, { v: i, xs: null }, s.body)}\n}`
      : `for (uint256 ${i} = 0; ${i} < ${n} && ${i} < ${cap}; ${i}++) {\n${inLoop(ctx, { v: i, xs: null }, s.body)}\n}`;
  },
  (ctx, H, s) => {
    const i = fresh(ctx, "i");
    const cap = pickCap(ctx, H);
    const n = req(ctx, "n");
    const body = inLoop(ctx, { v: i, xs: null }, s.body);
    return H.next() % 2 === 0
      ? `{\nuint256 ${i} = 0;\nwhile (${i} < ${n} && ${i} < ${cap}) {\n${body}\n${i}++;\n}\n}`
      : `{\nuint256 ${i} = 0;\ndo {\n${body}\n${i}++;\n} while (${i} < ${n} && ${i} < ${cap});\n}`;
  },
  (ctx, H, s) => {
    // A call whose result decides a branch.
    const call = callExpr(ctx, H);
    if (call === null) return null;
    const alt = s.alt.length > 0 ? ` else {\n${block(ctx, s.alt)}\n}` : "";
    return `if (${call} > ${par(V(ctx, H))}) {\n${block(ctx, s.body)}\n}${alt}`;
  },
];

export const LEAF_COUNT = LEAVES.length;
/** Templates that call the other contract, drawn more often than the rest. */
const CALL_LEAVES = [LEAVES.indexOf(callStatement), LEAVES.indexOf(lowLevelCall)];
export const COMPOUND_COUNT = COMPOUND.length;

function inLoop(ctx: Ctx, l: { v: string; xs: string | null }, body: readonly Stmt[]): string {
  ctx.loops.push(l);
  const out = block(ctx, body);
  ctx.loops.pop();
  return out;
}

function stmt(ctx: Ctx, s: Stmt): string {
  const templates = s.t < LEAVES.length ? LEAVES : COMPOUND;
  const first = s.t < LEAVES.length ? s.t : s.t - LEAVES.length;
  // A template that does not apply here (no calls in B's helpers, no `xs` in a helper) gives
  // way to the next one, deterministically.
  for (let j = 0; j < templates.length; j++) {
    const out = templates[(first + j) % templates.length](ctx, new Holes(s.h), s);
    if (out !== null) return out;
  }
  throw new Error("no template applies");
}

function block(ctx: Ctx, stmts: readonly Stmt[]): string {
  return stmts.map((s) => stmt(ctx, s)).join("\n");
}

// ---------------------------------------------------------------------------------------------
// Contracts

const MODIFIERS = ["whenNotPaused", "counted", "nonReentrant", "guarded", "capped", "onlyIf", "tally", "onlyOwner"];
/** Modifiers with an argument, which may be applied twice (each with its own argument). */
const MODIFIER_ARGS: Record<string, (ctx: Ctx, nth: number) => string> = {
  capped: (ctx, nth) => req(ctx, nth === 0 ? "a" : "k"),
  onlyIf: (ctx) => req(ctx, "flag"),
  tally: (ctx, nth) => (nth === 0 ? `${req(ctx, "k")} % 4` : "K1"),
};

export interface RenderedFn {
  readonly name: string;
  readonly roles: readonly Role[];
  readonly payable: boolean;
}

function renderContract(
  name: "A" | "B",
  spec: ContractSpec,
  callees: readonly Callee[],
  tight: number,
): { source: string; fns: RenderedFn[] } {
  const prefix = name.toLowerCase();
  const parts: string[] = [];
  const newCtx = (kind: Ctx["kind"], payable: boolean, helpers: number): Ctx => ({
    c: name,
    tight,
    kind,
    payable,
    used: new Set(),
    helpers,
    loops: [],
    noCall: false,
    callees,
    next: 0,
  });
  spec.helpers.forEach((body, j) => {
    const ctx = newCtx("helper", false, j);
    parts.push(`function _h${j}(uint256 x, address y) internal returns (uint256 r) {\n${block(ctx, body)}\n}`);
  });
  if (spec.hook) {
    const ctx = newCtx("hook", false, spec.helpers.length);
    parts.push(
      `function _hook(uint256 x) internal override returns (uint256 r) {\n${block(ctx, spec.hook)}\nr += super._hook(x);\n}`,
    );
  }
  const fns: RenderedFn[] = [];
  spec.fns.forEach((fn, j) => {
    const ctx = newCtx("ext", fn.payable, spec.helpers.length);
    const body = block(ctx, fn.stmts);
    const mods: string[] = [];
    for (const m of fn.mods) {
      const mod = MODIFIERS[m];
      if (!mod) continue;
      const nth = mods.filter((x) => x.startsWith(`${mod}(`) || x === mod).length;
      const args = MODIFIER_ARGS[mod];
      if (nth > 0 && (!args || nth > 1)) continue;
      mods.push(args ? `${mod}(${args(ctx, nth)})` : mod);
    }
    const roles = PARAMS.filter(([r]) => ctx.used.has(r)).map(([r]) => r);
    const params = PARAMS.filter(([r]) => ctx.used.has(r)).map(([r]) => `${typeOf(r, name)} ${r}`);
    const fnName = `${prefix}${j}`;
    fns.push({ name: fnName, roles, payable: fn.payable });
    parts.push(
      `function ${fnName}(${params.join(", ")}) external ${fn.payable ? "payable " : ""}${mods.map((m) => `${m} `).join("")}returns (uint256 r) {\n${body}\n}`,
    );
  });
  const groups = GROUPS.map((g, i) => ({ g, key: spec.order[i] ?? 0, i }))
    .sort((x, y) => x.key - y.key || x.i - y.i)
    .map((x) => x.g);
  const decls: string[] = [];
  groups.forEach((g, i) => {
    spec.pads.forEach((p, k) => {
      if (p % (groups.length + 1) === i) decls.push(`${PADS[k % PADS.length]}${k};`);
    });
    decls.push(g);
  });
  spec.pads.forEach((p, k) => {
    if (p % (groups.length + 1) === groups.length) decls.push(`${PADS[k % PADS.length]}${k};`);
  });
  const source = `contract ${name} is ${spec.mid ? "Mid" : "Base"} {
    using Lib for Pos;
    using {freeBump} for Pos;

    uint256 public constant K1 = 5;
    uint256 internal constant K2 = K1 * 3 + 1;
    bytes32 internal constant SALT = keccak256("lanes.random.salt");
    address internal constant ADDR_C = address(uint160(0xBEEF));
    bytes32 internal constant NS_LOC = ${NS_LOCATION};
    bytes32 internal constant COUNTER_SLOT = ${COUNTER_SLOT};
    uint256 public immutable IMM;
    uint256 internal immutable IMM2;
    address public immutable PEERI;

    ${decls.join("\n    ")}

    constructor(uint256 imm, address peerAddr) payable {
        IMM = imm;
        IMM2 = imm * 2 + 1;
        PEERI = peerAddr;
        peer = peerAddr;
    }

    receive() external payable {
        received += msg.value;
    }

    /// ERC-7201: the namespace's slot set in assembly from a constant.
    function _ns() private pure returns (NS storage $) {
        assembly {
            $.slot := NS_LOC
        }
    }

    /// StorageSlot-style: the slot passed as a parameter.
    function _nsAt(bytes32 slot) private pure returns (NS storage $) {
        assembly {
            $.slot := slot
        }
    }

    /// A storage pointer returned by an internal function (the same root either way).
    function _posOf(address w, bool alt) internal view returns (Pos storage) {
        return alt ? pos[w] : pos[msg.sender];
    }

    function _pair(uint256 z) internal view returns (uint256, address) {
        return (z + counter, lastWho);
    }

    /// A named storage pointer return, assigned in the body.
    function _pp(address w) internal view returns (Pos storage p) {
        p = pos[w];
    }

    /// Overloads: the call's argument types pick one.
    function _bump(uint256 z) internal {
        cnt[z] += 1;
    }

    function _bump(address w) internal {
        bal[w] += 1;
    }

    /// Writes a key and says whether it is large: called where it may or may not run (&&, ?:).
    function _setLast(uint256 z) internal returns (bool) {
        lastKey = z;
        return z > 2;
    }

    /// Reverts on small values: called where it may or may not run.
    function _big(uint256 z) internal pure returns (uint256) {
        if (z < 1000) revert Low();
        return z;
    }

    /// Checked arithmetic in a callee, even under \`unchecked\`.
    function _dec(uint256 z) internal pure returns (uint256) {
        return z - 1;
    }

    /// Changes a memory struct its caller holds (memory is passed by reference).
    function _mutate(Pos memory q, uint256 v) internal pure {
        q.debt = v;
    }

    function _viewOf(uint256 z) internal view returns (uint256) {
        return z + counter;
    }
${spec.fallback ? "\n    fallback() external {\n        fallbacks += 1;\n    }\n" : ""}
    function view0(address w) external view returns (uint256) {
        return bal[w] + counter;
    }

    function view1(uint256 k) external view returns (uint256) {
        return k < items.length ? items[k] : uint256(pa);
    }

${indent(parts.join("\n\n"))}
}
`;
  return { source, fns };
}

function indent(code: string): string {
  let depth = 1;
  const out: string[] = [];
  for (const raw of code.split("\n")) {
    const line = raw.trim();
    if (line.startsWith("}")) depth--;
    out.push(line === "" ? "" : `${"    ".repeat(depth)}${line}`);
    if (line.endsWith("{")) depth++;
  }
  return out.join("\n");
}

export interface RenderedProgram {
  readonly source: string;
  readonly a: readonly RenderedFn[];
  readonly b: readonly RenderedFn[];
}

/** The Solidity source of a program (one file: base, libraries, interfaces, B, then A). */
export function render(spec: ProgramSpec, tight = 0): RenderedProgram {
  const b = renderContract("B", spec.b, [], tight);
  const a = renderContract("A", spec.a, b.fns, tight);
  const ib = [
    "interface IB {",
    "    function setPaused(bool v) external;",
    "    function poke(uint256 v) external returns (uint256);",
    "    function view0(address w) external view returns (uint256);",
    "    function view1(uint256 k) external view returns (uint256);",
    "    function bal(address w) external view returns (uint256);",
    "    function counter() external view returns (uint256);",
    "    function lastKey() external view returns (uint256);",
    ...b.fns.map(
      (f) =>
        `    function ${f.name}(${f.roles.map((r) => `${typeOf(r, "B")} ${r}`).join(", ")}) external ${f.payable ? "payable " : ""}returns (uint256 r);`,
    ),
    "}",
  ].join("\n");
  return { source: `${HEADER}\n${ib}\n\n${b.source}\n${a.source}`, a: a.fns, b: b.fns };
}

// ---------------------------------------------------------------------------------------------
// Arbitraries

const holesArb = fc.array(fc.nat(40), { minLength: 6, maxLength: 6 });

const leafArb: fc.Arbitrary<Stmt> = fc.record({
  t: fc.oneof(
    { arbitrary: fc.nat(LEAF_COUNT - 1), weight: 6 },
    { arbitrary: fc.constantFrom(...CALL_LEAVES), weight: 1 },
  ),
  h: holesArb,
  body: fc.constant([]),
  alt: fc.constant([]),
});

function stmtArb(depth: number): fc.Arbitrary<Stmt> {
  if (depth === 0) return leafArb;
  const inner = stmtArb(depth - 1);
  const compound: fc.Arbitrary<Stmt> = fc.record({
    t: fc.integer({ min: LEAF_COUNT, max: LEAF_COUNT + COMPOUND_COUNT - 1 }),
    h: holesArb,
    body: fc.array(inner, { minLength: 1, maxLength: 3 }),
    alt: fc.array(inner, { maxLength: 2 }),
  });
  return fc.oneof({ arbitrary: leafArb, weight: 4 }, { arbitrary: compound, weight: 1 });
}

const stmtsArb = (max: number): fc.Arbitrary<Stmt[]> => fc.array(stmtArb(2), { minLength: 1, maxLength: max });

const fnArb: fc.Arbitrary<FnSpec> = fc.record({
  stmts: stmtsArb(5),
  mods: fc.array(fc.nat(18), { maxLength: 2 }),
  payable: fc.boolean(),
});

const contractArb = (minFns: number, maxFns: number): fc.Arbitrary<ContractSpec> =>
  fc.record({
    fns: fc.array(fnArb, { minLength: minFns, maxLength: maxFns }),
    helpers: fc.array(stmtsArb(3), { maxLength: 2 }),
    hook: fc.option(stmtsArb(2), { nil: null }),
    order: fc.array(fc.nat(100), { minLength: GROUPS.length, maxLength: GROUPS.length }),
    pads: fc.array(fc.nat(100), { maxLength: 3 }),
    mid: fc.boolean(),
    fallback: fc.boolean(),
  });

export const programArb: fc.Arbitrary<ProgramSpec> = fc.record({
  a: contractArb(2, 5),
  b: contractArb(1, 4),
});

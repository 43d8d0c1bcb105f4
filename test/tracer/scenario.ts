/**
 * The tracer's fixture scenario: deploy the contracts of contracts/fixtures/tracer, run one
 * transaction per EVM behaviour, each mined in its own block, and say which keys each must
 * touch. Network-agnostic (an ethers signer and a raw JSON-RPC channel), so the Hardhat test
 * and the anvil cross-check run the very same transactions.
 */
import type { HardhatRuntimeEnvironment } from "hardhat/types";
import { AbiCoder, ContractFactory, Interface, type Signer, type TransactionRequest, keccak256, toBeHex } from "ethers";
import { keyToString, storageKey } from "@lanes/types";
import type { JsonRpc, StorageBase } from "../../packages/tracer/src";

export const FIXTURES = "contracts/fixtures/tracer";

export interface Expectation {
  /** Exact storage keys read (canonical strings). */
  readonly storageReads: readonly string[];
  /** Exact storage keys written. */
  readonly storageWrites: readonly string[];
  readonly unchanged?: readonly string[];
  /** Exact account keys read and written, when the step is about accounts. */
  readonly accountReads?: readonly string[];
  readonly accountWrites?: readonly string[];
  readonly reverted?: boolean;
  /** The step's trace is known to leave a warning matching this. */
  readonly warning?: RegExp;
}

export interface Step {
  readonly name: string;
  readonly hash: string;
  readonly expect: Expectation;
}

export interface Scenario {
  readonly steps: Step[];
  readonly addresses: Record<string, string>;
}

const GAS = 3_000_000n;
const abi = AbiCoder.defaultAbiCoder();

export const s = (address: string, slot: bigint | number | string): string => keyToString(storageKey(address, slot));
export const balance = (address: string): string => `balance:${address.toLowerCase()}`;
export const nonce = (address: string): string => `nonce:${address.toLowerCase()}`;
export const code = (address: string): string => `code:${address.toLowerCase()}`;
export const mapSlot = (keyType: string, key: unknown, base: bigint): bigint =>
  BigInt(keccak256(abi.encode([keyType, "uint256"], [key, base])));
export const arraySlot = (base: bigint, index: bigint): bigint => BigInt(keccak256(toBeHex(base, 32))) + index;

/** Slot numbers from solc's storage layout in build-info (never recomputed by hand). */
export async function storageSlots(hre: HardhatRuntimeEnvironment, name: string): Promise<Record<string, bigint>> {
  const fqn = `${FIXTURES}/${name}.sol:${name}`;
  const info = await hre.artifacts.getBuildInfo(fqn);
  if (!info) throw new Error(`no build-info for ${fqn}; run hardhat compile`);
  const layout = (
    info.output.contracts[`${FIXTURES}/${name}.sol`][name] as unknown as {
      storageLayout: { storage: { label: string; slot: string }[] };
    }
  ).storageLayout;
  return Object.fromEntries(layout.storage.map((v) => [v.label, BigInt(v.slot)]));
}

/** The storage layout's variables as naming bases (the plain list the tracer's resolver takes). */
export async function storageBases(hre: HardhatRuntimeEnvironment, name: string): Promise<StorageBase[]> {
  const fqn = `${FIXTURES}/${name}.sol:${name}`;
  const info = await hre.artifacts.getBuildInfo(fqn);
  if (!info) throw new Error(`no build-info for ${fqn}; run hardhat compile`);
  const layout = (
    info.output.contracts[`${FIXTURES}/${name}.sol`][name] as unknown as {
      storageLayout: { storage: { label: string; slot: string; type: string }[] };
    }
  ).storageLayout;
  const kindOf = (type: string): StorageBase["kind"] =>
    type.startsWith("t_mapping")
      ? "mapping"
      : type.endsWith("dyn_storage")
        ? "array"
        : type.startsWith("t_struct")
          ? "struct"
          : "value";
  return layout.storage.map((v) => ({ slot: BigInt(v.slot), label: v.label, kind: kindOf(v.type) }));
}

/**
 * Sends a transaction and waits (bounded) for its receipt. Reverted transactions are kept:
 * Hardhat's automine throws on them after mining, so the hash is then found in the latest block.
 */
/**
 * Sends a transaction some other way than through the signer (the raw-trace test sends through
 * EDR's own provider), and returns its hash; it must be mined when the promise settles.
 */
export type Transport = (request: {
  from: string;
  to?: string;
  data?: string;
  value: bigint;
  gasLimit: bigint;
}) => Promise<string>;

async function send(
  signer: Signer,
  rpc: JsonRpc,
  request: TransactionRequest,
  transport?: Transport,
): Promise<{ hash: string; contractAddress: string | null }> {
  let hash: string;
  try {
    if (transport) {
      hash = await transport({
        from: await signer.getAddress(),
        ...(request.to ? { to: String(request.to) } : {}),
        ...(request.data ? { data: String(request.data) } : {}),
        value: BigInt(request.value ?? 0n),
        gasLimit: BigInt(request.gasLimit ?? GAS),
      });
    } else hash = (await signer.sendTransaction({ gasLimit: GAS, ...request })).hash;
  } catch (error) {
    const block = (await rpc.send("eth_getBlockByNumber", ["latest", true])) as {
      transactions: { hash: string; from: string }[];
    };
    const me = (await signer.getAddress()).toLowerCase();
    const mined = block.transactions.find((t) => t.from.toLowerCase() === me);
    if (!mined) throw error;
    hash = mined.hash;
  }
  for (let attempt = 0; attempt < 200; attempt++) {
    const receipt = (await rpc.send("eth_getTransactionReceipt", [hash])) as { contractAddress: string | null } | null;
    if (receipt) return { hash, contractAddress: receipt.contractAddress };
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
  throw new Error(`no receipt for ${hash} after 5 s`);
}

export async function runScenario(
  hre: HardhatRuntimeEnvironment,
  signer: Signer,
  rpc: JsonRpc,
  others: { alice: string; bob: string },
  transport?: Transport,
): Promise<Scenario> {
  const sender = (await signer.getAddress()).toLowerCase();
  const { alice, bob } = others;
  const artifact = async (name: string) => hre.artifacts.readArtifact(name);
  const deploy = async (
    name: string,
    args: unknown[] = [],
    link: Record<string, string> = {},
    value = 0n,
  ): Promise<{ address: string; hash: string }> => {
    const a = await artifact(name);
    let bytecode = a.bytecode;
    for (const [file, libs] of Object.entries(a.linkReferences)) {
      for (const [lib, refs] of Object.entries(libs)) {
        const target = link[lib] ?? link[`${file}:${lib}`];
        if (!target) throw new Error(`${name} needs library ${lib}`);
        for (const { start, length } of refs) {
          const at = 2 + start * 2;
          bytecode = bytecode.slice(0, at) + target.slice(2).toLowerCase() + bytecode.slice(at + length * 2);
        }
      }
    }
    const factory = new ContractFactory(a.abi, bytecode, signer);
    const request = await factory.getDeployTransaction(...args);
    const { hash, contractAddress } = await send(signer, rpc, { ...request, value }, transport);
    if (!contractAddress) throw new Error(`deploying ${name} failed`);
    return { address: contractAddress.toLowerCase(), hash };
  };
  const iface = async (name: string) => new Interface((await artifact(name)).abi);
  const call = async (to: string, name: string, fn: string, args: unknown[] = [], value = 0n) =>
    (await send(signer, rpc, { to, data: (await iface(name)).encodeFunctionData(fn, args), value }, transport)).hash;
  const read = async (to: string, name: string, fn: string): Promise<string> => {
    const i = await iface(name);
    const out = (await rpc.send("eth_call", [{ to, data: i.encodeFunctionData(fn, []) }, "latest"])) as string;
    return String(i.decodeFunctionResult(fn, out)[0]).toLowerCase();
  };

  const store = (await deploy("TracerStore")).address;
  const relay2 = (await deploy("TracerRelay", [store, "0x0000000000000000000000000000000000000000"])).address;
  const relay1 = (await deploy("TracerRelay", [store, relay2])).address;
  const lib = (await deploy("TracerLib")).address;
  const vault = (await deploy("TracerVault", [], { TracerLib: lib })).address;
  const factory = (await deploy("TracerFactory")).address;
  const bank = (await deploy("TracerBank")).address;

  const S = await storageSlots(hre, "TracerStore");
  const R = await storageSlots(hre, "TracerRelay");
  const V = await storageSlots(hre, "TracerVault");
  const F = await storageSlots(hre, "TracerFactory");
  const Ch = await storageSlots(hre, "TracerChild");
  const Bk = await storageSlots(hre, "TracerBank");
  if (S.low !== S.high) throw new Error("TracerStore.low and .high should share a slot");

  const steps: Step[] = [];
  const step = (name: string, hash: string, expect: Expectation): void => {
    steps.push({ name, hash, expect });
  };
  const rw = (...keys: string[]): Pick<Expectation, "storageReads" | "storageWrites"> => ({
    storageReads: keys,
    storageWrites: keys,
  });
  const sender2 = [balance(sender), nonce(sender)];

  step(
    "packed slot: both halves are one key",
    await call(store, "TracerStore", "setPacked", [1, 2]),
    rw(s(store, S.low)),
  );
  step("packed slot: one half is the whole slot", await call(store, "TracerStore", "setLow", [5]), rw(s(store, S.low)));
  step("plain counter", await call(store, "TracerStore", "bump"), rw(s(store, S.counter)));
  step("unchanged write without a load (x = current x)", await call(store, "TracerStore", "setCounter", [1]), {
    ...rw(s(store, S.counter)),
    unchanged: [s(store, S.counter)],
  });
  step("unchanged write after a load and an intermediate value", await call(store, "TracerStore", "rewrite"), {
    ...rw(s(store, S.counter)),
    unchanged: [s(store, S.counter)],
  });
  const position = mapSlot("address", alice, S.positions);
  step(
    "mapping of structs: two member slots",
    await call(store, "TracerStore", "setPosition", [alice, 7, 8]),
    rw(s(store, position), s(store, position + 1n)),
  );
  const nestedSlot = mapSlot("uint256", 9n, mapSlot("address", alice, S.nested));
  step("nested mapping", await call(store, "TracerStore", "setNested", [alice, 9, 10]), rw(s(store, nestedSlot)));
  step(
    "dynamic array push",
    await call(store, "TracerStore", "push", [11]),
    rw(s(store, S.items), s(store, arraySlot(S.items, 0n))),
  );
  step("transient storage is never a key", await call(store, "TracerStore", "guarded", [12]), rw(s(store, S.counter)));
  step("three-contract call chain", await call(relay1, "TracerRelay", "chain"), {
    ...rw(s(relay1, R.calls), s(relay2, R.calls), s(store, S.counter)),
    // Solidity checks the callee has code before a call that returns nothing (EXTCODESIZE).
    accountReads: [...sender2, code(relay2), code(store)],
    accountWrites: sender2,
  });
  step(
    "reverted inner call caught: its reads stay, its write vanishes",
    await call(relay1, "TracerRelay", "tryFail", [3]),
    {
      storageReads: [s(relay1, R.lastFailure), s(store, S.low), s(store, S.counter)],
      storageWrites: [s(relay1, R.lastFailure)],
    },
  );
  step("library DELEGATECALL writes the caller's storage", await call(vault, "TracerVault", "deposit", [5]), {
    ...rw(s(vault, mapSlot("address", sender, V.credits)), s(vault, V.total)),
    accountReads: sender2,
    accountWrites: sender2,
  });

  const makeHash = await call(factory, "TracerFactory", "make", [42], 1000n);
  const child1 = await read(factory, "TracerFactory", "last");
  const created = (child: string) => [code(child), nonce(child)];
  step("CREATE with value: constructor storage at the new address", makeHash, {
    ...rw(s(factory, F.made), s(factory, F.last), s(child1, Ch.owner), s(child1, Ch.seed)),
    accountReads: [...sender2, balance(factory), nonce(factory), balance(child1), ...created(child1)],
    accountWrites: [...sender2, balance(factory), nonce(factory), balance(child1), ...created(child1)],
  });
  const salt = `0x${"5a".repeat(32)}`;
  const make2Hash = await call(factory, "TracerFactory", "make2", [salt, 43]);
  const child2 = await read(factory, "TracerFactory", "last");
  step("CREATE2", make2Hash, {
    ...rw(s(factory, F.made), s(factory, F.last), s(child2, Ch.owner), s(child2, Ch.seed)),
    accountReads: [...sender2, nonce(factory), ...created(child2)],
    accountWrites: [...sender2, nonce(factory), ...created(child2)],
  });
  step("failed CREATE2: the creator's nonce still moves", await call(factory, "TracerFactory", "makeFailing", [salt]), {
    storageReads: [],
    storageWrites: [],
    accountReads: [...sender2, nonce(factory)],
    accountWrites: [...sender2, nonce(factory)],
    warning: /failed creation/,
  });

  step("value in, SELFBALANCE", await call(bank, "TracerBank", "deposit", [], 500n), {
    ...rw(s(bank, Bk.observed)),
    accountReads: [...sender2, balance(bank)],
    accountWrites: [...sender2, balance(bank)],
  });
  step("value out to an account without code", await call(bank, "TracerBank", "pay", [bob, 100]), {
    storageReads: [],
    storageWrites: [],
    accountReads: [...sender2, balance(bank), balance(bob)],
    accountWrites: [...sender2, balance(bank), balance(bob)],
  });
  step("BALANCE of another account", await call(bank, "TracerBank", "peek", [bob]), {
    ...rw(s(bank, Bk.observed)),
    accountReads: [...sender2, balance(bob)],
    accountWrites: sender2,
  });
  step("EXTCODESIZE", await call(bank, "TracerBank", "codeSize", [store]), {
    ...rw(s(bank, Bk.observed)),
    accountReads: [...sender2, code(store)],
    accountWrites: sender2,
  });
  step("reverted transaction: no writes but the sender's", await call(bank, "TracerBank", "pay", [bob, 10n ** 24n]), {
    storageReads: [],
    storageWrites: [],
    accountReads: [...sender2, balance(bank), balance(bob)],
    accountWrites: sender2,
    reverted: true,
  });
  const direct = await deploy("TracerChild", [44], {}, 7n);
  step("creation transaction with value", direct.hash, {
    ...rw(s(direct.address, Ch.owner), s(direct.address, Ch.seed)),
    accountReads: [...sender2, balance(direct.address), ...created(direct.address)],
    accountWrites: [...sender2, balance(direct.address), ...created(direct.address)],
  });
  step("plain ether transfer (no code runs)", (await send(signer, rpc, { to: alice, value: 3n }, transport)).hash, {
    storageReads: [],
    storageWrites: [],
    accountReads: [...sender2, balance(alice)],
    accountWrites: [...sender2, balance(alice)],
  });

  const direct2 = direct.address;
  return {
    steps,
    addresses: { store, relay1, relay2, lib, vault, factory, bank, child1, child2, direct: direct2, sender },
  };
}

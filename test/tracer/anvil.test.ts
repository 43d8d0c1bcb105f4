/**
 * Cross-check with an independent EVM: the same fixture transactions on anvil (revm), whose
 * prestateTracer lists every account and slot a transaction touched and, in diffMode, every
 * value it changed. Keys our tracer derives — from anvil's struct logs and from Hardhat's
 * (EDR) — must agree with it.
 */
import { expect } from "chai";
import hre from "hardhat";
import { JsonRpcProvider } from "ethers";
import { type AccessKey, type TxAccess, keyToString, partitionKeys } from "@lanes/types";
import { type TracedTransaction, traceTransaction } from "../../packages/tracer/src";
import { type Anvil, startAnvil } from "./anvil";
import { type Scenario, runScenario } from "./scenario";

interface PrestateAccount {
  balance?: string;
  nonce?: number;
  code?: string;
  storage?: Record<string, string>;
}
type Prestate = Record<string, PrestateAccount>;
interface PrestateDiff {
  pre: Prestate;
  post: Prestate;
}

const strings = (keys: readonly AccessKey[] | undefined): string[] => (keys ?? []).map(keyToString);
const storageStrings = (keys: readonly AccessKey[]): string[] => strings(partitionKeys(keys).storage);
const slotKey = (address: string, slot: string): string =>
  `storage:${address.toLowerCase()}:0x${BigInt(slot).toString(16).padStart(64, "0")}`;

/** Storage keys prestateTracer says were touched. */
function touchedSlots(pre: Prestate): Set<string> {
  const out = new Set<string>();
  for (const [address, account] of Object.entries(pre)) {
    for (const slot of Object.keys(account.storage ?? {})) out.add(slotKey(address, slot));
  }
  return out;
}

/** Storage keys whose value the transaction changed, per diffMode (a slot only in `pre` was zeroed). */
function changedSlots(diff: PrestateDiff): Set<string> {
  const out = new Set<string>();
  for (const address of new Set([...Object.keys(diff.pre), ...Object.keys(diff.post)])) {
    const before = diff.pre[address]?.storage ?? {};
    const after = diff.post[address]?.storage ?? {};
    for (const slot of new Set([...Object.keys(before), ...Object.keys(after)])) {
      if (BigInt(before[slot] ?? "0x0") !== BigInt(after[slot] ?? "0x0")) out.add(slotKey(address, slot));
    }
  }
  return out;
}

/** Account keys whose value changed, per diffMode. */
function changedAccounts(diff: PrestateDiff): Set<string> {
  const out = new Set<string>();
  for (const [address, after] of Object.entries(diff.post)) {
    const before = diff.pre[address] ?? {};
    const a = address.toLowerCase();
    if (after.balance !== undefined && BigInt(after.balance) !== BigInt(before.balance ?? "0x0"))
      out.add(`balance:${a}`);
    if (after.nonce !== undefined && after.nonce !== (before.nonce ?? 0)) out.add(`nonce:${a}`);
    if (after.code !== undefined && after.code !== (before.code ?? "0x")) out.add(`code:${a}`);
  }
  return out;
}

describe("tracer cross-checked with anvil's prestateTracer", function () {
  this.timeout(120_000);
  let anvil: Anvil | undefined;
  let provider: JsonRpcProvider | undefined;
  let onAnvil: Scenario;
  let onHardhat: Scenario;
  const anvilTraces: TracedTransaction[] = [];
  const hardhatTraces: TracedTransaction[] = [];
  const prestates: Prestate[] = [];
  const diffs: PrestateDiff[] = [];
  let coinbase = "";

  before(async () => {
    anvil = await startAnvil();
    provider = new JsonRpcProvider(anvil.url, undefined, { staticNetwork: true });
    const [signer, alice, bob] = await Promise.all([0, 1, 2].map((i) => (provider as JsonRpcProvider).getSigner(i)));
    onAnvil = await runScenario(hre, signer, anvil.rpc, { alice: alice.address, bob: bob.address });
    const [hhSigner] = await hre.ethers.getSigners();
    onHardhat = await runScenario(hre, hhSigner, hre.network.provider, { alice: alice.address, bob: bob.address });
    for (const [i, step] of onAnvil.steps.entries()) {
      // No pre-state reader: no-op writes must be proven from the trace alone on revm too.
      anvilTraces.push(await traceTransaction(anvil.rpc, step.hash, i, { preState: null }));
      prestates.push(
        (await anvil.rpc.send("debug_traceTransaction", [step.hash, { tracer: "prestateTracer" }])) as Prestate,
      );
      diffs.push(
        (await anvil.rpc.send("debug_traceTransaction", [
          step.hash,
          { tracer: "prestateTracer", tracerConfig: { diffMode: true } },
        ])) as PrestateDiff,
      );
    }
    for (const [i, step] of onHardhat.steps.entries()) {
      hardhatTraces.push(await traceTransaction(hre.network.provider, step.hash, i));
    }
    const block = (await anvil.rpc.send("eth_getBlockByNumber", ["latest", false])) as { miner: string };
    coinbase = block.miner.toLowerCase();
  });

  after(async () => {
    provider?.destroy();
    await anvil?.stop();
  });

  it("derives the expected keys from anvil's struct logs too", () => {
    for (const [i, step] of onAnvil.steps.entries()) {
      const { access } = anvilTraces[i];
      const what = `${step.name} (anvil)`;
      expect(storageStrings(access.reads), what).to.have.members([...step.expect.storageReads]);
      expect(storageStrings(access.writes), what).to.have.members([...step.expect.storageWrites]);
      expect(strings(access.unchangedWrites), what).to.have.members([...(step.expect.unchanged ?? [])]);
      if (step.expect.accountWrites) {
        expect(strings(partitionKeys(access.writes).account), what).to.have.members([...step.expect.accountWrites]);
      }
      if (step.expect.accountReads) {
        expect(strings(partitionKeys(access.reads).account), what).to.have.members([...step.expect.accountReads]);
      }
    }
  });

  it("derives the same access sets from EDR's and from anvil's traces", () => {
    const roles = Object.keys(onAnvil.addresses);
    const rename = (text: string): string =>
      roles.reduce((t, role) => t.split(onHardhat.addresses[role]).join(onAnvil.addresses[role]), text);
    const comparable = (access: TxAccess) => ({
      reads: strings(access.reads),
      writes: strings(access.writes),
      unchanged: strings(access.unchangedWrites),
      reverted: access.reverted,
      selector: access.selector,
    });
    for (const [i, step] of onAnvil.steps.entries()) {
      const edr = comparable(hardhatTraces[i].access);
      const revm = comparable(anvilTraces[i].access);
      expect(edr.reads.map(rename), step.name).to.have.members(revm.reads);
      expect(edr.writes.map(rename), step.name).to.have.members(revm.writes);
      expect(edr.unchanged.map(rename), step.name).to.have.members(revm.unchanged);
      expect([edr.reverted, edr.selector], step.name).to.deep.equal([revm.reverted, revm.selector]);
    }
  });

  it("reads exactly the slots prestateTracer saw touched (a failed creation's own slots aside)", async () => {
    for (const [i, step] of onAnvil.steps.entries()) {
      const ours = new Set(storageStrings(anvilTraces[i].access.reads));
      const theirs = touchedSlots(prestates[i]);
      for (const key of ours) expect(theirs.has(key), `${step.name}: ${key} not in prestate`).to.equal(true);
      for (const key of theirs) {
        if (ours.has(key)) continue;
        // The only slots we may miss: those of an account a failed creation was building, whose
        // address never reaches a stack; nothing else can ever have written them.
        const address = key.split(":")[1];
        expect(step.expect.warning, `${step.name}: prestate has ${key}`).to.not.equal(undefined);
        expect(await anvil?.rpc.send("eth_getCode", [address, "latest"]), key).to.equal("0x");
      }
    }
  });

  it("writes exactly the slots diffMode shows changed, plus the flagged no-op writes", () => {
    for (const [i, step] of onAnvil.steps.entries()) {
      const { access } = anvilTraces[i];
      const unchanged = new Set(strings(access.unchangedWrites));
      const changed = storageStrings(access.writes).filter((key) => !unchanged.has(key));
      expect(changed, step.name).to.have.members([...changedSlots(diffs[i])]);
    }
  });

  it("covers every account prestateTracer saw, and every balance, nonce and code it saw change", () => {
    for (const [i, step] of onAnvil.steps.entries()) {
      const { access } = anvilTraces[i];
      const ours = new Set(strings(access.writes));
      for (const key of changedAccounts(diffs[i])) {
        if (key === `balance:${coinbase}`) continue;
        expect(ours.has(key), `${step.name}: ${key} changed but is not a write`).to.equal(true);
      }
      const touched = new Set(Object.keys(prestates[i]).map((a) => a.toLowerCase()));
      for (const key of strings(access.reads)) {
        const address = key.split(":")[1];
        expect(touched.has(address), `${step.name}: ${key} is not in prestate`).to.equal(true);
      }
    }
  });
});

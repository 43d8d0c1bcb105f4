/**
 * The synthetic workload of the Block-STM paper: Aptos peer-to-peer transfers, each reading ~8
 * keys and writing ~5, between accounts drawn uniformly from `accounts`. The keys of one transfer:
 * - written (and so read): sender's sequence number, sender's balance, receiver's balance,
 *   sender's withdraw-event counter, receiver's deposit-event counter;
 * - read only: three global configuration keys (chain id, gas schedule, block timestamp) that
 *   every transfer reads and nobody writes.
 * Every account is its own contract address; the keys are storage keys, so `keys: "storage"`
 * keeps them all. Sender and receiver are distinct (with one account, a self-transfer).
 */
import { type TxAccess, storageKey } from "@lanes/types";
import { P2P_TRANSFER_GAS } from "./cost-model";
import { ExecutorInputError } from "./errors";
import { seededRandom } from "./random";

export interface P2pOptions {
  readonly count: number;
  readonly accounts: number;
  readonly seed: number;
  /** Gas per transfer; the default is the unit the cost model is calibrated on. */
  readonly gas?: number;
}

const SEQUENCE = 0;
const BALANCE = 1;
const WITHDRAW_EVENTS = 2;
const DEPOSIT_EVENTS = 3;
const CONFIG = "0x0000000000000000000000000000000000000001";
const SENDER = "0x00000000000000000000000000000000000000f0";

function accountAddress(account: number): string {
  return `0x${(0x10000 + account).toString(16).padStart(40, "0")}`;
}

export function p2pTransfers(options: P2pOptions): TxAccess[] {
  const { count, accounts, seed } = options;
  const gas = options.gas ?? P2P_TRANSFER_GAS;
  if (!Number.isInteger(count) || count < 0)
    throw new ExecutorInputError(`p2p count ${count} must be a non-negative integer`);
  if (!Number.isInteger(accounts) || accounts < 1)
    throw new ExecutorInputError(`p2p accounts ${accounts} must be a positive integer`);
  const random = seededRandom(seed);
  const globals = [storageKey(CONFIG, 0), storageKey(CONFIG, 1), storageKey(CONFIG, 2)];
  const txs: TxAccess[] = [];
  for (let i = 0; i < count; i++) {
    const from = random.int(accounts);
    let to = accounts > 1 ? random.int(accounts - 1) : from;
    if (accounts > 1 && to >= from) to++;
    const a = accountAddress(from);
    const b = accountAddress(to);
    const writes = [
      storageKey(a, SEQUENCE),
      storageKey(a, BALANCE),
      storageKey(b, BALANCE),
      storageKey(a, WITHDRAW_EVENTS),
      storageKey(b, DEPOSIT_EVENTS),
    ];
    txs.push({
      index: i,
      from: SENDER,
      to: a as `0x${string}`,
      selector: "0x00000001",
      gasUsed: gas,
      reverted: false,
      reads: [...writes, ...globals],
      writes,
    });
  }
  return txs;
}

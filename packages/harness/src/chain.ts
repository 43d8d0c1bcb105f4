/**
 * The harness's view of a node: raw JSON-RPC through Hardhat's provider, with the few
 * operations workloads need. Transactions are sent from impersonated accounts (no signing) with
 * an explicit gas limit (no estimation, which would refuse to send a reverting transaction), one
 * per chain block: tracing a chain block re-executes its earlier transactions, so big chain
 * blocks trace in quadratic time (DESIGN.md, practical notes). A workload's block is a logical
 * group of consecutive transactions with one shared timestamp.
 */
import type { HardhatRuntimeEnvironment } from "hardhat/types";
import { findEdrProvider, sendTracedTransaction, type EdrProvider, type RawTraceItem } from "@lanes/tracer";
import { NodeError } from "./errors";

export interface Rpc {
  send(method: string, params: unknown[]): Promise<unknown>;
}

export interface TxRequest {
  from: string;
  to: string;
  data: string;
  value?: bigint;
  /** What the transaction does, for reports (e.g. `router.swapExactTokensForTokens`). */
  label: string;
}

export interface SentTx {
  hash: string;
  request: TxRequest;
  reverted: boolean;
  gasUsed: number;
  blockNumber: number;
  /**
   * The raw trace EDR returned while executing the transaction (in-process network only): the
   * tracer reads it instead of re-executing with debug_traceTransaction, ~10x faster on swaps.
   */
  rawTrace?: RawTraceItem[];
}

// 15,000,000: never the binding constraint, and under the per-transaction cap (EIP-7825).
const TX_GAS_LIMIT = "0xe4e1c0";

const hex = (n: bigint | number): string => `0x${BigInt(n).toString(16)}`;

export class Chain {
  readonly rpc: Rpc;
  private readonly impersonated = new Set<string>();
  private edr: EdrProvider | null | undefined;
  private coinbaseCache: string | undefined;

  constructor(readonly hre: HardhatRuntimeEnvironment) {
    this.rpc = {
      send: (method, params) => hre.network.provider.send(method, params),
    };
  }

  /** Fails with a clear message when the node is not there. */
  async checkReachable(): Promise<void> {
    try {
      await this.rpc.send("eth_chainId", []);
    } catch (error) {
      const url = "url" in this.hre.network.config ? ` at ${String(this.hre.network.config.url)}` : "";
      throw new NodeError(
        `cannot reach the node of network "${this.hre.network.name}"${url} (${(error as Error).message.split("\n")[0]}): ` +
          "start it, or leave out --network to use the in-process Hardhat network",
      );
    }
  }

  /**
   * EDR's provider under Hardhat's wrappers, when the network is the in-process one (found after
   * the first request, since Hardhat creates it lazily); null for a node over HTTP.
   */
  private edrProvider(): EdrProvider | null {
    if (this.edr === undefined) this.edr = findEdrProvider(this.hre.network.provider);
    return this.edr;
  }

  /** Whether transactions come back with their raw trace (the fast tracing path). */
  get rawTracing(): boolean {
    return this.edrProvider() !== null;
  }

  /** The fee recipient of the chain's blocks (constant on a dev node; parallel EVMs pay it lazily). */
  async coinbase(): Promise<string> {
    if (this.coinbaseCache === undefined) {
      const block = (await this.rpc.send("eth_getBlockByNumber", ["latest", false])) as { miner: string };
      this.coinbaseCache = block.miner;
    }
    return this.coinbaseCache;
  }

  async impersonate(address: string): Promise<void> {
    const key = address.toLowerCase();
    if (this.impersonated.has(key)) return;
    await this.rpc.send("hardhat_impersonateAccount", [address]);
    this.impersonated.add(key);
  }

  async setBalance(address: string, wei: bigint): Promise<void> {
    await this.rpc.send("hardhat_setBalance", [address, hex(wei)]);
  }

  async setStorage(address: string, slot: bigint, value: bigint): Promise<void> {
    await this.rpc.send("hardhat_setStorageAt", [address, hex(slot), `0x${value.toString(16).padStart(64, "0")}`]);
  }

  async latestBlock(): Promise<{ number: number; timestamp: number }> {
    const block = (await this.rpc.send("eth_getBlockByNumber", ["latest", false])) as {
      number: string;
      timestamp: string;
    };
    return { number: Number(block.number), timestamp: Number(block.timestamp) };
  }

  /** Mines an empty block, at `timestamp` if given. */
  async mineEmpty(timestamp?: number): Promise<void> {
    await this.rpc.send("evm_mine", timestamp === undefined ? [] : [timestamp]);
  }

  async setNextTimestamp(timestamp: number): Promise<void> {
    await this.rpc.send("evm_setNextBlockTimestamp", [hex(timestamp)]);
  }

  /** A storage word at the head of the chain. */
  async storageAt(address: string, slot: bigint): Promise<bigint> {
    return BigInt((await this.rpc.send("eth_getStorageAt", [address, hex(slot), "latest"])) as string);
  }

  async call(to: string, data: string): Promise<string> {
    return (await this.rpc.send("eth_call", [{ to, data }, "latest"])) as string;
  }

  /**
   * Sends one setup transaction without handing back its trace (a world's deployment and seeding,
   * which the report does not measure): plain `eth_sendTransaction`, about three times faster than
   * `send` on the in-process network. A revert fails with a one-line error naming `label` (with
   * automine on, the node answers a reverted transaction with an error; a creation's receipt is
   * read for its address and checked again). Returns the address a contract creation made.
   */
  async sendUntraced(
    request: Omit<TxRequest, "to"> & { to?: string },
  ): Promise<{ hash: string; contractAddress?: string }> {
    await this.impersonate(request.from);
    const tx: Record<string, string> = { from: request.from, data: request.data, gas: TX_GAS_LIMIT };
    if (request.to !== undefined) tx.to = request.to;
    if (request.value) tx.value = hex(request.value);
    let hash: string;
    try {
      hash = (await this.rpc.send("eth_sendTransaction", [tx])) as string;
    } catch (error) {
      throw new NodeError(`${request.label} from ${request.from} failed: ${(error as Error).message.split("\n")[0]}`);
    }
    // In process the node throws on a revert (checked above); another node (anvil) may not.
    if (request.to !== undefined && this.rawTracing) return { hash };
    const receipt = (await this.rpc.send("eth_getTransactionReceipt", [hash])) as {
      status: string;
      contractAddress: string | null;
    } | null;
    if (!receipt) throw new NodeError(`transaction ${hash} (${request.label}) was not mined; is automine on?`);
    if (receipt.status !== "0x1") throw new NodeError(`${request.label} from ${request.from} reverted`);
    return { hash, contractAddress: receipt.contractAddress ?? undefined };
  }

  /**
   * Sends one transaction and waits for it to be mined in its own block. A revert is a result,
   * not an error: the transaction is mined all the same and traced like any other.
   */
  async send(request: TxRequest): Promise<SentTx> {
    await this.impersonate(request.from);
    const tx: Record<string, string> = { from: request.from, to: request.to, data: request.data, gas: TX_GAS_LIMIT };
    if (request.value) tx.value = hex(request.value);
    let hash: string;
    let rawTrace: RawTraceItem[] | undefined;
    const edr = this.edrProvider();
    if (edr) {
      const sent = await sendTracedTransaction(
        edr,
        { from: request.from, to: request.to, data: request.data, value: request.value, gas: BigInt(TX_GAS_LIMIT) },
        request.label,
      );
      hash = sent.hash;
      rawTrace = sent.items;
    } else {
      try {
        hash = (await this.rpc.send("eth_sendTransaction", [tx])) as string;
      } catch (error) {
        const minedHash = (error as { transactionHash?: unknown }).transactionHash;
        if (typeof minedHash !== "string") {
          throw new NodeError(`sending ${request.label} from ${request.from} failed: ${(error as Error).message}`);
        }
        hash = minedHash;
      }
    }
    const receipt = (await this.rpc.send("eth_getTransactionReceipt", [hash])) as {
      status: string;
      gasUsed: string;
      blockNumber: string;
    } | null;
    if (!receipt) throw new NodeError(`transaction ${hash} (${request.label}) was not mined; is automine on?`);
    return {
      hash,
      request,
      reverted: receipt.status !== "0x1",
      gasUsed: Number(receipt.gasUsed),
      blockNumber: Number(receipt.blockNumber),
      rawTrace,
    };
  }
}

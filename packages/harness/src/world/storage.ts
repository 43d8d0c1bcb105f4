/** Writing ERC-20 balances and allowances straight into storage, slots from the layout. */
import { AbiCoder, keccak256 } from "ethers";
import type { Chain } from "../chain";
import type { ContractLayout } from "../layout";
import { variable } from "../layout";

const coder = AbiCoder.defaultAbiCoder();
const FLUSH_EVERY = 64;

/** Slot of `mapping[key]` for a mapping whose base slot is `base` (solc's rule). */
export function mappingSlot(key: string | bigint, base: bigint): bigint {
  const type = typeof key === "string" ? "address" : "uint256";
  return BigInt(keccak256(coder.encode([type, "uint256"], [key, base])));
}

/**
 * Gives `holders` `amount` each of an OpenZeppelin ERC-20 and an unlimited allowance to each of
 * `spenders`, by writing the token's storage (setup is not what the report measures, and one
 * write beats one transaction). Total supply is raised to match.
 */
export async function seedErc20(
  chain: Chain,
  token: string,
  layout: ContractLayout,
  holders: readonly string[],
  amount: bigint,
  spenders: readonly string[],
  currentSupply: bigint,
  /**
   * Called every FLUSH_EVERY writes when given: the node's cost per storage write grows with the
   * writes already pending on its next block, so a world that mines one then and there (on its
   * own clock) seeds faster.
   */
  flush?: () => Promise<void>,
): Promise<void> {
  const balances = variable(layout, "_balances").slot;
  const allowances = variable(layout, "_allowances").slot;
  const supply = variable(layout, "_totalSupply").slot;
  let writes = 0;
  const write = async (slot: bigint, value: bigint): Promise<void> => {
    await chain.setStorage(token, slot, value);
    if (flush && ++writes % FLUSH_EVERY === 0) await flush();
  };
  for (const holder of holders) {
    await write(mappingSlot(holder, balances), amount);
    const inner = mappingSlot(holder, allowances);
    for (const spender of spenders) await write(mappingSlot(spender, inner), (1n << 256n) - 1n);
  }
  await chain.setStorage(token, supply, currentSupply + amount * BigInt(holders.length));
}

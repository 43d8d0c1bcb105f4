/**
 * `pnpm bench` (AMM part): gas of the AMM's operations beside Uniswap v2's, measured under the
 * same conditions (see scripts/lib/gas.ts), written to bench/results/amm-gas.json.
 */
import hre from "hardhat";
import { measureAmmGas } from "../scripts/lib/gas";
import { formatGasTable } from "../scripts/lib/gasSnapshot";
import { writeResults } from "./lib/results";

async function main(): Promise<void> {
  const rows = await measureAmmGas(hre);
  console.log(formatGasTable(rows));
  const file = writeResults("amm-gas", "pnpm bench", {
    conditions:
      "Hardhat 2.29 in-process network, solc 0.8.28 cancun, optimizer 999999 runs, OpenZeppelin 5.7 ERC20 tokens, " +
      "reserves 1000e18 each, 1e18 swaps, each transaction in its own block 12 s after the previous, receipt.gasUsed",
    rows,
  });
  console.log(`\nwrote ${file}`);
}

main().catch((error: unknown) => {
  console.error(`bench: ${error instanceof Error ? error.message : String(error)}`);
  process.exitCode = 1;
});

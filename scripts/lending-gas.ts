/**
 * `pnpm gas` (lending part): measures the lending market's gas figures, writes
 * snapshots/lending.json and prints them beside Morpho Blue's.
 */
import hre from "hardhat";
import { writeGasSnapshot } from "./lib/gasSnapshot";
import { formatLendingGasTable, measureLendingGas } from "./lib/lendingGas";

async function main(): Promise<void> {
  const rows = await measureLendingGas(hre);
  const file = writeGasSnapshot("lending", rows);
  console.log(formatLendingGasTable(rows));
  console.log(`\nwrote ${file}`);
}

main().catch((error: unknown) => {
  console.error(`lending gas: ${error instanceof Error ? error.message : String(error)}`);
  process.exitCode = 1;
});

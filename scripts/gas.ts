/** `pnpm gas`: measures the AMM gas figures, writes snapshots/amm.json and prints them. */
import hre from "hardhat";
import { writeGasSnapshot, formatGasTable } from "./lib/gasSnapshot";
import { measureAmmGas } from "./lib/gas";

async function main(): Promise<void> {
  const rows = await measureAmmGas(hre);
  const file = writeGasSnapshot("amm", rows);
  console.log(formatGasTable(rows));
  console.log(`\nwrote ${file}`);
}

main().catch((error: unknown) => {
  console.error(`gas: ${error instanceof Error ? error.message : String(error)}`);
  process.exitCode = 1;
});

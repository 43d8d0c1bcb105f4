/**
 * `pnpm bench` (lending part): gas of the lending market's operations beside Morpho Blue v1.0.0's,
 * measured under the same conditions (see scripts/lib/lendingGas.ts), written to
 * bench/results/lending-gas.json.
 */
import hre from "hardhat";
import { formatLendingGasTable, measureLendingGas } from "../scripts/lib/lendingGas";
import { writeResults } from "./lib/results";

async function main(): Promise<void> {
  const rows = await measureLendingGas(hre);
  console.log(formatLendingGasTable(rows));
  const file = writeResults("lending-gas", "pnpm bench", {
    conditions:
      "Hardhat 2.29 in-process network, solc 0.8.28 cancun, optimizer 999999 runs, OpenZeppelin 5.7 ERC20 tokens, " +
      "one debt market and two collateral markets (18 decimals), mock Chainlink feeds (one slot), " +
      "measured operations a day after the previous one (interest accrues), returning users, receipt.gasUsed",
    reference: "Morpho Blue v1.0.0 on the same toolchain (one market, LLTV 0.86), from issue 5",
    rows,
  });
  console.log(`\nwrote ${file}`);
}

main().catch((error: unknown) => {
  console.error(`bench: ${error instanceof Error ? error.message : String(error)}`);
  process.exitCode = 1;
});

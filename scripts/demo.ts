/** `pnpm demo`: the AMM on the in-process Hardhat network, end to end. */
import hre from "hardhat";
import { runAmmDemo } from "./lib/demo";

runAmmDemo(hre, (line) => console.log(line)).catch((error: unknown) => {
  console.error(`demo: ${error instanceof Error ? error.message : String(error)}`);
  process.exitCode = 1;
});

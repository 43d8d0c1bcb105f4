/** Compiles small test sources with the npm solc package (standard JSON with AST and storageLayout). */
import { parseBuildInfo, type BuildInfo } from "../src";

// eslint-disable-next-line @typescript-eslint/no-require-imports
const solc = require("solc") as { compile(input: string): string };

export function compile(
  sources: Record<string, string>,
  outputs = ["abi", "storageLayout", "evm.deployedBytecode.immutableReferences"],
): BuildInfo {
  const input = {
    language: "Solidity",
    sources: Object.fromEntries(Object.entries(sources).map(([name, content]) => [name, { content }])),
    settings: { evmVersion: "cancun", outputSelection: { "*": { "*": outputs, "": ["ast"] } } },
  };
  const output = JSON.parse(solc.compile(JSON.stringify(input))) as {
    errors?: { severity: string; formattedMessage: string }[];
  };
  const errors = (output.errors ?? []).filter((e) => e.severity === "error");
  if (errors.length > 0) throw new Error(errors.map((e) => e.formattedMessage).join("\n"));
  return parseBuildInfo({ input, output }, "test");
}

import { subtask } from "hardhat/config";
import { TASK_COMPILE_SOLIDITY_GET_SOLC_BUILD } from "hardhat/builtin-tasks/task-names";
import type { HardhatUserConfig } from "hardhat/config";
import "@nomicfoundation/hardhat-toolbox";

/**
 * The one Solidity version Lanes builds with. Hardhat would download it, which is impossible
 * offline, so the compiler comes from the npm `solc` package pinned in package.json.
 */
const SOLC_VERSION = "0.8.28";

subtask(TASK_COMPILE_SOLIDITY_GET_SOLC_BUILD, async (args: { solcVersion: string }) => {
  if (args.solcVersion !== SOLC_VERSION) {
    throw new Error(
      `Lanes compiles offline with solc ${SOLC_VERSION} from the npm "solc" package; ` +
        `a source asked for ${args.solcVersion}. Change its pragma (or hardhat.config.ts) to ${SOLC_VERSION}.`,
    );
  }
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const solc = require("solc") as { version(): string };
  const longVersion = solc.version().replace(/\.Emscripten\.clang$/, "");
  return {
    compilerPath: require.resolve("solc/soljson.js"),
    isSolcJs: true,
    version: SOLC_VERSION,
    longVersion,
  };
});

const config: HardhatUserConfig = {
  solidity: {
    version: SOLC_VERSION,
    settings: {
      evmVersion: "cancun",
      optimizer: { enabled: true, runs: 999_999 },
      // The analyzer reads the AST and the storage layout from build-info.
      outputSelection: {
        "*": {
          "*": ["storageLayout"],
          "": ["ast"],
        },
      },
    },
  },
  networks: {
    hardhat: {
      // Each transaction gets its own chain block (tracing a big block is quadratic in EDR);
      // a workload's "block" is a logical group of consecutive transactions.
      allowBlocksWithSameTimestamp: true,
    },
  },
  paths: {
    sources: "./contracts",
    tests: "./test",
    cache: "./cache",
    artifacts: "./artifacts",
  },
  typechain: {
    outDir: "typechain-types",
    target: "ethers-v6",
  },
  mocha: {
    timeout: 120_000,
  },
  gasReporter: {
    enabled: false,
  },
};

export default config;

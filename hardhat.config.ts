import { subtask, task } from "hardhat/config";
import { HardhatPluginError } from "hardhat/plugins";
import { TASK_COMPILE_SOLIDITY_GET_SOLC_BUILD, TASK_TEST_GET_TEST_FILES } from "hardhat/builtin-tasks/task-names";
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

// Browser tests (`*.browser.ts`) need Chromium and run only when named: `pnpm test:browser`.
subtask(TASK_TEST_GET_TEST_FILES).setAction(async (args: { testFiles: string[] }, _hre, runSuper) => {
  const files = (await runSuper(args)) as string[];
  return args.testFiles.length > 0 ? files : files.filter((f) => !f.endsWith(".browser.ts"));
});

// The main job as a Hardhat task; the code is @lanes/cli's, loaded only when the task runs
// (so compiling never needs the packages built).
task(
  "lanes:report",
  "Run the standard workloads, trace them, predict them statically, replay both through every executor, write reports/",
)
  .addOptionalParam("workloads", 'comma-separated workload names, or "all"')
  .addOptionalParam("blocks", "logical blocks per workload (default 10; 50 with --deep)")
  .addOptionalParam("blockSize", "transactions per logical block (default 160)")
  .addOptionalParam("threads", "thread counts to simulate, e.g. 1,2,4,8,16,32,64")
  .addOptionalParam("seed", "workload seed")
  .addOptionalParam("skew", "Zipf exponent over pairs and lending markets (0 = uniform)")
  .addOptionalParam("repeatSenders", "share of a block's transactions from an account that already sent one")
  .addOptionalParam("users", "users of the AMM world (default 400)")
  .addOptionalParam("pairs", "pairs of the AMM world (default 24, at most 66)")
  .addOptionalParam("markets", "markets of the lending world (default 6, 2 to 8)")
  .addOptionalParam("lendingUsers", "users of the lending world (default 400)")
  .addOptionalParam("out", "output directory (default reports)")
  .addFlag("deep", "50 blocks per workload")
  .addFlag("noStatic", "skip the static side (analyzer predictions and the static-vs-dynamic section)")
  .setAction(async (args: Record<string, string | boolean | undefined>, hre) => {
    const { reportCommand, describeError } = await import("@lanes/cli");
    try {
      await reportCommand(hre, args, { out: (line) => console.log(line), err: process.stderr });
    } catch (error) {
      // A plugin error prints as one line, without a stack trace, and exits non-zero.
      throw new HardhatPluginError("lanes", describeError(error));
    }
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

/**
 * The `lanes` command line. It runs inside the Hardhat project of the current directory
 * (its hardhat.config.ts, compiled artifacts and networks).
 */
import { Command, CommanderError, Option } from "commander";
import { WORKLOAD_NAMES, DEFAULT_THREADS, LENDING_MARKETS } from "@lanes/harness";
import type { HardhatRuntimeEnvironment } from "hardhat/types";
import { LanesError } from "@lanes/types";
import { describeError } from "./errors";
import { reportCommand, type ReportArgs } from "./report";
import { soundnessCommand, type SoundnessArgs } from "./soundness";

/**
 * Loads the Hardhat project of the current directory the way Hardhat's own CLI does: a
 * TypeScript config needs ts-node registered first. Loaded late: the network must be chosen
 * before Hardhat reads its config.
 */
function loadHardhat(network: string | undefined): HardhatRuntimeEnvironment {
  if (network !== undefined) process.env.HARDHAT_NETWORK = network;
  /* eslint-disable @typescript-eslint/no-require-imports */
  const { resolveConfigPath } = require("hardhat/internal/core/config/config-loading") as {
    resolveConfigPath(path: string | undefined): string;
  };
  const tsSupport = require("hardhat/internal/core/typescript-support") as {
    willRunWithTypescript(path: string): boolean;
    loadTsNode(tsConfigPath?: string, shouldTypecheck?: boolean): void;
  };
  let configPath: string;
  try {
    configPath = resolveConfigPath(undefined);
  } catch {
    throw new LanesError(
      "NO_PROJECT",
      `no hardhat.config.{ts,js} in ${process.cwd()} or above: run lanes inside a Hardhat project`,
    );
  }
  if (tsSupport.willRunWithTypescript(configPath)) tsSupport.loadTsNode(undefined, false);
  return require("hardhat") as HardhatRuntimeEnvironment;
  /* eslint-enable @typescript-eslint/no-require-imports */
}

/** The workload and world options `report` and `soundness` share. */
function workloadOptions(command: Command): Command {
  return command
    .addOption(
      new Option("--workloads <list>", `comma-separated, or "all": ${WORKLOAD_NAMES.join(", ")}`).default("all"),
    )
    .option("--block-size <n>", "transactions per logical block", "160")
    .option("--seed <n>", "workload seed", "1")
    .option("--skew <s>", "Zipf exponent over pairs and lending markets (0 = uniform; lending users get half)", "1")
    .option(
      "--repeat-senders <share>",
      "share of a block's transactions sent by an account that already sent one",
      "0.1",
    )
    .option("--users <n>", "users of the AMM world (default 400)")
    .option("--pairs <n>", "pairs of the AMM world (default 24, at most 66)")
    .option(
      "--markets <n>",
      `markets of the lending world (default 6, from 2 to ${LENDING_MARKETS.length}: ${LENDING_MARKETS.map((m) => m.symbol).join(", ")})`,
    )
    .option("--lending-users <n>", "users of the lending world (default 400)")
    .addHelpText(
      "after",
      "\nEach workload acts in the AMM world, the lending world or both (see `lanes workloads`); only the worlds the\n" +
        "selected workloads need are deployed.",
    );
}

export async function main(argv: string[]): Promise<number> {
  const program = new Command();
  program
    .name("lanes")
    .description("How well would your contracts run on a parallel EVM, and which storage slots stop them?")
    .exitOverride()
    .configureOutput({ writeErr: (s) => process.stderr.write(s) });

  workloadOptions(program.command("report"))
    .description(
      "run the standard workloads, trace them, predict them with the analyzer, replay both through every executor, write reports/",
    )
    .option("--blocks <n>", "logical blocks per workload (default 10; 50 with --deep)")
    .option("--threads <list>", "thread counts to simulate", DEFAULT_THREADS.join(","))
    .option("--deep", "50 blocks per workload")
    .option("--out <dir>", "output directory", "reports")
    .option("--no-static", "skip the static side: no analyzer predictions, no static-vs-dynamic section (faster)")
    .option("--network <name>", "a network of hardhat.config.ts (default: the in-process Hardhat network)")
    .action(async (opts: ReportArgs & { network?: string; blockSize?: string; repeatSenders?: string }) => {
      const hre = loadHardhat(opts.network);
      await reportCommand(hre, opts, { out: (l) => console.log(l), err: process.stderr });
    });

  workloadOptions(program.command("soundness"))
    .description("trace the standard workloads, predict them with the analyzer, count missed keys (fails on any)")
    .option("--blocks <n>", "logical blocks per workload (default 10)")
    .option("--out <dir>", "output directory (writes soundness.json)", "reports")
    .option("--network <name>", "a network of hardhat.config.ts (default: the in-process Hardhat network)")
    .action(async (opts: SoundnessArgs & { network?: string }) => {
      const hre = loadHardhat(opts.network);
      await soundnessCommand(hre, opts, { out: (l) => console.log(l), err: process.stderr });
    });

  program
    .command("analyze")
    .description("static storage access summaries of every compiled contract")
    .option("--json", "print the summaries as JSON")
    .option("--contract <name>", "only this contract (Name or path/File.sol:Name)")
    .option("--artifacts <dir>", "Hardhat's artifacts folder", "artifacts")
    .action(async (opts: { json?: boolean; contract?: string; artifacts: string }) => {
      const { analyzeArtifacts } = await import("@lanes/harness");
      const summaries = analyzeArtifacts({ artifacts: opts.artifacts, contract: opts.contract });
      if (opts.json) {
        console.log(JSON.stringify(summaries, null, 2));
        return;
      }
      for (const c of summaries) {
        console.log(c.contract);
        for (const e of c.entryPoints) {
          const reads = e.accesses.filter((a) => a.mode === "read").length;
          const writes = e.accesses.filter((a) => a.mode === "write").length;
          const wild = e.accesses.filter((a) => a.kind === "wildcard").length;
          console.log(
            `  ${e.selector.padEnd(10)} ${e.signature}: ${reads} reads, ${writes} writes, ${wild} wildcards, ${e.calls.length} calls`,
          );
        }
      }
    });

  program
    .command("workloads")
    .description("list the standard workloads and the worlds they act in")
    .action(async () => {
      const { WORKLOADS } = await import("@lanes/harness");
      const width = Math.max(...WORKLOADS.map((w) => w.name.length));
      for (const w of WORKLOADS)
        console.log(`${w.name.padEnd(width)}  [${w.worlds.join("+")}] ${w.title}: ${w.description}`);
    });

  try {
    await program.parseAsync(argv);
    return 0;
  } catch (error) {
    if (error instanceof CommanderError) return error.exitCode === 0 ? 0 : 2;
    if (process.env.LANES_DEBUG) console.error(error);
    console.error(`lanes: ${describeError(error)}`);
    return 1;
  }
}

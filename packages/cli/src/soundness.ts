/** `lanes soundness`: the analyzer's predictions against the traced truth; fails on any missed key. */
import path from "node:path";
import type { HardhatRuntimeEnvironment } from "hardhat/types";
import {
  parseLendingWorld,
  parseParams,
  parseWorld,
  parseWorkloads,
  runSoundness,
  soundnessTable,
} from "@lanes/harness";
import { LanesError } from "@lanes/types";
import type { ReportArgs } from "./report";

/** The same workload and world options as `lanes report` (threads do not apply). */
export type SoundnessArgs = Omit<ReportArgs, "threads">;

/** Missed keys: the prediction was unsound. The command still wrote its file and table first. */
export class SoundnessViolationError extends LanesError {
  constructor(message: string) {
    super("SOUNDNESS", message);
  }
}

export async function soundnessCommand(
  hre: HardhatRuntimeEnvironment,
  args: SoundnessArgs,
  io: { out: (line: string) => void; err: NodeJS.WriteStream },
): Promise<void> {
  // Validate everything before any work starts.
  const workloads = parseWorkloads(args.workloads);
  const params = parseParams(args);
  const world = parseWorld(args);
  const lending = parseLendingWorld(args);
  const outDir = path.resolve(args.out ?? "reports");
  const { result, file } = await runSoundness(
    hre,
    { workloads, params, world, lending, outDir },
    {
      phase: (text) => io.err.write(`• ${text}\n`),
      progress: {
        traced: (workload, done, total) => {
          if (done === total || done % 500 === 0) io.err.write(`  ${workload}: traced ${done}/${total}\n`);
        },
      },
    },
  );
  io.out(soundnessTable(result));
  io.out(`\nwrote ${path.relative(process.cwd(), file)}`);
  if (result.totals.missedKeys > 0) {
    throw new SoundnessViolationError(
      `${result.totals.missedKeys} traced keys were missing from the static prediction (see ${path.relative(process.cwd(), file)}, "misses")`,
    );
  }
}

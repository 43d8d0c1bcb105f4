/** `lanes report` and the `lanes:report` Hardhat task share this. */
import path from "node:path";
import { SingleBar, Presets } from "cli-progress";
import type { HardhatRuntimeEnvironment } from "hardhat/types";
import {
  parseLendingWorld,
  parseParams,
  parseThreads,
  parseWorld,
  parseWorkloads,
  runReport,
  type ParamInput,
  type WorldInput,
} from "@lanes/harness";
import { summaryTable } from "./summary";

export interface ReportArgs extends ParamInput, WorldInput {
  workloads?: string;
  threads?: string;
  out?: string;
  /**
   * false skips the static side (`--no-static`: commander sets `static: false`). The Hardhat task
   * may pass `noStatic: true` or `static: "false"`. Default on.
   */
  static?: boolean | string;
  noStatic?: boolean | string;
}

/** Whether the static side runs: on unless `--no-static` (or the task's equivalent) says otherwise. */
export function staticRequested(args: Pick<ReportArgs, "static" | "noStatic">): boolean {
  const yes = (v: boolean | string | undefined): boolean => v === true || v === "true";
  const no = (v: boolean | string | undefined): boolean => v === false || v === "false";
  return !(no(args.static) || yes(args.noStatic));
}

export async function reportCommand(
  hre: HardhatRuntimeEnvironment,
  args: ReportArgs,
  io: { out: (line: string) => void; err: NodeJS.WriteStream },
): Promise<void> {
  // Validate everything before any work starts.
  const workloads = parseWorkloads(args.workloads);
  const threads = args.threads === undefined ? undefined : parseThreads(args.threads);
  const params = parseParams(args);
  const world = parseWorld(args);
  const lending = parseLendingWorld(args);
  const outDir = path.resolve(args.out ?? "reports");
  const withStatic = staticRequested(args);

  const interactive = io.err.isTTY === true;
  let bar: SingleBar | undefined;
  let barWorkload = "";
  const { report, files } = await runReport(
    hre,
    { workloads, threads, params, outDir, world, lending, static: withStatic },
    {
      phase: (text) => {
        bar?.stop();
        bar = undefined;
        io.err.write(`• ${text}\n`);
      },
      progress: {
        traced: (workload, done, total) => {
          if (!interactive) {
            if (done === total || done % 500 === 0) io.err.write(`  ${workload}: traced ${done}/${total}\n`);
            return;
          }
          if (!bar || barWorkload !== workload) {
            bar?.stop();
            bar = new SingleBar(
              { format: `  ${workload} |{bar}| {value}/{total} traced, ETA {eta}s`, stream: io.err },
              Presets.shades_classic,
            );
            barWorkload = workload;
            bar.start(total, 0);
          }
          bar.update(done);
          if (done === total) {
            bar.stop();
            bar = undefined;
          }
        },
      },
    },
  );
  bar?.stop();
  io.out(summaryTable(report));
  io.out(
    `\nwrote ${path.relative(process.cwd(), files.json)}, ${path.relative(process.cwd(), files.markdown)}, ${path.relative(process.cwd(), files.html)}`,
  );
}

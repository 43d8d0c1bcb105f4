/** Benchmark results files: bench/results/<name>.json with the machine and the command. */
import { mkdirSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";

export interface MachineInfo {
  cpu: string;
  cores: number;
  memoryGiB: number;
  platform: string;
  node: string;
}

export function machineInfo(): MachineInfo {
  const cpus = os.cpus();
  return {
    cpu: cpus[0]?.model.trim() ?? "unknown",
    cores: cpus.length,
    memoryGiB: Math.round((os.totalmem() / 2 ** 30) * 10) / 10,
    platform: `${os.platform()} ${os.release()} ${os.arch()}`,
    node: process.version,
  };
}

export const RESULTS_DIR = path.resolve(__dirname, "..", "results");

export function writeResults(name: string, command: string, results: unknown): string {
  mkdirSync(RESULTS_DIR, { recursive: true });
  const file = path.join(RESULTS_DIR, `${name}.json`);
  const body = { name, command, date: new Date().toISOString(), machine: machineInfo(), results };
  writeFileSync(file, JSON.stringify(body, (_, v) => (typeof v === "bigint" ? v.toString() : v), 2) + "\n");
  return file;
}

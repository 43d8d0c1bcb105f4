/** Turning any failure into one line for the terminal, never a stack trace (unless LANES_DEBUG). */
import { LanesError } from "@lanes/types";

export function describeError(error: unknown): string {
  if (error instanceof LanesError) return error.message;
  if (error instanceof Error) {
    // Hardhat's own errors carry a code like HH100 and a clear first line.
    const first = error.message.split("\n")[0];
    const code = (error as { errorDescriptor?: { number?: number } }).errorDescriptor?.number;
    return code !== undefined && !first.includes(`HH${code}`) ? `${first} (HH${code})` : first;
  }
  return String(error);
}

/**
 * Errors the executor raises. One line each, so a command-line front end can print them as they are.
 */
import { LanesError } from "@lanes/types";

/** A thread count that is not a positive integer. */
export class ThreadCountError extends LanesError {
  constructor(threads: unknown) {
    super("THREAD_COUNT", `thread count ${String(threads)} must be a positive integer`);
  }
}

/** An executor name that is not one of EXECUTOR_KINDS. */
export class UnknownExecutorError extends LanesError {
  constructor(kind: string, known: readonly string[]) {
    super("UNKNOWN_EXECUTOR", `unknown executor "${kind}" (expected one of ${known.join(", ")})`);
  }
}

/** A block or an option the executor cannot replay (bad gas, a negative cost parameter, …). */
export class ExecutorInputError extends LanesError {
  constructor(message: string) {
    super("EXECUTOR_INPUT", message);
  }
}

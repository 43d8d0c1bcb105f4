/**
 * Errors of the tracer. Each message is one line, so a command-line front end can print it as is.
 */
import { LanesError } from "@lanes/types";

/** A trace or a node response does not have the shape `debug_traceTransaction` promises. */
export class TraceFormatError extends LanesError {
  constructor(message: string) {
    super("TRACE_FORMAT", message);
  }
}

/** The node could not answer (transaction unknown, method unsupported, connection lost). */
export class TraceRpcError extends LanesError {
  constructor(message: string) {
    super("TRACE_RPC", message);
  }
}

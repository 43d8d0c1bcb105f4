import { LanesError } from "@lanes/types";

/** A request the harness cannot run as asked (unknown workload, bad thread list, …). */
export class HarnessInputError extends LanesError {
  constructor(message: string) {
    super("HARNESS_INPUT", message);
  }
}

/** The compiled contracts the harness deploys are missing or stale. */
export class MissingArtifactsError extends LanesError {
  constructor(message: string) {
    super("MISSING_ARTIFACTS", message);
  }
}

/** The node could not be reached, or answered something the harness cannot use. */
export class NodeError extends LanesError {
  constructor(message: string) {
    super("NODE", message);
  }
}

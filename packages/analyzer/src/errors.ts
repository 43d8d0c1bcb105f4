/**
 * Typed errors of the analyzer: one-line messages a command-line front end prints as they are.
 */
import { LanesError } from "@lanes/types";

/** Build-info is missing, unreadable, or lacks what the analysis needs (AST, storageLayout). */
export class BuildInfoError extends LanesError {
  constructor(message: string) {
    super("BUILD_INFO", message);
  }
}

/** A contract was asked for that build-info has no source (or no AST) for. */
export class MissingSourceError extends LanesError {
  constructor(message: string) {
    super("MISSING_SOURCE", message);
  }
}

/** A transaction's selector is not in the contract's ABI (and the contract has no fallback). */
export class UnknownSelectorError extends LanesError {
  constructor(message: string) {
    super("UNKNOWN_SELECTOR", message);
  }
}

/**
 * Typed errors shared by every Lanes package. A command-line front end prints `message`
 * on one line and exits non-zero; `code` lets callers branch without parsing text.
 */
export class LanesError extends Error {
  constructor(
    readonly code: string,
    message: string,
  ) {
    super(message);
    this.name = new.target.name;
  }
}

/** A string or object that should have been a key, an address or a slot, but is not. */
export class KeyFormatError extends LanesError {
  constructor(message: string) {
    super("KEY_FORMAT", message);
  }
}

/** A transaction access record read from outside (a file, another process) is malformed. */
export class TxAccessFormatError extends LanesError {
  constructor(message: string) {
    super("TX_ACCESS_FORMAT", message);
  }
}

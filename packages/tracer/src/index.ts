export * from "./errors";
export * from "./words";
export * from "./keccak";
export * from "./structlog";
export * from "./frames";
export * from "./access";
export * from "./candidates";
export * from "./rpc";

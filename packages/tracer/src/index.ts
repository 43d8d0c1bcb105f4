export * from "./errors";
export * from "./words";
export * from "./structlog";
export * from "./frames";
export * from "./access";

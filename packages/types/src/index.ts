export * from "./errors";
export * from "./hex";
export * from "./keys";
export * from "./access";
export * from "./names";
export * from "./config";

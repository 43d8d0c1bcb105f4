export { main } from "./main";
export { reportCommand, type ReportArgs } from "./report";
export { describeError } from "./errors";

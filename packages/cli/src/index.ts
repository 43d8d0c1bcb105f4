export { main } from "./main";
export { reportCommand, type ReportArgs } from "./report";
export { describeError } from "./errors";
export { soundnessCommand, SoundnessViolationError, type SoundnessArgs } from "./soundness";

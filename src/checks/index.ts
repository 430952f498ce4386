export type * from './types.js';
export {
  matchValue,
  compileExpectation,
  type MatchOutcome,
  type MatchMode,
  type CompiledExpectation,
} from './matchers.js';
export { pollUntilDone, type AttemptOutcome, type PollOptions } from './poll.js';
export { evaluateHttpCheck } from './http.js';
export { closeHttpAgent } from './http-client.js';
export { evaluateCommandCheck } from './command.js';
export { summarizeFailure } from './summary.js';
export { evaluateK8sCheck } from './kubernetes.js';
export { CookieJar } from './cookies.js';
export { judgeOutput } from './output.js';

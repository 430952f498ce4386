export type * from './types.js';
export { matchValue, describeExpectation, describeActual, type MatchOutcome, type MatchMode } from './matchers.js';
export { pollUntilDone, type AttemptOutcome, type PollOptions } from './poll.js';
export { evaluateK8sCheck } from './kubernetes.js';
export { checkJsonPath, compileJsonPath, JsonPathError } from './jsonpath.js';

export type * from './types.js';
export { matchValue, describeExpectation, describeActual, type MatchOutcome, type MatchMode } from './matchers.js';
export { pollUntilDone, type AttemptOutcome, type PollOptions } from './poll.js';

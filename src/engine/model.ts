/**
 * The engine's pure model, a second entry beside index.ts: the event vocabulary, the reducer and
 * the step-progress fold. Importing it loads no shell, no HTTP client and no target, so the home
 * screen, the reporters and the progress store can read what a step earned without pulling in a
 * lesson runner.
 */
export type * from './events.js';
export {
  rateLimitSeries,
  outcomeOf,
  rateLimitCounters,
  type RateLimitSeries,
  type RateLimitPoint,
  type RateLimitOutcome,
} from './rate-limit-series.js';
export { reduce, initialRunState, countSteps, stepProgress, earlierStepNote, OUTPUT_LINES_KEPT } from './state.js';
export type {
  RunState,
  StepState,
  StepItem,
  StepProgress,
  CommandItem,
  CheckItem,
  FileItem,
  CaptureItem,
} from './state.js';
export {
  earn,
  earnedFromRecord,
  recordOf,
  hasPassed,
  isSettled,
  tally,
  isComplete,
  tallyLine,
  firstUnpassedBefore,
  type Earned,
  type Attempt,
  type Tally,
} from './progress.js';

/**
 * Instructor demo mode without its face: the presentation controller (step cursor, typing,
 * pacing, `--from`), lesson clean-up for rehearsals, and asciicast recording and replay. The
 * ink view lives in src/ui/demo; nothing here imports ink.
 */
export { Demo, type DemoOptions, type DemoListener } from './demo.js';
export type { DemoState, DemoActivity, TypingView, FastForwardView, AutoAdvanceView } from './types.js';
export {
  TITLE_CARD,
  nextPosition,
  previousPosition,
  stepsBefore,
  samePosition,
  type DemoPosition,
} from './positions.js';
export { parseFromSpec, resolveFrom, type FromSpec } from './from-spec.js';
export { DemoError } from './errors.js';
export { systemClock, type DemoClock } from './clock.js';
export { seededRandom } from './random.js';
export {
  typingSchedule,
  scheduleDuration,
  DEFAULT_CHARS_PER_SECOND,
  type TypingOptions,
  type TypingSchedule,
} from './typing.js';
export { TypingRun } from './typist.js';
export type { CommandTypistOptions } from './command-typist.js';
export { AutoAdvance } from './pacing.js';
export {
  CastWriter,
  type CastHeader,
  type CastEvent,
  type CastEventCode,
  type CastWriterOptions,
} from './asciicast.js';
export { readCast, parseCast, type Cast } from './asciicast-reader.js';
export { ReplayPlayer, type ReplayOptions, type ReplayState } from './replay.js';
export { replayFrame, replayKeyBar, REPLAY_KEYS } from './replay-frame.js';
export { resetLessons, cleanupOnly, type ResetOptions, type ResetOutcome } from './reset.js';
export type { Talk } from './talk.js';
export {
  StageRedactor,
  stagePathsFor,
  stagePathRewriter,
  type StagePath,
  type StagePathsInput,
} from './stage-paths.js';

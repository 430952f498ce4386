export type * from './events.js';
export {
  LessonRun,
  createLessonRun,
  type LessonRunOptions,
  type RunListener,
  type ProbedCheck,
} from './lesson-run.js';
export type { PromptRequest, Prompter } from './prompting.js';
export type { RunFault, PendingCommand } from './blocks.js';
export { reduce, initialRunState, countSteps, OUTPUT_LINES_KEPT } from './state.js';
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
export { VariableStore, type VariableOrigin } from './variables.js';

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
export * from './model.js';
export type { VariableOrigin } from './variables.js';
export { pathWithKongWorkshop } from './tool-path.js';
export { isDeclaredOutput, type DeclaredOutput } from './output-check.js';

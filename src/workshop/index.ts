/**
 * The guided workshop's logic, without its face: lessons, progress, resume and re-check, trust,
 * prompts and credentials. src/ui renders WorkshopState and calls the Workshop's actions.
 */
export { Workshop, type WorkshopOptions, type WorkshopListener } from './workshop.js';
export type {
  WorkshopState,
  LessonEntry,
  EntryProgress,
  OpenLesson,
  LessonActivity,
  Dialog,
  PromptDialog,
  TrustDialog,
  ResumeDialog,
  Notice,
  TargetStatus,
} from './types.js';
export { progressSnapshot, resumeIndex, earlierStatuses } from './progress-record.js';
export { commandPreviews } from './previews.js';
export { pagerCommand } from './external-pager.js';
export {
  declaredVars,
  lessonOrigin,
  rememberSecretExports,
  savedSecretExports,
  savedSecretsFor,
  secretsSavedElsewhere,
} from './lesson-secrets.js';

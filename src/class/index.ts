/**
 * The class: an instructor's live view of every learner's progress. The server and its
 * append-only event log, the model both instructor views draw, the export, and the learner's
 * side (membership, the reporter that turns a run's events into class events, the outbox).
 */
export {
  startClass,
  stopClass,
  exportClass,
  instructorConnection,
  instructorRequest,
  followClass,
  isClassView,
  type RunningClass,
  type InstructorConnection,
} from './instructor.js';
export { startClassServer, MAX_BODY_BYTES, type ClassServer, type ClassServerOptions } from './server.js';
export { ClassError } from './class-store.js';
export type { ExportFormat } from './export.js';
export {
  ClassModel,
  type ClassView,
  type ViewColumn,
  type ViewLearner,
  type LearnerNews,
  type CellCode,
} from './model.js';
export { joinClass, leaveClass, loadMembership, type Membership } from './membership.js';
export { createClassReporter, type ClassReporter } from './learner.js';
export { newJoinCode, newSecretToken } from './codes.js';
export type { ClassConfig, LearnerEvent } from './records.js';

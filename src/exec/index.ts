export type * from './types.js';
export { createShellSession } from './shell-session.js';
export { RUN_MARKER_ENV, exitCodeForSignal } from './model.js';

export type * from './types.js';
export { createShellSession } from './shell-session.js';

export type * from './types.js';
export { TARGET_NAMES } from './types.js';
export { BUILTIN_VARIABLES, TARGET_VARIABLES, SECRET_TARGET_VARIABLES } from './target-vars.js';

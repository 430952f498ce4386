// The lesson module's light entry: what the workshop needs before the first key (which tools a lesson
// set requires, which variables a text refers to), without the parser behind index.ts (zod, yaml, marked).
export { variableReferences, type VariableReference } from './interpolate.js';
export { SECRET_TARGET_VARIABLES, TARGET_URL_VARIABLES } from './target-vars.js';
export { toolRequirementsOn } from './tool-requirements.js';
export type * from './types.js';
export { chosen } from './draft.js';

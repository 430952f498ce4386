export type * from './types.js';
export { TARGET_NAMES, OUTPUT_MATCHES } from './types.js';
export { ELLIPSIS, PLACEHOLDERS, hasPlaceholder, linePattern } from './output-pattern.js';
export {
  BUILTIN_VARIABLES,
  TARGET_VARIABLES,
  SECRET_TARGET_VARIABLES,
  TARGET_URL_VARIABLES,
} from './target-vars.js';
export { parseLesson, parseLessonFile } from './parse.js';
export { projectLesson } from './project.js';
export { chosen } from './draft.js';
export {
  interpolate,
  interpolateDeep,
  variableReferences,
  InterpolationError,
  type VariableReference,
} from './interpolate.js';
export { formatDiagnostic, type FormatOptions } from './format.js';
export { lintPaths, lessonFiles, LintPathError } from './lint-paths.js';
export { toolRequirementsOn } from './tool-requirements.js';
export {
  parseJsonPath,
  checkJsonPath,
  selectJsonPath,
  readJsonPath,
  JsonPathError,
  type JsonPath,
} from './json-path/index.js';
export {
  compileKubectlJsonPath,
  selectKubectlValue,
  type KubectlJsonPath,
} from './kubectl-jsonpath.js';
export { scaffoldLesson, lessonIdProblem } from './scaffold.js';
export { lessonJsonSchemas, type LessonSchemaName } from './json-schema.js';

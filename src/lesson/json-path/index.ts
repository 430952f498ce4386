export { parseJsonPath, checkJsonPath, JsonPathError, type JsonPath } from './parse.js';
export { selectJsonPath, readJsonPath } from './select.js';

export { statePaths, type StatePaths } from './paths.js';
export {
  writeFileAtomically,
  writeFileAtomicallySync,
  readJsonFile,
  setAsideCorruptFile,
  type JsonReadResult,
} from './atomic.js';

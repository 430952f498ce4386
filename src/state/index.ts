export {
  statePaths,
  type StatePaths,
  writeFileAtomically,
  writeFileAtomicallySync,
  readJsonFile,
  setAsideCorruptFile,
  type JsonReadResult,
} from '@kong-workshop/common';

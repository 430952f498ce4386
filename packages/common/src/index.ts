/**
 * What the workshop and its gateway share: where state lives, atomic writes that survive a kill,
 * durations as people type them, constant-time secret comparison, exhaustiveness, and the vocabulary
 * of faults and untyped input. Nothing here knows about Kong or lessons.
 */
export { statePaths, type StatePaths } from './paths.js';
export {
  writeFileAtomically,
  writeFileAtomicallySync,
  readJsonFile,
  setAsideCorruptFile,
  sweepTemporaryFiles,
  type JsonReadResult,
} from './atomic.js';
export { parseDuration, formatDuration } from './duration.js';
export { assertNever } from './assert-never.js';
export { FaultError, type Fault, errorMessage, errorStack, errorCode } from './faults.js';
export {
  isRecord,
  stringOrNull,
  numberOrNull,
  stringsOrNull,
  recordsOf,
  stringMapOf,
  listeningPort,
} from './values.js';
export { hasRequestBody, readBody } from './body.js';
export { sameSecret } from './secrets.js';
export { ensureSelfSignedTls, makeSelfSignedCertificate, type TlsIdentity } from './self-signed.js';

export {
  parseDuration,
  formatDuration,
  assertNever,
  errorMessage,
  errorCode,
  isRecord,
  listeningPort,
  FaultError,
  type Fault,
  sameSecret,
} from '@kong-workshop/common';
export { packageRoot, packageVersion, bundledLessonsDir, bundledFixturesDir } from './package.js';
export { slugify } from './slug.js';
export { shouldColor } from './color.js';
export { isMarkedToken } from './marked-token.js';
export { lessonNumber } from './lesson-number.js';
export { compareVersions } from './version.js';
export {
  TARGET_NAMES,
  REPORTER_KINDS,
  isTargetName,
  isReporterKind,
  VARIABLE_NAME,
  type TargetName,
  type ReporterKind,
} from './names.js';
export { endQuietlyOnClosedPipe, finishEvenWithoutOutput } from './closed-pipe.js';
export { actOnEarlyKeys, holdEarlyInput, takeEarlyInput } from './early-input.js';
export { exitOnStopSignals } from './stop-signals.js';

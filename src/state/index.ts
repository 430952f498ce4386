export {
  statePaths,
  type StatePaths,
  writeFileAtomically,
  writeFileAtomicallySync,
  readJsonFile,
  setAsideCorruptFile,
  sweepTemporaryFiles,
  type JsonReadResult,
} from '@kong-workshop/common';

import { join } from 'node:path';
import { statePaths as paths } from '@kong-workshop/common';

/** The folder a lesson's files are written to and its commands start in ({{WORKDIR}}), per lesson and target. */
export function lessonWorkdir(lessonId: string, target: string): string {
  return join(paths().stateDir, 'work', lessonId, target);
}

import { join } from 'node:path';
import { statePaths } from '../state/index.js';

/** The instructor's class lives in one folder of the state directory; a learner's membership in another. */
export function classPaths(env: NodeJS.ProcessEnv = process.env) {
  const { stateDir } = statePaths(env);
  const dir = join(stateDir, 'class');
  return {
    dir,
    config: join(dir, 'class.json'),
    log: join(dir, 'events.jsonl'),
    server: join(dir, 'server.json'),
    archive: join(stateDir, 'class-archive'),
    membership: join(stateDir, 'class-membership.json'),
    outbox: join(stateDir, 'class-outbox'),
  };
}

import { mkdirSync, writeFileSync } from 'node:fs';
import { delimiter, join } from 'node:path';
import { packageRoot } from '../shared/index.js';
import { statePaths } from '../state/index.js';

/**
 * Lessons call `kong-workshop …` in their commands; it must be the same kong-workshop that runs
 * the lesson, installed globally or not. A one-line shim in the state folder, first on PATH.
 */
export function pathWithKongWorkshop(basePath: string | undefined = process.env.PATH): string {
  const dir = join(statePaths().stateDir, 'bin');
  const shim = join(dir, 'kong-workshop');
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  const script = `#!/bin/sh\nexec "${process.execPath}" "${join(packageRoot(), 'bin', 'kong-workshop.mjs')}" "$@"\n`;
  writeFileSync(shim, script, { mode: 0o755 });
  return [dir, basePath].filter(Boolean).join(delimiter);
}

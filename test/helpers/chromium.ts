import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { repoRoot } from './cli.js';

/** Debian's chromium (`.ci/run` installs it when missing), or the one KONG_WORKSHOP_CHROMIUM names. */
export function chromiumPath(): string {
  const named = process.env.KONG_WORKSHOP_CHROMIUM;
  if (named) return named;
  for (const candidate of ['/usr/bin/chromium', '/usr/bin/chromium-browser', '/usr/bin/google-chrome']) {
    if (existsSync(candidate)) return candidate;
  }
  try {
    return execFileSync('sh', ['-c', 'command -v chromium'], { encoding: 'utf8' }).trim();
  } catch {
    throw new Error(
      'no chromium for the browser test: `apt-get install chromium` (bash .ci/run does it), or set ' +
        'KONG_WORKSHOP_CHROMIUM',
    );
  }
}

/** Where CI keeps what a run produced (screenshots): CI_OUTPUT_DIR, else test-output/. */
export const outputDir = process.env.CI_OUTPUT_DIR ?? join(repoRoot, 'test-output');

import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { statePaths } from '../../src/state/index.js';
import { runCli } from '../helpers/cli.js';

describe('the sandbox target', () => {
  it('starts a sandbox for the run, gives lessons its URLs and token, masks the token, and stops it', async () => {
    const result = await runCli([
      'run',
      'fixtures/lessons/run/sandbox-key-auth.md',
      '--target',
      'sandbox',
      '--proxy-port',
      '0',
      '--admin-port',
      '0',
      '--trust',
    ]);
    expect(result.stdout).toContain('✓ no key, no entry');
    expect(result.stdout).toContain('✓ alex gets in');
    expect(result.stdout).toContain('✓ the token opens it');
    expect(result.stdout).toMatch(/running on sandbox at http:\/\/127\.0\.0\.1:\d+ \(started for this run\)/);
    expect(result.code).toBe(0);

    const token = readFileSync(join(statePaths().sandboxDir, 'token'), 'utf8').trim();
    expect(token).toMatch(/^kpat_/);
    expect(result.stdout + result.stderr).not.toContain(token);
    expect(result.stdout).toContain('the token is ********');
    // A sandbox started for the run keeps the report clean: no per-request log lines.
    expect(result.stderr).not.toMatch(/^admin (GET|POST)/m);
    expect(existsSync(join(statePaths().sandboxDir, 'runtime.json'))).toBe(false);
  });
});

import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { repoRoot, runCli } from '../helpers/cli.js';

// One state folder, two targets: what the sandbox lessons configured through the Admin API must
// not reach the kind lab (KongConsumers alex and sam would clash with the Admin API's, and KIC's
// Programmed condition would never come), nor the lab's Ingress objects the sandbox lessons.

const lessons = ['00-setup.md', '01-auth-configuration.md', '02-key-auth.md', '03-consumers.md'].map((name) =>
  join(repoRoot, 'lessons', name),
);
const run = (target: string) => runCli(['run', ...lessons, '--target', target], { timeoutMs: 120_000 });

describe('targets in one state folder', () => {
  it('runs the kind lab after the sandbox lessons as on a fresh state, and the sandbox ones again', async () => {
    const sandbox = await run('sandbox');
    expect(sandbox.code, sandbox.stdout + sandbox.stderr).toBe(0);
    const started = Date.now();
    const lab = await run('kind-lab');
    expect(lab.code, lab.stdout + lab.stderr).toBe(0);
    // A fresh state passes in seconds; the shared-state failure waited out a 60 s check.
    expect(Date.now() - started).toBeLessThan(50_000);
    const again = await run('sandbox');
    expect(again.code, again.stdout + again.stderr).toBe(0);
  }, 300_000);
});

import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { lessonWorkdir } from '../../src/state/index.js';
import { runCli } from '../helpers/cli.js';

const lesson = 'fixtures/lessons/demo/sandbox.md';
const flags = ['--target', 'sandbox', '--proxy-port', '0', '--admin-port', '0', '--trust'];

describe('kong-workshop clean', () => {
  it("runs the lesson's clean-up and removes its work folder, so no file it wrote outlives it", async () => {
    const ran = await runCli(['run', lesson, ...flags, '--secret', 'API_KEY=canary-key-0123']);
    expect(ran.stdout + ran.stderr).toContain('PASSED');
    expect(ran.code).toBe(0);
    const workdir = lessonWorkdir('demo-sandbox', 'sandbox');
    expect(readdirSync(workdir)).toContain('kong.yaml');

    const cleaned = await runCli(['clean', lesson, ...flags]);
    expect(cleaned.code).toBe(0);
    expect(cleaned.stdout).toContain('emptied: HTTP 201');
    expect(cleaned.stdout).toContain(`removed its work folder ${workdir}`);
    expect(existsSync(workdir)).toBe(false);
    expect(cleaned.stdout + cleaned.stderr).not.toContain('canary-key-0123');
  });

  it('keeps the files when asked to', async () => {
    await runCli(['run', lesson, ...flags, '--secret', 'API_KEY=canary-key-0123']);
    const kept = await runCli(['clean', lesson, ...flags, '--keep-files']);
    expect(kept.code).toBe(0);
    expect(existsSync(join(lessonWorkdir('demo-sandbox', 'sandbox'), 'kong.yaml'))).toBe(true);
  });
});

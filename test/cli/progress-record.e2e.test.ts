import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { statePaths } from '../../src/state/index.js';
import { runCli } from '../helpers/cli.js';

const lesson = 'fixtures/lessons/run/sandbox-key-auth.md';
const ports = ['--proxy-port', '0', '--admin-port', '0'];
const progress = () =>
  JSON.parse(readFileSync(join(statePaths().progressDir, 'run-sandbox-key-auth@sandbox.json'), 'utf8'));

describe('one progress record for the workshop and headless runs', () => {
  it('records what `run` proved, and what a later `check` proved, as the TUI would', async () => {
    const ran = await runCli(['run', lesson, '--target', 'sandbox', ...ports, '--trust']);
    expect(ran.code).toBe(0);
    const afterRun = progress();
    expect(afterRun).toMatchObject({ version: 1, lessonId: 'run-sandbox-key-auth', target: 'sandbox' });
    expect(Object.values(afterRun.steps).map((step) => (step as { status: string }).status)).toEqual([
      'passed',
      'passed',
    ]);
    // Secrets never land in a progress file.
    const token = readFileSync(join(statePaths().sandboxDir, 'token'), 'utf8').trim();
    expect(JSON.stringify(afterRun)).not.toContain(token);

    // The sandbox keeps its configuration between starts: a later `check` proves the steps again and records it,
    // over whatever the record said before.
    const stale = {
      ...afterRun,
      steps: Object.fromEntries(Object.keys(afterRun.steps).map((id) => [id, { status: 'failed', at: 'then' }])),
    };
    writeFileSync(join(statePaths().progressDir, 'run-sandbox-key-auth@sandbox.json'), JSON.stringify(stale));
    const checked = await runCli(['check', lesson, '--target', 'sandbox', ...ports, '--trust']);
    expect(checked.code).toBe(0);
    expect(Object.values(progress().steps).map((step) => (step as { status: string }).status)).toEqual([
      'passed',
      'passed',
    ]);
  });

  it('says plainly when progress could not be saved (a state folder that cannot be written)', async () => {
    // A file where the progress folder should be: chmod would not stop root, this stops everyone.
    rmSync(statePaths().progressDir, { recursive: true, force: true });
    mkdirSync(statePaths().stateDir, { recursive: true });
    writeFileSync(statePaths().progressDir, '');
    try {
      const ran = await runCli(['run', lesson, '--target', 'sandbox', ...ports, '--trust']);
      expect(ran.stdout + ran.stderr).toContain('progress for run-sandbox-key-auth was NOT saved');
      expect(ran.stdout + ran.stderr).not.toMatch(/progress saved/i);
    } finally {
      rmSync(statePaths().progressDir, { force: true });
    }
  });
});

import { execa } from 'execa';
import { chmodSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse } from 'yaml';
import { afterAll, describe, expect, it } from 'vitest';
import { cliPath, repoRoot, runCli } from '../helpers/cli.js';

const workflow: unknown = parse(readFileSync(join(repoRoot, 'docs', 'ci', 'lessons.yml'), 'utf8'));
const repo = mkdtempSync(join(tmpdir(), 'kw-ci-'));
afterAll(() => rmSync(repo, { recursive: true, force: true }));

/** The `run:` steps of the workflow's job that call kong-workshop, with their names. */
function kongWorkshopSteps(): { name: string; run: string }[] {
  const jobs = isRecord(workflow) && isRecord(workflow.jobs) ? Object.values(workflow.jobs) : [];
  const steps = jobs.flatMap((job) => (isRecord(job) && Array.isArray(job.steps) ? job.steps : []));
  return steps.flatMap((step) =>
    isRecord(step) && typeof step.run === 'string' && step.run.startsWith('kong-workshop ')
      ? [{ name: String(step.name), run: step.run }]
      : [],
  );
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

describe('docs/ci/lessons.yml', () => {
  it('lints, verifies and runs a repository of lessons, writing JUnit', async () => {
    expect(kongWorkshopSteps().map((step) => step.name)).toEqual(['lint', 'verify', 'run']);
    mkdirSync(join(repo, 'lessons'));
    expect((await runCli(['new', 'first-lesson', '--dir', 'lessons'], { cwd: repo })).code).toBe(0);
    // `kong-workshop` on PATH is the built CLI, as `npm install --global` would give it.
    const bin = join(repo, 'bin');
    mkdirSync(bin);
    writeFileSync(join(bin, 'kong-workshop'), `#!/bin/sh\nexec "${process.execPath}" "${cliPath}" "$@"\n`);
    chmodSync(join(bin, 'kong-workshop'), 0o755);
    for (const step of kongWorkshopSteps()) {
      const result = await execa('bash', ['-c', step.run], {
        cwd: repo,
        env: { LESSONS: 'lessons', PATH: `${bin}:${process.env.PATH ?? ''}`, NO_COLOR: '1' },
        reject: false,
        timeout: 120_000,
      });
      expect(result.exitCode, `${step.name}: ${result.stdout}\n${result.stderr}`).toBe(0);
    }
    const verify = readFileSync(join(repo, 'reports', 'verify.xml'), 'utf8');
    expect(verify).toContain('<property name="fails-before" value="yes"/>');
    expect(verify).toContain('failures="0" errors="0"');
    expect(existsSync(join(repo, 'reports', 'run.xml'))).toBe(true);
    expect(readFileSync(join(repo, 'reports', 'run.xml'), 'utf8')).toContain('<testcase');
  }, 300_000);
});

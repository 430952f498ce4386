import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { runCli } from '../helpers/cli.js';

const ports = ['--proxy-port', '0', '--admin-port', '0', '--kube-port', '0'];
const tmp = mkdtempSync(join(tmpdir(), 'kw-verify-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

interface VerifyJson {
  target: string;
  totals: { checks: number; proven: number; provesNothing: number };
  lessons: {
    id?: string;
    lessonId: string;
    checks: { name: string; failsBefore: string; passesAfter: string; cleanedUp: string; problems: string[] }[];
  }[];
}

describe('kong-workshop verify (the built CLI, on a sandbox started for it)', () => {
  it('names a check that passes before its step as proving nothing, at its position, and exits 4', async () => {
    const result = await runCli(['verify', 'fixtures/lessons/verify/proves-nothing.md', '--trust', ...ports]);
    expect(result.code, result.stderr).toBe(4);
    expect(result.stdout).toContain(
      '✓ fixtures/lessons/verify/proves-nothing.md:25:1 Route /echo to the upstream › /echo reaches the upstream: ' +
        'fails before, passes after',
    );
    expect(result.stdout).toContain(
      '✗ fixtures/lessons/verify/proves-nothing.md:40:1 Call it again › /echo still answers: PASSES BEFORE, passes ' +
        'after',
    );
    expect(result.stdout).toContain('proves nothing here: it already passes before the step "Call it again" runs');
    expect(result.stdout.trimEnd().split('\n').pop()).toBe('1 of 2 checks proven, 1 prove nothing');
  });

  it('writes the same verdicts as a page with --format html --report-file, text on the console', async () => {
    const file = join(tmp, 'verify.html');
    const result = await runCli([
      'verify',
      'fixtures/lessons/verify/proves-nothing.md',
      '--trust',
      ...ports,
      '--format',
      'html',
      '--report-file',
      file,
    ]);
    expect(result.code, result.stderr).toBe(4);
    expect(result.stdout.trimEnd().split('\n').pop()).toBe('1 of 2 checks proven, 1 prove nothing');
    const page = readFileSync(file, 'utf8');
    expect(page).toContain('<title>NOT PROVEN · kong-workshop verify on sandbox</title>');
    expect(page).toContain('passes before: proves nothing');
    expect(page).toContain('fixtures/lessons/verify/proves-nothing.md:40:1');
  });

  it('proves every check of a lesson, accepts a declared fact, checks the clean-up, and writes JUnit', async () => {
    const file = join(tmp, 'verify.xml');
    const result = await runCli([
      'verify',
      'fixtures/lessons/verify/proven.md',
      '--trust',
      ...ports,
      '--format',
      'junit',
      '--report-file',
      file,
    ]);
    expect(result.code, result.stderr).toBe(0);
    expect(result.stdout).toContain('2 of 2 checks proven');
    const xml = readFileSync(file, 'utf8');
    expect(xml).toContain('<testsuites name="kong-workshop verify" tests="2" failures="0" errors="0">');
    expect(xml).toContain(
      '<testcase classname="verify-proven.route-echo-to-the-upstream" name="/echo reaches the upstream" ' +
        'file="fixtures/lessons/verify/proven.md" line="25">',
    );
    expect(xml).toMatch(
      new RegExp(
        String.raw`<property name="fails-before" value="yes"\/>\s*<property name="passes-after" value="yes"\/>\s*` +
          String.raw`<property name="cleaned-up" value="yes"\/>`,
      ),
    );
    expect(xml).toMatch(
      new RegExp(
        String.raw`<property name="fails-before" value="declared"\/>\s*` +
          String.raw`<property name="passes-after" value="yes"\/>\s*` +
          String.raw`<property name="cleaned-up" value="n\/a"\/>`,
      ),
    );
  });

  it.each(['sandbox', 'kind-lab'])(
    'proves every check of the bundled lessons on %s',
    async (target) => {
      const result = await runCli(['verify', 'lessons', '--target', target, ...ports, '--format', 'json'], {
        timeoutMs: 400_000,
      });
      expect(result.code, `${result.stdout}\n${result.stderr}`).toBe(0);
      const report = JSON.parse(result.stdout) as VerifyJson;
      expect(report.target).toBe(target);
      expect(report.totals.proven).toBe(report.totals.checks);
      expect(report.totals.checks).toBeGreaterThan(20);
      expect(report.lessons.map((lesson) => lesson.lessonId)).toEqual([
        'setup',
        'auth-configuration',
        'key-auth',
        'consumers',
        'per-consumer-limits',
      ]);
    },
    420_000,
  );
});

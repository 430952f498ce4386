import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { runCli } from '../helpers/cli.js';

// Issue 13's acceptance: `kong-workshop run lessons --target sandbox && kong-workshop check lessons
// --target sandbox` exits 0 from a fresh home. `check` runs no step's commands: every check judges
// the state the whole workshop left (later lessons included), with what progress saved.

const home = mkdtempSync(join(tmpdir(), 'kw-run-check-'));
const env = { HOME: home, KONG_WORKSHOP_HOME: join(home, 'state') };
const ports = ['--proxy-port', '0', '--admin-port', '0'];

interface Report {
  status: string;
  summary: { checks: { passed: number; failed: number; error: number; notRun: number } };
  lessons: {
    id: string;
    status: string;
    steps: { checks: { name: string; status: string; note?: string }[] }[];
  }[];
}

afterAll(async () => {
  await runCli(['sandbox', 'stop'], { env });
});

describe('run, then check, every bundled lesson (the built CLI, fresh home)', () => {
  it('check passes what run left, says how where it judged differently, and changes nothing', async () => {
    const ran = await runCli(['run', 'lessons', '--target', 'sandbox', ...ports], { env, timeoutMs: 90_000 });
    expect(ran.code, ran.stdout + ran.stderr).toBe(0);

    const started = performance.now();
    const checked = await runCli(['check', 'lessons', '--target', 'sandbox', ...ports, '--format', 'json'], {
      env,
      timeoutMs: 90_000,
    });
    expect(checked.code, checked.stdout.slice(0, 4000) + checked.stderr).toBe(0);
    // No check sat out a rate-limit window in real time: the sandbox's clock was moved instead.
    expect(performance.now() - started).toBeLessThan(45_000);
    const report = JSON.parse(checked.stdout) as Report;
    expect(report.summary.checks).toMatchObject({ failed: 0, error: 0 });
    const checks = report.lessons.flatMap((lesson) =>
      lesson.steps.flatMap((step) => step.checks.map((check) => ({ lesson: lesson.id, ...check }))),
    );
    const named = (name: string) => checks.find((check) => check.name === name);
    // Lesson 2 put key-auth on lesson 0's route: the setup check accepts that state and says so.
    expect(named('/echo reaches the upstream through Kong')?.note).toMatch(/holds as lesson key-auth leaves/);
    // Only running its step shows the wrong token being tried, or no login stored before the login
    // the next step completes: a re-check says it did not judge them.
    expect(named('the file is read')).toMatchObject({ status: 'not-judged' });
    expect(named('no login is stored yet')).toMatchObject({ status: 'not-judged' });
    expect(report.summary.checks.notRun).toBe(2);
    // Lesson 4's checks met windows that run (and the checks before them) had spent, and moved
    // the sandbox's clock to the next one instead of spending what was left.
    const moved = checks.filter((check) => /moved the sandbox clock \d+s forward/.test(check.note ?? ''));
    expect(moved.map((check) => check.lesson)).toContain('per-consumer-limits');

    // Checking again gives the same verdict: the checks left the gateway as they found it.
    const again = await runCli(['check', 'lessons', '--target', 'sandbox', ...ports], { env, timeoutMs: 90_000 });
    expect(again.code, again.stdout.slice(-3000)).toBe(0);
  }, 240_000);
});

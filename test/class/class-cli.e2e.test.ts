import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli } from '../helpers/cli.js';
import { tempDir } from '../helpers/temp-dirs.js';
import { instructorGet, learnerHeaders, learnerJoin, startClassProcess } from './class-helpers.js';

const lesson = {
  id: 'l1',
  at: 0,
  type: 'lesson',
  lessonId: '02-key-auth',
  title: 'Key auth',
  steps: [
    { id: 'a', title: 'Enable' },
    { id: 'b', title: 'Check' },
  ],
};
const step = (id: string, stepId: string, status: string, extra: Record<string, unknown> = {}) => ({
  id,
  at: Date.now(),
  type: 'step',
  lessonId: '02-key-auth',
  stepId,
  status,
  timeOnStepMs: 42_000,
  ...extra,
});

describe('kong-workshop class start, stop, export (real processes)', () => {
  it('prints a join line and a read-aloud form; stop ends the server and keeps the class for export', async () => {
    const home = tempDir('kw-class-home-');
    const started = await startClassProcess(home, ['--name', 'Tuesday class']);
    expect(started.output()).toContain('Started the class “Tuesday class”');
    expect(started.output()).toMatch(
      /read aloud: kong-workshop join 127\.0\.0\.1:\d+, then the code [0-9A-Z]{4}( [0-9A-Z]{4}){4}/,
    );
    expect(started.output()).not.toContain('warning');
    const ada = await learnerJoin(started.url, started.code, 'Ada');
    await fetch(`${started.url}/api/events`, {
      method: 'POST',
      headers: learnerHeaders(started.code, ada),
      body: JSON.stringify({
        events: [
          lesson,
          step('e1', 'a', 'passed'),
          step('e2', 'b', 'failed', { check: 'no key', expectation: 'status: expected 401, got 200' }),
        ],
      }),
    });
    const stop = await runCli(['class', 'stop'], { env: { KONG_WORKSHOP_HOME: home } });
    expect(stop.stdout).toContain('Stopped the class server');
    const ended = await started.process;
    expect(ended.exitCode).toBe(0);
    expect(existsSync(join(home, 'state', 'class', 'server.json'))).toBe(false);

    const csv = await runCli(['class', 'export', '--format', 'csv'], { env: { KONG_WORKSHOP_HOME: home } });
    expect(csv.stdout.split('\r\n')).toEqual([
      'learner,lesson,lesson_title,step,step_title,status,attempts,time_on_step_s,' +
        'failing_check,first_failing_expectation',
      'Ada,02-key-auth,Key auth,a,Enable,passed,1,42.0,,',
      'Ada,02-key-auth,Key auth,b,Check,failed,1,42.0,no key,"status: expected 401, got 200"',
    ]);
    const json = JSON.parse(
      (await runCli(['class', 'export', '--format', 'json'], { env: { KONG_WORKSHOP_HOME: home } })).stdout,
    );
    expect(json).toMatchObject({
      class: 'Tuesday class',
      learners: [{ name: 'Ada', lessons: [{ id: '02-key-auth', passed: 1, failed: 1, skipped: 0 }] }],
    });
  }, 90_000);

  it('says plainly what is exposed when --listen is not loopback', async () => {
    const home = tempDir('kw-class-home-');
    const { execa } = await import('execa');
    const { cliPath } = await import('../helpers/cli.js');
    const child = execa('node', [cliPath, 'class', 'start', '--listen', '0.0.0.0:0'], {
      env: { KONG_WORKSHOP_HOME: home, NO_COLOR: '1' },
      reject: false,
      stdin: 'ignore',
    });
    let output = '';
    await new Promise<void>((resolve) => {
      child.stdout?.on('data', (chunk: Buffer) => {
        output += chunk.toString();
        if (output.includes('stop the class when it is over')) resolve();
      });
    });
    expect(output).toContain('warning: the class server listens on 0.0.0.0:');
    expect(output).toContain('not encrypted');
    child.kill('SIGTERM');
    expect((await child).exitCode).toBe(0);
  }, 60_000);

  it('loses nothing to a kill -9: a restart resumes the class with every acknowledged event', async () => {
    const home = tempDir('kw-class-home-');
    const first = await startClassProcess(home);
    const learners = await Promise.all(['Ada', 'Bob', 'Cy'].map((name) => learnerJoin(first.url, first.code, name)));
    let sent = 0;
    for (let round = 0; round < 20; round++) {
      await Promise.all(
        learners.map(async (learner, i) => {
          const events =
            round === 0
              ? [{ ...lesson, id: `lesson-${i}` }]
              : [step(`${i}-${round}`, round % 2 ? 'a' : 'b', round % 3 ? 'passed' : 'failed')];
          const response = await fetch(`${first.url}/api/events`, {
            method: 'POST',
            headers: learnerHeaders(first.code, learner),
            body: JSON.stringify({ events }),
          });
          expect((await response.json()).accepted).toBe(1);
          sent++;
        }),
      );
    }
    first.process.kill('SIGKILL');
    await first.process;

    const second = await startClassProcess(home);
    expect(second.output()).toContain('Resumed the class');
    expect(second.output()).toContain(`3 learners, ${sent + 3} records`);
    // Same join code, same learners: their keys still work, and a resend of an old event is a duplicate.
    expect(second.code).toBe(first.code);
    const resend = await fetch(`${second.url}/api/events`, {
      method: 'POST',
      headers: learnerHeaders(second.code, learners[0]!),
      body: JSON.stringify({ events: [step('0-19', 'a', 'passed')] }),
    });
    expect(await resend.json()).toMatchObject({ accepted: 0, duplicates: 1 });
    const view = await (await instructorGet(second.url, second.instructorToken, '/api/view')).json();
    expect(view.learners.map((learner: { name: string; cells: string }) => learner.name)).toEqual(['Ada', 'Bob', 'Cy']);
    second.process.kill('SIGTERM');
    await second.process;
  }, 90_000);
});

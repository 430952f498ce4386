import { execa } from 'execa';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { closeHttpAgent, evaluateHttpCheck } from '../../src/checks/index.js';
import { createLessonRun, type RunEvent } from '../../src/engine/index.js';
import { parseLessonFile, projectLesson, type CheckBlock, type HttpCheckSpec } from '../../src/lesson/index.js';
import { targetFor, type TargetSession } from '../../src/targets/index.js';
import { repoRoot, runCli } from '../helpers/cli.js';

// Issue 13, item 5: a rate-limit check does not spend the quota it waits for. The learner sends
// requests by hand (curl, as lesson 4 invites); the check then meets a partly or wholly spent
// window, waits for its reset instead of polling through it (on the sandbox it moves the clock
// there), and judges the next window from its start. Real sandbox, real curl, real lesson.

const lessonFile = join(repoRoot, 'lessons', '04-per-consumer-limits.md');
let target: TargetSession;
let proxy: string;

/** One request as alex, by curl, the way the lesson's text shows; its status and rate-limit headers. */
async function curlAsAlex(): Promise<{ status: number; headers: Record<string, string> }> {
  const { stdout } = await execa('curl', [
    '-s',
    '-o',
    '/dev/null',
    '-D',
    '-',
    `${proxy}/echo`,
    '-H',
    'apikey: alex-demo-key',
  ]);
  const [statusLine = '', ...lines] = stdout.split(/\r?\n/);
  const headers = Object.fromEntries(
    lines
      .filter((line) => line.includes(':'))
      .map((line) => {
        const at = line.indexOf(':');
        return [line.slice(0, at).trim().toLowerCase(), line.slice(at + 1).trim()];
      }),
  );
  return { status: Number(statusLine.split(' ')[1]), headers };
}

async function clockOffsetMs(): Promise<number> {
  const response = await fetch(`${target.vars.ADMIN}/_sandbox/clock`, {
    headers: { authorization: `Bearer ${target.vars.SANDBOX_TOKEN}` },
  });
  const body = (await response.json()) as { offset_ms: number };
  return body.offset_ms;
}

async function lessonChecks(): Promise<CheckBlock[]> {
  const parsed = await parseLessonFile(lessonFile);
  if (!parsed.lesson) throw new Error('lesson 4 does not parse');
  return projectLesson(parsed.lesson, 'sandbox').steps.flatMap((step) =>
    step.blocks.filter((block): block is CheckBlock => block.type === 'check'),
  );
}

beforeAll(async () => {
  const started = await runCli(['sandbox', 'start', '--proxy-port', '0', '--admin-port', '0', '--kube-port', '0']);
  expect(started.code, started.stderr).toBe(0);
  target = await targetFor('sandbox').prepare({ vars: {}, settings: {}, log: () => {} });
  proxy = target.vars.PROXY ?? '';
}, 60_000);

beforeEach(async () => {
  // Lesson 4's first step, as its command does it; a sync also starts every counter afresh.
  const synced = await runCli(['sandbox', 'sync', join(repoRoot, 'fixtures', 'deck', 'rate-limits.yaml')], {
    env: { DECK_UPSTREAM: 'http://echo' },
  });
  expect(synced.code, synced.stderr).toBe(0);
  await runCli(['sandbox', 'advance', '60s']);
});

afterAll(async () => {
  await target?.close();
  await closeHttpAgent();
  await runCli(['sandbox', 'stop']);
});

describe('a rate-limit check after the learner’s own requests', () => {
  it('passes within the reset plus 2 s after three curls by hand; the sandbox clock moved, and said so', async () => {
    const manual = [await curlAsAlex(), await curlAsAlex(), await curlAsAlex()];
    expect(manual.map((response) => response.headers['x-ratelimit-remaining-minute'])).toEqual(['4', '3', '2']);
    const reset = Number(manual[2]?.headers['ratelimit-reset']);
    const offsetBefore = await clockOffsetMs();

    // `kong-workshop check` of lesson 4, as the learner would run it now: no step's commands run.
    const parsed = await parseLessonFile(lessonFile);
    if (!parsed.lesson) throw new Error('lesson 4 does not parse');
    const run = await createLessonRun({
      lesson: projectLesson(parsed.lesson, 'sandbox'),
      target,
      mode: 'check',
      workdir: mkdtempSync(join(tmpdir(), 'kw-rate-limit-')),
      fixturesDir: join(repoRoot, 'fixtures'),
    });
    const events: RunEvent[] = [];
    run.subscribe((event) => events.push(event));
    const started = performance.now();
    const status = await run.runAll();
    const elapsedS = (performance.now() - started) / 1000;

    const results = events.flatMap((event) => (event.type === 'check-finished' ? [event] : []));
    expect(
      results.filter((event) => event.result.status !== 'passed').map((event) => event.name),
      'checks that did not pass',
    ).toEqual([]);
    expect(status).toBe('passed');
    expect(elapsedS).toBeLessThan(reset + 2);
    // The countdown started from what the learner's three curls and the first check left: one
    // request, the last of the window (0 left after it), then the refusal (0 again).
    const countdown = results.find((event) => event.name === 'the rest of the minute counts down, then Kong refuses');
    const counts = countdown?.result.expectations.filter((e) => e.subject === 'header X-RateLimit-Remaining-Minute');
    expect(counts?.map((e) => [e.actual, e.passed])).toEqual([
      ['0', true],
      ['0', true],
    ]);
    // The last check met the window the countdown spent, and moved the clock to the next one.
    const fresh = results.find((event) => event.name === 'a new window, a fresh budget');
    expect(fresh?.result.note).toMatch(
      /window is spent \(429, Retry-After: \d+\): moved the sandbox clock \d+s forward/,
    );
    expect(await clockOffsetMs()).toBeGreaterThan(offsetBefore);
  });

  it('on a target whose clock it cannot move, waits out a spent window without spending the next one', async () => {
    // The learner ran the lesson's solution loop: alex's minute is gone.
    const manual = [];
    for (let i = 0; i < 6; i++) manual.push(await curlAsAlex());
    expect(manual.map((response) => response.status)).toEqual([200, 200, 200, 200, 200, 429]);
    const retryAfter = Number(manual[5]?.headers['retry-after']);

    const fresh = (await lessonChecks()).find((block) => block.name === 'a new window, a fresh budget');
    if (fresh?.spec.kind !== 'http') throw new Error('lesson 4 has no fresh-budget check');
    const spec: HttpCheckSpec = {
      ...fresh.spec,
      request: { ...fresh.spec.request, url: `${proxy}/echo` },
      // Shorter than the window: the wait the 429 names extends it.
      eventually: { timeoutMs: 1_000, intervalMs: 250 },
    };
    const started = performance.now();
    const checking = evaluateHttpCheck(spec, { appliesConfigAtOnce: true });
    // The test, not the check, moves the clock: as the real minute passing would.
    await new Promise((resolve) => setTimeout(resolve, 1_500));
    await runCli(['sandbox', 'advance', `${retryAfter}s`]);
    const result = await checking;
    const elapsedS = (performance.now() - started) / 1000;

    expect(result.status, JSON.stringify(result.expectations)).toBe('passed');
    expect(result.attempts).toBeGreaterThan(1);
    expect(elapsedS).toBeLessThan(retryAfter + 2);
    expect(result.note).toMatch(/window is spent \(429, Retry-After: \d+\): waited for the next window/);
    // Its 429s cost nothing, and its passing request was the new window's first: 4 left after it.
    expect((await curlAsAlex()).headers['x-ratelimit-remaining-minute']).toBe('3');
  });
});

describe('a countdown check (rate-limit sequence relative to its first response)', () => {
  async function countdown(): Promise<HttpCheckSpec> {
    const block = (await lessonChecks()).find(
      (b) => b.name === 'the rest of the minute counts down, then Kong refuses',
    );
    if (block?.spec.kind !== 'http') throw new Error('lesson 4 has no countdown check');
    return { ...block.spec, request: { ...block.spec.request, url: `${proxy}/echo` } };
  }

  it('fails, without spending more, when the counter does not fall by one', async () => {
    const spec = await countdown();
    // sam's limit is 8, not alex's 5: the every-response expectation fails, and the count is judged as it comes.
    const sam: HttpCheckSpec = {
      ...spec,
      request: { ...spec.request, headers: { apikey: 'sam-demo-key' } },
      eventually: undefined,
    };
    const result = await evaluateHttpCheck(sam, { appliesConfigAtOnce: true });
    expect(result.status).toBe('failed');
    expect(result.expectations.find((e) => !e.passed)).toMatchObject({
      subject: 'header X-RateLimit-Limit-Minute',
      expected: '5',
      actual: '8',
    });
  });

  it('waits for the next window when the learner spent the whole minute, then counts it down from 4', async () => {
    for (let i = 0; i < 5; i++) await curlAsAlex();
    const spec = await countdown();
    const result = await evaluateHttpCheck(spec, {
      appliesConfigAtOnce: true,
      advanceClock: async (ms) => {
        await runCli(['sandbox', 'advance', `${Math.ceil(ms / 1000)}s`]);
      },
    });
    expect(result.status, JSON.stringify(result.expectations)).toBe('passed');
    expect(result.note).toMatch(/window is spent/);
    const counts = result.expectations
      .filter((e) => e.subject === 'header X-RateLimit-Remaining-Minute' && e.responseIndex !== undefined)
      .map((e) => e.actual);
    expect(counts).toEqual(['4', '3', '2', '1', '0', '0']);
    expect(result.extracted.RETRY_AFTER).toMatch(/^\d+$/);
  });
});

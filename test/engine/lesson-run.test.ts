import { mkdtempSync, realpathSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { closeHttpAgent } from '../../src/checks/index.js';
import { createLessonRun, LessonRun, type PromptRequest, type RunEvent } from '../../src/engine/index.js';
import { parseLesson, type Lesson } from '../../src/lesson/index.js';
import type { TargetSession } from '../../src/targets/index.js';
import { startKongLikeServer, type KongLikeServer } from '../helpers/kong-like-server.js';

let server: KongLikeServer;
beforeAll(async () => {
  server = await startKongLikeServer({ readyAfterMs: 1500 });
});
afterAll(async () => {
  await server.close();
  await closeHttpAgent();
});

function lesson(body: string, front = 'targets: [gateway]'): Lesson {
  const result = parseLesson(`---\nid: t\ntitle: T\n${front}\n---\n\n${body}`, '/tmp/t.md');
  if (!result.lesson) throw new Error(result.diagnostics.map((d) => `${d.line}:${d.column} ${d.message}`).join('\n'));
  return result.lesson;
}

function target(): TargetSession {
  return {
    name: 'gateway',
    vars: { PROXY: server.url, ADMIN: server.url, UPSTREAM: 'http://echo' },
    secrets: [],
    env: {},
    description: 'test server',
    close: async () => {},
  };
}

function start(l: Lesson, options: Partial<ConstructorParameters<typeof LessonRun>[0]> = {}) {
  const events: RunEvent[] = [];
  const run = new LessonRun({
    lesson: l,
    target: target(),
    mode: 'run',
    workdir: mkdtempSync(join(tmpdir(), 'kw-run-')),
    fixturesDir: '/fixtures',
    ...options,
  });
  run.subscribe((event) => events.push(event));
  return { run, events };
}

const fence = (info: string, body: string) => `\`\`\`${info}\n${body}\n\`\`\``;

describe('LessonRun', () => {
  it('masks a secret captured from stdout, even in the output of the command that printed it', async () => {
    const { run, events } = start(
      lesson(
        `## Get a token\n\n${fence('sh run capture=TOKEN secret', "printf 'kpat_%s\\n' canary0123456789")}\n\n` +
          `${fence('sh run', 'echo "got $TOKEN"')}`,
      ),
    );
    expect(await run.runAll()).toBe('passed');
    const text = JSON.stringify(events);
    expect(text).not.toContain('kpat_canary0123456789');
    expect(events.filter((e) => e.type === 'output').map((e) => (e as { line: string }).line)).toEqual([
      '********',
      'got ********',
    ]);
  });

  it('asks for a variable when interactive, refuses values that miss the pattern, and masks secrets', async () => {
    const asked: PromptRequest[] = [];
    const answers = ['nope', 'kpat_canary987654321'];
    const l = lesson(
      `## Use it\n\n${fence('sh run', 'echo "$API_TOKEN"')}`,
      'targets: [gateway]\nvars:\n  API_TOKEN:\n    prompt: Token\n    secret: true\n' +
        '    pattern: ^kpat_\n    hint: tokens start with kpat_',
    );
    const { run, events } = start(l, {
      prompt: async (request) => {
        asked.push(request);
        return answers.shift();
      },
    });
    expect(await run.runAll()).toBe('passed');
    expect(asked.map((a) => a.error)).toEqual([undefined, 'does not match ^kpat_. tokens start with kpat_']);
    expect(JSON.stringify(events)).not.toContain('kpat_canary987654321');
    expect(run.variables.savable()).toEqual({});
  });

  it('stops a headless run with a hint when a variable has no value', async () => {
    const l = lesson(
      `## Use it\n\n${fence('sh run', 'echo "$NAME"')}`,
      'targets: [gateway]\nvars:\n  NAME:\n    prompt: Your name',
    );
    const { run, events } = start(l);
    expect(await run.runAll()).toBe('error');
    expect(events.at(-1)).toMatchObject({
      type: 'lesson-finished',
      status: 'error',
      fault: { code: 'missing-variable', hint: 'pass --var NAME=…' },
    });
  });

  it('waits for a check that only passes later (eventually), reporting each attempt', async () => {
    const check = fence(
      'check',
      `request: GET {{PROXY}}/eventually\nexpect:\n  status: 200\neventually: { timeout: 10s, interval: 200ms }`,
    );
    const { run, events } = start(lesson(`## Wait\n\n${check}`));
    expect(await run.runAll()).toBe('passed');
    const attempts = events.filter((e) => e.type === 'check-progress' && e.progress.type === 'attempt');
    expect(attempts.length).toBeGreaterThan(1);
  });

  it('cancels a running command and ends the step cancelled', async () => {
    const { run, events } = start(lesson(`## Slow\n\n${fence('sh run timeout=30s', 'sleep 30')}`));
    await run.start();
    const pending = run.runStep(0);
    await new Promise((resolve) => setTimeout(resolve, 200));
    const cancelledAt = performance.now();
    run.cancel();
    expect(await pending).toBe('cancelled');
    expect(performance.now() - cancelledAt).toBeLessThan(1000);
    await run.finish();
    expect(events.find((e) => e.type === 'command-finished')).toMatchObject({ cancelled: true, ok: false });
  });

  it('check mode runs only checks and marks steps without checks as having nothing to check', async () => {
    const l = lesson(
      `## Commands only\n\n${fence('sh run', 'exit 1')}\n\n## A check\n\n` +
        `${fence('check', 'request: GET {{PROXY}}/protected\nexpect:\n  status: 401')}`,
    );
    const { run, events } = start(l, { mode: 'check' });
    expect(await run.runAll()).toBe('passed');
    expect(events.filter((e) => e.type === 'step-finished').map((e) => (e as { status: string }).status)).toEqual([
      'skipped',
      'passed',
    ]);
    expect(events.some((e) => e.type === 'command-started')).toBe(false);
  });

  it('writes file blocks with variables filled in, and extracts values for later steps', async () => {
    const l = lesson(
      `## Write\n\n${fence('yaml file=conf/kong.yaml', 'url: {{PROXY}}')}\n\n` +
        `${fence('check', 'request: GET {{PROXY}}/\nexpect:\n  status: 200\nextract:\n  VERSION: json.version')}\n\n` +
        '## Read\n\n' +
        fence('check cmd', 'run: cat conf/kong.yaml && echo "$VERSION"\nstdout: "url: {{PROXY}}\\n{{VERSION}}"'),
    );
    const { run, events } = start(l);
    expect(await run.runAll()).toBe('passed');
    expect(events.find((e) => e.type === 'variable-captured')).toMatchObject({ name: 'VERSION', value: '3.9.1' });
  });

  it('runs and reports every check of a step after one fails; one that needs a missing value says so', async () => {
    const l = lesson(
      `## Many checks\n\n${fence('check cmd', 'name: first fails\nrun: "false"')}\n\n` +
        `${fence('sh run', 'echo never')}\n\n` +
        fence(
          'check',
          'name: gives VERSION\nrequest: GET {{PROXY}}/nothing-here\n' +
            'expect:\n  status: 200\nextract:\n  VERSION: json.version',
        ) +
        `\n\n${fence('check cmd', 'name: third still runs\nrun: "true"')}\n\n` +
        fence('check cmd', 'name: uses {{VERSION}}\nrun: echo {{VERSION}}'),
    );
    const { run, events } = start(l);
    expect(await run.runAll()).toBe('failed');
    const finished = events.flatMap((e) =>
      e.type === 'check-finished' ? [[e.name, e.result.status, e.result.fault?.code]] : [],
    );
    expect(finished).toEqual([
      ['first fails', 'failed', undefined],
      ['gives VERSION', 'failed', undefined],
      ['third still runs', 'passed', undefined],
      ['uses {{VERSION}}', 'error', 'not-run'],
    ]);
    expect(events.some((e) => e.type === 'command-started' && e.purpose === 'run')).toBe(false);
    expect(run.state.steps[0]?.status).toBe('failed');
  });

  it('createLessonRun makes the work folder first, so the shell starts in it', async () => {
    const workdir = join(mkdtempSync(join(tmpdir(), 'kw-run-')), 'work', 't', 'gateway');
    const run = await createLessonRun({
      lesson: lesson(`## Where\n\n${fence('sh run', 'pwd')}`),
      target: target(),
      mode: 'run',
      workdir,
      fixturesDir: '/fixtures',
    });
    const events: RunEvent[] = [];
    run.subscribe((event) => events.push(event));
    expect(await run.runAll()).toBe('passed');
    expect(events.filter((e) => e.type === 'output').map((e) => realpathSync((e as { line: string }).line))).toEqual([
      realpathSync(workdir),
    ]);
  });
});

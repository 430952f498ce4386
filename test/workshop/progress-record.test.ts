import { describe, expect, it } from 'vitest';
import { parseLesson, projectLesson } from '../../src/lesson/index.js';
import { commandPreviews, earlierStatuses, progressSnapshot, resumeIndex } from '../../src/workshop/index.js';

const lesson = projectLesson(
  parseLesson(
    `---
id: three
title: Three steps
targets: [gateway]
vars:
  KEY: { prompt: Your key, secret: true }
---

## One

\`\`\`sh run
curl {{PROXY}}/echo -H "apikey: {{KEY}}" -H 'x: \\{{literal}}'
\`\`\`

## Two

Nothing to run.

## Three

\`\`\`yaml file=kong.yaml
url: {{PROXY}}
\`\`\`
`,
    '/l/three.md',
  ).lesson!,
  'gateway',
);

describe('progress files', () => {
  const previous = {
    version: 1 as const,
    lessonId: 'three',
    target: 'gateway' as const,
    file: '/l/three.md',
    steps: {
      one: { status: 'passed' as const, at: '2020-01-01T00:00:00.000Z' },
      gone: { status: 'passed' as const, at: '2020-01-01T00:00:00.000Z' },
    },
    currentStep: 'two',
    lastVisited: '2020-01-01T00:00:00.000Z',
    vars: {},
  };

  it('hands the saved statuses to the engine by step id, and resumes where the learner was', () => {
    expect(earlierStatuses(previous)).toEqual({ one: 'passed', gone: 'passed' });
    expect(earlierStatuses(undefined)).toEqual({});
    const earned = ['stale', 'pending', 'pending'] as const;
    expect(resumeIndex(lesson, earned, previous)).toBe(1);
    expect(resumeIndex(lesson, earned, { ...previous, currentStep: 'renamed' })).toBe(1);
    expect(resumeIndex(lesson, ['passed', 'skipped', 'passed'], undefined)).toBe(2);
  });

  it('stores a pass from an earlier session as passed, and a skip as skipped, never as passed', () => {
    const snapshot = progressSnapshot({
      lesson,
      target: 'gateway',
      earned: ['stale', 'skipped', 'pending'],
      previous,
      stepIndex: 1,
      vars: {},
    });
    expect(snapshot.steps.one).toEqual(previous.steps.one);
    expect(snapshot.steps.two?.status).toBe('skipped');
    expect(snapshot.steps.three).toBeUndefined();
  });

  it('keeps the time of a result that did not change, and records new ones', () => {
    const now = new Date('2030-05-05T05:05:05.000Z');
    const snapshot = progressSnapshot({
      lesson,
      target: 'gateway',
      earned: ['stale', 'pending', 'failed'],
      previous,
      stepIndex: 2,
      vars: { CONSUMER: 'alex' },
      now,
    });
    expect(snapshot).toEqual({
      version: 1,
      lessonId: 'three',
      target: 'gateway',
      file: '/l/three.md',
      steps: { one: previous.steps.one, gone: previous.steps.gone, three: { status: 'failed', at: now.toISOString() } },
      currentStep: 'three',
      lastVisited: now.toISOString(),
      vars: { CONSUMER: 'alex' },
    });
    // Saved later (on quit), it keeps the time the learner was last on the lesson.
    const visitedAt = new Date('2030-05-05T04:00:00.000Z');
    expect(
      progressSnapshot({ lesson, target: 'gateway', earned: [], stepIndex: 0, vars: {}, now, visitedAt }),
    ).toMatchObject({ lastVisited: visitedAt.toISOString() });
  });
});

describe('command previews', () => {
  it('fills in known values, keeps secrets and unknown values as {{NAME}}, and unescapes \\{{', () => {
    const values: Record<string, string> = { PROXY: 'http://127.0.0.1:8000', KEY: 'k3y' };
    const variables = { get: (name: string) => values[name], isSecret: (name: string) => name === 'KEY' };
    const previews = commandPreviews(lesson.steps[0], variables, (text) => text);
    expect(Object.values(previews)).toEqual([
      `curl http://127.0.0.1:8000/echo -H "apikey: {{KEY}}" -H 'x: {{literal}}'`,
    ]);
    expect(Object.values(commandPreviews(lesson.steps[2], variables, (text) => text))).toEqual([
      'url: http://127.0.0.1:8000\n',
    ]);
    expect(commandPreviews(lesson.steps[1], variables, (text) => text)).toEqual({});
  });
});

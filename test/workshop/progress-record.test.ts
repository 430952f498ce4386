import { describe, expect, it } from 'vitest';
import { parseLesson, projectLesson } from '../../src/lesson/index.js';
import {
  commandPreviews,
  mergeStepStatus,
  progressSnapshot,
  recordedStatuses,
  resumeIndex,
} from '../../src/workshop/index.js';

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

describe('what a step earns', () => {
  it.each([
    ['pending', 'run', 'passed', 'passed'],
    ['passed', 'run', 'failed', 'failed'],
    ['passed', 'run', 'cancelled', 'cancelled'],
    ['passed', 'check', 'failed', 'failed'],
    ['failed', 'check', 'passed', 'passed'],
    ['passed', 'check', 'skipped', 'passed'],
    ['passed', 'check', 'cancelled', 'passed'],
    ['pending', 'check', 'skipped', 'pending'],
    ['failed', 'skip', 'skipped', 'skipped'],
  ] as const)('%s, then %s ending %s → %s', (previous, mode, status, expected) => {
    expect(mergeStepStatus(previous, mode, status)).toBe(expected);
  });
});

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

  it('reads statuses for the steps the lesson has now, and resumes where the learner was', () => {
    const statuses = recordedStatuses(lesson, previous);
    expect(statuses).toEqual(['passed', 'pending', 'pending']);
    expect(resumeIndex(lesson, statuses, previous)).toBe(1);
    expect(resumeIndex(lesson, statuses, { ...previous, currentStep: 'renamed' })).toBe(1);
    expect(resumeIndex(lesson, ['passed', 'skipped', 'passed'], undefined)).toBe(2);
  });

  it('keeps the time of a result that did not change, and records new ones', () => {
    const now = new Date('2030-05-05T05:05:05.000Z');
    const snapshot = progressSnapshot({
      lesson,
      target: 'gateway',
      statuses: ['passed', 'running', 'failed'],
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

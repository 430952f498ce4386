import { afterAll, beforeAll, describe, it, vi } from 'vitest';
import type { DemoState } from '../../../src/demo/index.js';
import type { RunEvent } from '../../../src/engine/index.js';
import type { Lesson } from '../../../src/lesson/index.js';
import { App } from '../../../src/ui/App.js';
import { DemoApp } from '../../../src/ui/demo/DemoApp.js';
import { FakeDemo, fold, lessonStarted } from '../demo/fixtures.js';
import { FakeWorkshop, lessonState, openLesson } from '../fixtures.js';
import { ADDRESSES, bundledLessons } from './bundled.js';
import { SIZES, sizeName } from './frame.js';
import { mountAt } from './render-at.js';
import { expectScreens } from './snapshot.js';
import { loadLessonView } from './warm-up.js';

// Lesson 04's "Spend alex's minute", the talk's climax: alex spends the budget and is refused, sam is not.
beforeAll(async () => {
  await loadLessonView();
  vi.useFakeTimers({ toFake: ['Date', 'setInterval', 'clearInterval'] });
  vi.setSystemTime(new Date('2020-01-03T12:00:00Z'));
});
afterAll(() => vi.useRealTimers());

const found = bundledLessons().find(({ file }) => file.includes('04-'));
if (!found) throw new Error('lesson 04 is not bundled any more: pick the rate-limit lesson here');
const lesson: Lesson = found.lesson;
const stepIndex = lesson.steps.findIndex((step) => /spend/i.test(step.title));
const step = lesson.steps[stepIndex];
if (!step) throw new Error('lesson 04 has no "Spend …" step any more: pick its rate-limit step here');

interface Answer {
  readonly status: number;
  readonly limit: number;
  readonly remaining: number;
  readonly retryAfter?: number;
}

const headers = (a: Answer): Record<string, string> => ({
  'X-RateLimit-Limit-Minute': String(a.limit),
  'X-RateLimit-Remaining-Minute': String(a.remaining),
  'RateLimit-Limit': String(a.limit),
  'RateLimit-Remaining': String(a.remaining),
  'RateLimit-Reset': '37',
  ...(a.retryAfter ? { 'Retry-After': String(a.retryAfter) } : {}),
});

/** A check of the step that ran `answers` and passed (or, with `upTo`, is still sending). */
function checkEvents(index: number, answers: readonly Answer[], upTo = answers.length): RunEvent[] {
  const checks = step?.blocks.filter((b) => b.type === 'check') ?? [];
  const block = checks[index];
  if (block?.type !== 'check') return [];
  const source = { file: lesson.file, line: 1, column: 1 };
  const name = block.name;
  const events: RunEvent[] = [
    { type: 'check-started', step: stepIndex, blockId: block.id, name, kind: 'http', repeat: answers.length, source },
    ...answers.slice(0, upTo).map(
      (a, i): RunEvent => ({
        type: 'check-progress',
        step: stepIndex,
        blockId: block.id,
        progress: {
          type: 'response',
          index: i,
          of: answers.length,
          status: a.status,
          passed: true,
          rateLimit: headers(a),
        },
      }),
    ),
  ];
  if (upTo < answers.length) return events;
  return [
    ...events,
    {
      type: 'check-finished',
      step: stepIndex,
      blockId: block.id,
      name,
      source,
      result: { kind: 'http', status: 'passed', attempts: 1, durationMs: 20, extracted: {}, expectations: [] },
    },
  ];
}

const alexFirst: Answer[] = [{ status: 200, limit: 5, remaining: 4 }];
const alexRest: Answer[] = [
  ...[3, 2, 1, 0].map((remaining) => ({ status: 200, limit: 5, remaining })),
  { status: 429, limit: 5, remaining: 0, retryAfter: 37 },
];
const sam: Answer[] = [{ status: 200, limit: 8, remaining: 7 }];

const opening: RunEvent[] = [
  lessonStarted(lesson),
  { type: 'step-started', step: stepIndex, stepId: step.id, title: step.title, mode: 'run' },
];
const sending = [...opening, ...checkEvents(0, alexFirst), ...checkEvents(1, alexRest, 3)];
const done = [
  ...opening,
  ...checkEvents(0, alexFirst),
  ...checkEvents(1, alexRest),
  ...checkEvents(2, sam),
  ...checkEvents(3, [{ status: 401, limit: 0, remaining: 0 }]),
  { type: 'step-finished', step: stepIndex, stepId: step.id, status: 'passed', durationMs: 900 } as const,
];

const presenter = (events: readonly RunEvent[], activity: DemoState['activity']): DemoState => ({
  phase: 'presenting',
  lessons: [lesson],
  target: 'sandbox',
  targetDescription: 'sandbox at http://127.0.0.1:8000',
  position: { lesson: 0, step: stepIndex },
  runs: [fold(events)],
  activity,
  paused: false,
  cancelling: false,
});

describe.each(SIZES)('lesson 04’s rate limits at %o', (size) => {
  it(`presenter ${sizeName(size)}`, async () => {
    const frames = [];
    for (const [label, state] of [
      ['alex’s countdown, three requests in', presenter(sending, 'running')],
      ['alex refused, sam unaffected: the step passed', presenter(done, 'idle')],
    ] as const) {
      const app = await mountAt(<DemoApp demo={new FakeDemo(state)} recording={false} />, size);
      frames.push({ label, frame: await app.frame() });
      app.unmount();
    }
    await expectScreens('presenter-04-limits', size, frames);
  });

  it(`lesson view ${sizeName(size)}`, async () => {
    const frames = [];
    for (const [label, events, activity] of [
      ['alex’s countdown, three requests in', sending, 'running'],
      ['alex refused, sam unaffected: the step passed', done, 'idle'],
    ] as const) {
      const open = openLesson(lesson, events, { stepIndex, activity, addresses: ADDRESSES });
      const app = await mountAt(<App workshop={new FakeWorkshop(lessonState(open))} version="1.2.3" />, size);
      frames.push({ label, frame: await app.frame() });
      app.unmount();
    }
    await expectScreens('lesson-04-limits', size, frames);
  });
});

import { afterAll, beforeAll, describe, it, vi } from 'vitest';
import type { RunEvent } from '../../../src/engine/index.js';
import { App } from '../../../src/ui/App.js';
import type { OpenLesson, WorkshopState } from '../../../src/workshop/index.js';
import {
  FakeWorkshop,
  firstStepPassed,
  fixtureLesson,
  lessonState,
  openLesson,
  secondStepFailed,
} from '../fixtures.js';
import { ADDRESSES } from './bundled.js';
import { type Size, SIZES, sizeName } from './frame.js';
import { mountAt } from './render-at.js';
import { expectScreens } from './snapshot.js';
import { loadLessonView } from './warm-up.js';

beforeAll(async () => {
  await loadLessonView();
  vi.useFakeTimers({ toFake: ['Date', 'setInterval', 'clearInterval'] });
  vi.setSystemTime(new Date('2020-01-03T12:00:00Z'));
});
afterAll(() => vi.useRealTimers());

const lesson = fixtureLesson();
const open = (events: readonly RunEvent[], overrides: Partial<OpenLesson> = {}) =>
  openLesson(lesson, events, { addresses: ADDRESSES, ...overrides });
const step1 = firstStepPassed(lesson);
const [checkStarted] = step1.filter((e) => e.type === 'check-started');
const runBlock = lesson.steps[0]?.blocks.find((b) => b.type === 'run')?.id ?? '';

/** Step 1's command ran; its check polls: the third attempt, the first two found no consumer yet. */
const polling: RunEvent[] = [
  ...step1.slice(0, 5),
  ...(checkStarted ? [{ ...checkStarted, timeoutMs: 30_000 }] : []),
  {
    type: 'check-progress',
    step: 0,
    blockId: checkStarted?.blockId ?? '',
    progress: {
      type: 'attempt',
      attempt: 3,
      elapsedMs: 4_200,
      timeoutMs: 30_000,
      nextAttemptInMs: 1_000,
      lastFailure: 'status 404, expected 200',
    },
  },
];

/** Step 1's command was stopped with Ctrl-C half-way through its output. */
const stopped: RunEvent[] = [
  ...step1.slice(0, 4),
  {
    type: 'command-finished',
    step: 0,
    blockId: runBlock,
    exitCode: 130,
    expectedExit: 0,
    durationMs: 2_000,
    timedOut: false,
    cancelled: true,
    ok: false,
  },
  { type: 'step-finished', step: 0, stepId: lesson.steps[0]?.id ?? '', status: 'cancelled', durationMs: 2_000 },
];

const failedOnStep2 = [...step1, ...secondStepFailed(lesson)];

interface LessonShot {
  readonly name: string;
  readonly label: string;
  readonly state: WorkshopState;
  readonly keys?: readonly string[];
}

const SHOTS: readonly LessonShot[] = [
  { name: 'idle', label: 'step 1, nothing run yet', state: lessonState(open([])) },
  {
    name: 'running',
    label: 'step 1 runs its command: output streams',
    state: lessonState(open(step1.slice(0, 4), { activity: 'running' })),
  },
  {
    name: 'polling',
    label: 'step 1’s check polls until the consumer appears',
    state: lessonState(open(polling, { activity: 'running' })),
  },
  {
    name: 'rate-limit-running',
    label: 'step 2 sends its six requests: four answered so far',
    state: lessonState(open([...step1, ...secondStepFailed(lesson, 4)], { activity: 'running' })),
  },
  { name: 'passed', label: 'step 1 passed', state: lessonState(open(step1)) },
  {
    name: 'failed',
    label: 'step 2 failed: expected and actual, and the response',
    state: lessonState(open(failedOnStep2)),
  },
  { name: 'hint', label: 'step 2 failed, h shows the hint', state: lessonState(open(failedOnStep2)), keys: ['h'] },
  {
    name: 'solution',
    label: 'S asks first; y shows the solution',
    state: lessonState(open([])),
    keys: ['S'],
  },
  { name: 'solution', label: 'the solution shown', state: lessonState(open([])), keys: ['S', 'y'] },
  {
    name: 'stopped',
    label: 'Ctrl-C stopped the command',
    state: lessonState(open(stopped)),
  },
  {
    name: 'stopped',
    label: 'the first Ctrl-C while a command runs',
    state: {
      ...lessonState(open(step1.slice(0, 4), { activity: 'running', cancelling: true })),
      notice: { level: 'warning', text: 'stopping the running command…', hint: 'Ctrl-C again quits' },
    },
  },
  {
    name: 'last-step',
    label: 'the last step, after the others passed and failed',
    state: lessonState(open(failedOnStep2, { stepIndex: 2 })),
  },
];

async function shoot(shot: LessonShot, size: Size) {
  const app = await mountAt(<App workshop={new FakeWorkshop(shot.state)} version="1.2.3" />, size);
  try {
    await app.press(...(shot.keys ?? []));
    return await app.frame();
  } finally {
    app.unmount();
  }
}

const names = [...new Set(SHOTS.map((s) => s.name))];

describe.each(SIZES)('the lesson view at %o', (size) => {
  it.each(names)(`%s ${sizeName(size)}`, async (name) => {
    const frames = [];
    for (const shot of SHOTS.filter((s) => s.name === name))
      frames.push({ label: shot.label, frame: await shoot(shot, size) });
    await expectScreens(`lesson-${name}`, size, frames);
  });
});

import { afterAll, beforeAll, vi } from 'vitest';
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
import { describeShots, type Shot } from './snapshot.js';
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

const body = JSON.stringify(
  { message: 'Not found', request_id: 'b7e2c1d0a9f84e3b', consumers: ['alice', 'bob', 'carol', 'dave'], more: true },
  null,
  2,
);

/** Step 1's check failed on a long response: twelve lines of body, several headers, 600 characters. */
const failedLong: RunEvent[] = [
  ...step1.slice(0, 7),
  {
    type: 'check-finished',
    step: 0,
    blockId: checkStarted?.blockId ?? '',
    name: 'alex exists',
    source: checkStarted?.source ?? { file: lesson.file, line: 1, column: 1 },
    result: {
      kind: 'http',
      status: 'failed',
      attempts: 1,
      durationMs: 12,
      extracted: {},
      expectations: [{ subject: 'status', passed: false, expected: '200', actual: '404' }],
      response: {
        status: 404,
        headers: {
          'content-type': 'application/json; charset=utf-8',
          'x-kong-admin-latency': '1',
          server: 'kong/3.9.0',
        },
        bodyExcerpt: `${body}\n${'x'.repeat(400)}`,
      },
    },
  },
  { type: 'step-finished', step: 0, stepId: lesson.steps[0]?.id ?? '', status: 'failed', durationMs: 100 },
];

/** The command printed a multi-line block (a table) then failed: its stdout and stderr both show. */
const commandFailed: RunEvent[] = [
  ...step1.slice(0, 3),
  ...['NAME      KEY', 'alex      alex-key-1234', 'bob       bob-key-5678'].map(
    (line): RunEvent => ({ type: 'output', step: 0, blockId: runBlock, stream: 'stdout', line }),
  ),
  { type: 'output', step: 0, blockId: runBlock, stream: 'stderr', line: 'curl: (7) Failed to connect to 127.0.0.1' },
  {
    type: 'command-finished',
    step: 0,
    blockId: runBlock,
    exitCode: 7,
    expectedExit: 0,
    durationMs: 40,
    timedOut: false,
    cancelled: false,
    ok: false,
  },
  { type: 'step-finished', step: 0, stepId: lesson.steps[0]?.id ?? '', status: 'failed', durationMs: 50 },
];

/** Step 1 could not run: the target was not there (a fault, not a failed check). */
const faulted: RunEvent[] = [
  ...step1.slice(0, 2),
  {
    type: 'step-finished',
    step: 0,
    stepId: lesson.steps[0]?.id ?? '',
    status: 'error',
    durationMs: 5,
    fault: {
      code: 'target-unreachable',
      message: 'cannot reach the sandbox at http://127.0.0.1:8001',
      hint: 'start it with kong-workshop sandbox start, or press R',
    },
  },
];

interface LessonShot extends Shot {
  readonly state: WorkshopState;
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
  {
    name: 'failed',
    label: 'step 1 failed on a long response: twelve lines of body and more',
    state: lessonState(open(failedLong)),
  },
  {
    name: 'failed',
    label: 'step 1’s command printed a table, then failed with exit code 7',
    state: lessonState(open(commandFailed)),
  },
  { name: 'fault', label: 'step 1 could not run: the target is down', state: lessonState(open(faulted)) },
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

describeShots('the lesson view at %o', 'lesson', SHOTS, (shot) => (
  <App workshop={new FakeWorkshop(shot.state)} version="1.2.3" />
));

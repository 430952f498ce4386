import { afterAll, beforeAll, vi } from 'vitest';
import { type DemoState, TITLE_CARD } from '../../../src/demo/index.js';
import type { RunEvent } from '../../../src/engine/index.js';
import { DemoApp } from '../../../src/ui/demo/DemoApp.js';
import { demoState, FakeDemo, firstStepRan, fold, lessonStarted, talkLesson } from '../demo/fixtures.js';
import { secondStepFailed } from '../fixtures.js';
import { describeShots, type Shot } from './snapshot.js';

beforeAll(() => {
  vi.useFakeTimers({ toFake: ['Date', 'setInterval', 'clearInterval'] });
  vi.setSystemTime(new Date('2020-01-03T12:00:00Z'));
});
afterAll(() => vi.useRealTimers());

const lesson = talkLesson();
const ran = (events: readonly RunEvent[]) => [fold(events)];
const run = lesson.steps[0]?.blocks.find((b) => b.type === 'run');

interface PresenterShot extends Shot {
  readonly state: DemoState;
  readonly recording?: boolean;
}

// The rate-limit step of the talk lesson is the workshop fixture's step 2: same check, same events.
const limitEvents = (responses: number): RunEvent[] =>
  secondStepFailed(lesson, responses).map((event) => ({ ...event, step: 1 }));

const SHOTS: readonly PresenterShot[] = [
  {
    name: 'title',
    label: 'the title card, recording',
    state: demoState({ position: { lesson: 0, step: TITLE_CARD } }),
    recording: true,
  },
  { name: 'idle', label: 'step 1 before it runs, with the presenter notes', state: demoState() },
  { name: 'idle', label: 'o hides the notes', state: demoState(), keys: ['o'] },
  {
    name: 'typing',
    label: 'the command typed out, half-way',
    state: demoState({
      activity: 'running',
      runs: ran([lessonStarted(lesson)]),
      typing: {
        lesson: 0,
        step: 0,
        blockId: run?.id ?? '',
        command: 'kong-workshop sandbox sync key-auth.yaml',
        typed: 20,
      },
    }),
  },
  {
    name: 'polling',
    label: 'the second check still polls',
    state: demoState({ activity: 'running', runs: ran(firstStepRan(lesson, 'running')) }),
  },
  { name: 'passed', label: 'step 1 passed: both checks', state: demoState({ runs: ran(firstStepRan(lesson)) }) },
  {
    name: 'failed',
    label: 'step 1 failed: a wrong key got in',
    state: demoState({ runs: ran(firstStepRan(lesson, 'failed')) }),
  },
  {
    name: 'rate-limit',
    label: 'step 2 sends six requests: four answered',
    state: demoState({
      activity: 'running',
      position: { lesson: 0, step: 1 },
      runs: ran([...firstStepRan(lesson), ...limitEvents(4)]),
    }),
  },
  {
    name: 'rate-limit',
    label: 'step 2 done: the sixth was refused, one request later than the check wanted',
    state: demoState({ position: { lesson: 0, step: 1 }, runs: ran([...firstStepRan(lesson), ...limitEvents(6)]) }),
  },
  {
    name: 'stopped',
    label: 'the first Ctrl-C while a check runs',
    state: demoState({
      activity: 'running',
      cancelling: true,
      runs: ran(firstStepRan(lesson, 'running')),
      notice: { level: 'warning', text: 'stopping…', hint: 'Ctrl-C again quits' },
    }),
  },
  { name: 'keys', label: '? lists the presenter keys', state: demoState(), keys: ['?'] },
  { name: 'keys', label: 'q asks before quitting', state: demoState(), keys: ['q'] },
  {
    name: 'fast-forward',
    label: '--from runs the earlier steps quietly',
    state: demoState({
      phase: 'fast-forward',
      activity: 'running',
      fastForward: { done: 0, total: 1, current: { lesson: 0, step: 0 }, target: { lesson: 0, step: 1 } },
    }),
  },
];

describeShots('the presenter view at %o', 'presenter', SHOTS, (shot) => (
  <DemoApp demo={new FakeDemo(shot.state)} recording={shot.recording ?? false} />
));

import type { RunEvent, StepProgress } from '../../src/engine/index.js';
import type { Lesson } from '../../src/lesson/index.js';
import type { WorkshopStore } from '../../src/ui/index.js';
import type { Dialog, LessonEntry, OpenLesson, WorkshopState } from '../../src/workshop/index.js';
import { ALEX_IS_LIMITED_CHECK, fold, lessonStarted, sandboxLesson } from './run-fixtures.js';

export const file = '/lessons/limits.md';
const at = (line: number) => ({ file, line, column: 1 });

/** A lesson with an introduction, prose, commands, a rate-limit check, hints and a solution. */
export const source = `---
id: limits
title: Per-consumer limits
summary: Give each consumer its own request budget.
duration: 15m
targets: [sandbox, gateway]
---

# Per-consumer limits

Rate limiting protects **upstreams** from bursts.

## Add a consumer

Create the consumer *alex* with a key. See [the docs](https://docs.konghq.com/gateway/).

> [!NOTE]
> Keys are case-sensitive.

\`\`\`sh run
curl -si -X POST {{ADMIN}}/consumers -d username=alex
\`\`\`

\`\`\`check
name: alex exists
request: GET {{ADMIN}}/consumers/alex
expect:
  status: 200
\`\`\`

<details>
<summary>Hint</summary>

Is the Admin API at {{ADMIN}} up?

</details>

<details>
<summary>Solution</summary>

\`\`\`sh
curl -X POST {{ADMIN}}/consumers -d username=alex
\`\`\`

</details>

## Hit the limit

Six requests in a row: the sixth gets a 429.

${ALEX_IS_LIMITED_CHECK}

<details>
<summary>Hint</summary>

Each consumer has its own counter.

</details>

## Clean the slate

\`\`\`sh run
echo done
\`\`\`
`;

export function fixtureLesson(): Lesson {
  return sandboxLesson(source, file);
}

/** Step 1 ran: its command printed two lines and its check passed. */
export function firstStepPassed(lesson: Lesson): RunEvent[] {
  const step = lesson.steps[0]!;
  const run = step.blocks.find((b) => b.type === 'run')!;
  const check = step.blocks.find((b) => b.type === 'check')!;
  return [
    lessonStarted(lesson),
    { type: 'step-started', step: 0, stepId: step.id, title: step.title, mode: 'run' },
    {
      type: 'command-started',
      step: 0,
      blockId: run.id,
      command: 'curl -si -X POST http://127.0.0.1:8001/consumers -d username=alex',
      purpose: 'run',
      timeoutMs: 60_000,
      source: at(20),
    },
    { type: 'output', step: 0, blockId: run.id, stream: 'stdout', line: 'HTTP/1.1 201 Created' },
    { type: 'output', step: 0, blockId: run.id, stream: 'stdout', line: '{"username":"alex"}' },
    {
      type: 'command-finished',
      step: 0,
      blockId: run.id,
      exitCode: 0,
      expectedExit: 0,
      durationMs: 80,
      timedOut: false,
      cancelled: false,
      ok: true,
    },
    { type: 'check-started', step: 0, blockId: check.id, name: 'alex exists', kind: 'http', repeat: 1, source: at(24) },
    {
      type: 'check-finished',
      step: 0,
      blockId: check.id,
      name: 'alex exists',
      source: at(24),
      result: {
        kind: 'http',
        status: 'passed',
        attempts: 1,
        durationMs: 9,
        extracted: {},
        expectations: [{ subject: 'status', passed: true, expected: '200', actual: '200' }],
      },
    },
    { type: 'step-finished', step: 0, stepId: step.id, status: 'passed', durationMs: 100 },
  ];
}

/** Step 2's sequence: five allowed, one refused, but the check wanted a 429 one request earlier. */
export function secondStepFailed(lesson: Lesson, responses = 6): RunEvent[] {
  const step = lesson.steps[1]!;
  const check = step.blocks.find((b) => b.type === 'check')!;
  const statuses = [200, 200, 200, 200, 200, 429].slice(0, responses);
  const events: RunEvent[] = [
    { type: 'step-started', step: 1, stepId: step.id, title: step.title, mode: 'run' },
    {
      type: 'check-started',
      step: 1,
      blockId: check.id,
      name: 'alex is limited',
      kind: 'http',
      repeat: 6,
      source: at(40),
    },
    ...statuses.map(
      (status, index): RunEvent => ({
        type: 'check-progress',
        step: 1,
        blockId: check.id,
        progress: {
          type: 'response',
          index,
          of: 6,
          status,
          passed: true,
          rateLimit: {
            'X-RateLimit-Remaining-Minute': String(Math.max(0, 4 - index)),
            'X-RateLimit-Limit-Minute': '5',
            ...(status === 429 ? { 'Retry-After': '42' } : {}),
          },
        },
      }),
    ),
  ];
  if (responses < 6) return events;
  return [
    ...events,
    {
      type: 'check-finished',
      step: 1,
      blockId: check.id,
      name: 'alex is limited',
      source: at(40),
      result: {
        kind: 'http',
        status: 'failed',
        attempts: 1,
        durationMs: 30,
        extracted: {},
        expectations: [
          { subject: 'status', passed: true, expected: '200', actual: '200', responseIndex: 0 },
          { subject: 'status', passed: false, expected: '429', actual: '200', responseIndex: 4 },
        ],
        response: { status: 429, headers: {}, bodyExcerpt: '{"message":"API rate limit exceeded"}' },
      },
    },
    { type: 'step-finished', step: 1, stepId: step.id, status: 'failed', durationMs: 40 },
  ];
}

export function openLesson(
  lesson: Lesson,
  events: readonly RunEvent[],
  overrides: Partial<OpenLesson> = {},
): OpenLesson {
  const run = fold(events);
  const steps: StepProgress[] = run.steps.map((s) => s.status);
  return {
    lesson,
    run,
    stepIndex: run.currentStep ?? 0,
    steps: steps.length ? steps : lesson.steps.map(() => 'pending'),
    activity: 'idle',
    cancelling: false,
    previews: {},
    ...overrides,
  };
}

export const entries: LessonEntry[] = [
  {
    file,
    id: 'limits',
    title: 'Per-consumer limits',
    summary: 'Give each consumer its own request budget.',
    durationMs: 900_000,
    targets: ['sandbox', 'gateway'],
    supported: true,
    stepCount: 3,
    progress: { passed: 1, skipped: 0, failed: 1, lastVisited: '2020-01-01T10:00:00.000Z' },
  },
  {
    file: '/lessons/key-auth.md',
    id: 'key-auth',
    title: 'Protect a route with key-auth',
    targets: ['sandbox'],
    supported: true,
    stepCount: 4,
  },
  {
    file: '/lessons/konnect.md',
    id: 'konnect',
    title: 'Auth configuration for Konnect',
    targets: ['konnect'],
    supported: false,
    stepCount: 5,
  },
  {
    file: '/lessons/broken.md',
    id: '/lessons/broken.md',
    title: '/lessons/broken.md',
    targets: [],
    supported: false,
    stepCount: 0,
    problem: '1 error: broken.md:3:1 missing id',
  },
];

export function homeState(overrides: Partial<WorkshopState> = {}): WorkshopState {
  return {
    screen: 'home',
    target: 'sandbox',
    targets: ['sandbox', 'kind', 'konnect', 'gateway'],
    targetStatus: { state: 'ready', line: 'sandbox running at http://127.0.0.1:8000' },
    lessons: entries,
    closed: false,
    ...overrides,
  };
}

/** A stand-in for the Workshop that records what the screens ask of it. */
export class FakeWorkshop implements WorkshopStore {
  readonly calls: string[] = [];
  private readonly listeners = new Set<(state: WorkshopState) => void>();

  constructor(public state: WorkshopState) {}

  subscribe(listener: (state: WorkshopState) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  update(patch: Partial<WorkshopState>): void {
    this.state = { ...this.state, ...patch };
    for (const listener of this.listeners) listener(this.state);
  }

  private record(call: string): void {
    this.calls.push(call);
  }

  openLesson = async (path: string) => this.record(`open ${path}`);
  goHome = () => this.record('home');
  runStep = async () => this.record('run');
  checkStep = async () => this.record('check');
  recheckLesson = async () => this.record('recheck all');
  skipStep = () => this.record('skip');
  next = () => this.record('next');
  previous = () => this.record('previous');
  cancel = () => {
    this.record('cancel');
    return this.state.lesson?.activity === 'running';
  };
  answerPrompt = (value: string | undefined) =>
    this.record(`prompt ${value === undefined ? '(cancelled)' : JSON.stringify(value)}`);
  answerTrust = (yes: boolean) => this.record(`trust ${yes}`);
  answerResume = (yes: boolean) => this.record(`resume ${yes}`);
  switchTarget = async (target: string) => this.record(`target ${target}`);
  refreshStatus = async () => this.record('refresh');
  dismissNotice = () => this.record('dismiss');
  quit = async () => this.record('quit');
  openShell = async () => this.record('shell');
  restartTarget = async () => this.record('restart');
  get canRestartTarget(): boolean {
    return this.state.targetStatus.state === 'down';
  }
  get canOpenShell(): boolean {
    return this.state.lesson?.activity === 'idle';
  }
}

export function lessonState(open: OpenLesson, dialog?: Dialog): WorkshopState {
  return homeState({ screen: 'lesson', lesson: open, dialog });
}

import type { RunEvent } from '../../../src/engine/index.js';
import type { DemoState } from '../../../src/demo/index.js';
import type { Lesson } from '../../../src/lesson/index.js';
import type { DemoStore } from '../../../src/ui/index.js';
import { ALEX_IS_LIMITED_CHECK, fold, lessonStarted, sandboxLesson } from '../run-fixtures.js';

export { fold, lessonStarted } from '../run-fixtures.js';

export const file = '/talk/02-key-auth.md';
const at = (line: number) => ({ file, line, column: 1 });

export const source = `---
id: key-auth
title: Ask every caller for a key
summary: Turn on key-auth and read the two ways Kong turns a request away.
duration: 20m
targets: [sandbox]
---

# Ask every caller for a key

Authentication belongs at the gateway. It happens once, in one place.

## Turn on key-auth

A plugin runs where you attach it. Attach key-auth to the echo route.

| where | what |
| - | - |
| route | only that route |

\`\`\`sh run
kong-workshop sandbox sync key-auth.yaml
\`\`\`

\`\`\`check
name: no key, no entry
request: GET {{PROXY}}/echo
expect:
  status: 401
\`\`\`

\`\`\`check
name: a wrong key is refused
request:
  url: "{{PROXY}}/echo"
  headers: { apikey: wrong }
expect:
  status: 401
\`\`\`

<details>
<summary>Presenter notes</summary>

Point at WWW-Authenticate: it names the scheme.

</details>

## Limit alex

Five requests a minute.

${ALEX_IS_LIMITED_CHECK}

## Clean up

\`\`\`sh run
kong-workshop sandbox reset
\`\`\`
`;

export function talkLesson(): Lesson {
  return sandboxLesson(source, file);
}

/** Step 1 ran: the command printed a line, the first check passed, the second is `second`. */
export function firstStepRan(lesson: Lesson, second: 'passed' | 'failed' | 'running' = 'passed'): RunEvent[] {
  const step = lesson.steps[0]!;
  const run = step.blocks.find((b) => b.type === 'run')!;
  const [one, two] = step.blocks.filter((b) => b.type === 'check');
  const finished: RunEvent[] = [
    {
      type: 'check-finished',
      step: 0,
      blockId: two!.id,
      name: 'a wrong key is refused',
      source: at(30),
      result:
        second === 'passed'
          ? {
              kind: 'http',
              status: 'passed',
              attempts: 1,
              durationMs: 7,
              extracted: {},
              expectations: [{ subject: 'status', passed: true, expected: '401', actual: '401' }],
            }
          : {
              kind: 'http',
              status: 'failed',
              attempts: 3,
              durationMs: 3100,
              extracted: {},
              expectations: [{ subject: 'status', passed: false, expected: '401', actual: '200' }],
              response: { status: 200, headers: {}, bodyExcerpt: '{}' },
            },
    },
    {
      type: 'step-finished',
      step: 0,
      stepId: step.id,
      status: second === 'passed' ? 'passed' : 'failed',
      durationMs: 3300,
    },
  ];
  return [
    lessonStarted(lesson),
    { type: 'step-started', step: 0, stepId: step.id, title: step.title, mode: 'run' },
    {
      type: 'command-started',
      step: 0,
      blockId: run.id,
      command: 'kong-workshop sandbox sync key-auth.yaml',
      purpose: 'run',
      timeoutMs: 60_000,
      source: at(20),
    },
    { type: 'output', step: 0, blockId: run.id, stream: 'stdout', line: 'sync: 1 service, 1 route, 1 plugin' },
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
    {
      type: 'check-started',
      step: 0,
      blockId: one!.id,
      name: 'no key, no entry',
      kind: 'http',
      repeat: 1,
      source: at(24),
    },
    {
      type: 'check-finished',
      step: 0,
      blockId: one!.id,
      name: 'no key, no entry',
      source: at(24),
      result: {
        kind: 'http',
        status: 'passed',
        attempts: 1,
        durationMs: 9,
        extracted: {},
        expectations: [{ subject: 'status', passed: true, expected: '401', actual: '401' }],
      },
    },
    {
      type: 'check-started',
      step: 0,
      blockId: two!.id,
      name: 'a wrong key is refused',
      kind: 'http',
      repeat: 1,
      timeoutMs: 10_000,
      source: at(30),
    },
    ...(second === 'running' ? [] : finished),
  ];
}

export function demoState(patch: Partial<DemoState> = {}): DemoState {
  const lesson = talkLesson();
  return {
    phase: 'presenting',
    lessons: [lesson],
    target: 'sandbox',
    targetDescription: 'sandbox at http://127.0.0.1:8000',
    position: { lesson: 0, step: 0 },
    runs: [fold([lessonStarted(lesson)])],
    activity: 'idle',
    paused: false,
    cancelling: false,
    ...patch,
  };
}

/** The demo as the view sees it: a state the test sets, and the actions it records. */
export class FakeDemo implements DemoStore {
  readonly calls: string[] = [];
  private listeners = new Set<(state: DemoState) => void>();
  constructor(public state: DemoState) {}
  subscribe(listener: (state: DemoState) => void) {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }
  set(patch: Partial<DemoState>): void {
    this.state = { ...this.state, ...patch };
    for (const listener of this.listeners) listener(this.state);
  }
  async start() {}
  primary() {
    this.calls.push('primary');
  }
  runStep() {
    this.calls.push('run');
  }
  checkStep() {
    this.calls.push('check');
  }
  next() {
    this.calls.push('next');
  }
  previous() {
    this.calls.push('previous');
  }
  togglePause() {
    this.calls.push('pause');
  }
  cancel() {
    this.calls.push('cancel');
    return this.state.activity !== 'idle';
  }
  answerPrompt(value: string | undefined) {
    this.calls.push(`answer ${value}`);
  }
  dismissNotice() {}
  async quit() {
    this.calls.push('quit');
  }
}

import type { CheckResult } from '../../src/checks/index.js';
import type { RunEvent } from '../../src/engine/index.js';
import type { Lesson } from '../../src/lesson/index.js';

// A realistic event stream: step 1 passes, step 2's rate-limit sequence fails on response 3,
// step 3 is skipped. Secrets are already masked, as the engine guarantees.
export const file = '/work/lessons/limits.md';
const at = (line: number) => ({ file, line, column: 1 });

export const lesson: Lesson = {
  file,
  id: 'limits',
  title: 'Per-consumer limits',
  targets: ['sandbox'],
  tools: {},
  vars: [],
  intro: [],
  steps: [
    {
      id: 'sync',
      index: 0,
      title: 'Sync the config',
      source: at(5),
      sections: [],
      blocks: [
        {
          type: 'run',
          id: 'sync-1',
          lang: 'sh',
          command: 'kong-workshop sandbox sync kong.yaml',
          timeoutMs: 60_000,
          expectExit: 0,
          source: at(7),
        },
        {
          type: 'check',
          id: 'sync-2',
          name: 'no key, no entry',
          source: at(11),
          spec: { kind: 'cmd', command: 'true', exit: 0, timeoutMs: 1000 },
        },
      ],
    },
    {
      id: 'limit',
      index: 1,
      title: 'Hit the limit',
      source: at(20),
      sections: [
        {
          kind: 'hint',
          source: at(30),
          blocks: [
            {
              type: 'prose',
              id: 'h',
              source: at(31),
              markdown: 'Is the *rate-limiting* plugin\non the consumer?\n\nMore.',
            },
          ],
        },
      ],
      blocks: [
        {
          type: 'check',
          id: 'limit-1',
          name: 'six requests',
          source: at(22),
          spec: { kind: 'cmd', command: 'true', exit: 0, timeoutMs: 1000 },
        },
        {
          type: 'check',
          id: 'limit-2',
          name: 'the other consumer',
          source: at(26),
          spec: { kind: 'cmd', command: 'true', exit: 0, timeoutMs: 1000 },
        },
      ],
    },
    {
      id: 'reset',
      index: 2,
      title: 'Reset the window',
      source: at(40),
      sections: [],
      blocks: [
        {
          type: 'check',
          id: 'reset-1',
          name: 'allowed again',
          source: at(42),
          spec: { kind: 'cmd', command: 'true', exit: 0, timeoutMs: 1000 },
        },
      ],
    },
  ],
};

const passed: CheckResult = {
  kind: 'http',
  status: 'passed',
  expectations: [{ subject: 'status', passed: true, expected: '401', actual: '401' }],
  attempts: 1,
  durationMs: 12,
  extracted: {},
};
const failed: CheckResult = {
  kind: 'http',
  status: 'failed',
  attempts: 1,
  durationMs: 40,
  extracted: {},
  expectations: [
    { subject: 'status', passed: true, expected: '200', actual: '200', responseIndex: 2 },
    {
      subject: 'header X-RateLimit-Remaining-Minute',
      passed: false,
      expected: '2',
      actual: '3',
      responseIndex: 2,
      source: at(24),
    },
  ],
  response: {
    status: 429,
    headers: { 'retry-after': '39', 'content-type': 'application/json; charset=utf-8' },
    bodyExcerpt: '{"message":"API rate limit exceeded"}',
  },
};

export const events: RunEvent[] = [
  {
    type: 'lesson-started',
    lessonId: 'limits',
    title: 'Per-consumer limits',
    file,
    target: 'sandbox',
    targetDescription: 'sandbox at http://127.0.0.1:8000',
    mode: 'run',
    steps: lesson.steps.map((s) => ({ id: s.id, title: s.title })),
    at: 0,
  },
  { type: 'step-started', step: 0, stepId: 'sync', title: 'Sync the config', mode: 'run' },
  {
    type: 'command-started',
    step: 0,
    blockId: 'sync-1',
    command: 'kong-workshop sandbox sync kong.yaml --pat ********',
    purpose: 'run',
    timeoutMs: 60_000,
    source: at(7),
  },
  { type: 'output', step: 0, blockId: 'sync-1', stream: 'stdout', line: 'synced: 1 service, 1 route' },
  {
    type: 'command-finished',
    step: 0,
    blockId: 'sync-1',
    exitCode: 0,
    expectedExit: 0,
    durationMs: 350,
    timedOut: false,
    cancelled: false,
    ok: true,
  },
  {
    type: 'check-started',
    step: 0,
    blockId: 'sync-2',
    name: 'no key, no entry',
    kind: 'http',
    repeat: 1,
    source: at(11),
  },
  { type: 'check-finished', step: 0, blockId: 'sync-2', name: 'no key, no entry', result: passed, source: at(11) },
  { type: 'step-finished', step: 0, stepId: 'sync', status: 'passed', durationMs: 400 },
  { type: 'step-started', step: 1, stepId: 'limit', title: 'Hit the limit', mode: 'run' },
  { type: 'check-started', step: 1, blockId: 'limit-1', name: 'six requests', kind: 'http', repeat: 6, source: at(22) },
  ...[200, 200, 200].map(
    (status, index): RunEvent => ({
      type: 'check-progress',
      step: 1,
      blockId: 'limit-1',
      progress: { type: 'response', index, of: 6, status, passed: index < 2, rateLimit: {} },
    }),
  ),
  { type: 'check-finished', step: 1, blockId: 'limit-1', name: 'six requests', result: failed, source: at(22) },
  { type: 'step-finished', step: 1, stepId: 'limit', status: 'failed', durationMs: 45 },
  { type: 'step-finished', step: 2, stepId: 'reset', status: 'skipped', durationMs: 0 },
  {
    type: 'lesson-finished',
    status: 'failed',
    durationMs: 500,
    counts: { passed: 1, failed: 1, error: 0, skipped: 1, cancelled: 0 },
  },
];

/** The sample run with a title, a check name, a header and a body that try to be markup. */
export function hostileRun(): RunEvent[] {
  return events.map((event): RunEvent => {
    if (event.type === 'lesson-started') return { ...event, title: 'Limits <script>alert(1)</script>' };
    if (event.type === 'check-finished' && event.result.status === 'failed') {
      const response = event.result.response;
      const result: CheckResult = {
        ...event.result,
        response: response && {
          ...response,
          headers: { ...response.headers, 'x-note': '<b>bold</b>' },
          bodyExcerpt: '</pre><script>alert(2)</script>',
        },
      };
      return { ...event, name: '"><img src=x onerror=alert(3)>', result };
    }
    if (event.type === 'check-started' && event.blockId === 'limit-1')
      return { ...event, name: '"><img src=x onerror=alert(3)>' };
    return event;
  });
}

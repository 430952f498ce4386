import { describe, expect, it } from 'vitest';
import type { DemoState } from '../../../src/demo/index.js';
import type { RunEvent } from '../../../src/engine/index.js';
import { presenterScreen } from '../../../src/ui/demo/presenter-screen.js';
import { lineText, lineWidth } from '../../../src/ui/styled-text.js';
import { demoState, firstStepRan, fold, lessonStarted, talkLesson } from './fixtures.js';

// What the room reads in the verdicts: one calm STOPPED, why a polling check still fails, and for a
// step that only checks, its request and answer and the rate-limit chart across the whole width.

const lesson = talkLesson();
const source = { file: lesson.file, line: 40, column: 1 };
const screen = (state: DemoState, width = 120, height = 35) =>
  presenterScreen({ state, width, height, frame: 0, notesShown: true, recording: false });
const count = (text: string, word: string) => text.split(word).length - 1;

/** Step 2 ("Limit alex") is one rate-limit check: six requests as alex, the sixth refused. */
function limitRan(): RunEvent[] {
  const step = lesson.steps[1]!;
  const check = step.blocks.find((block) => block.type === 'check')!;
  const headers = (remaining: number) => ({
    'X-RateLimit-Limit-Minute': '5',
    'X-RateLimit-Remaining-Minute': String(remaining),
    'RateLimit-Reset': '42',
  });
  const request = { method: 'GET', url: 'http://127.0.0.1:8000/echo', requestHeaders: { apikey: 'alex-demo-key' } };
  const responses: RunEvent[] = [200, 200, 200, 200, 200, 429].map((status, index) => ({
    type: 'check-progress',
    step: 1,
    blockId: check.id,
    progress: {
      type: 'response',
      index,
      of: 6,
      status,
      passed: true,
      rateLimit: headers(Math.max(0, 4 - index)),
      exchange: { ...request, headers: headers(Math.max(0, 4 - index)), bodyExcerpt: '{}' },
    },
  }));
  return [
    lessonStarted(lesson),
    { type: 'step-started', step: 1, stepId: step.id, title: step.title, mode: 'run' },
    { type: 'check-started', step: 1, blockId: check.id, name: 'alex is limited', kind: 'http', repeat: 6, source },
    ...responses,
    {
      type: 'check-finished',
      step: 1,
      blockId: check.id,
      name: 'alex is limited',
      source,
      result: {
        kind: 'http',
        status: 'passed',
        attempts: 1,
        durationMs: 60,
        extracted: {},
        expectations: [
          { subject: 'status', passed: true, expected: '429', actual: '429', responseIndex: 5 },
          { subject: 'header Retry-After', passed: true, expected: 'present', actual: '42', responseIndex: 5 },
          { subject: 'json message', passed: true, expected: 'API rate', actual: '"API rate limit exceeded"' },
        ],
        response: { index: 5, status: 429, headers: headers(0), bodyExcerpt: '{"message":"API rate limit exceeded"}' },
      },
    },
    { type: 'variable-captured', step: 1, blockId: check.id, name: 'RETRY_AFTER', value: '42', secret: false },
    { type: 'step-finished', step: 1, stepId: step.id, status: 'passed', durationMs: 70 },
  ];
}

describe('the verdicts on stage', () => {
  it('a step that only checks: one PASSED, its request and answer, and the chart across the whole width', () => {
    const state = demoState({ position: { lesson: 0, step: 1 }, runs: [fold(limitRan())] });
    const lines = screen(state);
    const text = lines.map(lineText).join('\n');
    expect(count(text, 'PASSED')).toBe(1);
    expect(text).not.toContain('DONE');
    expect(text).toContain('── request and answer');
    expect(text).toContain('  → GET http://127.0.0.1:8000/echo\n      apikey: alex-demo-key');
    expect(text).toContain('  ← HTTP 429  response 6');
    expect(text).toContain('      ✓ Retry-After: 42');
    expect(text).toContain('      ✓ message: "API rate limit exceeded"\n\n→ RETRY_AFTER = 42');
    const row = lines.find((line) => lineText(line).startsWith('apikey alex-demo-key'));
    expect(row && lineWidth(row)).toBe(120);
    expect(lineText(row!)).toMatch(/▒+ +5 allowed · 1 rejected · remaining 0\/5 · reset in 42s$/);
  });

  it('a step that only checks offers to run the checks: there is nothing to type', () => {
    const lines = screen(demoState({ position: { lesson: 0, step: 1 } }), 80, 23).map(lineText);
    expect(lines.at(-1)).toMatch(/^ Enter {2}run the checks /);
  });

  it('a step stopped with Ctrl-C during a check shows one calm STOPPED, no ERROR', () => {
    const events = firstStepRan(lesson, 'running');
    const check = lesson.steps[0]!.blocks.filter((block) => block.type === 'check')[1]!;
    const stopped: RunEvent[] = [
      ...events,
      {
        type: 'check-finished',
        step: 0,
        blockId: check.id,
        name: 'a wrong key is refused',
        source,
        result: {
          kind: 'http',
          status: 'error',
          attempts: 2,
          durationMs: 1500,
          extracted: {},
          expectations: [],
          fault: { code: 'cancelled', message: 'cancelled', hint: 'run it again' },
        },
      },
      { type: 'step-finished', step: 0, stepId: lesson.steps[0]!.id, status: 'cancelled', durationMs: 1600 },
    ];
    for (const [width, height] of [
      [120, 35],
      [80, 23],
    ] as const) {
      const text = screen(demoState({ runs: [fold(stopped)] }), width, height)
        .map(lineText)
        .join('\n');
      expect(count(text, 'STOPPED')).toBe(1);
      expect(text).not.toContain('ERROR');
    }
  });

  it('a polling check says what it last got and what it waits for', () => {
    const check = lesson.steps[0]!.blocks.filter((block) => block.type === 'check')[1]!;
    const polling: RunEvent[] = [
      ...firstStepRan(lesson, 'running'),
      {
        type: 'check-progress',
        step: 0,
        blockId: check.id,
        progress: {
          type: 'attempt',
          attempt: 4,
          elapsedMs: 3200,
          timeoutMs: 10_000,
          nextAttemptInMs: 1000,
          lastFailure: 'status: expected 401, got 200',
        },
      },
    ];
    const text = screen(demoState({ activity: 'running', runs: [fold(polling)] }))
      .map(lineText)
      .join('\n');
    expect(text).toContain('CHECKING');
    expect(text).toContain('still 200, waiting for 401 · try 4 · 7s left');
  });
});

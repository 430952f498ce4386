import { describe, expect, it } from 'vitest';
import { compileExpectation, matchValue, pollUntilDone } from '../../src/checks/index.js';
import type { Matcher, ValueExpectation } from '../../src/lesson/index.js';

const at = { file: 'lesson.md', line: 1, column: 1 };
const exp = (...matchers: Matcher[]): ValueExpectation => ({ matchers, source: at });

describe('matchValue', () => {
  it.each([
    ['text equals number', '5', exp({ op: 'equals', value: 5 }), 'text', true, '5'],
    ['text equals differs', '4', exp({ op: 'equals', value: 5 }), 'text', false, '5'],
    ['json equals is typed', '5', exp({ op: 'equals', value: 5 }), 'json', false, '5'],
    ['json deep equals', { a: [1] }, exp({ op: 'equals', value: { a: [1] } }), 'json', true, '{"a":[1]}'],
    ['present', 'x', exp({ op: 'present' }), 'text', true, 'present'],
    ['present but absent', undefined, exp({ op: 'present' }), 'text', false, 'present'],
    ['absent', undefined, exp({ op: 'absent' }), 'text', true, 'absent'],
    [
      'matches',
      'abc123',
      exp({ op: 'matches', pattern: '^[a-z]+\\d+$', flags: '' }),
      'text',
      true,
      'matches /^[a-z]+\\d+$/',
    ],
    // A slash in the pattern is escaped as in a literal: one /…/, never /^kong//.
    [
      'matches a slash',
      'kong/3.9',
      exp({ op: 'matches', pattern: '^kong/', flags: 'i' }),
      'text',
      true,
      'matches /^kong\\//i',
    ],
    ['contains', 'hello world', exp({ op: 'contains', value: 'lo w' }), 'text', true, 'contains "lo w"'],
    ['range', '39', exp({ op: 'compare', gte: 1, lte: 60 }), 'text', true, '≥ 1 and ≤ 60'],
    ['range fails', '0', exp({ op: 'compare', gte: 1 }), 'text', false, '≥ 1'],
    ['range needs a number', 'soon', exp({ op: 'compare', gte: 1 }), 'text', false, '≥ 1'],
    ['empty text is not zero', '', exp({ op: 'compare', gte: 0 }), 'text', false, '≥ 0'],
    ['one of', '201', exp({ op: 'one-of', values: [200, 201] }), 'text', true, 'one of 200, 201'],
    [
      'all matchers must hold',
      '70',
      exp({ op: 'present' }, { op: 'compare', lte: 60 }),
      'text',
      false,
      'present and ≤ 60',
    ],
  ] as const)('%s', (_name, actual, expectation, mode, passed, expected) => {
    const outcome = matchValue(actual, expectation, mode);
    expect(outcome.passed).toBe(passed);
    expect(outcome.expected).toBe(expected);
  });

  it('shows absent values plainly', () => {
    expect(matchValue(undefined, exp({ op: 'equals', value: 'Key' }), 'text').actual).toBe('(absent)');
  });
});

describe('pollUntilDone', () => {
  it('runs once without a policy', async () => {
    const result = await pollUntilDone(async () => ({ done: false, value: 1 }), undefined);
    expect(result).toEqual({ value: 1, attempts: 1, cancelled: false });
  });

  it('retries until done and reports each attempt', async () => {
    const seen: number[] = [];
    const result = await pollUntilDone(
      async (n) => ({ done: n === 3, value: n, failure: `attempt ${n}` }),
      { timeoutMs: 5000, intervalMs: 10 },
      { onProgress: (p) => p.type === 'attempt' && seen.push(p.attempt) },
    );
    expect(result).toMatchObject({ value: 3, attempts: 3, cancelled: false });
    expect(seen).toEqual([1, 2, 3]);
  });

  it('gives up at the deadline with a last attempt', async () => {
    const started = Date.now();
    const result = await pollUntilDone(async () => ({ done: false, value: 0 }), { timeoutMs: 120, intervalMs: 50 });
    expect(result.attempts).toBeGreaterThanOrEqual(3);
    expect(Date.now() - started).toBeLessThan(1000);
  });

  it('stops when cancelled', async () => {
    const controller = new AbortController();
    setTimeout(() => controller.abort(), 30);
    const result = await pollUntilDone(
      async () => ({ done: false, value: 0 }),
      { timeoutMs: 10_000, intervalMs: 1000 },
      { signal: controller.signal },
    );
    expect(result.cancelled).toBe(true);
  });
});

describe('compileExpectation', () => {
  it('gives the same verdict on every use, even for a pattern written with /g', () => {
    const compiled = compileExpectation(exp({ op: 'matches', pattern: '^\\d+$', flags: 'g' }), 'text');
    expect([compiled.test('42'), compiled.test('42'), compiled.test('42')]).toEqual([true, true, true]);
  });

  it('quotes expected strings in json mode, so a type mismatch shows', () => {
    const outcome = compileExpectation(exp({ op: 'equals', value: '42' }), 'json').check(42);
    expect(outcome).toEqual({ passed: false, expected: '"42"', actual: '42' });
  });

  it('keeps the source of the expectation', () => {
    expect(compileExpectation(exp({ op: 'present' }), 'text').source).toEqual(at);
  });
});

import { describe, expect, it } from 'vitest';
import { type CheckItem, outcomeOf, rateLimitSeries } from '../../src/engine/index.js';

const check = (overrides: Partial<CheckItem>): CheckItem => ({
  kind: 'check',
  blockId: 'b1',
  name: 'alex',
  checkKind: 'http',
  status: 'failed',
  repeat: 6,
  source: { file: 'x.md', line: 1, column: 1 },
  responses: [],
  ...overrides,
});

const kong = (remaining: number, extra: Record<string, string> = {}) => ({
  'x-ratelimit-limit-minute': '5',
  'x-ratelimit-remaining-minute': String(remaining),
  'ratelimit-limit': '5',
  'ratelimit-remaining': String(remaining),
  'ratelimit-reset': '39',
  ...extra,
});

describe('rateLimitSeries: the data every rate-limit chart draws', () => {
  it('leaves out checks that sent one request, or none yet', () => {
    expect(rateLimitSeries([check({ repeat: 1, responses: [{ status: 200, passed: true, rateLimit: {} }] })])).toEqual(
      [],
    );
    expect(rateLimitSeries([check({ responses: [] })])).toEqual([]);
  });

  it('takes a countdown check (declared as one request) once it sent a second', () => {
    const responses = [2, 1, 0].map((left) => ({ status: left ? 200 : 429, passed: true, rateLimit: kong(left) }));
    const [series] = rateLimitSeries([check({ repeat: 1, responses })]);
    expect(series).toMatchObject({ planned: 3, allowed: 2, rejected: 1 });
  });

  it('counts allowed, refused and other answers and reads the counters of each response', () => {
    const responses = [4, 3, 2, 1, 0].map((left) => ({ status: 200, passed: true, rateLimit: kong(left) }));
    const [series] = rateLimitSeries([
      check({
        responses: [
          ...responses,
          { status: 429, passed: false, rateLimit: kong(0, { 'retry-after': '39' }) },
          { status: 503, passed: true, rateLimit: {} },
        ],
        repeat: 8,
      }),
    ]);
    expect(series).toMatchObject({ name: 'alex', planned: 8, allowed: 5, rejected: 1, other: 1, limit: 5 });
    expect(series?.window).toBe('minute');
    expect(series?.points.map((point) => point.remaining)).toEqual([4, 3, 2, 1, 0, 0, undefined]);
    expect(series?.points[5]).toEqual({
      index: 5,
      status: 429,
      outcome: 'rejected',
      passed: false,
      remaining: 0,
      limit: 5,
      resetSeconds: 39,
      retryAfterSeconds: 39,
    });
    expect(series?.last?.status).toBe(503);
  });

  it.each([
    ['only the per-window spelling', { 'X-RateLimit-Limit-Hour': '100', 'X-RateLimit-Remaining-Hour': '99' }, 99, 100],
    ['the standard spelling wins', { 'RateLimit-Remaining': '2', 'X-RateLimit-Remaining-Second': '7' }, 2, undefined],
    ['a value that is no number is left out', { 'ratelimit-remaining': 'soon' }, undefined, undefined],
  ])('%s', (_, headers, remaining, limit) => {
    const [series] = rateLimitSeries([
      check({ responses: [0, 1].map(() => ({ status: 200, passed: true, rateLimit: headers })) }),
    ]);
    expect(series?.points[0]?.remaining).toBe(remaining);
    expect(series?.points[0]?.limit).toBe(limit);
  });

  it.each([
    [200, 'allowed'],
    [302, 'allowed'],
    [429, 'rejected'],
    [401, 'other'],
    [500, 'other'],
  ] as const)('%i is %s', (status, outcome) => {
    expect(outcomeOf(status)).toBe(outcome);
  });
});

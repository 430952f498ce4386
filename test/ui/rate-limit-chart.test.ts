import { describe, expect, it } from 'vitest';
import type { CheckItem } from '../../src/engine/index.js';
import { consumerChartLines, rateLimitChartLines } from '../../src/ui/rate-limit-chart.js';
import { consumerSeries } from '../../src/ui/rate-limit-consumers.js';
import { lineText, lineWidth } from '../../src/ui/styled-text.js';

type Response = CheckItem['responses'][number];

const counted = (status: number, remaining: number, limit: number, reset = 23): Response => ({
  status,
  passed: true,
  rateLimit: {
    'X-RateLimit-Limit-Minute': String(limit),
    'X-RateLimit-Remaining-Minute': String(remaining),
    'RateLimit-Limit': String(limit),
    'RateLimit-Remaining': String(remaining),
    'RateLimit-Reset': String(reset),
    ...(status === 429 ? { 'Retry-After': String(reset) } : {}),
  },
});

function check(
  name: string,
  key: string | undefined,
  responses: Response[],
  extra: Partial<CheckItem> = {},
): CheckItem {
  return {
    kind: 'check',
    blockId: name,
    name,
    checkKind: 'http',
    status: 'passed',
    repeat: 1,
    source: { file: 'lessons/04-per-consumer-limits.md', line: 1, column: 1 },
    request: { method: 'GET', url: 'http://127.0.0.1:8000/echo', headers: key ? { apikey: key } : {} },
    responses,
    ...extra,
  };
}

// Lesson 04's second step: alex's budget, alex's countdown to a 429, sam untouched, a keyless 401.
const lesson04 = [
  check('alex’s requests carry the budget', 'alex-demo-key', [counted(200, 4, 5)]),
  check('the rest of the minute counts down, then Kong refuses', 'alex-demo-key', [
    counted(200, 3, 5),
    counted(200, 2, 5),
    counted(200, 1, 5),
    counted(200, 0, 5),
    counted(429, 0, 5),
  ]),
  check('sam is not affected', 'sam-demo-key', [counted(200, 7, 8, 41)]),
  check('a request without a key costs nobody anything', undefined, [{ status: 401, passed: true, rateLimit: {} }]),
];

describe('the rate-limit chart per consumer', () => {
  it('groups every check’s requests by the credential they carried, in order', () => {
    expect(consumerSeries(lesson04)).toEqual([
      {
        label: 'apikey alex-demo-key',
        outcomes: ['allowed', 'allowed', 'allowed', 'allowed', 'allowed', 'rejected'],
        pending: 0,
        allowed: 5,
        rejected: 1,
        remaining: 0,
        limit: 5,
        resetSeconds: 23,
      },
      {
        label: 'apikey sam-demo-key',
        outcomes: ['allowed'],
        pending: 0,
        allowed: 1,
        rejected: 0,
        remaining: 7,
        limit: 8,
        resetSeconds: 41,
      },
    ]);
  });

  it('names a basic-auth caller by its user, and a check without a known request by its name', () => {
    const basic = check('bo', undefined, [counted(200, 1, 2)], {
      request: { method: 'GET', url: 'u', headers: { Authorization: `Basic ${btoa('bo:pw')}` } },
    });
    const { request: _, ...unknown } = check('a sequence', undefined, [counted(200, 1, 2), counted(429, 0, 2)], {
      repeat: 2,
    });
    expect(consumerSeries([basic, unknown]).map((row) => row.label)).toEqual(['basic-auth bo', 'a sequence']);
  });

  it.each([120, 80, 60, 40])('uses the whole width, and never cuts a name, at %i columns', (width) => {
    const lines = consumerChartLines(lesson04, width);
    const text = lines.map(lineText);
    expect(text[0]).toMatch(/^Rate limits per consumer/);
    expect(text.join('\n')).toContain('apikey alex-demo-key');
    expect(text.join('\n')).toContain('apikey sam-demo-key');
    expect(text.join('\n')).toContain('remaining 0/5');
    expect(text.join('\n')).toContain('reset in 23s');
    expect(text.join('\n')).not.toContain('…');
    for (const line of lines) expect(lineWidth(line)).toBeLessThanOrEqual(width);
    // Every row of cells spans the full width.
    const alex = lines.find((line) => lineText(line).includes('▒▒'))!;
    expect(lineWidth(alex)).toBe(width);
  });

  it('draws wide cells at 120 columns: allowed, then the refusal, the facts at the right edge', () => {
    const text = consumerChartLines(lesson04, 120).map(lineText);
    expect(text[0]).toMatch(/^Rate limits per consumer +█ allowed {2}▒ rejected \(429\) {2}░ other$/);
    expect(text[1]).toMatch(
      /^apikey alex-demo-key {2}(█{6} ){5}▒{6} +5 allowed · 1 rejected · remaining 0\/5 · reset in 23s$/,
    );
    expect(text[2]).toMatch(/^apikey sam-demo-key {3}█{6} +1 allowed · 0 rejected · remaining 7\/8 · reset in 41s$/);
  });

  it('shows the latest requests after a … when there are more than columns', () => {
    const many = check(
      'flood',
      'k',
      Array.from({ length: 200 }, (_, i) => counted(i < 100 ? 200 : 429, 0, 100)),
    );
    const lines = consumerChartLines([many], 80).map(lineText);
    expect(lines.join('\n')).toContain('…▒');
  });

  it('the workshop’s compact chart never cuts a name it has room for', () => {
    const long = check('the rest of the minute counts down, then Kong refuses', 'k', [
      counted(200, 1, 2),
      counted(429, 0, 2),
    ]);
    const text = rateLimitChartLines([long], 120).map(lineText).join('\n');
    expect(text).toContain('the rest of the minute counts down, then Kong refuses █▒');
  });
});

import { describe, expect, it } from 'vitest';
import type { CheckItem } from '../../../src/engine/index.js';
import { exchangeLines } from '../../../src/ui/demo/exchange-lines.js';
import { lineText, lineWidth } from '../../../src/ui/styled-text.js';

const item: CheckItem = {
  kind: 'check',
  blockId: 'b',
  name: 'a wrong key is refused',
  checkKind: 'http',
  status: 'running',
  repeat: 1,
  source: { file: 'lessons/02-key-auth.md', line: 1, column: 1 },
  responses: [],
};
const request = { method: 'GET', url: 'http://127.0.0.1:8000/echo', headers: { apikey: 'not-a-real-key' } };
const text = (lines: ReturnType<typeof exchangeLines>) => lines?.map(lineText).join('\n');

describe('a check’s request and answer, in large print', () => {
  it('shows nothing before a request went out', () => {
    expect(exchangeLines(item, 80)).toBeUndefined();
  });

  it('shows the request, and while it runs the status of the latest answer', () => {
    const running = { ...item, request, responses: [{ status: 200, passed: false, rateLimit: {} }] };
    expect(text(exchangeLines(running, 80))).toBe(
      '  → GET http://127.0.0.1:8000/echo\n      apikey: not-a-real-key\n\n  ← HTTP 200',
    );
  });

  it('after a failure: what the check read, and what it expected where it did not hold', () => {
    const failed: CheckItem = {
      ...item,
      request,
      status: 'failed',
      responses: [{ status: 200, passed: false, rateLimit: {} }],
      result: {
        kind: 'http',
        status: 'failed',
        attempts: 1,
        durationMs: 5,
        extracted: {},
        expectations: [
          { subject: 'status', passed: false, expected: '401', actual: '200' },
          { subject: 'header WWW-Authenticate', passed: false, expected: 'Key', actual: '(absent)' },
          { subject: 'json message', passed: true, expected: 'present', actual: '"ok"' },
        ],
        response: { status: 200, headers: {}, bodyExcerpt: '{"message":"ok"}' },
      },
    };
    const lines = exchangeLines(failed, 40)!;
    expect(text(lines)).toContain('  ← HTTP 200\n      ✗ WWW-Authenticate: (absent)');
    expect(text(lines)).toContain('expected Key');
    expect(text(lines)).toContain('      ✓ message: "ok"');
    for (const line of lines) expect(lineWidth(line)).toBeLessThanOrEqual(40);
  });
});

import { describe, expect, it } from 'vitest';
import type { RunEvent } from '../../src/engine/index.js';
import { createStyle, LiveLine, verboseLines } from '../../src/report/index.js';

const source = { file: 'l.md', line: 1, column: 1 };
const attempt = (n: number, lastFailure?: string): RunEvent => ({
  type: 'check-progress',
  step: 0,
  blockId: 'b',
  progress: { type: 'attempt', attempt: n, elapsedMs: n * 1000, timeoutMs: 60_000, nextAttemptInMs: 1000, lastFailure },
});

describe('the live line of a headless run on a terminal', () => {
  it(
    'redraws one line per attempt with the last result and the time left, and clears it before the report goes ' + 'on',
    () => {
      let written = '';
      const live = new LiveLine(
        {
          write: (text) => {
            written += text;
          },
          columns: 120,
        },
        createStyle(false),
      );
      live.onEvent({
        type: 'check-started',
        step: 0,
        blockId: 'b',
        name: 'GET /echo → 200',
        kind: 'http',
        repeat: 1,
        source,
      });
      live.onEvent(attempt(1));
      live.onEvent(attempt(2, 'status: expected 200, actual 404'));
      expect(written.split('\r\u001B[2K').filter(Boolean)).toEqual([
        '  ⠋ GET /echo → 200 · attempt 1 · 59s left',
        '  ⠙ GET /echo → 200 · attempt 2 · last: status: expected 200, actual 404 · 58s left',
      ]);
      written = '';
      live.clear();
      live.clear();
      expect(written).toBe('\r\u001B[2K');
    },
  );

  it('prints each request and response for --verbose, as the masked event has them', () => {
    const lines = verboseLines({
      type: 'check-progress',
      step: 0,
      blockId: 'b',
      progress: {
        type: 'response',
        index: 0,
        of: 1,
        status: 401,
        passed: true,
        rateLimit: {},
        exchange: {
          method: 'GET',
          url: 'http://127.0.0.1:8000/echo',
          requestHeaders: { apikey: '********' },
          requestBody: '{\n  "name": "alex"\n}',
          headers: { 'www-authenticate': 'Key' },
          bodyExcerpt: '{\n  "message": "Unauthorized"\n}',
        },
      },
    });
    expect(lines).toEqual([
      '    > GET http://127.0.0.1:8000/echo',
      '    > apikey: ********',
      '    > { "name": "alex" }',
      '    < HTTP 401',
      '    < www-authenticate: Key',
      '    < { "message": "Unauthorized" }',
    ]);
  });
});

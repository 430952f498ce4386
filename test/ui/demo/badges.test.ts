import { describe, expect, it } from 'vitest';
import type { CheckItem } from '../../../src/engine/index.js';
import { checkBadge, failureLines, stillFailing } from '../../../src/ui/demo/badges.js';

const base: CheckItem = {
  kind: 'check',
  blockId: 'b1',
  name: 'no key, no entry',
  checkKind: 'http',
  status: 'running',
  repeat: 1,
  source: { file: 'lessons/02-key-auth.md', line: 10, column: 1 },
  responses: [],
};

describe('badges on stage', () => {
  it.each([
    ['status: expected 401, got 200', 'still 200, waiting for 401'],
    ['header WWW-Authenticate: expected Key, got (absent)', 'header WWW-Authenticate still (absent), waiting for Key'],
    ['status (response 6): expected 429, got 200', 'still 200 (response 6), waiting for 429'],
    ['connection refused at 127.0.0.1:8000', 'connection refused at 127.0.0.1:8000'],
  ])('a polling check says why it is still failing: %s', (failure, shown) => {
    expect(stillFailing(failure)).toBe(shown);
  });

  it('a polling check shows its last result, the try and the time left', () => {
    const badge = checkBadge({
      ...base,
      attempt: { number: 4, elapsedMs: 3000, timeoutMs: 30_000, lastFailure: 'status: expected 401, got 200' },
    });
    expect(badge).toMatchObject({ status: 'running', word: 'CHECKING' });
    expect(badge.facts).toBe('still 200, waiting for 401 · try 4 · 27s left');
  });

  it('a check stopped with Ctrl-C is a calm STOPPED, with no red fault under it', () => {
    const stopped: CheckItem = {
      ...base,
      status: 'error',
      result: {
        kind: 'http',
        status: 'error',
        expectations: [],
        attempts: 2,
        durationMs: 1200,
        extracted: {},
        fault: { code: 'cancelled', message: 'the check was cancelled', hint: 'run it again' },
      },
    };
    expect(checkBadge(stopped)).toMatchObject({ status: 'cancelled', word: 'STOPPED' });
    expect(failureLines(stopped, 80)).toEqual([]);
  });
});

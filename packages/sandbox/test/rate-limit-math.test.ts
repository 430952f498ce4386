import { describe, expect, it } from 'vitest';
import { RateLimitCounters } from '../src/plugins/counters.js';
import { decide, rateLimitHeaders, windowStarts, type Limits, type Period } from '../src/plugins/rate-limit-math.js';

// The rate-limiting arithmetic (handler.lua, expiration.lua, timestamp.lua) on a fake clock.

const at = (iso: string) => Date.parse(iso);

describe('windowStarts', () => {
  it.each([
    [
      '2026-03-10T12:34:56.789Z',
      {
        second: '2026-03-10T12:34:56.000Z',
        minute: '2026-03-10T12:34:00.000Z',
        hour: '2026-03-10T12:00:00.000Z',
        day: '2026-03-10T00:00:00.000Z',
        month: '2026-03-01T00:00:00.000Z',
        year: '2026-01-01T00:00:00.000Z',
      },
    ],
    [
      '2024-02-29T23:59:59.999Z',
      {
        second: '2024-02-29T23:59:59.000Z',
        minute: '2024-02-29T23:59:00.000Z',
        hour: '2024-02-29T23:00:00.000Z',
        day: '2024-02-29T00:00:00.000Z',
        month: '2024-02-01T00:00:00.000Z',
        year: '2024-01-01T00:00:00.000Z',
      },
    ],
  ])('aligns %s to UTC calendar boundaries', (now, expected) => {
    const starts = windowStarts(at(now));
    expect(Object.fromEntries(Object.entries(starts).map(([k, v]) => [k, new Date(v).toISOString()]))).toEqual(
      expected,
    );
  });
});

/** Runs n requests through decide + increment at `now`, as the plugin does, and returns each outcome. */
function simulate(limits: Limits, nowMs: number, n: number, counters = new RateLimitCounters()) {
  const starts = windowStarts(nowMs);

  const out: { stop: Period | undefined; headers: Record<string, number> }[] = [];
  for (let i = 0; i < n; i++) {
    const decision = decide(limits, (p) => counters.get('scope', 'id', p, starts[p]));
    const { headers } = rateLimitHeaders(decision, nowMs);
    out.push({ stop: decision.stop, headers: Object.fromEntries(headers) });
    if (!decision.stop) for (const u of decision.usage) counters.increment('scope', 'id', u.period, starts[u.period]);
  }
  return out;
}

describe('decide and rateLimitHeaders', () => {
  it('counts remaining down to 0 and stops the 7th of minute=6', () => {
    const runs = simulate({ minute: 6 }, at('2026-03-10T12:00:30Z'), 7);
    expect(runs.map((r) => r.headers['X-RateLimit-Remaining-Minute'])).toEqual([5, 4, 3, 2, 1, 0, 0]);
    expect(runs.map((r) => r.stop)).toEqual([
      undefined,
      undefined,
      undefined,
      undefined,
      undefined,
      undefined,
      'minute',
    ]);
  });

  it.each([
    ['2026-03-10T12:00:00.000Z', 60],
    ['2026-03-10T12:00:30.000Z', 30],
    ['2026-03-10T12:00:30.999Z', 30],
    ['2026-03-10T12:00:59.000Z', 1],
  ])('RateLimit-Reset at %s is %i (seconds to the end of the minute, at least 1)', (now, reset) => {
    expect(simulate({ minute: 10 }, at(now), 1)[0]!.headers['RateLimit-Reset']).toBe(reset);
  });

  it.each([
    [{ second: 5, minute: 5 }, 'minute', 30],
    [{ minute: 5, hour: 100 }, 'minute', 30],
    [{ hour: 4, day: 4 }, 'day', 43170],
  ] as const)(
    'RateLimit-* describe the window with the lowest remaining, the longer on a tie (%j)',
    (limits, _period, reset) => {
      expect(simulate(limits, at('2026-03-10T12:00:30Z'), 1)[0]!.headers['RateLimit-Reset']).toBe(reset);
    },
  );

  it('on a stop only the stopping period is decremented; the others show remaining as is', () => {
    const runs = simulate({ second: 100, minute: 2 }, at('2026-03-10T12:00:30Z'), 3);
    expect(runs[2]!.headers).toMatchObject({
      'X-RateLimit-Remaining-Minute': 0,
      'X-RateLimit-Remaining-Second': 98,
      'RateLimit-Remaining': 0,
    });
  });

  it('year windows use 365 days from 1 January', () => {
    expect(simulate({ year: 1 }, at('2026-01-02T00:00:00Z'), 1)[0]!.headers['RateLimit-Reset']).toBe(31536000 - 86400);
  });

  it('the 31st day of a month bottoms out at 1 (fixed 30-day month length)', () => {
    expect(simulate({ month: 1 }, at('2026-01-31T12:00:00Z'), 1)[0]!.headers['RateLimit-Reset']).toBe(1);
  });

  it('blocked requests are not counted', () => {
    const counters = new RateLimitCounters();
    simulate({ minute: 2, hour: 10 }, at('2026-03-10T12:00:30Z'), 5, counters);
    const nextMinute = simulate({ minute: 2, hour: 10 }, at('2026-03-10T12:01:30Z'), 1, counters);
    expect(nextMinute[0]!.headers['X-RateLimit-Remaining-Hour']).toBe(7);
  });

  it('counters of ended windows are swept', () => {
    const counters = new RateLimitCounters();
    simulate({ second: 5, minute: 5 }, at('2026-03-10T12:00:30Z'), 1, counters);
    expect(counters.size).toBe(2);
    counters.sweep(at('2026-03-10T12:00:31Z'));
    expect(counters.size).toBe(1);
    counters.sweep(at('2026-03-10T12:01:00Z'));
    expect(counters.size).toBe(0);
  });
});

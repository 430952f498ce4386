import type { CheckItem } from './state.js';

/** How a gateway answered one request of a sequence: let through, refused with 429, or anything else. */
export type RateLimitOutcome = 'allowed' | 'rejected' | 'other';

/** One request of a rate-limit sequence, with the counters its response carried. */
export interface RateLimitPoint {
  /** 0-based position in the sequence (the chart's time axis: requests are sent in order). */
  readonly index: number;
  readonly status: number;
  readonly outcome: RateLimitOutcome;
  /** Whether every expectation for this response held. */
  readonly passed: boolean;
  readonly remaining?: number;
  readonly limit?: number;
  /** Seconds until the window resets (`RateLimit-Reset`). */
  readonly resetSeconds?: number;
  /** Seconds the gateway asked the client to wait (`Retry-After`, on a 429). */
  readonly retryAfterSeconds?: number;
}

/** One check's sequence: one consumer, as lessons write them. */
export interface RateLimitSeries {
  readonly blockId: string;
  readonly name: string;
  /** Requests the check sends (more than the points while it runs, or when it stopped early). */
  readonly planned: number;
  readonly points: readonly RateLimitPoint[];
  readonly allowed: number;
  readonly rejected: number;
  readonly other: number;
  /** The window the counters are for, from the header name: `minute`, `second`, …, when it says. */
  readonly window?: string;
  /** The largest limit any response announced: the chart's scale. */
  readonly limit?: number;
  /** The last response's counters: what the sequence left. */
  readonly last?: RateLimitPoint;
}

/**
 * The data every rate-limit chart draws (the TUI's cells, the presenter's full-width chart, the
 * HTML report's pictures), so they cannot disagree: one series per check that sent a sequence.
 */
export function rateLimitSeries(checks: readonly CheckItem[]): RateLimitSeries[] {
  return checks.filter(isSequence).map(seriesOf);
}

/**
 * A check that sends requests in a row: a `repeat` one from its first response, and a `countdown`
 * one (declared with one request, it sends as many as the window has left) from its second.
 */
function isSequence(check: CheckItem): boolean {
  return check.responses.length > 0 && (check.repeat > 1 || check.responses.length > 1);
}

function seriesOf(check: CheckItem): RateLimitSeries {
  let window: string | undefined;
  const points = check.responses.map((response, index): RateLimitPoint => {
    const counters = countersOf(response.rateLimit);
    window ??= counters.window;
    return {
      index,
      status: response.status,
      outcome: outcomeOf(response.status),
      passed: response.passed,
      ...counters.values,
    };
  });
  const limits = points.flatMap((point) => (point.limit === undefined ? [] : [point.limit]));
  return {
    blockId: check.blockId,
    name: check.name,
    planned: Math.max(check.repeat, points.length),
    points,
    allowed: points.filter((point) => point.outcome === 'allowed').length,
    rejected: points.filter((point) => point.outcome === 'rejected').length,
    other: points.filter((point) => point.outcome === 'other').length,
    ...(window ? { window } : {}),
    ...(limits.length ? { limit: Math.max(...limits) } : {}),
    ...(points.length ? { last: points[points.length - 1] } : {}),
  };
}

export function outcomeOf(status: number): RateLimitOutcome {
  if (status === 429) return 'rejected';
  return status < 400 ? 'allowed' : 'other';
}

type Counters = Pick<RateLimitPoint, 'remaining' | 'limit' | 'resetSeconds' | 'retryAfterSeconds'>;

/** The counters one response's rate-limit headers carry (see countersOf), as numbers. */
export function rateLimitCounters(headers: Readonly<Record<string, string>>): Counters {
  return countersOf(headers).values;
}

/**
 * Kong sends both spellings: `RateLimit-Remaining` (the draft standard, the tightest window) and
 * `X-RateLimit-Remaining-Minute` per window. The standard one wins; a window-suffixed one is read
 * with the limit of the same window, so a minute's remaining is never shown over an hour's limit.
 */
function countersOf(headers: Readonly<Record<string, string>>): { values: Counters; window?: string } {
  const lower = new Map(Object.entries(headers).map(([name, value]) => [name.toLowerCase(), value]));
  const windowed = [...lower.keys()].find((key) => key.startsWith('x-ratelimit-remaining-'));
  const suffix = windowed?.slice('x-ratelimit-remaining'.length);
  const standard = lower.has('ratelimit-remaining');
  const values = defined({
    remaining: numberOf(standard ? lower.get('ratelimit-remaining') : windowed && lower.get(windowed)),
    limit: numberOf(standard ? lower.get('ratelimit-limit') : suffix && lower.get(`x-ratelimit-limit${suffix}`)),
    resetSeconds: numberOf(lower.get('ratelimit-reset')),
    retryAfterSeconds: numberOf(lower.get('retry-after')),
  });
  const window = suffix?.replace(/^-/, '');
  return window ? { values, window } : { values };
}

/** Leaves out the counters a response did not carry, so a point has only what was seen. */
function defined(values: Record<keyof Counters, number | undefined>): Counters {
  const out: { -readonly [K in keyof Counters]?: number } = {};
  for (const [key, value] of Object.entries(values)) {
    if (value === undefined) continue;
    if (key === 'remaining' || key === 'limit' || key === 'resetSeconds' || key === 'retryAfterSeconds')
      out[key] = value;
  }
  return out;
}

function numberOf(value: string | undefined): number | undefined {
  if (!value || !/^\s*\d+(\.\d+)?\s*$/.test(value)) return undefined;
  return Number(value);
}

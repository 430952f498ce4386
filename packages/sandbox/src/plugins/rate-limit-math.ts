// The arithmetic of Kong's rate-limiting plugin (handler.lua, expiration.lua, tools/timestamp.lua),
// kept pure so it can be tested against a fake clock.

export const PERIODS = ['second', 'minute', 'hour', 'day', 'month', 'year'] as const;
export type Period = (typeof PERIODS)[number];

/** expiration.lua: month and year use fixed lengths although their windows start on calendar boundaries. */
export const WINDOW_SECONDS: Readonly<Record<Period, number>> = {
  second: 1,
  minute: 60,
  hour: 3600,
  day: 86400,
  month: 2592000,
  year: 31536000,
};

const HEADER_PERIOD: Readonly<Record<Period, string>> = {
  second: 'Second',
  minute: 'Minute',
  hour: 'Hour',
  day: 'Day',
  month: 'Month',
  year: 'Year',
};
// Built once: these names go out on every rate-limited response.
const LIMIT_HEADER = Object.fromEntries(PERIODS.map((p) => [p, `X-RateLimit-Limit-${HEADER_PERIOD[p]}`])) as Record<
  Period,
  string
>;
const REMAINING_HEADER = Object.fromEntries(
  PERIODS.map((p) => [p, `X-RateLimit-Remaining-${HEADER_PERIOD[p]}`]),
) as Record<Period, string>;

export type Limits = Partial<Record<Period, number | null>>;

let cachedSecond = Number.NaN;
let cachedStarts: Readonly<Record<Period, number>> | undefined;

/** Start of each fixed window containing `nowMs`, aligned to UTC calendar boundaries. */
export function windowStarts(nowMs: number): Readonly<Record<Period, number>> {
  const second = Math.floor(nowMs / 1000) * 1000;
  // Every request in the same second shares the answer; computing it once saves Date work per request.
  if (second === cachedSecond && cachedStarts) return cachedStarts;
  cachedStarts = computeStarts(second);
  cachedSecond = second;
  return cachedStarts;
}

function computeStarts(second: number): Record<Period, number> {
  const date = new Date(second);
  const year = date.getUTCFullYear();
  const month = date.getUTCMonth();
  return {
    second,
    minute: second - (second % 60_000),
    hour: second - (second % 3_600_000),
    day: Date.UTC(year, month, date.getUTCDate()),
    month: Date.UTC(year, month, 1),
    year: Date.UTC(year, 0, 1),
  };
}

export interface PeriodUsage {
  readonly period: Period;
  readonly limit: number;
  /** limit − requests already allowed in the window (the current one not counted). */
  readonly remaining: number;
}

export interface Decision {
  readonly usage: readonly PeriodUsage[];
  /** The period that stops this request, if any (the longest, when several do). */
  readonly stop: Period | undefined;
}

/** Compares usage with every configured limit. */
export function decide(limits: Limits, usageOf: (period: Period) => number): Decision {
  const usage: PeriodUsage[] = [];
  let stop: Period | undefined;
  for (const period of PERIODS) {
    const limit = limits[period];
    if (typeof limit !== 'number') continue;
    const remaining = limit - usageOf(period);
    usage.push({ period, limit, remaining });
    if (remaining <= 0) stop = period;
  }
  return { usage, stop };
}

/** The response headers of handler.lua, in the order Kong adds them. */
export function rateLimitHeaders(decision: Decision, nowMs: number): { headers: [string, number][]; reset: number } {
  const headers: [string, number][] = [];
  const seconds = Math.floor(nowMs / 1000) * 1000;
  let chosen: { limit: number; remaining: number; window: number; period: Period } | undefined;
  for (const { period, limit, remaining: raw } of decision.usage) {
    // Only the stopping period (or every period, when nothing stops) counts this request.
    const remaining = Math.max(0, decision.stop === undefined || decision.stop === period ? raw - 1 : raw);
    const window = WINDOW_SECONDS[period];
    if (!chosen || remaining < chosen.remaining || (remaining === chosen.remaining && window > chosen.window)) {
      chosen = { limit, remaining, window, period };
    }
    headers.push([LIMIT_HEADER[period], limit], [REMAINING_HEADER[period], remaining]);
  }
  if (!chosen) return { headers, reset: 0 };
  const start = windowStarts(seconds)[chosen.period];
  const reset = Math.max(1, chosen.window - Math.floor((seconds - start) / 1000));
  headers.push(
    ['RateLimit-Limit', chosen.limit],
    ['RateLimit-Remaining', chosen.remaining],
    ['RateLimit-Reset', reset],
  );
  return { headers, reset };
}

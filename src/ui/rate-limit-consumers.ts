import type { CheckItem } from '../engine/index.js';
import { outcomeOf, rateLimitCounters, type RateLimitOutcome } from '../engine/model.js';

type Response = CheckItem['responses'][number];

export type { RateLimitOutcome };

/** What one caller's requests met, in the order they were sent, and the counters they were last told. */
export interface ConsumerSeries {
  /** The credential the requests carried (`apikey alex-demo-key`), or the check's name when unknown. */
  readonly label: string;
  readonly outcomes: readonly RateLimitOutcome[];
  /** Requests still to come in a running sequence. */
  readonly pending: number;
  readonly allowed: number;
  readonly rejected: number;
  readonly remaining?: number;
  readonly limit?: number;
  /** Seconds until the window resets (`RateLimit-Reset`, else `Retry-After`). */
  readonly resetSeconds?: number;
}

/** Request headers that say who is calling, as Kong's auth plugins read them, most telling first. */
const CREDENTIAL_HEADERS = ['apikey', 'x-api-key', 'api-key', 'authorization', 'proxy-authorization'];

/**
 * Groups the responses of a step's HTTP checks by the caller (the credential each request
 * carried), in the order they were sent: one series per consumer, whichever checks sent its
 * requests. A check counts when it sent a sequence or when Kong answered it with rate-limit
 * headers; a request without a credential counts for nobody. Pure: the presenter's chart and
 * its tests read the same model.
 */
export function consumerSeries(checks: readonly CheckItem[]): ConsumerSeries[] {
  const byCaller = new Map<string, { responses: Response[]; pending: number }>();
  for (const check of checks) {
    if (check.responses.length === 0) continue;
    const counted = check.repeat > 1 || check.responses.some((response) => Object.keys(response.rateLimit).length > 0);
    if (!counted) continue;
    const caller = callerOf(check);
    if (caller === undefined) continue;
    const series = byCaller.get(caller) ?? { responses: [], pending: 0 };
    series.responses.push(...check.responses);
    series.pending = check.status === 'running' ? Math.max(0, check.repeat - check.responses.length) : 0;
    byCaller.set(caller, series);
  }
  return [...byCaller].map(([label, { responses, pending }]) => ({
    label,
    outcomes: responses.map((response) => outcomeOf(response.status)),
    pending,
    allowed: responses.filter((response) => outcomeOf(response.status) === 'allowed').length,
    rejected: responses.filter((response) => outcomeOf(response.status) === 'rejected').length,
    ...counters(responses.at(-1)),
  }));
}

/** Who sent the check's requests: its credential header; the check's name when the request is not known. */
function callerOf(check: CheckItem): string | undefined {
  if (!check.request) return check.name;
  const headers = new Map(Object.entries(check.request.headers).map(([name, value]) => [name.toLowerCase(), value]));
  for (const name of CREDENTIAL_HEADERS) {
    const value = headers.get(name);
    if (value === undefined) continue;
    if (name.endsWith('authorization')) return authorizationCaller(value);
    return `${name} ${value}`;
  }
  return undefined;
}

/** Basic auth names its user; any other scheme is shown by name with its (masked) value. */
function authorizationCaller(value: string): string {
  const [scheme = '', credential = ''] = value.trim().split(/\s+/, 2);
  if (scheme.toLowerCase() === 'basic') {
    const decoded = Buffer.from(credential, 'base64').toString('utf8');
    const user = decoded.split(':')[0];
    if (user && /^[\x20-\x7e]+$/.test(user)) return `basic-auth ${user}`;
  }
  return `${scheme} ${credential}`.trim();
}

function counters(response: Response | undefined): Pick<ConsumerSeries, 'remaining' | 'limit' | 'resetSeconds'> {
  if (!response) return {};
  const { remaining, limit, resetSeconds, retryAfterSeconds } = rateLimitCounters(response.rateLimit);
  const reset = resetSeconds ?? retryAfterSeconds;
  return {
    ...(remaining !== undefined ? { remaining } : {}),
    ...(limit !== undefined ? { limit } : {}),
    ...(reset !== undefined ? { resetSeconds: reset } : {}),
  };
}

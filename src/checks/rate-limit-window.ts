import { headerValue, type HttpResponse } from './http-client.js';
import type { ExpectationResult } from './types.js';

/** Windows longer than this are not waited for in real time: an hour is not a check's wait. */
const LONGEST_REAL_WAIT_S = 90;

/** What to do about a failure that the end of a rate-limit window would change. */
export interface WindowWait {
  /** Seconds until the window resets, as the response said (Retry-After, else RateLimit-Reset). */
  readonly seconds: number;
  /** One line for the learner: which header said so. */
  readonly reason: string;
  /**
   * The window is spent (the attempt ended on a 429): asking again costs nothing, since Kong does
   * not count a refused request, so the next window's first answer can be waited for by asking.
   * Otherwise every allowed request spends a little more of it, and the wait is a sleep.
   */
  readonly spent: boolean;
}

/**
 * A failure that is about the current rate-limit window: a 429 where the check expected another
 * status, or a rate-limit counter that is not where the check expects it (the learner's own
 * requests spent part of the window). Polling on would spend what is left of it, and the check
 * would never see a window from its start; the next attempt belongs at the start of the next
 * window, which the responses name.
 */
export function windowWait(
  responses: readonly HttpResponse[],
  failingIndex: number,
  expectations: readonly ExpectationResult[],
): WindowWait | undefined {
  const failing = responses[failingIndex];
  const last = responses.at(-1);
  if (!failing || !last) return undefined;
  const failedHere = expectations.filter(
    (e) => !e.passed && (e.responseIndex === undefined || e.responseIndex === failingIndex),
  );
  const refused = failing.status === 429 && failedHere.some((e) => e.subject === 'status');
  const counterOff = failedHere.some((e) => /^header (x-)?ratelimit-/i.test(e.subject));
  if (!refused && !counterOff) return undefined;
  const spent = last.status === 429;
  const said = spent ? last : failing;
  const retryAfter = seconds(headerValue(said, 'retry-after'));
  const reset = seconds(headerValue(said, 'ratelimit-reset'));
  const wait = retryAfter ?? reset;
  if (wait === undefined) return undefined;
  const header = retryAfter !== undefined ? `Retry-After: ${wait}` : `RateLimit-Reset: ${wait}`;
  const reason = spent
    ? `the rate-limit window is spent (429, ${header})`
    : `this rate-limit window is partly spent (${header})`;
  return { seconds: wait, reason, spent };
}

/** Whether a wait this long is one to sit out in real time (on targets without a clock to move). */
export function worthWaiting(wait: WindowWait): boolean {
  return wait.seconds <= LONGEST_REAL_WAIT_S;
}

function seconds(text: string | undefined): number | undefined {
  if (text === undefined || !/^\d+$/.test(text.trim())) return undefined;
  return Number(text.trim());
}

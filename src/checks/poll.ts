import { setTimeout as sleep } from 'node:timers/promises';
import type { PollPolicy } from '../lesson/index.js';
import type { CheckProgress } from './types.js';

export interface AttemptOutcome<T> {
  readonly done: boolean;
  readonly value: T;
  /** One line on why this attempt did not pass, shown with the next attempt. */
  readonly failure?: string;
  /** Set when the failure is one waiting cannot fix: polling stops, and this says why. */
  readonly final?: string;
  /** When the next attempt is worth making, if not after the policy's interval. */
  readonly retryInMs?: number;
  /**
   * A wait the response named exactly (the end of a rate-limit window): the time allowed grows
   * to cover it, plus a little, however short the policy's timeout.
   */
  readonly knownWaitMs?: number;
}

/** Slack after a known wait (a window's reset) for the attempt that follows it. */
const AFTER_KNOWN_WAIT_MS = 2_000;

export interface PollOptions {
  readonly signal?: AbortSignal;
  readonly onProgress?: (progress: CheckProgress) => void;
  /**
   * Resolves when something changed that makes another attempt worth making before the
   * interval is up (a Kubernetes watch saw the object change). Called once per wait; the
   * signal is aborted when that wait ends either way.
   */
  readonly changed?: (signal: AbortSignal) => Promise<void>;
}

/**
 * Runs `attempt` until it is done or the policy's time is up: `eventually` instead of fixed
 * sleeps. Without a policy it runs exactly once. There is always a last attempt at about the
 * deadline, so a condition that turns true late still passes.
 */
export async function pollUntilDone<T>(
  attempt: (attemptNumber: number) => Promise<AttemptOutcome<T>>,
  policy: PollPolicy | undefined,
  options: PollOptions = {},
): Promise<{
  readonly value: T;
  readonly attempts: number;
  readonly cancelled: boolean;
  readonly stoppedEarly?: string;
}> {
  const started = performance.now();
  let timeoutMs = policy?.timeoutMs ?? 0;
  let lastFailure: string | undefined;
  for (let n = 1; ; n++) {
    if (policy) {
      const elapsedMs = performance.now() - started;
      options.onProgress?.({
        type: 'attempt',
        attempt: n,
        elapsedMs,
        timeoutMs,
        nextAttemptInMs: policy.intervalMs,
        lastFailure,
      });
    }
    const outcome = await attempt(n);
    if (outcome.done || !policy) return { value: outcome.value, attempts: n, cancelled: false };
    if (options.signal?.aborted) return { value: outcome.value, attempts: n, cancelled: true };
    if (outcome.final && !policy.waitAnyway)
      return { value: outcome.value, attempts: n, cancelled: false, stoppedEarly: outcome.final };
    lastFailure = outcome.failure;
    const elapsedMs = performance.now() - started;
    if (outcome.knownWaitMs !== undefined)
      timeoutMs = Math.max(timeoutMs, elapsedMs + outcome.knownWaitMs + AFTER_KNOWN_WAIT_MS);
    const remaining = timeoutMs - elapsedMs;
    if (remaining <= 0) return { value: outcome.value, attempts: n, cancelled: false };
    if (await pause(Math.min(outcome.retryInMs ?? policy.intervalMs, remaining), options))
      return { value: outcome.value, attempts: n, cancelled: true };
  }
}

/** Waits `ms`, or less when `changed` resolves first; true when the caller's signal aborted. */
async function pause(ms: number, options: PollOptions): Promise<boolean> {
  const ended = new AbortController();
  const signal = options.signal ? AbortSignal.any([options.signal, ended.signal]) : ended.signal;
  const sleeping = sleep(ms, undefined, { signal }).catch(() => undefined);
  const woken = options.changed ? options.changed(signal).catch(() => sleeping) : sleeping;
  await Promise.race([sleeping, woken]);
  ended.abort();
  return options.signal?.aborted ?? false;
}

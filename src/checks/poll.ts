import { setTimeout as sleep } from 'node:timers/promises';
import type { PollPolicy } from '../lesson/index.js';
import type { CheckProgress } from './types.js';

export interface AttemptOutcome<T> {
  readonly done: boolean;
  readonly value: T;
  /** One line on why this attempt did not pass, shown with the next attempt. */
  readonly failure?: string;
}

export interface PollOptions {
  readonly signal?: AbortSignal;
  readonly onProgress?: (progress: CheckProgress) => void;
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
): Promise<{ readonly value: T; readonly attempts: number; readonly cancelled: boolean }> {
  const started = performance.now();
  let lastFailure: string | undefined;
  for (let n = 1; ; n++) {
    if (policy) {
      const elapsedMs = performance.now() - started;
      options.onProgress?.({ type: 'attempt', attempt: n, elapsedMs, timeoutMs: policy.timeoutMs, nextAttemptInMs: policy.intervalMs, lastFailure });
    }
    const outcome = await attempt(n);
    if (outcome.done || !policy) return { value: outcome.value, attempts: n, cancelled: false };
    if (options.signal?.aborted) return { value: outcome.value, attempts: n, cancelled: true };
    lastFailure = outcome.failure;
    const remaining = policy.timeoutMs - (performance.now() - started);
    if (remaining <= 0) return { value: outcome.value, attempts: n, cancelled: false };
    try {
      await sleep(Math.min(policy.intervalMs, remaining), undefined, { signal: options.signal });
    } catch {
      return { value: outcome.value, attempts: n, cancelled: true };
    }
  }
}

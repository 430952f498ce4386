import type { Period } from './rate-limit-math.js';
import { WINDOW_SECONDS } from './rate-limit-math.js';

/**
 * The `local` policy's counters: one number per `ratelimit:<route>:<service>:<id>:<window>:<period>`
 * key, in memory, read and incremented synchronously so concurrent requests can never overshoot.
 */
export class RateLimitCounters {
  private readonly counts = new Map<string, { count: number; expiresAt: number }>();

  get(key: string): number {
    return this.counts.get(key)?.count ?? 0;
  }

  increment(key: string, period: Period, windowStart: number): void {
    const entry = this.counts.get(key);
    if (entry) entry.count += 1;
    else this.counts.set(key, { count: 1, expiresAt: windowStart + WINDOW_SECONDS[period] * 1000 });
  }

  /** Drops counters of windows that have ended (memory only; old windows are never read). */
  sweep(nowMs: number): void {
    for (const [key, entry] of this.counts) if (entry.expiresAt <= nowMs) this.counts.delete(key);
  }

  clear(): void {
    this.counts.clear();
  }

  get size(): number {
    return this.counts.size;
  }
}

import { WINDOW_SECONDS, type Period } from './rate-limit-math.js';

interface WindowCount {
  start: number;
  count: number;
}

/**
 * The `local` policy's counters, keyed as Kong keys them
 * (`ratelimit:<route>:<service>:<identifier>` + window start + period), in memory. Reads and
 * increments are synchronous, so concurrent requests can never overshoot a limit. One map entry
 * per scope holds every period's current window, so a request costs one lookup, not one per period.
 */
export class RateLimitCounters {
  private readonly scopes = new Map<string, Partial<Record<Period, WindowCount>>>();

  /** Requests already allowed in the window of `period` starting at `start`. */
  get(scope: string, period: Period, start: number): number {
    const window = this.scopes.get(scope)?.[period];
    return window && window.start === start ? window.count : 0;
  }

  increment(scope: string, period: Period, start: number): void {
    let windows = this.scopes.get(scope);
    if (!windows) {
      windows = {};
      this.scopes.set(scope, windows);
    }
    const window = windows[period];
    if (window && window.start === start) window.count += 1;
    else windows[period] = { start, count: 1 };
  }

  /** Drops windows that have ended (memory only; an ended window is never read again). */
  sweep(nowMs: number): void {
    for (const [scope, windows] of this.scopes) {
      for (const period of Object.keys(windows) as Period[]) {
        const window = windows[period]!;
        if (window.start + WINDOW_SECONDS[period] * 1000 <= nowMs) delete windows[period];
      }
      if (Object.keys(windows).length === 0) this.scopes.delete(scope);
    }
  }

  clear(): void {
    this.scopes.clear();
  }

  /** How many windows are held (for tests of the sweep). */
  get size(): number {
    let n = 0;
    for (const windows of this.scopes.values()) n += Object.keys(windows).length;
    return n;
  }
}

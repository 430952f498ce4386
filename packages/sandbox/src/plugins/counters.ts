import { PluginMemory } from './memory.js';
import { WINDOW_SECONDS, type Period } from './rate-limit-math.js';

interface WindowCount {
  start: number;
  count: number;
}

type Windows = Partial<Record<Period, WindowCount>>;

/**
 * The `local` policy's counters, keyed as Kong keys them: the plugin's scope
 * (`<route>:<service>`), the identifier, then window start and period. In memory; reads and
 * increments are synchronous, so concurrent requests can never overshoot a limit. The scope and
 * identifier strings are long-lived (ids of entities), so the two map lookups hash nothing new.
 */
export class RateLimitCounters {
  private readonly scopes = new Map<string, Map<string, Windows>>();
  /** The other plugins' memory (proxy-cache, rate-limiting-advanced), reset with the counters. */
  readonly memory = new PluginMemory();

  /** Requests already allowed in the window of `period` starting at `start`. */
  get(scope: string, identifier: string, period: Period, start: number): number {
    const window = this.scopes.get(scope)?.get(identifier)?.[period];
    return window && window.start === start ? window.count : 0;
  }

  increment(scope: string, identifier: string, period: Period, start: number): void {
    let identifiers = this.scopes.get(scope);
    if (!identifiers) {
      identifiers = new Map();
      this.scopes.set(scope, identifiers);
    }
    let windows = identifiers.get(identifier);
    if (!windows) {
      windows = {};
      identifiers.set(identifier, windows);
    }
    const window = windows[period];
    if (window && window.start === start) window.count += 1;
    else windows[period] = { start, count: 1 };
  }

  /** Drops windows that have ended (memory only; an ended window is never read again). */
  sweep(nowMs: number): void {
    this.memory.sweep(nowMs);
    for (const [scope, identifiers] of this.scopes) {
      for (const [identifier, windows] of identifiers) {
        for (const period of Object.keys(windows) as Period[]) {
          const window = windows[period]!;
          if (window.start + WINDOW_SECONDS[period] * 1000 <= nowMs) delete windows[period];
        }
        if (Object.keys(windows).length === 0) identifiers.delete(identifier);
      }
      if (identifiers.size === 0) this.scopes.delete(scope);
    }
  }

  clear(): void {
    this.scopes.clear();
    this.memory.clear();
  }

  /** How many windows are held (for tests of the sweep). */
  get size(): number {
    let n = 0;
    for (const identifiers of this.scopes.values())
      for (const windows of identifiers.values()) n += Object.keys(windows).length;
    return n;
  }
}

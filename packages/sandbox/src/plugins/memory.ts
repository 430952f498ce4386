/** A response proxy-cache stored (the memory strategy's value, as strategies/memory.lua keeps it). */
export interface CachedResponse {
  readonly status: number;
  readonly headers: readonly [string, string][];
  readonly body: Buffer;
  /** Seconds (the sandbox clock) when stored. */
  readonly timestamp: number;
  readonly ttl: number;
  /** When the entry disappears from the store (storage_ttl, else ttl), in seconds. */
  readonly expires: number;
}

/**
 * Per-sandbox memory of the plugins beyond rate-limiting's counters: proxy-cache's memory
 * strategy (one dictionary, like kong_db_cache, shared by every proxy-cache plugin) and
 * rate-limiting-advanced's window counters. Cleared with the counters on reset.
 */
export class PluginMemory {
  readonly cache = new Map<string, CachedResponse>();
  /** `<namespace>:<identifier>:<window size>:<window start>` → requests counted, and when the count stops mattering. */
  readonly windows = new Map<string, { count: number; until: number }>();

  /** Drops cache entries past their storage ttl and windows no sliding window reads any more (memory only). */
  sweep(nowMs: number): void {
    const now = nowMs / 1000;
    for (const [key, entry] of this.cache) if (entry.expires <= now) this.cache.delete(key);
    for (const [key, window] of this.windows) if (window.until <= now) this.windows.delete(key);
  }

  clear(): void {
    this.cache.clear();
    this.windows.clear();
  }
}

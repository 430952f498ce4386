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
  /** `<plugin id>:<identifier>:<window size>:<window start>` → requests counted. */
  readonly windows = new Map<string, number>();

  clear(): void {
    this.cache.clear();
    this.windows.clear();
  }
}

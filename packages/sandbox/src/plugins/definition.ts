import type { Clock } from '../clock.js';
import type { CompiledPlugin } from '../proxy/compile.js';
import type { ProxyContext, ShortCircuit } from '../proxy/context.js';
import type { EntityCheck, RecordSpec } from '../schema/engine.js';
import type { RateLimitCounters } from './counters.js';

/** What a plugin may keep between requests: counters, and the memory its strategies use. */
export interface PluginState {
  readonly counters: RateLimitCounters;
  readonly clock: Clock;
}

/**
 * One plugin, self-contained: Kong's priority, its config schema and entity checks, and its access
 * phase (which registers any header_filter/body_filter work on the context). Registered with one
 * line in catalog.ts.
 */
export interface PluginDefinition {
  readonly priority: number;
  readonly config: RecordSpec;
  readonly checks: readonly EntityCheck[];
  readonly access: (
    ctx: ProxyContext,
    plugin: CompiledPlugin,
    state: PluginState,
  ) => ShortCircuit | undefined | Promise<ShortCircuit | undefined>;
}

/**
 * A stored plugin's config as its handler reads it. The schema validated it and filled every
 * default before it was stored, so this is the one place the shape is taken on trust.
 */
export function configOf<T>(plugin: CompiledPlugin): T {
  return plugin.config as unknown as T;
}

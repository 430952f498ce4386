import type { ProxyContext } from '../proxy/context.js';
import { headerValues } from '../proxy/request-data.js';
import { configOf, type PluginDefinition } from './definition.js';
import type { EntityCheck } from '../schema/engine.js';

// rate-limiting-advanced is a Kong Gateway Enterprise plugin (its source is not public): the sandbox
// imitates its documented core for teaching, as Kong's rate-limiting-tiers how-to uses it: `limit` and
// `window_size` arrays (the nth limit per the nth window, in seconds), `window_type` fixed or sliding
// (the previous window's count weighted by how much of it still overlaps), `identifier` (consumer,
// credential, ip, service, header, path, consumer-group), denied requests counted on sliding windows
// unless `disable_penalty`, and plugins scoped to consumer groups for tiers. Headers:
// X-RateLimit-Limit-<window>/X-RateLimit-Remaining-<window> (Second, Minute, Hour, Day, Month, Year
// for those sizes, else the size), RateLimit-Limit/-Remaining/-Reset for the tightest window,
// Retry-After on a 429. Only the `local` strategy.

interface RateLimitingAdvancedConfig {
  readonly limit: readonly number[];
  readonly window_size: readonly number[];
  readonly window_type: 'fixed' | 'sliding';
  readonly identifier: 'consumer' | 'credential' | 'ip' | 'service' | 'header' | 'path' | 'consumer-group';
  readonly header_name: string | null;
  readonly path: string | null;
  readonly namespace: string | null;
  readonly hide_client_headers: boolean;
  readonly error_code: number;
  readonly error_message: string;
  readonly disable_penalty: boolean;
}

const WINDOW_NAMES: Readonly<Record<number, string>> = {
  1: 'Second',
  60: 'Minute',
  3600: 'Hour',
  86400: 'Day',
  2592000: 'Month',
  31536000: 'Year',
};

function identifierOf(ctx: ProxyContext, conf: RateLimitingAdvancedConfig): string {
  let id: string | undefined;
  switch (conf.identifier) {
    case 'consumer':
      id = ctx.consumer?.id ?? ctx.credential?.id;
      break;
    case 'credential':
      id = ctx.credential?.id;
      break;
    case 'service':
      id = ctx.service?.id;
      break;
    case 'header': {
      const value = conf.header_name ? headerValues(ctx.req.rawHeaders, conf.header_name) : undefined;
      id = Array.isArray(value) ? value[0] : value;
      break;
    }
    case 'path':
      if (ctx.path === conf.path) id = ctx.path;
      break;
    case 'consumer-group': {
      const groups = ctx.consumer ? ctx.config.groupsByConsumer.get(ctx.consumer.id) : undefined;
      id = groups?.[0]?.id;
      break;
    }
    case 'ip':
      break;
  }
  return id ?? ctx.clientIp;
}

const positives = { type: 'array', required: true, elements: { type: 'number', gt: 0 } } as const;

export const rateLimitingAdvanced: PluginDefinition = {
  priority: 910,
  config: {
    type: 'record',
    required: true,
    customValidator: (config) => {
      const limit = Array.isArray(config.limit) ? config.limit.length : 0;
      const windows = Array.isArray(config.window_size) ? config.window_size.length : 0;
      return limit === windows ? undefined : 'You must provide the same number of windows and limits';
    },
    fields: {
      limit: positives,
      window_size: positives,
      window_type: { type: 'string', default: 'sliding', oneOf: ['fixed', 'sliding'] },
      identifier: {
        type: 'string',
        required: true,
        default: 'consumer',
        oneOf: ['ip', 'credential', 'consumer', 'service', 'header', 'path', 'consumer-group'],
      },
      header_name: { type: 'string' },
      path: { type: 'string' },
      namespace: { type: 'string' },
      strategy: {
        type: 'string',
        required: true,
        default: 'local',
        oneOf: ['cluster', 'redis', 'local'],
        validate: (s: string) =>
          s === 'local' ? undefined : "the kong-workshop sandbox supports only the 'local' strategy",
      },
      dictionary_name: { type: 'string', required: true, default: 'kong_rate_limiting_counters' },
      sync_rate: { type: 'number' },
      hide_client_headers: { type: 'boolean', default: false },
      retry_after_jitter_max: { type: 'number', default: 0 },
      error_code: { type: 'number', default: 429, gt: 0 },
      error_message: { type: 'string', default: 'API rate limit exceeded' },
      disable_penalty: { type: 'boolean', default: false },
      enforce_consumer_groups: { type: 'boolean', default: false },
      consumer_groups: { type: 'array', elements: { type: 'string' } },
    },
  },
  checks: [
    (plugin): ReturnType<EntityCheck> => {
      const config = plugin.config;
      if (typeof config !== 'object' || config === null) return undefined;
      const identifier = 'identifier' in config ? config.identifier : undefined;
      if (identifier === 'header' && !('header_name' in config && config.header_name))
        return { fields: { config: { header_name: 'required field missing' } } };
      if (identifier === 'path' && !('path' in config && config.path))
        return { fields: { config: { path: 'required field missing' } } };
      return undefined;
    },
  ],
  access(ctx, plugin, state) {
    const conf = configOf<RateLimitingAdvancedConfig>(plugin);
    const windows = state.counters.memory.windows;
    const nowMs = state.clock.now();
    const now = nowMs / 1000;
    // Plugins sharing a namespace share counters, as Enterprise's do.
    const scope = conf.namespace ?? plugin.id;
    const who = identifierOf(ctx, conf);
    const rows = conf.limit.map((limit, i) => {
      const size = conf.window_size[i] ?? 60;
      const start = Math.floor(now / size) * size;
      const key = `${scope}:${who}:${size}:`;
      const current = windows.get(key + start)?.count ?? 0;
      const previous = conf.window_type === 'sliding' ? (windows.get(key + (start - size))?.count ?? 0) : 0;
      const weight = (size - (now - start)) / size;
      const used = Math.floor(current + previous * weight);
      return { limit, size, start, key, used, reset: Math.max(1, Math.ceil(start + size - now)) };
    });
    const stop = rows.find((r) => r.used >= r.limit);
    if (!stop || (conf.window_type === 'sliding' && !conf.disable_penalty))
      for (const r of rows) {
        const window = windows.get(r.key + r.start);
        // A window is read during its own span and, by a sliding window, during the next one.
        if (window) window.count += 1;
        else windows.set(r.key + r.start, { count: 1, until: r.start + 2 * r.size });
      }
    if (!conf.hide_client_headers) {
      let tightest = rows[0];
      for (const r of rows) {
        const remaining = Math.max(0, r.limit - r.used - (stop ? 0 : 1));
        const name = WINDOW_NAMES[r.size] ?? String(r.size);
        ctx.responseHeaders.push([`X-RateLimit-Limit-${name}`, r.limit], [`X-RateLimit-Remaining-${name}`, remaining]);
        if (tightest && r.limit - r.used <= tightest.limit - tightest.used) tightest = r;
      }
      if (tightest) {
        ctx.responseHeaders.push(
          ['RateLimit-Limit', tightest.limit],
          ['RateLimit-Remaining', Math.max(0, tightest.limit - tightest.used - (stop ? 0 : 1))],
          ['RateLimit-Reset', stop ? stop.reset : tightest.reset],
        );
      }
      if (stop) ctx.responseHeaders.push(['Retry-After', stop.reset]);
    }
    return stop ? { status: conf.error_code, message: conf.error_message } : undefined;
  },
};

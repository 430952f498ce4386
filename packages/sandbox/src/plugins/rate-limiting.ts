import type { Clock } from '../clock.js';
import type { CompiledPlugin } from '../proxy/compile.js';
import type { ProxyContext, ShortCircuit } from '../proxy/context.js';
import { headerValues } from '../proxy/request-data.js';
import type { RateLimitCounters } from './counters.js';
import { decide, rateLimitHeaders, windowStarts, type Limits } from './rate-limit-math.js';

// kong/plugins/rate-limiting/handler.lua with the `local` policy, Kong 3.9.

export interface RateLimitingConfig extends Limits {
  readonly limit_by: 'consumer' | 'credential' | 'ip' | 'service' | 'header' | 'path';
  readonly header_name: string | null;
  readonly path: string | null;
  readonly hide_client_headers: boolean;
  readonly error_code: number;
  readonly error_message: string;
}

/** get_identifier: what the counter is per, falling back to the client IP. */
function rateLimitIdentifier(ctx: ProxyContext, conf: RateLimitingConfig): string {
  let identifier: string | undefined;
  switch (conf.limit_by) {
    case 'service':
      identifier = ctx.service?.id;
      break;
    case 'consumer':
      identifier = ctx.consumer?.id ?? ctx.credential?.id;
      break;
    case 'credential':
      identifier = ctx.credential?.id;
      break;
    case 'header': {
      const value = conf.header_name ? headerValues(ctx.req.rawHeaders, conf.header_name) : undefined;
      identifier = Array.isArray(value) ? value[0] : value;
      break;
    }
    case 'path':
      if (ctx.path === conf.path) identifier = ctx.path;
      break;
    case 'ip':
      break;
  }
  return identifier ?? ctx.clientIp;
}

/**
 * Checks every configured window, adds the rate-limit headers, and either stops the request or
 * counts it. Check and increment happen in one synchronous step, so concurrent requests cannot
 * both take the last slot (Kong increments in a timer and can let a few extra through).
 */
export function runRateLimiting(
  ctx: ProxyContext,
  plugin: CompiledPlugin,
  counters: RateLimitCounters,
  clock: Clock,
): ShortCircuit | undefined {
  const conf = plugin.config as unknown as RateLimitingConfig;
  const now = Math.floor(clock.now() / 1000) * 1000;
  const starts = windowStarts(now);
  const identifier = rateLimitIdentifier(ctx, conf);
  const scope = plugin.counterScope;
  const decision = decide(conf, (period) => counters.get(scope, identifier, period, starts[period]));
  if (!conf.hide_client_headers) {
    const { headers, reset } = rateLimitHeaders(decision, now);
    if (decision.stop) headers.push(['Retry-After', reset]);
    ctx.responseHeaders.push(...headers);
  }
  if (decision.stop) return { status: conf.error_code, message: conf.error_message };
  for (const { period } of decision.usage) counters.increment(scope, identifier, period, starts[period]);
  return undefined;
}

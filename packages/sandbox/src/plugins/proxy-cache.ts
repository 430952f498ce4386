import { createHash } from 'node:crypto';
import type { ProxyContext } from '../proxy/context.js';
import { configOf, type PluginDefinition } from './definition.js';
import type { PluginMemory } from './memory.js';
import type { ResponseHead } from './response-head.js';

// kong/plugins/proxy-cache/{handler,cache_key,schema}.lua (3.9.1), memory strategy: priority 100.
// access: Bypass for a method not configured (or, with cache_control, no-store/no-cache/Authorization);
// else the cache key (sha256 of route/consumer prefix, method, request line, query, vary headers),
// a Hit answered from the cache with Age, a Miss (or Refresh past cache_ttl) stored in body_filter if
// the status and Content-Type are cacheable (else Bypass). Kong-Debug: 1 shows the headers whatever
// response_headers says. Not imitated: Cache-Control's max-age/max-stale/min-fresh/only-if-cached.

interface ProxyCacheConfig {
  readonly response_code: readonly number[];
  readonly request_method: readonly string[];
  readonly content_type: readonly string[];
  readonly cache_ttl: number;
  readonly storage_ttl: number | null;
  readonly cache_control: boolean;
  readonly ignore_uri_case: boolean;
  readonly vary_query_params: readonly string[] | null;
  readonly vary_headers: readonly string[] | null;
  readonly response_headers: {
    readonly age: boolean;
    readonly 'X-Cache-Status': boolean;
    readonly 'X-Cache-Key': boolean;
  };
}

// hop_by_hop_headers and ratelimit-remaining: never replayed from the cache.
const NOT_REPLAYED = new RegExp(
  '^(connection|keep-alive|proxy-authenticate|proxy-authorization|te|trailers|transfer-encoding|upgrade|' +
    'content-length)$|ratelimit-remaining',
  'i',
);

/** generate_key_from: `name=value` (lists sorted and comma-joined, bare flags as the name) joined by ':'. */
function keyFrom(args: ReadonlyMap<string, string[] | true>, fields: readonly string[]): string {
  const out: string[] = [];
  for (const field of fields) {
    const value = args.get(field);
    if (value === undefined) continue;
    if (value === true) out.push(field);
    else out.push(value.length === 1 ? `${field}=${value[0]}` : `${field}=${[...value].sort().join(',')}`);
  }
  return out.join(':');
}

/**
 * build_cache_key. `uri` is ngx.var.request with `?…` removed: the request line, HTTP version and all
 * when there is no query.
 */
export function proxyCacheKey(ctx: ProxyContext, conf: ProxyCacheConfig): string {
  const consumer = ctx.consumer?.id;
  const prefix = consumer ? `${consumer}:${ctx.route.id}` : ctx.route.id;
  const method = ctx.req.method ?? 'GET';
  const line = `${method} ${ctx.req.url ?? '/'} HTTP/${ctx.req.httpVersion}`;
  let uri = line.replace(/\?.*/, '');
  if (conf.ignore_uri_case) uri = uri.toLowerCase();
  const args = new Map<string, string[] | true>();
  for (const [name, value] of ctx.query.pairs) {
    const existing = args.get(name);
    if (value === true) args.set(name, existing ?? true);
    else args.set(name, existing === undefined || existing === true ? [value] : [...existing, value]);
  }
  const params = keyFrom(args, conf.vary_query_params?.length ? conf.vary_query_params : [...args.keys()].sort());
  let headers = '';
  if (conf.vary_headers?.length) {
    const values = new Map<string, string[] | true>();
    for (const name of conf.vary_headers) {
      const value = ctx.req.headers[name.toLowerCase()];
      if (value !== undefined) values.set(name, Array.isArray(value) ? value : [value]);
    }
    headers = keyFrom(values, conf.vary_headers);
  }
  return createHash('sha256').update(`${prefix}|${method}|${uri}|${params}|${headers}`).digest('hex');
}

/** parse_mime_type, then cacheable_response's match: type and subtype (or *), and exactly the same parameters. */
function contentTypeMatches(actual: string, expected: readonly string[]): boolean {
  const parse = (text: string) => {
    const [type = '', ...params] = text.split(';').map((s) => s.trim().toLowerCase());
    const [main, sub] = type.split('/');
    return { main, sub, params: params.filter(Boolean).sort().join(';') };
  };
  const got = parse(actual);
  if (!got.main || !got.sub) return false;
  return expected.some((e) => {
    const want = parse(e);
    return (
      want.main !== undefined &&
      (want.main === '*' || want.main === got.main) &&
      (want.sub === '*' || want.sub === got.sub) &&
      want.params === got.params
    );
  });
}

/** Age, X-Cache-Status and X-Cache-Key go out only when response_headers allows it, or Kong-Debug is set. */
const shows = (ctx: ProxyContext, conf: ProxyCacheConfig, name: 'age' | 'X-Cache-Status' | 'X-Cache-Key') =>
  ctx.req.headers['kong-debug'] !== undefined || conf.response_headers[name] !== false;

function store(
  memory: PluginMemory,
  conf: ProxyCacheConfig,
  key: string,
  now: number,
  head: ResponseHead,
  body: Buffer,
) {
  const ttl = conf.cache_ttl;
  // Kong's own headers are added again to a hit (header_filter); the cache status is the hit's.
  const headers = head.headers.filter(([n]) => !/^(x-cache-(status|key)|x-kong-.*|server|via)$/i.test(n));
  memory.cache.set(key, {
    status: head.status,
    headers,
    body,
    timestamp: now,
    ttl,
    expires: now + (conf.storage_ttl ?? ttl),
  });
}

export const proxyCache: PluginDefinition = {
  priority: 100,
  config: {
    type: 'record',
    required: true,
    fields: {
      response_code: {
        type: 'array',
        required: true,
        lenMin: 1,
        default: [200, 301, 404],
        elements: { type: 'integer', between: [100, 900] },
      },
      request_method: {
        type: 'array',
        required: true,
        default: ['GET', 'HEAD'],
        elements: { type: 'string', oneOf: ['HEAD', 'GET', 'POST', 'PATCH', 'PUT'] },
      },
      content_type: {
        type: 'array',
        required: true,
        default: ['text/plain', 'application/json'],
        elements: { type: 'string' },
      },
      cache_ttl: { type: 'integer', default: 300, gt: 0 },
      strategy: { type: 'string', required: true, oneOf: ['memory'] },
      cache_control: { type: 'boolean', required: true, default: false },
      ignore_uri_case: { type: 'boolean', default: false },
      storage_ttl: { type: 'integer' },
      memory: {
        type: 'record',
        default: { dictionary_name: 'kong_db_cache' },
        fields: { dictionary_name: { type: 'string', required: true, default: 'kong_db_cache' } },
      },
      vary_query_params: { type: 'array', elements: { type: 'string' } },
      vary_headers: { type: 'array', elements: { type: 'string' } },
      response_headers: {
        type: 'record',
        default: { age: true, 'X-Cache-Status': true, 'X-Cache-Key': true },
        fields: {
          age: { type: 'boolean', default: true },
          'X-Cache-Status': { type: 'boolean', default: true },
          'X-Cache-Key': { type: 'boolean', default: true },
        },
      },
    },
  },
  checks: [],
  access(ctx, plugin, state) {
    const conf = configOf<ProxyCacheConfig>(plugin);
    const status = (value: string) => {
      if (shows(ctx, conf, 'X-Cache-Status')) ctx.responseHeaders.push(['X-Cache-Status', value]);
    };
    const method = ctx.req.method ?? 'GET';
    const cc = String(ctx.req.headers['cache-control'] ?? '');
    if (
      !conf.request_method.includes(method) ||
      (conf.cache_control && (/no-store|no-cache/.test(cc) || ctx.req.headers.authorization !== undefined))
    )
      return void status('Bypass');
    const key = proxyCacheKey(ctx, conf);
    const memory = state.counters.memory;
    const now = Math.floor(state.clock.now() / 1000);
    const cached = memory.cache.get(key);
    const live = cached && cached.expires > now ? cached : undefined;
    if (!live || now - live.timestamp > conf.cache_ttl) {
      if (shows(ctx, conf, 'X-Cache-Key')) ctx.responseHeaders.push(['X-Cache-Key', key]);
      status(live ? 'Refresh' : 'Miss');
      ctx.addFilter({
        header: (head) => {
          const type = head.get('content-type');
          if (!conf.response_code.includes(head.status) || !type || !contentTypeMatches(type, conf.content_type)) {
            if (shows(ctx, conf, 'X-Cache-Status')) head.set('X-Cache-Status', 'Bypass');
            return;
          }
          cacheable.add(head);
        },
        body: (head, body) => {
          if (cacheable.has(head)) store(memory, conf, key, now, head, body);
          return body;
        },
      });
      return undefined;
    }
    // A hit: kong.response.exit with the stored response, the current request's rate-limit headers kept;
    // KONG_PROXIED is set, so it carries the proxied latency headers and Via.
    const headers: Record<string, string> = {};
    for (const [name, value] of live.headers) if (!NOT_REPLAYED.test(name)) headers[name] = value;
    for (const [name, value] of ctx.responseHeaders) headers[name] = String(value);
    ctx.responseHeaders.length = 0;
    const contentType = headers['content-type'];
    delete headers['content-type'];
    if (shows(ctx, conf, 'age')) headers.Age = String(now - live.timestamp);
    // The order Kong's getting-started page shows: the key, then the status.
    if (shows(ctx, conf, 'X-Cache-Key')) headers['X-Cache-Key'] = key;
    if (shows(ctx, conf, 'X-Cache-Status')) headers['X-Cache-Status'] = 'Hit';
    return {
      status: live.status,
      message: '',
      headers,
      exit: { body: live.body.toString('utf8'), contentType, proxied: true },
    };
  },
};

/** Responses found cacheable in header_filter, awaiting their body. */
const cacheable = new WeakSet<ResponseHead>();

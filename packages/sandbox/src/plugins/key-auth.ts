import type { ProxyContext, ShortCircuit } from '../proxy/context.js';
import { isUuid } from '../ids.js';
import { encodeArgs, headerValues, normalizeHeaderName, serializeBody } from '../proxy/request-data.js';
import { refId } from '../store/store.js';

// kong/plugins/key-auth/handler.lua, Kong 3.9.

export interface KeyAuthConfig {
  readonly key_names: readonly string[];
  readonly hide_credentials: boolean;
  readonly anonymous: string | null;
  readonly key_in_header: boolean;
  readonly key_in_query: boolean;
  readonly key_in_body: boolean;
  readonly run_on_preflight: boolean;
  readonly realm: string | null;
}

const ERR_DUPLICATE_API_KEY = 'Duplicate API key found';
const ERR_NO_API_KEY = 'No API key found in request';
const ERR_INVALID_AUTH_CRED = 'Unauthorized';

/**
 * Runs key-auth's access phase; a value means "answer with this instead of proxying".
 * Synchronous unless the body must be read first (key_in_body), so the common path costs no
 * extra promise.
 */
export function runKeyAuth(
  ctx: ProxyContext,
  conf: KeyAuthConfig,
): ShortCircuit | undefined | Promise<ShortCircuit | undefined> {
  if (!conf.run_on_preflight && ctx.req.method === 'OPTIONS') return undefined;
  if (conf.key_in_body && ctx.bodyIfRead === undefined) return ctx.body().then(() => runKeyAuth(ctx, conf));
  if (conf.anonymous !== null && conf.anonymous !== undefined) {
    // "Logical OR": another auth plugin may already have authenticated the request.
    if (ctx.credential) return undefined;
    return authenticate(ctx, conf) ? anonymousConsumer(ctx, conf.anonymous) : undefined;
  }
  return authenticate(ctx, conf);
}

function authenticate(ctx: ProxyContext, conf: KeyAuthConfig): ShortCircuit | undefined {
  const wwwAuthenticate = conf.realm !== null && conf.realm !== undefined ? `Key realm="${conf.realm}"` : 'Key';
  const unauthorized = (message: string): ShortCircuit => ({
    status: 401,
    message,
    headers: { 'WWW-Authenticate': wwwAuthenticate },
  });
  const body = conf.key_in_body ? ctx.bodyIfRead : undefined;
  let key: string | undefined;
  for (const name of conf.key_names) {
    // The first place that has the name wins; Kong never falls back to another place.
    let value: unknown;
    if (conf.key_in_header) value = headerValues(ctx.req.rawHeaders, name);
    if (value === undefined && conf.key_in_query) value = ctx.query.get(name);
    if (value === undefined && conf.key_in_body) value = body?.values[name];
    if (typeof value === 'string') {
      key = value;
      if (conf.hide_credentials) hideCredential(ctx, conf, name);
      break;
    }
    if (Array.isArray(value)) return unauthorized(ERR_DUPLICATE_API_KEY);
  }
  if (key === undefined || key === '') return unauthorized(ERR_NO_API_KEY);
  const credential = ctx.config.credentialsByKey.get(key);
  if (!credential || isExpired(credential, ctx.clock.now())) return unauthorized(ERR_INVALID_AUTH_CRED);
  // A stored credential always names its consumer.
  const consumerId = refId(credential.consumer) ?? '';
  ctx.authenticate(ctx.config.consumersById.get(consumerId), credential);
  return undefined;
}

function hideCredential(ctx: ProxyContext, conf: KeyAuthConfig, name: string): void {
  if (ctx.query.pairs.some(([arg]) => arg === name))
    ctx.upstreamQuery = encodeArgs(ctx.query.pairs.filter(([arg]) => arg !== name));
  ctx.setHeader(name, undefined);
  ctx.upstreamHeaders.set(normalizeHeaderName(name), null);
  const body = conf.key_in_body ? ctx.bodyIfRead : undefined;
  if (body && name in body.values) ctx.upstreamBody = serializeBody(body, name);
}

/** The anonymous consumer of an auth plugin, by id or username (shared by key-auth and basic-auth). */
export function anonymousConsumer(ctx: ProxyContext, anonymous: string): ShortCircuit | undefined {
  const consumer =
    (isUuid(anonymous) ? ctx.config.consumersById.get(anonymous.toLowerCase()) : undefined) ??
    ctx.config.consumersByUsername.get(anonymous);
  if (!consumer) return { status: 500, message: `anonymous consumer ${anonymous} is configured but doesn't exist` };
  ctx.authenticate(consumer, undefined);
  return undefined;
}

function isExpired(credential: Record<string, unknown>, nowMs: number): boolean {
  const ttl = credential.ttl;
  if (typeof ttl !== 'number') return false;
  return nowMs / 1000 >= Number(credential.created_at) + ttl;
}

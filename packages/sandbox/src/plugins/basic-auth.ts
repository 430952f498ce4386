import type { ProxyContext, ShortCircuit } from '../proxy/context.js';
import { refId } from '../store/store.js';
import { basicAuthHash } from './basic-auth-hash.js';
import { anonymousConsumer } from './key-auth.js';

// kong/plugins/basic-auth/access.lua (3.9.1): credentials from Proxy-Authorization, then
// Authorization; every failure is 401 "Unauthorized" with WWW-Authenticate: Basic realm="<realm>".

export interface BasicAuthConfig {
  readonly anonymous: string | null;
  readonly hide_credentials: boolean;
  readonly realm: string;
}

export function runBasicAuth(ctx: ProxyContext, conf: BasicAuthConfig): ShortCircuit | undefined {
  if (conf.anonymous !== null && conf.anonymous !== undefined) {
    // "Logical OR": another auth plugin may already have authenticated the request.
    if (ctx.credential) return undefined;
    return authenticate(ctx, conf) ? anonymousConsumer(ctx, conf.anonymous) : undefined;
  }
  return authenticate(ctx, conf);
}

function authenticate(ctx: ProxyContext, conf: BasicAuthConfig): ShortCircuit | undefined {
  const unauthorized: ShortCircuit = {
    status: 401,
    message: 'Unauthorized',
    headers: { 'WWW-Authenticate': `Basic realm="${conf.realm}"` },
  };
  const headers = ctx.req.headers;
  if (!headers.authorization && !headers['proxy-authorization']) return unauthorized;
  let given = retrieve(ctx, 'proxy-authorization', conf);
  let credential = given ? ctx.config.basicAuthByUsername.get(given.username) : undefined;
  if (!credential) {
    given = retrieve(ctx, 'authorization', conf);
    if (!given) return unauthorized;
    credential = ctx.config.basicAuthByUsername.get(given.username);
  }
  const consumerId = refId(credential?.consumer) ?? '';
  if (!credential || !given || credential.password !== basicAuthHash(given.password, consumerId)) return unauthorized;
  ctx.authenticate(ctx.config.consumersById.get(consumerId), credential, String(credential.username));
  return undefined;
}

const BASE64 = /^[A-Za-z0-9+/]*={0,2}$/;

/** `Basic <base64 of user:password>` from one header; with hide_credentials the header is removed upstream. */
function retrieve(
  ctx: ProxyContext,
  name: 'authorization' | 'proxy-authorization',
  conf: BasicAuthConfig,
): { username: string; password: string } | undefined {
  const header = ctx.req.headers[name];
  let found: { username: string; password: string } | undefined;
  if (typeof header === 'string') {
    const encoded = /\s*[Bb]asic\s*(.+)/.exec(header)?.[1]?.trim();
    // ngx.decode_base64 refuses malformed input (nil), which reads as no credentials.
    if (encoded && encoded.length % 4 === 0 && BASE64.test(encoded)) {
      const parts = /^([^:]+):([\s\S]*)$/.exec(Buffer.from(encoded, 'base64').toString('utf8'));
      if (parts) found = { username: parts[1] ?? '', password: parts[2] ?? '' };
    }
  }
  if (conf.hide_credentials)
    ctx.setHeader(name === 'authorization' ? 'Authorization' : 'Proxy-Authorization', undefined);
  return found;
}

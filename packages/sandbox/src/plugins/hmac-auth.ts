import type { ProxyContext, ShortCircuit } from '../proxy/context.js';
import { headerValues } from '../proxy/request-data.js';
import { refId } from '../store/store.js';
import { anonymousConsumer } from './key-auth.js';

// kong/plugins/hmac-auth/access.lua at Kong 3.9.1: `hmac username="…", algorithm="…", headers="…",
// signature="…"` in Proxy-Authorization or Authorization, a Date or X-Date within clock_skew, a
// signature over the named headers (and @request-target / request-line), optionally a body Digest.
// Refusals are kong.response.error (the usual template) with WWW-Authenticate: hmac.

export interface HmacAuthConfig {
  readonly hide_credentials: boolean;
  readonly clock_skew: number;
  readonly anonymous: string | null;
  readonly validate_request_body: boolean;
  readonly enforce_headers: readonly string[];
  readonly algorithms: readonly string[];
  readonly realm: string | null;
}

const SIGNATURE_NOT_VALID = 'HMAC signature cannot be verified';
const SIGNATURE_NOT_SAME = 'HMAC signature does not match';
const HASHES: Readonly<Record<string, string>> = {
  'hmac-sha1': 'sha1',
  'hmac-sha256': 'sha256',
  'hmac-sha384': 'sha384',
  'hmac-sha512': 'sha512',
};

export function runHmacAuth(
  ctx: ProxyContext,
  conf: HmacAuthConfig,
): ShortCircuit | undefined | Promise<ShortCircuit | undefined> {
  // Body validation needs the raw body first; every other request stays synchronous.
  if (conf.validate_request_body && ctx.bodyIfRead === undefined) return ctx.body().then(() => runHmacAuth(ctx, conf));
  if (conf.anonymous !== null && conf.anonymous !== undefined) {
    if (ctx.credential) return undefined;
    return authenticate(ctx, conf) ? anonymousConsumer(ctx, conf.anonymous) : undefined;
  }
  return authenticate(ctx, conf);
}

/** kong.request.get_header: the first value of a header, looked up as Kong does. */
function header(ctx: ProxyContext, name: string): string | undefined {
  const value = headerValues(ctx.req.rawHeaders, name);
  return Array.isArray(value) ? value[0] : value;
}

interface HmacParams {
  readonly username: string;
  readonly algorithm: string;
  readonly headers: readonly string[];
  readonly signature: string;
}

/** retrieve_hmac_fields: Kong's unanchored, greedy regular expression, as written. */
function retrieveFields(value: string | undefined): HmacParams | undefined {
  if (value === undefined) return undefined;
  const m = /\s*[Hh]mac\s*username="(.+)",\s*algorithm="(.+)",\s*headers="(.+)",\s*signature="(.+)"/.exec(value);
  if (!m) return undefined;
  return { username: m[1] ?? '', algorithm: m[2] ?? '', headers: (m[3] ?? '').split(' '), signature: m[4] ?? '' };
}

function authenticate(ctx: ProxyContext, conf: HmacAuthConfig): ShortCircuit | undefined {
  const wwwAuthenticate = conf.realm !== null && conf.realm !== undefined ? `hmac realm="${conf.realm}"` : 'hmac';
  const refuse = (message: string): ShortCircuit => ({
    status: 401,
    message,
    headers: { 'WWW-Authenticate': wwwAuthenticate },
  });
  const authorization = header(ctx, 'authorization');
  const proxyAuthorization = header(ctx, 'proxy-authorization');
  if (authorization === undefined && proxyAuthorization === undefined) return refuse('Unauthorized');
  const now = Math.floor(ctx.clock.now() / 1000);
  if (
    !withinSkew(header(ctx, 'x-date'), now, conf.clock_skew) &&
    !withinSkew(header(ctx, 'date'), now, conf.clock_skew)
  )
    return refuse(`${SIGNATURE_NOT_VALID}, a valid date or x-date header is required for HMAC Authentication`);
  let params = retrieveFields(proxyAuthorization);
  if (!params) {
    params = retrieveFields(authorization);
    if (conf.hide_credentials) ctx.setHeader('Authorization', undefined);
  } else if (conf.hide_credentials) ctx.setHeader('Proxy-Authorization', undefined);
  if (!params || !validParams(params, conf)) return refuse(SIGNATURE_NOT_VALID);
  const credential = ctx.config.hmacByUsername.get(params.username);
  if (!credential) return refuse(SIGNATURE_NOT_VALID);
  const expected = signingHash(ctx, params, String(credential.secret ?? ''));
  const given = decodeBase64(params.signature);
  if (!given || !expected.equals(given)) return refuse(SIGNATURE_NOT_SAME);
  if (conf.validate_request_body && !validBody(ctx)) return refuse(SIGNATURE_NOT_SAME);
  const consumer = ctx.config.consumersById.get(refId(credential.consumer) ?? '');
  ctx.authenticate(consumer, credential, String(credential.username));
  return undefined;
}

function validParams(params: HmacParams, conf: HmacAuthConfig): boolean {
  if (!params.username || !params.signature) return false;
  if (conf.enforce_headers.some((name) => !params.headers.includes(name))) return false;
  return conf.algorithms.includes(params.algorithm);
}

/** ngx.parse_http_time accepts the HTTP date formats only (RFC 1123, RFC 850, asctime), not ISO 8601. */
const HTTP_DATES = [
  /^\w{3}, \d{2} \w{3} \d{4} \d{2}:\d{2}:\d{2} GMT$/,
  /^\w{6,9}, \d{2}-\w{3}-\d{2} \d{2}:\d{2}:\d{2} GMT$/,
  /^\w{3} \w{3} [ \d]\d \d{2}:\d{2}:\d{2} \d{4}$/,
];

function withinSkew(date: string | undefined, now: number, skew: number): boolean {
  if (date === undefined || !HTTP_DATES.some((format) => format.test(date.trim()))) return false;
  const time = Date.parse(date);
  return !Number.isNaN(time) && Math.abs(now - Math.floor(time / 1000)) <= skew;
}

/** create_hash: the signing string of the named headers, one per line, over the raw request URI. */
function signingHash(ctx: ProxyContext, params: HmacParams, secret: string): Buffer {
  const uri = ctx.req.url ?? '/';
  const method = ctx.req.method ?? 'GET';
  const lines = params.headers.map((name) => {
    const value = header(ctx, name);
    if (value !== undefined) return `${name}: ${value}`;
    if (name === '@request-target') return `${name}: ${method.toLowerCase()} ${uri}`;
    if (name === 'request-line') return `${method} ${uri} HTTP/${Number(ctx.req.httpVersion).toFixed(1)}`;
    return `${name}:`;
  });
  const crypto = process.getBuiltinModule('node:crypto');
  return crypto
    .createHmac(HASHES[params.algorithm] ?? 'sha256', secret)
    .update(lines.join('\n'))
    .digest();
}

/** ngx.decode_base64: nil for anything that is not well-formed, padded base64. */
function decodeBase64(text: string): Buffer | undefined {
  if (text.length % 4 !== 0 || !/^[A-Za-z0-9+/]*={0,2}$/.test(text)) return undefined;
  return Buffer.from(text, 'base64');
}

/** validate_body: no Digest is fine only without a body; else `SHA-256=<base64 of sha256(body)>`. */
function validBody(ctx: ProxyContext): boolean {
  const body = ctx.upstreamBody ?? Buffer.alloc(0);
  const digest = header(ctx, 'digest');
  if (digest === undefined) return body.length === 0;
  const crypto = process.getBuiltinModule('node:crypto');
  return digest === `SHA-256=${crypto.createHash('sha256').update(body).digest('base64')}`;
}

import type { ProxyContext, ShortCircuit } from '../proxy/context.js';
import { headerValues } from '../proxy/request-data.js';
import { refId } from '../store/store.js';
import { isRecord } from '@kong-workshop/common';
import { jsonExit } from './json-exit.js';
import { anonymousConsumer } from './key-auth.js';
import { JWT_ALGORITHMS } from '../schema/auth-entities.js';

// kong/plugins/jwt/{handler,jwt_parser}.lua at Kong 3.9.1: a token from the query, cookies or a
// Bearer header; its `iss` (key_claim_name) names a jwt_secret whose algorithm, secret or public
// key verify it; exp/nbf checked on request. Refusals are kong.response.exit bodies (no request_id).

export interface JwtConfig {
  readonly uri_param_names: readonly string[];
  readonly cookie_names: readonly string[];
  readonly header_names: readonly string[];
  readonly key_claim_name: string;
  readonly secret_is_base64: boolean;
  readonly claims_to_verify: readonly string[] | null;
  readonly anonymous: string | null;
  readonly run_on_preflight: boolean;
  readonly maximum_expiration: number;
  readonly realm: string | null;
}

type Found = string | true | string[] | undefined;

export function runJwt(ctx: ProxyContext, conf: JwtConfig): ShortCircuit | undefined {
  if (!conf.run_on_preflight && ctx.req.method === 'OPTIONS') return undefined;
  if (conf.anonymous !== null && conf.anonymous !== undefined) {
    // "Logical OR": another auth plugin may already have authenticated the request.
    if (ctx.credential) return undefined;
    return authenticate(ctx, conf) ? anonymousConsumer(ctx, conf.anonymous) : undefined;
  }
  return authenticate(ctx, conf);
}

/** retrieve_tokens: every distinct non-empty token from the query, cookies and headers. */
function retrieveTokens(ctx: ProxyContext, conf: JwtConfig): Found {
  const tokens = new Set<string | true>();
  for (const name of conf.uri_param_names) {
    const value = ctx.query.get(name);
    for (const token of Array.isArray(value) ? value : value === undefined ? [] : [value])
      if (token !== '') tokens.add(token);
  }
  for (const name of conf.cookie_names) {
    const cookie = cookieValue(ctx.req.headers.cookie, name);
    if (cookie) tokens.add(cookie);
  }
  for (const name of conf.header_names) {
    const header = headerValues(ctx.req.rawHeaders, name);
    const first = Array.isArray(header) ? header[0] : header;
    // ngx.re.gmatch "\s*[Bb]earer\s+(.+)": unanchored, the rest of the value is the token.
    const token = first === undefined ? undefined : /\s*[Bb]earer\s+(.+)/.exec(first)?.[1];
    if (token) tokens.add(token);
  }
  if (tokens.size === 0) return undefined;
  const list = [...tokens];
  if (list.length === 1) return list[0];
  return list.map(String);
}

/** $cookie_<name>: the first cookie of that name in the Cookie header(s). */
function cookieValue(header: string | undefined, name: string): string | undefined {
  if (!header) return undefined;
  for (const part of header.split(';')) {
    const eq = part.indexOf('=');
    if (eq !== -1 && part.slice(0, eq).trim() === name) return part.slice(eq + 1).trim();
  }
  return undefined;
}

function authenticate(ctx: ProxyContext, conf: JwtConfig): ShortCircuit | undefined {
  const base = conf.realm !== null && conf.realm !== undefined ? `Bearer realm="${conf.realm}"` : 'Bearer';
  const withError = `${base} error="invalid_token"`;
  const refuse = (message: string, header = withError) => jsonExit(401, { message }, { 'WWW-Authenticate': header });
  const token = retrieveTokens(ctx, conf);
  if (token === undefined) return refuse('Unauthorized', base);
  if (Array.isArray(token)) return refuse('Multiple tokens provided');
  // A bare `?jwt` is Lua's true: neither nil, a string nor a table.
  if (token === true) return refuse('Unrecognizable token');
  const jwt = decodeToken(token);
  if (typeof jwt === 'string') return refuse(`Bad token; ${jwt}`);

  const claim = conf.key_claim_name;
  const key = jwt.claims[claim] ?? jwt.header[claim];
  if (key === undefined || key === null || key === false) return refuse(`No mandatory '${claim}' in claims`);
  if (key === '') return refuse(`Invalid '${claim}' in claims`);
  const secret = typeof key === 'string' ? ctx.config.jwtSecretsByKey.get(key) : undefined;
  if (!secret) return refuse(`No credentials found for given '${claim}'`);

  const algorithm = typeof secret.algorithm === 'string' ? secret.algorithm : 'HS256';
  if (jwt.header.alg !== algorithm) return refuse('Invalid algorithm');
  const symmetric = algorithm.startsWith('HS');
  let keyMaterial: Buffer | string | undefined;
  if (symmetric && conf.secret_is_base64) keyMaterial = decodeBase64Url(String(secret.secret ?? ''));
  else if (symmetric) keyMaterial = typeof secret.secret === 'string' ? secret.secret : undefined;
  else keyMaterial = typeof secret.rsa_public_key === 'string' ? secret.rsa_public_key : undefined;
  if (keyMaterial === undefined) return refuse('Invalid key/secret');
  if (!verifySignature(algorithm, `${jwt.header64}.${jwt.claims64}`, jwt.signature, keyMaterial))
    return refuse('Invalid signature');

  const now = Math.floor(ctx.clock.now() / 1000);
  const errors = verifyClaims(jwt.claims, conf.claims_to_verify ?? [], now);
  if (errors) return jsonExit(401, errors, { 'WWW-Authenticate': withError });
  if (conf.maximum_expiration > 0) {
    const exp = jwt.claims.exp;
    if (typeof exp !== 'number' || exp - now > conf.maximum_expiration)
      return jsonExit(401, { exp: 'exceeds maximum allowed expiration' }, { 'WWW-Authenticate': withError });
  }
  const consumer = ctx.config.consumersById.get(refId(secret.consumer) ?? '');
  if (!consumer) return jsonExit(401, { message: `Could not find consumer for '${claim}=${key}'` });
  ctx.authenticate(consumer, secret, String(secret.key));
  return undefined;
}

interface DecodedJwt {
  readonly header64: string;
  readonly claims64: string;
  readonly header: Record<string, unknown>;
  readonly claims: Record<string, unknown>;
  readonly signature: Buffer;
}

/** Anything else in `alg` is "invalid alg", as in jwt_parser.lua. */
const KNOWN_ALGORITHMS: ReadonlySet<string> = new Set(JWT_ALGORITHMS);

/** jwt_parser.lua decode_token: three base64url parts (the third keeps any further dots). */
function decodeToken(token: string): DecodedJwt | string {
  const first = token.indexOf('.');
  const second = first === -1 ? -1 : token.indexOf('.', first + 1);
  if (second === -1) return 'invalid JSON';
  const header64 = token.slice(0, first);
  const claims64 = token.slice(first + 1, second);
  const headerText = decodeBase64Url(header64);
  const claimsText = decodeBase64Url(claims64);
  const signature = decodeBase64Url(token.slice(second + 1));
  let header: unknown;
  let claims: unknown;
  try {
    header = JSON.parse(headerText?.toString('utf8') ?? '');
    claims = JSON.parse(claimsText?.toString('utf8') ?? '');
  } catch {
    return 'invalid JSON';
  }
  if (!isRecord(header) || !isRecord(claims) || !signature) return 'invalid JSON';
  if (typeof header.alg !== 'string' || !KNOWN_ALGORITHMS.has(header.alg)) return 'invalid alg';
  return { header64, claims64, header, claims, signature };
}

/** ngx.base64.decode_base64url after padding: undefined for characters outside the alphabet. */
function decodeBase64Url(text: string): Buffer | undefined {
  if (!/^[A-Za-z0-9_-]*$/.test(text) || text.length % 4 === 1) return undefined;
  return Buffer.from(text, 'base64url');
}

const DIGESTS: Readonly<Record<string, string>> = { '256': 'sha256', '384': 'sha384', '512': 'sha512' };

/** jwt_parser.lua alg_verify. A malformed public key or signature length throws, as Kong's asserts do (500). */
function verifySignature(algorithm: string, data: string, signature: Buffer, key: Buffer | string): boolean {
  const crypto = process.getBuiltinModule('node:crypto');
  const digest = DIGESTS[algorithm.slice(2)];
  if (algorithm.startsWith('HS')) {
    const expected = crypto
      .createHmac(digest ?? 'sha256', key)
      .update(data)
      .digest();
    return expected.length === signature.length && crypto.timingSafeEqual(expected, signature);
  }
  const publicKey = crypto.createPublicKey(key);
  const payload = Buffer.from(data);
  if (algorithm === 'EdDSA') return crypto.verify(null, payload, publicKey, signature);
  if (algorithm.startsWith('ES')) {
    const size = { ES256: 64, ES384: 96, ES512: 132 }[algorithm];
    if (signature.length !== size) throw new Error(`Signature must be ${size} bytes.`);
    return crypto.verify(digest ?? null, payload, { key: publicKey, dsaEncoding: 'ieee-p1363' }, signature);
  }
  if (algorithm.startsWith('PS')) {
    if (signature.length !== 256) throw new Error('Signature must be 256 bytes');
    return crypto.verify(
      digest ?? null,
      payload,
      {
        key: publicKey,
        padding: crypto.constants.RSA_PKCS1_PSS_PADDING,
        saltLength: crypto.constants.RSA_PSS_SALTLEN_AUTO,
      },
      signature,
    );
  }
  return crypto.verify(digest ?? null, payload, publicKey, signature);
}

/** verify_registered_claims: each claim named must be a number and in its window; errors by claim name. */
function verifyClaims(
  claims: Record<string, unknown>,
  names: readonly string[],
  now: number,
): Record<string, string> | undefined {
  const errors: Record<string, string> = {};
  for (const name of names) {
    const value = claims[name];
    if (typeof value !== 'number') errors[name] = 'must be a number';
    else if (name === 'exp' && value <= now) errors[name] = 'token expired';
    else if (name === 'nbf' && value > now) errors[name] = 'token not valid yet';
  }
  return Object.keys(errors).length ? errors : undefined;
}

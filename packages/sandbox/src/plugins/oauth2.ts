import type { ProxyContext, ShortCircuit } from '../proxy/context.js';
import { encodeArgs, headerValues, serializeBody } from '../proxy/request-data.js';
import type { Entity } from '../schema/validate.js';
import { refId } from '../store/store.js';
import { randomString } from '../ids.js';
import { jsonExit } from './json-exit.js';
import { anonymousConsumer } from './key-auth.js';
import { verifyOauth2Secret } from './oauth2-secret.js';

// kong/plugins/oauth2/access.lua at Kong 3.9.1, the token endpoint (client credentials, password and
// refresh token grants) and token validation on the route. The authorization code and implicit flows
// need /oauth2/authorize, which the sandbox does not have: it answers that endpoint with its own 400.

export interface Oauth2Config {
  readonly scopes: readonly string[] | null;
  readonly mandatory_scope: boolean;
  readonly provision_key: string;
  readonly token_expiration: number;
  readonly enable_client_credentials: boolean;
  readonly enable_password_grant: boolean;
  readonly hide_credentials: boolean;
  readonly anonymous: string | null;
  readonly global_credentials: boolean;
  readonly auth_header_name: string;
  readonly refresh_token_ttl: number;
  readonly reuse_refresh_token: boolean;
  readonly realm: string | null;
}

/** Where issued tokens go: the sandbox's store (so /oauth2_tokens lists them, as Kong's DAO would). */
export interface Oauth2TokenStore {
  insert(token: Record<string, unknown>): Entity | undefined;
  update(token: Entity, changes: Record<string, unknown>): Entity | undefined;
  remove(token: Entity): void;
}

type Params = Readonly<Record<string, unknown>>;
type Reply = Record<string, unknown>;

const INVALID_CLIENT = { error: 'invalid_client', error_description: 'Invalid client authentication' };
const INVALID_TOKEN_DESCRIPTION = 'The access token is invalid or has expired';

export function runOauth2(
  ctx: ProxyContext,
  conf: Oauth2Config,
  tokens: Oauth2TokenStore,
): ShortCircuit | undefined | Promise<ShortCircuit | undefined> {
  const path = ctx.path;
  const realm = conf.realm !== null && conf.realm !== undefined ? ` realm="${conf.realm}"` : '';
  const endpoint = /\/oauth2\/(token|authorize)\/?$/.exec(path)?.[1];
  if (endpoint) {
    const method = ctx.req.method ?? 'GET';
    if (method !== 'POST') return invalidMethod(method, endpoint === 'token' ? 'token' : 'authorization', realm);
    if (endpoint === 'authorize')
      return jsonExit(400, {
        error: 'invalid_request',
        error_description:
          'the kong-workshop sandbox does not implement /oauth2/authorize (the authorization code and implicit ' +
          'flows); use the client credentials or password grant',
      });
    return parameters(ctx).then((params) => issueToken(ctx, conf, tokens, params));
  }
  // The token may sit in the body when there is no header: read it first, as retrieve_parameters does.
  const needsBody =
    headerOf(ctx, conf.auth_header_name) === undefined && ['POST', 'PUT', 'PATCH'].includes(ctx.req.method ?? '');
  if (needsBody && ctx.bodyIfRead === undefined) return ctx.body().then(() => runOauth2(ctx, conf, tokens));
  if (conf.anonymous !== null && conf.anonymous !== undefined) {
    if (ctx.credential) {
      ctx.setHeader('X-Authenticated-Scope', undefined);
      ctx.setHeader('X-Authenticated-UserId', undefined);
      return undefined;
    }
    const failed = authenticate(ctx, conf, realm);
    if (failed?.hard) return failed.reply;
    if (!failed) return undefined;
    clearAuthenticatedHeaders(ctx);
    return anonymousConsumer(ctx, conf.anonymous);
  }
  return authenticate(ctx, conf, realm)?.reply;
}

function headerOf(ctx: ProxyContext, name: string): string | undefined {
  const value = headerValues(ctx.req.rawHeaders, name);
  return Array.isArray(value) ? value[0] : value;
}

/** retrieve_parameters: the query, with the body's arguments over it on POST, PUT and PATCH. */
async function parameters(ctx: ProxyContext): Promise<Params> {
  const out: Record<string, unknown> = {};
  for (const [name] of ctx.query.pairs) out[name] ??= ctx.query.get(name);
  if (['POST', 'PUT', 'PATCH'].includes(ctx.req.method ?? '')) Object.assign(out, (await ctx.body())?.values);
  return out;
}

function invalidMethod(method: string, endpoint: string, realm: string): ShortCircuit {
  const description = `The HTTP method ${method} is invalid for the ${endpoint} endpoint`;
  return jsonExit(
    405,
    { error: 'invalid_method', error_description: description },
    { 'WWW-Authenticate': `Bearer${realm} error="invalid_method" error_description="${description}"` },
  );
}

const str = (value: unknown): string | undefined => (typeof value === 'string' ? value : undefined);

/** retrieve_client_credentials: client_id and client_secret from the parameters, else Basic auth. */
function clientCredentials(
  ctx: ProxyContext,
  params: Params,
  conf: Oauth2Config,
): { id: unknown; secret: unknown; fromHeader: boolean } {
  const header = headerOf(ctx, conf.auth_header_name);
  if (params.client_id && params.client_secret)
    return { id: params.client_id, secret: params.client_secret, fromHeader: false };
  if (header !== undefined) {
    const encoded = /\s*[Bb]asic\s*(.+)/.exec(header)?.[1];
    const decoded =
      encoded && /^[A-Za-z0-9+/]*={0,2}$/.test(encoded) && encoded.length % 4 === 0
        ? Buffer.from(encoded, 'base64').toString('utf8')
        : undefined;
    // kong.tools.string.split on ":": the first two pieces (a secret with ':' in it is cut there).
    const parts = decoded?.split(':');
    return { id: parts?.[0], secret: parts?.[1], fromHeader: true };
  }
  return { id: params.client_id, secret: undefined, fromHeader: false };
}

/** issue_token, in Kong's order: each later check may replace an earlier error. */
function issueToken(ctx: ProxyContext, conf: Oauth2Config, tokens: Oauth2TokenStore, params: Params): ShortCircuit {
  let reply: Reply = {};
  let unauthorizedClient = false;
  const state = params.state;
  const grant = params.grant_type;
  const https = 'encrypted' in ctx.req.socket;
  let client: Entity | undefined;
  if (!https) {
    // check_https: the sandbox trusts no proxy in front of it (Kong's trusted_ips is empty by default).
    reply = { error: 'access_denied', error_description: 'You must use HTTPS' };
  } else {
    if (
      !(
        grant === 'authorization_code' ||
        grant === 'refresh_token' ||
        (conf.enable_client_credentials && grant === 'client_credentials') ||
        (conf.enable_password_grant && grant === 'password')
      )
    )
      reply = { error: 'unsupported_grant_type', error_description: 'Invalid grant_type' };
    const given = clientCredentials(ctx, params, conf);
    client = typeof given.id === 'string' && given.id !== '' ? ctx.config.oauth2ByClientId.get(given.id) : undefined;
    const redirectUris = Array.isArray(client?.redirect_uris) ? client.redirect_uris : undefined;
    if (grant !== 'client_credentials') {
      if (redirectUris) {
        const wanted = params.redirect_uri ?? redirectUris[0];
        if (!redirectUris.includes(wanted))
          reply = {
            error: 'invalid_request',
            error_description:
              'Invalid redirect_uri that does not match with any redirect_uri created with the application',
          };
      } else {
        reply = { ...INVALID_CLIENT };
        unauthorizedClient = given.fromHeader;
      }
    }
    if (client) {
      if (client.client_type !== 'public') {
        const stored = String(client.client_secret ?? '');
        const ok =
          client.hash_secret === true
            ? verifyOauth2Secret(str(given.secret) ?? '', stored)
            : given.secret === client.client_secret;
        if (!ok) {
          reply = { ...INVALID_CLIENT };
          unauthorizedClient = given.fromHeader;
        }
      } else if ((str(given.secret) ?? '').trim() !== '') {
        reply = { error: 'invalid_request', error_description: 'client_secret is disallowed for public clients' };
      }
    }
    if (!reply.error) reply = grantToken(ctx, conf, tokens, params, client);
  }
  if (state !== undefined) reply.state = state;
  const status = reply.error ? (unauthorizedClient ? 401 : 400) : 200;
  return jsonExit(status, reply, {
    'cache-control': 'no-store',
    pragma: 'no-cache',
    ...(unauthorizedClient && reply.error ? { 'www-authenticate': 'Basic realm="OAuth2.0"' } : {}),
  });
}

function grantToken(
  ctx: ProxyContext,
  conf: Oauth2Config,
  tokens: Oauth2TokenStore,
  params: Params,
  client: Entity | undefined,
): Reply {
  const grant = params.grant_type;
  if (grant === 'client_credentials' || grant === 'password') {
    // client credentials checks the provision key only when an authenticated_userid is asked for.
    if ((grant === 'password' || params.authenticated_userid) && conf.provision_key !== params.provision_key)
      return { error: 'invalid_provision_key', error_description: 'Invalid provision_key' };
    if (!client) return { ...INVALID_CLIENT };
    const userid = str(params.authenticated_userid);
    if (grant === 'password' && (!userid || userid.trim() === ''))
      return { error: 'invalid_authenticated_userid', error_description: 'Missing authenticated_userid parameter' };
    const scope = retrieveScope(params, conf);
    if (typeof scope === 'object') return scope;
    return generateToken(ctx, conf, tokens, client, params.authenticated_userid, scope, grant === 'client_credentials');
  }
  if (grant === 'refresh_token') {
    const given = str(params.refresh_token);
    const token = given
      ? [...ctx.config.oauth2TokensByAccessToken.values()].find((t) => t.refresh_token === given)
      : undefined;
    const serviceId = conf.global_credentials ? undefined : ctx.service?.id;
    if (!token || (serviceId && serviceId !== refId(token.service)))
      return { error: 'invalid_request', error_description: 'Invalid refresh_token' };
    if (!client || refId(token.credential) !== client.id) return { ...INVALID_CLIENT };
    const tokenScope = str(token.scope);
    if (tokenScope?.split(/\s+/).some((s) => s && !(conf.scopes ?? []).includes(s)))
      return { error: 'invalid_scope', error_description: 'Scope mismatch' };
    const reply = generateToken(ctx, conf, tokens, client, token.authenticated_userid, tokenScope, false, token);
    if (!conf.reuse_refresh_token) tokens.remove(token);
    return reply;
  }
  // authorization_code: the sandbox never issues codes, so every code is unknown.
  return { error: 'invalid_request', error_description: 'Invalid code' };
}

/** retrieve_scope: the requested scopes, each one allowed, or an error reply. */
function retrieveScope(params: Params, conf: Oauth2Config): string | undefined | Reply {
  const scope = params.scope;
  if (conf.scopes && scope !== undefined) {
    if (typeof scope !== 'string') return { error: 'invalid_scope', error_description: 'scope must be a string' };
    const scopes = scope.split(/\s+/).filter(Boolean);
    const bad = scopes.find((s) => !conf.scopes?.includes(s));
    if (bad !== undefined) return { error: 'invalid_scope', error_description: `"${bad}" is an invalid scope` };
    return scopes.length ? scopes.join(' ') : undefined;
  }
  if (scope === undefined && conf.mandatory_scope)
    return { error: 'invalid_scope', error_description: 'You must specify a scope' };
  return undefined;
}

function generateToken(
  ctx: ProxyContext,
  conf: Oauth2Config,
  tokens: Oauth2TokenStore,
  client: Entity,
  userid: unknown,
  scope: string | undefined,
  disableRefresh: boolean,
  existing?: Entity,
): Reply {
  const expiration = conf.token_expiration;
  const ttl = expiration > 0 && conf.refresh_token_ttl > 0 ? conf.refresh_token_ttl : undefined;
  const now = Math.floor(ctx.clock.now() / 1000);
  let token: Entity | undefined;
  let refreshToken: unknown;
  if (existing && conf.reuse_refresh_token) {
    token = tokens.update(existing, { access_token: randomString(), expires_in: expiration, created_at: now, ttl });
    refreshToken = token?.refresh_token;
  } else {
    refreshToken = !disableRefresh && expiration > 0 ? randomString() : undefined;
    token = tokens.insert({
      ...(conf.global_credentials || !ctx.service ? {} : { service: { id: ctx.service.id } }),
      credential: { id: client.id },
      ...(typeof userid === 'string' ? { authenticated_userid: userid } : {}),
      expires_in: expiration,
      ...(refreshToken ? { refresh_token: refreshToken } : {}),
      ...(scope ? { scope } : {}),
      created_at: now,
      ...(ttl ? { ttl } : {}),
    });
  }
  if (!token) throw new Error('the oauth2 token could not be stored');
  return {
    access_token: token.access_token,
    token_type: 'bearer',
    ...(expiration > 0 ? { expires_in: token.expires_in } : {}),
    ...(refreshToken ? { refresh_token: refreshToken } : {}),
  };
}

function clearAuthenticatedHeaders(ctx: ProxyContext): void {
  ctx.setHeader('X-Authenticated-Scope', undefined);
  ctx.setHeader('X-Authenticated-UserId', undefined);
}

/** parse_access_token: `Bearer <t>` / `Token <t>` in the header, else access_token in the parameters. */
function accessToken(ctx: ProxyContext, conf: Oauth2Config): string | undefined {
  const header = headerOf(ctx, conf.auth_header_name);
  if (header !== undefined) {
    const parts = header.split(/\s+/).filter(Boolean);
    const bearer = parts.length === 2 && ['token', 'bearer'].includes(parts[0]?.toLowerCase() ?? '');
    if (bearer && conf.hide_credentials) ctx.setHeader(conf.auth_header_name, undefined);
    return bearer ? parts[1] : header;
  }
  const body = ctx.bodyIfRead ?? undefined;
  const fromBody = body?.values.access_token;
  const token = fromBody !== undefined ? fromBody : ctx.query.get('access_token');
  if (typeof token !== 'string') return undefined;
  if (conf.hide_credentials) {
    ctx.upstreamQuery = encodeArgs(ctx.query.pairs.filter(([name]) => name !== 'access_token'));
    const form = body?.kind === 'form' && ctx.req.method !== 'GET';
    if (form && 'access_token' in body.values) ctx.upstreamBody = serializeBody(body, 'access_token');
  }
  return token;
}

interface Failure {
  readonly reply: ShortCircuit;
  /** retrieve_token's global-token refusal exits even in the anonymous ("logical OR") flow. */
  readonly hard?: boolean;
}

function authenticate(ctx: ProxyContext, conf: Oauth2Config, realm: string): Failure | undefined {
  const invalid: Failure = {
    reply: jsonExit(
      401,
      { error: 'invalid_token', error_description: INVALID_TOKEN_DESCRIPTION },
      { 'WWW-Authenticate': `Bearer${realm} error="invalid_token" error_description="${INVALID_TOKEN_DESCRIPTION}"` },
    ),
  };
  const given = accessToken(ctx, conf);
  if (!given)
    return {
      reply: jsonExit(
        401,
        { error: 'invalid_request', error_description: 'The access token is missing' },
        { 'WWW-Authenticate': `Bearer${realm}` },
      ),
    };
  const token = ctx.config.oauth2TokensByAccessToken.get(given);
  if (!token || (typeof token.ttl === 'number' && ctx.clock.now() / 1000 >= Number(token.created_at) + token.ttl))
    return invalid;
  const tokenService = refId(token.service);
  if (!conf.global_credentials && !tokenService) {
    const description = "The access token is global, but the current plugin is configured without 'global_credentials'";
    return {
      hard: true,
      reply: jsonExit(
        401,
        { error: 'invalid_token', error_description: description },
        { 'WWW-Authenticate': `Bearer${realm} error="invalid_token" error_description="${INVALID_TOKEN_DESCRIPTION}"` },
      ),
    };
  }
  if (tokenService && tokenService !== ctx.service?.id) return invalid;
  const expiresIn = Number(token.expires_in);
  if (expiresIn > 0 && ctx.clock.now() / 1000 - Number(token.created_at) > expiresIn) return invalid;
  const credential = ctx.config.oauth2CredentialsById.get(refId(token.credential) ?? '');
  const consumer = ctx.config.consumersById.get(refId(credential?.consumer) ?? '');
  ctx.authenticate(consumer, credential, str(credential?.client_id));
  ctx.setHeader('X-Authenticated-Scope', str(token.scope));
  ctx.setHeader('X-Authenticated-UserId', str(token.authenticated_userid));
  return undefined;
}

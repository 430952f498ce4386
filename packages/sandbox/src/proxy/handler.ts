import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Clock } from '../clock.js';
import { newRequestId } from '../ids.js';
import { prereadBody } from '../limits.js';
import type { RateLimitCounters } from '../plugins/counters.js';
import { runAcl, type AclConfig } from '../plugins/acl.js';
import { runRequestTermination, type RequestTerminationConfig } from '../plugins/request-termination.js';
import { runBasicAuth, type BasicAuthConfig } from '../plugins/basic-auth.js';
import { runKeyAuth, type KeyAuthConfig } from '../plugins/key-auth.js';
import { runJwt, type JwtConfig } from '../plugins/jwt.js';
import { runHmacAuth, type HmacAuthConfig } from '../plugins/hmac-auth.js';
import { runOauth2, type Oauth2Config, type Oauth2TokenStore } from '../plugins/oauth2.js';
import { runRateLimiting } from '../plugins/rate-limiting.js';
import { SERVER_TOKEN, sendKongError, sendKongExit } from '../responses.js';
import { errorMessage } from '@kong-workshop/common';
import { MORE_PLUGINS } from '../plugins/catalog.js';
import { ResponseHead, runResponseFilters } from '../plugins/response-head.js';
import type { CompiledPlugin, RoutePlugin, RuntimeConfig } from './compile.js';
import { ProxyContext, type ShortCircuit } from './context.js';
import { escapePath, normalizePath } from '../uri.js';
import { servicePeer } from './balancer.js';
import { matchRoute, upstreamPath, type RouteMatch } from './router.js';
import { proxyToEcho, proxyUpstream, type UpstreamFailure, type UpstreamPools } from './upstream.js';

export interface ProxyState {
  config: RuntimeConfig;
  readonly counters: RateLimitCounters;
  readonly clock: Clock;
  readonly pools: UpstreamPools;
  readonly log: (line: string) => void;
  /** More host names the built-in echo answers for (the kube lab's Kubernetes Services). */
  echoHosts: ReadonlySet<string>;
  /** Where oauth2's token endpoint keeps the tokens it issues (the sandbox's store). */
  readonly tokens: Oauth2TokenStore;
}

/** Kong's nginx-level error bodies (kong/error_handlers.lua). */
const UPSTREAM_ERRORS: Readonly<Record<UpstreamFailure['kind'], [number, string] | undefined>> = {
  connect: [502, 'An invalid response was received from the upstream server'],
  timeout: [504, 'The upstream server is timing out'],
  dns: [503, 'name resolution failed'],
  aborted: undefined,
};

/** The proxy listener's request handler: route, run plugins by priority, proxy or answer. */
export function createProxyHandler(state: ProxyState): (req: IncomingMessage, res: ServerResponse) => void {
  return (req, res) => {
    const fail = (error: unknown) => {
      state.log(`proxy: unexpected error: ${errorMessage(error)}`);
      if (res.headersSent) return void res.destroy();
      sendKongError(res, 500, 'An unexpected error occurred', {
        requestId: newRequestId(),
        accept: req.headers.accept,
        startedAt: performance.now(),
      });
    };
    try {
      handle(state, req, res)?.catch(fail);
    } catch (error) {
      fail(error);
    }
  };
}

interface Request {
  readonly state: ProxyState;
  readonly req: IncomingMessage;
  readonly res: ServerResponse;
  readonly ctx: ProxyContext;
  readonly match: RouteMatch;
  readonly reply: { readonly requestId: string; readonly accept: string | undefined; readonly startedAt: number };
}

// Synchronous all the way unless something must wait (a body to read, an upstream to answer):
// on the common path a request allocates no promise.
function handle(state: ProxyState, req: IncomingMessage, res: ServerResponse): Promise<void> | void {
  const startedAt = performance.now();
  const requestId = newRequestId();
  const url = req.url ?? '/';
  const q = url.indexOf('?');
  // The router and the plugins see the normalised path (kong/router/utils.lua strip_uri_args).
  const path = normalizePath(q === -1 ? url : url.slice(0, q), true);
  const config = state.config;
  const reply = { requestId, accept: req.headers.accept, startedAt };
  const match = matchRoute(config.routes, req.method ?? 'GET', path, req.headers);
  if (!match) {
    req.resume();
    return sendKongError(res, 404, 'no Route matched with those values', reply);
  }
  if (match.route.httpsRedirectStatus !== undefined && !('encrypted' in req.socket))
    return requireHttps(req, res, match.route.httpsRedirectStatus, reply);
  const remote = req.socket.remoteAddress ?? '';
  const clientIp = remote.startsWith('::ffff:') ? remote.slice(7) : remote;
  const ctx = new ProxyContext(
    req,
    config,
    match.route,
    match.route.service,
    path,
    q === -1 ? '' : url.slice(q + 1),
    clientIp,
    state.clock,
  );
  // A chunked body the listener read to count it against client_max_body_size.
  ctx.upstreamBody = prereadBody(req);
  return runPluginsFrom({ state, req, res, ctx, match, reply }, 0);
}

/** A route that only allows https, reached over the sandbox's plain-HTTP listener (runloop/handler.lua). */
function requireHttps(req: IncomingMessage, res: ServerResponse, status: number, reply: Request['reply']): void {
  req.resume();
  if (status === 426) {
    sendKongError(res, 426, 'Please use HTTPS protocol', {
      ...reply,
      headers: { Connection: 'Upgrade', Upgrade: 'TLS/1.2, HTTP/1.1' },
    });
    return;
  }
  const host = (req.headers.host ?? '').replace(/:\d+$/, '');
  res.writeHead(status, {
    Location: `https://${host}${req.url ?? '/'}`,
    'Content-Length': 0,
    'X-Kong-Response-Latency': Math.floor(performance.now() - reply.startedAt),
    Server: SERVER_TOKEN,
    'X-Kong-Request-Id': reply.requestId,
  });
  res.end();
}

function runPluginsFrom(request: Request, first: number): Promise<void> | void {
  const plugins = request.match.route.plugins;
  for (let i = first; i < plugins.length; i++) {
    const plugin = resolvePlugin(plugins[i]!, request.ctx);
    if (!plugin) continue;
    const outcome = runPlugin(request.state, request.ctx, plugin);
    if (outcome instanceof Promise)
      return outcome.then((done) => (done ? shortCircuit(request, done) : runPluginsFrom(request, i + 1)));
    if (outcome) return shortCircuit(request, outcome);
  }
  return proxy(request);
}

function shortCircuit({ req, res, ctx, reply }: Request, outcome: ShortCircuit): void {
  req.resume();
  const headers = kongHeaders(ctx, outcome.status, outcome.headers);
  if (outcome.exit) {
    sendKongExit(res, outcome.status, outcome.exit.body, outcome.exit.contentType, {
      ...reply,
      headers,
      proxied: outcome.exit.proxied,
    });
    return;
  }
  sendKongError(res, outcome.status, outcome.message, { ...reply, headers });
}

/**
 * The headers plugins staged for a Kong-generated response, after the header_filter of every
 * plugin that ran (cors, correlation-id, response-transformer, proxy-cache's Bypass).
 */
function kongHeaders(
  ctx: ProxyContext,
  status: number,
  extra?: Readonly<Record<string, string | number>>,
): Record<string, string | number> {
  const staged = { ...Object.fromEntries(ctx.responseHeaders), ...extra };
  if (!ctx.filters) return staged;
  const head = new ResponseHead(
    status,
    Object.entries(staged).map(([n, v]) => [n, String(v)]),
    false,
  );
  runResponseFilters(ctx.filters, head, undefined);
  return Object.fromEntries(head.headers);
}

function proxy({ state, req, res, ctx, match, reply }: Request): Promise<void> | void {
  const service = match.route.service;
  // kong/init.lua access.after: a matched route without a service is answered after the plugins ran.
  // (Routes of a disabled service never reach here: the router leaves them out.)
  if (!service) {
    req.resume();
    return sendKongError(res, 503, 'no Service found with those values', {
      ...reply,
      headers: kongHeaders(ctx, 503),
    });
  }
  const balancer = ctx.config.upstreams.get(service.host);
  const peer = balancer ? servicePeer(service, balancer) : service;
  if (!peer) {
    req.resume();
    return sendKongError(res, 503, 'failure to get a peer from the ring-balancer', {
      ...reply,
      headers: kongHeaders(ctx, 503),
    });
  }
  const path = ctx.path;
  const stripped = match.route.stripPath && match.matchedLength > 0 ? path.slice(0, match.matchedLength) : undefined;
  const upstream = {
    ctx,
    service: peer,
    path: ctx.upstreamPath ?? escapePath(upstreamPath(service.path, path, match)),
    requestId: reply.requestId,
    startedAt: reply.startedAt,
    localPort: req.socket.localPort ?? 0,
    strippedPrefix: stripped,
  };
  if (peer.host === 'echo' || state.echoHosts.has(peer.host)) return proxyToEcho(upstream, res);
  return proxyUpstream(state.pools, upstream, res).then((failure) => {
    if (!failure) return;
    const error = UPSTREAM_ERRORS[failure.kind];
    if (!error) return void res.destroy();
    const accept = req.headers.accept ?? req.headers['content-type'];
    // Name resolution fails inside Kong (kong.response.error: JSON by default); the others are nginx errors (text/plain
    // by default).
    // Headers plugins staged (rate-limiting's) are still applied to these responses, as Kong's header_filter does.
    sendKongError(
      res,
      error[0],
      error[1],
      { ...reply, accept, headers: kongHeaders(ctx, error[0]) },
      failure.kind === 'dns' ? 'json' : 'text',
    );
  });
}

/**
 * The one configuration of a plugin that applies to this request: Kong 3.x precedence, most
 * specific first, looked up after earlier plugins ran so an authenticated consumer's plugins
 * are found (see RoutePlugin).
 */
function resolvePlugin(candidates: RoutePlugin, ctx: ProxyContext): CompiledPlugin | undefined {
  const consumer = ctx.consumer?.id;
  if (consumer === undefined) return candidates.routeAndService ?? candidates.fallback;
  const groups = candidates.groups;
  if (!groups)
    return (
      candidates.scopedToConsumer.get(consumer) ??
      candidates.routeAndService ??
      candidates.consumerOnly.get(consumer) ??
      candidates.fallback
    );
  // With consumer groups (Kong Enterprise's order, imitated): consumer+route+service, group+route+service,
  // consumer+route, consumer+service, group+route, group+service, route+service, consumer, group, route,
  // service, global. A consumer in several groups: the first group by name that has a match wins.
  const memberOf = ctx.config.groupsByConsumer.get(consumer) ?? [];
  const inGroup = (map: ReadonlyMap<string, CompiledPlugin>) => {
    for (const group of memberOf) {
      const found = map.get(group.id);
      if (found) return found;
    }
    return undefined;
  };
  return (
    groups.consumerRouteService.get(consumer) ??
    inGroup(groups.routeAndService) ??
    candidates.scopedToConsumer.get(consumer) ??
    inGroup(groups.partial) ??
    candidates.routeAndService ??
    candidates.consumerOnly.get(consumer) ??
    inGroup(groups.groupOnly) ??
    candidates.fallback
  );
}

function runPlugin(
  state: ProxyState,
  ctx: ProxyContext,
  plugin: CompiledPlugin,
): ShortCircuit | undefined | Promise<ShortCircuit | undefined> {
  switch (plugin.name) {
    case 'key-auth':
      return runKeyAuth(ctx, plugin.config as unknown as KeyAuthConfig);
    case 'basic-auth':
      return runBasicAuth(ctx, plugin.config as unknown as BasicAuthConfig);
    case 'jwt':
      return runJwt(ctx, plugin.config as unknown as JwtConfig);
    case 'hmac-auth':
      return runHmacAuth(ctx, plugin.config as unknown as HmacAuthConfig);
    case 'oauth2':
      return runOauth2(ctx, plugin.config as unknown as Oauth2Config, state.tokens);
    case 'request-termination':
      return runRequestTermination(ctx, plugin.config as unknown as RequestTerminationConfig);
    case 'acl':
      return runAcl(ctx, plugin.config as unknown as AclConfig);
    case 'rate-limiting':
      return runRateLimiting(ctx, plugin, state.counters, state.clock);
    default:
      return MORE_PLUGINS[plugin.name].access(ctx, plugin, state);
  }
}

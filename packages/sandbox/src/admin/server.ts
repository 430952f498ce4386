import type { IncomingMessage, ServerResponse } from 'node:http';
import { newRequestId } from '../ids.js';
import type { Store } from '../store/store.js';
import { handleConfig, type ConfigState } from './config-route.js';
import { handleConsumerGroups } from './consumer-groups.js';
import { handleEmptyCollection } from './empty-collections.js';
import { handleProxyCache } from './proxy-cache.js';
import { entityEndpoints, handleEntityRoute } from './entity-routes.js';
import {
  entitySchema,
  nodeInfo,
  pluginSchema,
  sortEndpoints,
  statusInfo,
  tagRows,
  type Counters,
} from './kong-info.js';
import { EXTENSION_PREFIX, handleExtension, type ExtensionDeps } from './extensions.js';
import { sendJson, type AdminReply } from './http.js';
import { approveDevice, DEVICE_LOGIN_ROUTES, handleDeviceLogin, type DeviceLogins } from './device-login.js';
import { errorStack, sameSecret } from '@kong-workshop/common';
import type { SaveOutcome } from '../persistence.js';

export interface AdminDeps extends ExtensionDeps {
  readonly store: Store;
  readonly configState: ConfigState;
  /** When set, every request but the ping needs `Authorization: Bearer <token>`. */
  readonly token: string | undefined;
  readonly nodeId: string;
  readonly log: (line: string) => void;
  /** Log a line per request (the daemon's log); problems are logged either way. */
  readonly requestLog: boolean;
  /** Connection and request counts for `GET /status`. */
  readonly traffic: Counters;
  /** Resolves once every change so far is saved, or says why it could not be. */
  readonly saved: () => Promise<SaveOutcome>;
  /** kongctl-style browser logins: their tokens are accepted like the personal access token. */
  readonly logins: DeviceLogins;
}

const WRITE_METHODS = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

/** The Admin API listener's request handler. */
export function createAdminHandler(deps: AdminDeps): (req: IncomingMessage, res: ServerResponse) => void {
  let version = 0;
  deps.store.onChange(() => version++);
  return (req, res) => {
    const requestId = newRequestId();
    const startedAt = performance.now();
    const origin = req.headers.origin;
    const before = version;
    // A write is answered once its change is on disk. A failed save is a 500 as Kong answers a failed
    // database write (api_helpers handle_error), never a 2xx for a change a restart would lose.
    const hold = (send: () => void) => {
      if (version === before) return send();
      void deps.saved().then((outcome) => {
        if (outcome.ok) return send();
        deps.log(`admin: ${req.method} ${new URL(req.url ?? '/', 'http://admin').pathname} was not saved`);
        sendJson(res, 500, { message: 'An unexpected error occurred' }, { requestId, startedAt, origin });
      });
    };
    const reply: AdminReply = {
      requestId,
      startedAt,
      origin,
      ...(WRITE_METHODS.has(req.method ?? '') ? { hold } : {}),
    };
    const url = new URL(req.url ?? '/', 'http://admin');
    if (deps.requestLog && !url.pathname.endsWith('/_sandbox/ping'))
      res.on('finish', () => deps.log(`admin ${req.method} ${url.pathname} ${res.statusCode}`));
    deps.traffic.requests++;
    route(deps, req, res, url, reply).catch((error: unknown) => {
      deps.log(`admin: unexpected error: ${errorStack(error)}`);
      if (!res.headersSent) sendJson(res, 500, { message: 'An unexpected error occurred' }, reply);
      else res.destroy();
    });
  };
}

async function route(
  deps: AdminDeps,
  req: IncomingMessage,
  res: ServerResponse,
  url: URL,
  reply: AdminReply,
): Promise<void> {
  const segments = url.pathname.split('/').filter((s) => s !== '');
  const isPing = segments[0] === EXTENSION_PREFIX && segments[1] === 'ping' && segments.length === 2;
  const sandboxRoute = segments[0] === EXTENSION_PREFIX ? `${req.method} /${segments.slice(1).join('/')}` : '';
  // A login is how a token is obtained, so its endpoints answer without one (as Konnect's do).
  if (DEVICE_LOGIN_ROUTES.has(sandboxRoute)) return handleDeviceLogin(deps.logins, req, res, sandboxRoute, url, reply);
  if (deps.token && !isPing) {
    const problem = authProblem(req.headers.authorization, deps.token, deps.logins);
    if (problem) {
      req.resume();
      return sendJson(res, 401, { message: problem }, reply, {
        'WWW-Authenticate': 'Bearer realm="kong-workshop sandbox"',
      });
    }
  }
  if (segments.length === 0)
    return sendJson(
      res,
      req.method === 'GET' ? 200 : 405,
      req.method === 'GET' ? nodeInfo(deps) : { message: 'Method not allowed' },
      reply,
    );
  if (req.method === 'GET' && segments.length <= 3) {
    const info = kongInfo(deps, segments);
    if (info) {
      req.resume();
      return sendJson(res, info.status, info.body, reply);
    }
  }
  if (segments[0] === 'config' && segments.length === 1)
    return handleConfig(deps.store, deps.configState, req, res, url.searchParams, reply);
  if (sandboxRoute === 'POST /device-approvals') return approveDevice(deps.logins, req, res, reply);
  if (segments[0] === EXTENSION_PREFIX) return handleExtension(deps, req, res, segments, reply);
  if (handleEmptyCollection(req, res, segments, reply)) return;
  if (handleProxyCache(deps.store, deps.counters.memory, req, res, segments, reply)) return;
  if (await handleConsumerGroups(deps.store, req, res, segments, reply)) return;
  if (await handleEntityRoute(deps.store, req, res, segments, url.searchParams, reply)) return;
  req.resume();
  sendJson(res, 404, { message: 'Not found' }, reply);
}

/** The read-only informational endpoints (kong.lua, health.lua, tags.lua), or undefined for other paths. */
function kongInfo(deps: AdminDeps, segments: readonly string[]): { status: number; body: unknown } | undefined {
  const [first, second, third] = segments;
  const decode = (s: string) => decodeURIComponent(s);
  if (first === 'status' && second === undefined)
    return { status: 200, body: statusInfo(deps.configState.hash, deps.traffic) };
  if (first === 'endpoints' && second === undefined) return { status: 200, body: { data: ADMIN_ENDPOINTS } };
  if (first === 'schemas' && second === 'plugins' && third !== undefined) return pluginSchema(decode(third));
  if (first === 'schemas' && second !== undefined && third === undefined) return entitySchema(decode(second));
  if (first === 'tags' && third === undefined) {
    const rows = tagRows(deps.store, second === undefined ? undefined : decode(second));
    return { status: 200, body: { data: rows, next: null } };
  }
  return undefined;
}

const ADMIN_ENDPOINTS = sortEndpoints([
  '/',
  '/config',
  '/endpoints',
  '/schemas/{name}',
  '/schemas/plugins/{name}',
  '/status',
  '/tags',
  '/tags/{tags}',
  '/proxy-cache',
  '/proxy-cache/{cache_key}',
  '/proxy-cache/{plugin_id}/caches/{cache_key}',
  ...['certificates', 'ca_certificates', 'snis', 'vaults', 'keys', 'key-sets'].flatMap((c) => [
    `/${c}`,
    `/${c}/{${c}}`,
  ]),
  '/consumer_groups/{consumer_groups}/consumers',
  '/consumer_groups/{consumer_groups}/consumers/{consumers}',
  '/consumers/{consumers}/consumer_groups',
  '/consumers/{consumers}/consumer_groups/{consumer_groups}',
  ...entityEndpoints(),
]);

/** Why a request may not use the Admin API, or undefined when its bearer token is right. */
function authProblem(header: string | undefined, token: string, logins: DeviceLogins): string | undefined {
  const hint =
    'the sandbox Admin API needs its personal access token: Authorization: Bearer kpat_… (see `kong-workshop sandbox ' +
    'token`)';
  if (!header) return `Unauthorized: ${hint}`;
  const match = /^Bearer\s+(\S+)\s*$/i.exec(header);
  if (!match) return `Unauthorized: ${hint}`;
  if (sameSecret(match[1] ?? '', token)) return undefined;
  return logins.isAccessToken(match[1] ?? '') ? undefined : 'Unauthorized: invalid token';
}

import { timingSafeEqual } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { hostname } from 'node:os';
import { newRequestId } from '../ids.js';
import { PLUGIN_NAMES } from '../schema/plugins.js';
import type { Store } from '../store/store.js';
import { handleConfig, type ConfigState } from './config-route.js';
import { handleEntityRoute } from './entity-routes.js';
import { EXTENSION_PREFIX, handleExtension, type ExtensionDeps } from './extensions.js';
import { sendJson, type AdminReply } from './http.js';
import { errorStack } from '@kong-workshop/common';

export interface AdminDeps extends ExtensionDeps {
  readonly store: Store;
  readonly configState: ConfigState;
  /** When set, every request but the ping needs `Authorization: Bearer <token>`. */
  readonly token: string | undefined;
  readonly nodeId: string;
  readonly log: (line: string) => void;
  /** Log a line per request (the daemon's log); problems are logged either way. */
  readonly requestLog: boolean;
}

/** The Admin API listener's request handler. */
export function createAdminHandler(deps: AdminDeps): (req: IncomingMessage, res: ServerResponse) => void {
  return (req, res) => {
    const reply: AdminReply = { requestId: newRequestId(), startedAt: performance.now() };
    const url = new URL(req.url ?? '/', 'http://admin');
    if (deps.requestLog && !url.pathname.endsWith('/_sandbox/ping'))
      res.on('finish', () => deps.log(`admin ${req.method} ${url.pathname} ${res.statusCode}`));
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
  if (deps.token && !isPing) {
    const problem = authProblem(req.headers.authorization, deps.token);
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
  if (segments[0] === 'status' && segments.length === 1) return sendJson(res, 200, statusInfo(deps), reply);
  if (segments[0] === 'config' && segments.length === 1)
    return handleConfig(deps.store, deps.configState, req, res, url.searchParams, reply);
  if (segments[0] === EXTENSION_PREFIX) return handleExtension(deps, req, res, segments, reply);
  if (await handleEntityRoute(deps.store, req, res, segments, url.searchParams, reply)) return;
  req.resume();
  sendJson(res, 404, { message: 'Not found' }, reply);
}

/** Why a request may not use the Admin API, or undefined when its bearer token is right. */
function authProblem(header: string | undefined, token: string): string | undefined {
  const hint =
    'the sandbox Admin API needs its personal access token: Authorization: Bearer kpat_… (see `kong-workshop sandbox token`)';
  if (!header) return `Unauthorized: ${hint}`;
  const match = /^Bearer\s+(\S+)\s*$/i.exec(header);
  if (!match) return `Unauthorized: ${hint}`;
  const given = Buffer.from(match[1] ?? '');
  const expected = Buffer.from(token);
  return given.length === expected.length && timingSafeEqual(given, expected)
    ? undefined
    : 'Unauthorized: invalid token';
}

function nodeInfo(deps: AdminDeps): Record<string, unknown> {
  return {
    tagline: 'Welcome to kong',
    version: '3.9-sandbox',
    edition: 'community',
    hostname: hostname(),
    node_id: deps.nodeId,
    lua_version: 'none (kong-workshop sandbox, Node.js)',
    configuration: {
      database: 'off',
      role: 'traditional',
      router_flavor: 'traditional_compatible',
      proxy_listeners: 'http',
      admin_listeners: 'http',
      sandbox: true,
    },
    plugins: {
      available_on_server: Object.fromEntries(
        PLUGIN_NAMES.map((name) => [name, { version: '3.9-sandbox', priority: name === 'key-auth' ? 1250 : 910 }]),
      ),
      enabled_in_cluster: [...new Set(deps.store.list('plugins').map((p) => p.name as string))],
    },
  };
}

function statusInfo(deps: AdminDeps): Record<string, unknown> {
  return {
    database: { reachable: true },
    configuration_hash: deps.configState.hash,
    server: { connections_accepted: 0, connections_active: 0, total_requests: 0 },
    memory: { workers_lua_vms: [], lua_shared_dicts: {} },
  };
}

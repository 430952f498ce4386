import { sameSecret } from '@kong-workshop/common';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { decodeKubeProtobuf, PROTOBUF_CONTENT_TYPE, ProtobufError } from './protobuf.js';
import { parse as parseYaml } from 'yaml';
import type { FieldValidation } from './admission.js';
import { PATCH_CONTENT_TYPES, type LabApi, type WriteOptions } from './api.js';
import { jsonPatch, mergePatch } from './patch.js';
import { VERSION_INFO, coreVersions, groupList, resourceList } from './discovery.js';
import type { KindInfo } from './kinds.js';
import { parseApiPath, type ApiPath } from './routes.js';
import { fieldSelector, labelSelector, type Selector } from './selectors.js';
import { ApiStatusError, badRequest, methodNotAllowed, unauthorized } from './status-errors.js';
import { toTable, wantsTable, type IncludeObject } from './table.js';
import { isRecord, type LabObject } from './types.js';
import { serveWatch } from './watch.js';
import { errorMessage, errorStack, readBody as readWholeBody } from '@kong-workshop/common';

export interface KubeHandlerDeps {
  readonly api: LabApi;
  /** When set, every request but the health checks needs `Authorization: Bearer <token>`. */
  readonly token: string | undefined;
  /** Other bearer tokens accepted when token is set: the sandbox's browser logins, which its Admin API accepts. */
  readonly acceptsToken?: (token: string) => boolean;
  /** host:port, for `GET /api`'s serverAddressByClientCIDRs. */
  readonly address: () => string;
  readonly log: (line: string) => void;
}

const MAX_BODY = 3 * 1024 * 1024;

/** The lab's Kubernetes API: discovery, CRUD, patch, watch and Tables on the real paths. */
export function createKubeHandler(deps: KubeHandlerDeps): (req: IncomingMessage, res: ServerResponse) => void {
  return (req, res) => {
    const url = new URL(req.url ?? '/', 'https://lab');
    route(deps, req, res, url).catch((error: unknown) => {
      if (!(error instanceof ApiStatusError))
        deps.log(`kube-lab: unexpected error on ${req.method} ${url.pathname}: ${errorStack(error)}`);
      const status =
        error instanceof ApiStatusError
          ? error
          : new ApiStatusError(500, 'InternalError', `Internal error occurred: ${errorMessage(error)}`);
      if (!res.headersSent) sendJson(res, status.code, status.toStatus());
      else res.destroy();
    });
  };
}

async function route(deps: KubeHandlerDeps, req: IncomingMessage, res: ServerResponse, url: URL): Promise<void> {
  const path = parseApiPath(url.pathname);
  if (path.type === 'health') return sendText(res, 200, 'ok');
  if (deps.token && !tokenAccepted(req.headers.authorization, deps.token, deps.acceptsToken)) {
    req.resume();
    throw unauthorized();
  }
  const method = req.method ?? 'GET';
  switch (path.type) {
    case 'version':
      return sendJson(res, 200, VERSION_INFO);
    case 'openapi-v2':
      // An empty OpenAPI v2 document (protobuf, zero bytes): kubectl's client-side validation
      // finds no schema for the kind and skips, as it does for any CRD without one, and sends
      // fieldValidation=Strict so the lab validates on the server side.
      res.writeHead(200, {
        'Content-Type': 'application/com.github.proto-openapiv2.v2.v1.0+protobuf',
        'Content-Length': 0,
      });
      return void res.end();
    case 'core-versions':
      return sendJson(res, 200, coreVersions(deps.address()));
    case 'groups':
      return sendJson(res, 200, groupList());
    case 'group': {
      const group = (groupList().groups as { name: string }[]).find((g) => g.name === path.group);
      return group
        ? sendJson(res, 200, { kind: 'APIGroup', apiVersion: 'v1', ...group })
        : sendText(res, 404, '404 page not found');
    }
    case 'resources': {
      const list = resourceList(path.group, path.version);
      return list ? sendJson(res, 200, list) : sendText(res, 404, '404 page not found');
    }
    case 'collection':
      return collection(deps, req, res, url, path, method);
    case 'item':
      return item(deps, req, res, url, path, method);
    case 'unknown':
      req.resume();
      return sendText(res, 404, '404 page not found');
  }
}

async function collection(
  deps: KubeHandlerDeps,
  req: IncomingMessage,
  res: ServerResponse,
  url: URL,
  path: Extract<ApiPath, { type: 'collection' }>,
  method: string,
): Promise<void> {
  const { kind, namespace } = path;
  const params = url.searchParams;
  if (method === 'GET') {
    const selects = selectorOf(params);
    if (['1', 'true'].includes(params.get('watch') ?? '')) {
      return serveWatch(
        deps.api.store,
        {
          kind,
          namespace,
          selects,
          resourceVersion: params.get('resourceVersion') ?? undefined,
          timeoutSeconds: numberParam(params, 'timeoutSeconds'),
          asTable: wantsTable(req.headers.accept),
          sendInitialEvents: params.get('sendInitialEvents') === 'true',
        },
        req,
        res,
      );
    }
    const items = deps.api.store.list(kind, namespace).filter(selects);
    return sendObjects(req, res, kind, items, deps.api.store.resourceVersion, params);
  }
  if (method === 'POST') {
    const body = await readBody(req);
    const result = deps.api.create(kind, namespace, body, writeOptions(params));
    return sendJson(res, 201, result.object, result.warnings);
  }
  if (method === 'DELETE') {
    await readBody(req);
    const selects = selectorOf(params);
    const deleted = deps.api.store
      .list(kind, namespace)
      .filter(selects)
      .map((o) => deps.api.delete(kind, o.metadata.namespace, o.metadata.name, { dryRun: dryRun(params) }));
    return sendJson(res, 200, listOf(kind, deleted, deps.api.store.resourceVersion));
  }
  req.resume();
  throw methodNotAllowed(method);
}

async function item(
  deps: KubeHandlerDeps,
  req: IncomingMessage,
  res: ServerResponse,
  url: URL,
  path: Extract<ApiPath, { type: 'item' }>,
  method: string,
): Promise<void> {
  const { kind, namespace, name, subresource } = path;
  const params = url.searchParams;
  const contentType = (req.headers['content-type'] ?? 'application/json').split(';')[0]!.trim().toLowerCase();
  if (subresource === 'scale') return scale(deps, req, res, path, method, contentType, params);
  switch (method) {
    case 'GET': {
      const object = deps.api.get(kind, namespace, name);
      return subresource
        ? sendJson(res, 200, object)
        : sendObjects(req, res, kind, [object], object.metadata.resourceVersion ?? '', params, true);
    }
    case 'PUT': {
      const body = await readBody(req);
      if (subresource)
        return sendJson(res, 200, deps.api.writeStatus(kind, namespace, name, 'replace', body, writeOptions(params)));
      const result = deps.api.replace(kind, namespace, name, body, writeOptions(params));
      return sendJson(res, 200, result.object, result.warnings);
    }
    case 'PATCH': {
      const type = PATCH_CONTENT_TYPES[contentType];
      const body = await readBody(req);
      if (!type)
        throw new ApiStatusError(
          415,
          'UnsupportedMediaType',
          `the body of the request was in an unknown format - accepted media types include: ` +
            `${Object.keys(PATCH_CONTENT_TYPES).join(', ')}`,
        );
      if (subresource)
        return sendJson(res, 200, deps.api.writeStatus(kind, namespace, name, type, body, writeOptions(params)));
      const result = deps.api.patch(kind, namespace, name, type, body, writeOptions(params));
      return sendJson(res, result.created ? 201 : 200, result.object, result.warnings);
    }
    case 'DELETE': {
      const body = (await readBody(req)) as { preconditions?: { uid?: string; resourceVersion?: string } } | undefined;
      const deleted = deps.api.delete(kind, namespace, name, {
        dryRun: dryRun(params),
        preconditions: body?.preconditions,
      });
      return sendJson(res, 200, deleted);
    }
    default:
      req.resume();
      throw methodNotAllowed(method);
  }
}

/**
 * The `/scale` subresource: an autoscaling/v1 Scale view of spec.replicas. `kubectl scale` patches
 * it (older kubectl GETs and PUTs it); the change lands on the Deployment's spec.replicas.
 */
async function scale(
  deps: KubeHandlerDeps,
  req: IncomingMessage,
  res: ServerResponse,
  path: Extract<ApiPath, { type: 'item' }>,
  method: string,
  contentType: string,
  params: URLSearchParams,
): Promise<void> {
  const { kind, namespace, name } = path;
  const current = scaleOf(deps.api.get(kind, namespace, name));
  if (method === 'GET') return sendJson(res, 200, current);
  if (method !== 'PUT' && method !== 'PATCH') {
    req.resume();
    throw methodNotAllowed(method);
  }
  const body = await readBody(req);
  let wanted: unknown = body;
  if (method === 'PATCH') {
    const type = PATCH_CONTENT_TYPES[contentType];
    if (type === 'merge' || type === 'strategic') wanted = mergePatch(current, body);
    else if (type === 'json') wanted = jsonPatch(current, body);
    else throw new ApiStatusError(415, 'UnsupportedMediaType', `the scale subresource does not take ${contentType}`);
  }
  const spec = isRecord(wanted) && isRecord(wanted.spec) ? wanted.spec : undefined;
  const replicas = spec?.replicas;
  if (typeof replicas !== 'number' || !Number.isInteger(replicas) || replicas < 0)
    throw new ApiStatusError(
      422,
      'Invalid',
      `Scale.autoscaling "${name}" is invalid: spec.replicas: Invalid value: ${JSON.stringify(replicas ?? null)}: ` +
        `must be greater than or equal to 0`,
    );
  const result = deps.api.patch(kind, namespace, name, 'merge', { spec: { replicas } }, writeOptions(params));
  return sendJson(res, 200, scaleOf(result.object));
}

function scaleOf(object: LabObject): Record<string, unknown> {
  const spec = isRecord(object.spec) ? object.spec : {};
  const status = isRecord(object.status) ? object.status : {};
  const selector = isRecord(spec.selector) && isRecord(spec.selector.matchLabels) ? spec.selector.matchLabels : {};
  const { name, namespace, uid, resourceVersion, creationTimestamp } = object.metadata;
  return {
    kind: 'Scale',
    apiVersion: 'autoscaling/v1',
    metadata: { name, namespace, uid, resourceVersion, creationTimestamp },
    spec: { replicas: typeof spec.replicas === 'number' ? spec.replicas : 1 },
    status: {
      replicas: typeof status.replicas === 'number' ? status.replicas : 0,
      selector: Object.entries(selector)
        .map(([k, v]) => `${k}=${String(v)}`)
        .join(','),
    },
  };
}

function sendObjects(
  req: IncomingMessage,
  res: ServerResponse,
  kind: KindInfo,
  items: LabObject[],
  resourceVersion: string,
  params: URLSearchParams,
  single = false,
): void {
  if (wantsTable(req.headers.accept)) {
    const include = (params.get('includeObject') ?? 'Metadata') as IncludeObject;
    sendJson(
      res,
      200,
      toTable(kind, items, resourceVersion, ['None', 'Metadata', 'Object'].includes(include) ? include : 'Metadata'),
    );
    return;
  }
  sendJson(res, 200, single ? items[0] : listOf(kind, items, resourceVersion));
}

function listOf(kind: KindInfo, items: LabObject[], resourceVersion: string): Record<string, unknown> {
  return {
    apiVersion: kind.group ? `${kind.group}/${kind.version}` : kind.version,
    kind: `${kind.kind}List`,
    metadata: { resourceVersion },
    items,
  };
}

function selectorOf(params: URLSearchParams): Selector {
  const labels = labelSelector(params.get('labelSelector'));
  const fields = fieldSelector(params.get('fieldSelector'));
  return (object) => labels(object) && fields(object);
}

function writeOptions(params: URLSearchParams): WriteOptions {
  const validation = params.get('fieldValidation');
  return {
    fieldManager: params.get('fieldManager') ?? undefined,
    fieldValidation:
      validation === 'Strict' || validation === 'Ignore' || validation === 'Warn'
        ? (validation as FieldValidation)
        : undefined,
    force: params.get('force') === 'true',
    dryRun: dryRun(params),
  };
}

const dryRun = (params: URLSearchParams) => params.get('dryRun') === 'All';

function numberParam(params: URLSearchParams, name: string): number | undefined {
  const value = params.get(name);
  return value === null || !/^\d+$/.test(value) ? undefined : Number(value);
}

/** The body as JSON, or YAML (server-side apply sends `application/apply-patch+yaml`). */
async function readBody(req: IncomingMessage): Promise<unknown> {
  const raw = await readWholeBody(req, {
    limit: MAX_BODY,
    tooLarge: () => new ApiStatusError(413, 'RequestEntityTooLarge', 'the request body is too large'),
  });
  if ((req.headers['content-type'] ?? '').startsWith(PROTOBUF_CONTENT_TYPE)) {
    try {
      return decodeKubeProtobuf(raw);
    } catch (error) {
      if (error instanceof ProtobufError) throw new ApiStatusError(415, 'UnsupportedMediaType', error.message);
      throw error;
    }
  }
  const text = raw.toString('utf8');
  if (!text.trim()) return undefined;
  try {
    return (req.headers['content-type'] ?? '').includes('yaml') ? parseYaml(text) : JSON.parse(text);
  } catch (error) {
    throw badRequest(`the request body could not be decoded: ${errorMessage(error).split('\n')[0]}`);
  }
}

function tokenAccepted(
  header: string | undefined,
  token: string,
  acceptsToken: ((token: string) => boolean) | undefined,
): boolean {
  const match = /^Bearer\s+(\S+)\s*$/i.exec(header ?? '');
  if (!match) return false;
  if (sameSecret(match[1] ?? '', token)) return true;
  return acceptsToken?.(match[1] ?? '') ?? false;
}

function sendJson(res: ServerResponse, status: number, body: unknown, warnings: readonly string[] = []): void {
  const text = JSON.stringify(body);
  res.writeHead(status, {
    'Content-Type': 'application/json',
    'Content-Length': Buffer.byteLength(text),
    'Cache-Control': 'no-cache, private',
    ...(warnings.length ? { Warning: warnings.map((w) => `299 - ${JSON.stringify(w)}`) } : {}),
  });
  res.end(text);
}

function sendText(res: ServerResponse, status: number, text: string): void {
  res.writeHead(status, { 'Content-Type': 'text/plain; charset=utf-8', 'Content-Length': Buffer.byteLength(text) });
  res.end(text);
}

// A small Kubernetes API server for tests: real paths, real object and Status shapes, over
// plain HTTP on 127.0.0.1. It answers discovery, get, list (field and label selectors),
// watch (JSON lines), the /status subresource, /version, and pod port-forward over
// websockets (the v4.channel.k8s.io framing client-node speaks), so client-node, kubectl
// and the runner all talk to it as they would to a kind cluster.
import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import { connect, type AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { WebSocketServer, type WebSocket } from 'ws';
import {
  FAKE_RESOURCES,
  VERSION_INFO,
  apiVersionOf,
  crdObject,
  groupList,
  resourceList,
  type FakeResource,
} from './fake-api-resources.js';
import type { FakeObject } from './fixtures.js';

export interface FakeKubeOptions {
  /** Context name in the generated kubeconfig; default `kind-kind`, what the kind target expects. */
  readonly context?: string;
  /** Default namespace of the context; default `kong`. */
  readonly namespace?: string;
  /** API groups whose CRDs are "not installed": not in discovery, no CRD objects. */
  readonly withoutGroups?: readonly string[];
}

/** Where a port-forward to a pod's port should really connect (a local stand-in for the pod). */
export type PortForwardRoute = (
  namespace: string,
  pod: string,
  port: number,
) => { host: string; port: number } | undefined;

export interface FakeKubeApi {
  readonly url: string;
  readonly kubeconfigPath: string;
  readonly context: string;
  /** Every request, as `METHOD /path?query`, for assertions on what a client asked. */
  readonly requests: readonly string[];
  /** Creates or replaces an object (bumping generation when its spec changes) and notifies watchers. */
  setObject(object: FakeObject): FakeObject;
  deleteObject(apiVersion: string, kind: string, name: string, namespace?: string): void;
  getObject(apiVersion: string, kind: string, name: string, namespace?: string): FakeObject | undefined;
  /** `unauthorized` answers 401 to everything, `forbidden` answers 403. */
  setAuth(mode: 'ok' | 'unauthorized' | 'forbidden'): void;
  /** Refuse watches with 403 (RBAC that grants get but not watch) while reads still work. */
  refuseWatches(refuse: boolean): void;
  /** Answer 403 to the paths this returns true for (RBAC without cluster-wide reads, say). */
  forbidPaths(forbidden: (path: string) => boolean): void;
  routePortForward(route: PortForwardRoute): void;
  close(): Promise<void>;
}

const TOKEN = 'fake-token';

export async function startFakeKubeApi(
  objects: readonly FakeObject[] = [],
  options: FakeKubeOptions = {},
): Promise<FakeKubeApi> {
  const resources = FAKE_RESOURCES.filter((r) => !options.withoutGroups?.includes(r.group));
  const store = new Map<string, FakeObject>();
  const watchers = new Set<Watcher>();
  const requests: string[] = [];
  let resourceVersion = 1000;
  let auth: 'ok' | 'unauthorized' | 'forbidden' = 'ok';
  let route: PortForwardRoute = () => undefined;
  let watchesRefused = false;
  let pathForbidden: (path: string) => boolean = () => false;

  const resourceFor = (apiVersion: string, kind: string) =>
    resources.find((r) => apiVersionOf(r) === apiVersion && r.kind === kind);
  const keyOf = (r: FakeResource, name: string, namespace?: string) =>
    `${r.group}/${r.plural}/${r.namespaced ? (namespace ?? '') : ''}/${name}`;

  function setObject(input: FakeObject): FakeObject {
    const resource = resourceFor(input.apiVersion, input.kind);
    if (!resource) throw new Error(`fake API does not serve ${input.apiVersion} ${input.kind}`);
    const key = keyOf(resource, input.metadata.name, input.metadata.namespace);
    const previous = store.get(key);
    const specChanged = previous && JSON.stringify(withoutStatus(previous)) !== JSON.stringify(withoutStatus(input));
    const object: FakeObject = structuredClone(input);
    object.metadata = {
      ...object.metadata,
      uid: previous?.metadata.uid ?? object.metadata.uid ?? randomUUID(),
      creationTimestamp:
        previous?.metadata.creationTimestamp ??
        object.metadata.creationTimestamp ??
        new Date().toISOString().replace(/\.\d+Z$/, 'Z'),
      resourceVersion: String(++resourceVersion),
      generation:
        input.metadata.generation ?? (previous ? (previous.metadata.generation ?? 1) + (specChanged ? 1 : 0) : 1),
    };
    store.set(key, object);
    notify(resource, previous ? 'MODIFIED' : 'ADDED', object);
    return object;
  }

  function deleteObject(apiVersion: string, kind: string, name: string, namespace?: string): void {
    const resource = resourceFor(apiVersion, kind);
    if (!resource) return;
    const key = keyOf(resource, name, namespace);
    const object = store.get(key);
    if (!object) return;
    store.delete(key);
    notify(resource, 'DELETED', {
      ...object,
      metadata: { ...object.metadata, resourceVersion: String(++resourceVersion) },
    });
  }

  function notify(resource: FakeResource, type: string, object: FakeObject): void {
    for (const watcher of watchers)
      if (watcher.resource === resource && matches(object, watcher.query)) watcher.send(type, object);
  }

  for (const object of objects) setObject(object);
  for (const r of resources.filter((x) => x.crd)) setObject(crdObject(r) as FakeObject);

  const server = createServer((req, res) => {
    requests.push(`${req.method} ${req.url}`);
    if (!authorized(req, res, auth)) return;
    if (pathForbidden(new URL(req.url ?? '/', 'http://fake').pathname))
      return sendStatus(res, 403, 'Forbidden', `${req.url} is forbidden: User "kind-tester" cannot get this resource`);
    try {
      handle(req, res);
    } catch (error) {
      sendStatus(res, 500, 'InternalError', (error as Error).message);
    }
  });

  function handle(req: IncomingMessage, res: ServerResponse): void {
    const url = new URL(req.url ?? '/', 'http://fake');
    const parts = url.pathname.split('/').filter(Boolean).map(decodeURIComponent);
    if (req.method !== 'GET') {
      sendStatus(res, 405, 'MethodNotAllowed', `the fake API server only reads (${req.method} ${url.pathname})`);
      return;
    }
    if (url.pathname === '/version') {
      sendJson(res, 200, VERSION_INFO);
      return;
    }
    if (url.pathname === '/api') {
      sendJson(res, 200, {
        kind: 'APIVersions',
        versions: ['v1'],
        serverAddressByClientCIDRs: [{ clientCIDR: '0.0.0.0/0', serverAddress: '172.18.0.2:6443' }],
      });
      return;
    }
    if (url.pathname === '/apis') {
      sendJson(res, 200, groupList(resources));
      return;
    }

    const [group, version, rest] =
      parts[0] === 'api'
        ? ['', parts[1], parts.slice(2)]
        : parts[0] === 'apis'
          ? [parts[1] ?? '', parts[2], parts.slice(3)]
          : ['', undefined, []];
    const served = resources.filter((r) => r.group === group && r.version === version);
    if (!version || served.length === 0) {
      sendText(res, 404, '404 page not found');
      return;
    }
    if (rest.length === 0) {
      sendJson(res, 200, resourceList(served, apiVersionOf({ group, version })));
      return;
    }

    // [namespaces, ns, plural, name?, status?] or [plural, name?, status?]
    const namespaced = rest[0] === 'namespaces' && rest.length >= 3;
    const [namespace, plural, name, sub] = namespaced
      ? [rest[1], rest[2], rest[3], rest[4]]
      : [undefined, rest[0], rest[1], rest[2]];
    const resource = served.find((r) => r.plural === plural);
    if (!resource || (sub !== undefined && sub !== 'status') || (namespaced && !resource.namespaced)) {
      sendText(res, 404, '404 page not found');
      return;
    }

    if (name === undefined) {
      const query = {
        namespace,
        labelSelector: url.searchParams.get('labelSelector') ?? '',
        fieldSelector: url.searchParams.get('fieldSelector') ?? '',
      };
      if (['1', 'true'].includes(url.searchParams.get('watch') ?? '')) {
        if (watchesRefused) {
          sendStatus(
            res,
            403,
            'Forbidden',
            `${resource.plural} is forbidden: User "kind-tester" cannot watch resource "${resource.plural}"`,
          );
          return;
        }
        startWatch(req, res, resource, query, url.searchParams);
        return;
      }
      const items = [...store.values()].filter(
        (o) => resourceFor(o.apiVersion, o.kind) === resource && matches(o, query),
      );
      sendJson(res, 200, {
        apiVersion: apiVersionOf(resource),
        kind: `${resource.kind}List`,
        metadata: { resourceVersion: String(resourceVersion) },
        items,
      });
      return;
    }
    const object = store.get(keyOf(resource, name, namespace));
    if (!object) {
      sendStatus(res, 404, 'NotFound', `${resource.plural}${group ? `.${group}` : ''} "${name}" not found`, {
        name,
        group,
        kind: resource.plural,
      });
      return;
    }
    sendJson(res, 200, object);
  }

  function startWatch(
    req: IncomingMessage,
    res: ServerResponse,
    resource: FakeResource,
    query: Query,
    params: URLSearchParams,
  ): void {
    res.writeHead(200, { 'content-type': 'application/json', 'transfer-encoding': 'chunked' });
    res.flushHeaders();
    const watcher: Watcher = {
      resource,
      query,
      send: (type, object) => res.write(`${JSON.stringify({ type, object })}\n`),
    };
    // Without a resourceVersion a watch starts with the current state, as synthetic ADDED events.
    if (!params.get('resourceVersion')) {
      for (const object of store.values())
        if (resourceFor(object.apiVersion, object.kind) === resource && matches(object, query))
          watcher.send('ADDED', object);
    }
    watchers.add(watcher);
    const timeout = Number(params.get('timeoutSeconds') ?? 0);
    const timer = timeout > 0 ? setTimeout(() => res.end(), timeout * 1000) : undefined;
    const stop = () => {
      watchers.delete(watcher);
      clearTimeout(timer);
    };
    req.once('close', stop);
    res.once('close', stop);
  }

  const sockets = new WebSocketServer({
    noServer: true,
    handleProtocols: (offered) => (offered.has('v4.channel.k8s.io') ? 'v4.channel.k8s.io' : false),
  });
  server.on('upgrade', (req, socket, head) => {
    requests.push(`UPGRADE ${req.url}`);
    const url = new URL(req.url ?? '/', 'http://fake');
    const match = /^\/api\/v1\/namespaces\/([^/]+)\/pods\/([^/]+)\/portforward$/.exec(url.pathname);
    const port = Number(url.searchParams.get('ports'));
    const pod = match
      ? store.get(keyOf(resourceFor('v1', 'Pod')!, decodeURIComponent(match[2]!), decodeURIComponent(match[1]!)))
      : undefined;
    const refusal = auth !== 'ok' || tokenRefused(req) ? '403 Forbidden' : !pod ? '404 Not Found' : undefined;
    if (refusal) {
      socket.end(`HTTP/1.1 ${refusal}\r\ncontent-length: 0\r\n\r\n`);
      return;
    }
    sockets.handleUpgrade(req, socket, head, (ws) => forwardPort(ws, route(match![1]!, match![2]!, port), port));
  });

  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const context = options.context ?? 'kind-kind';
  const dir = mkdtempSync(join(tmpdir(), 'kw-fake-kube-'));
  const kubeconfigPath = join(dir, 'kubeconfig');
  writeFileSync(kubeconfigPath, kubeconfig(url, context, options.namespace ?? 'kong'));

  return {
    url,
    kubeconfigPath,
    context,
    requests,
    setObject,
    deleteObject,
    getObject: (apiVersion, kind, name, namespace) => {
      const resource = resourceFor(apiVersion, kind);
      return resource && store.get(keyOf(resource, name, namespace));
    },
    setAuth: (mode) => {
      auth = mode;
    },
    refuseWatches: (refuse) => {
      watchesRefused = refuse;
    },
    forbidPaths: (forbidden) => {
      pathForbidden = forbidden;
    },
    routePortForward: (next) => {
      route = next;
    },
    close: async () => {
      for (const ws of sockets.clients) ws.terminate();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

interface Query {
  readonly namespace?: string;
  readonly labelSelector: string;
  readonly fieldSelector: string;
}

interface Watcher {
  readonly resource: FakeResource;
  readonly query: Query;
  send(type: string, object: FakeObject): void;
}

function withoutStatus(object: FakeObject): unknown {
  const { status: _status, metadata, ...rest } = object;
  return { ...rest, labels: metadata.labels, annotations: metadata.annotations };
}

function matches(object: FakeObject, query: Query): boolean {
  if (query.namespace && object.metadata.namespace !== query.namespace) return false;
  const fields: Record<string, string | undefined> = {
    'metadata.name': object.metadata.name,
    'metadata.namespace': object.metadata.namespace,
  };
  const labels = object.metadata.labels ?? {};
  return (
    selectorTerms(query.fieldSelector).every(([key, op, value]) =>
      op === '!=' ? fields[key] !== value : fields[key] === value,
    ) &&
    selectorTerms(query.labelSelector).every(([key, op, value]) =>
      op === '!='
        ? labels[key] !== value
        : op === 'exists'
          ? key in labels
          : op === '!exists'
            ? !(key in labels)
            : labels[key] === value,
    )
  );
}

function selectorTerms(selector: string): [string, string, string][] {
  return selector
    .split(',')
    .map((term) => term.trim())
    .filter(Boolean)
    .map((term) => {
      const match = /^([^!=]+?)\s*(==|!=|=)\s*(.*)$/.exec(term);
      if (match) return [match[1]!, match[2] === '!=' ? '!=' : '=', match[3]!];
      return term.startsWith('!') ? [term.slice(1), '!exists', ''] : [term, 'exists', ''];
    });
}

// kubectl (client-go) sends no bearer token over plain http, so a request without one is let in
// as if anonymous access were on; a wrong token is refused like a real API server does.
function tokenRefused(req: IncomingMessage): boolean {
  return req.headers.authorization !== undefined && req.headers.authorization !== `Bearer ${TOKEN}`;
}

function authorized(req: IncomingMessage, res: ServerResponse, auth: 'ok' | 'unauthorized' | 'forbidden'): boolean {
  if (auth === 'unauthorized' || tokenRefused(req)) {
    sendStatus(res, 401, 'Unauthorized', 'Unauthorized');
    return false;
  }
  if (auth === 'forbidden') {
    sendStatus(res, 403, 'Forbidden', `${req.url} is forbidden: User "kind-tester" cannot get this resource`);
    return false;
  }
  return true;
}

/** Port-forward framing: per port a data (0) and an error (1) channel, each opened by the port number. */
function forwardPort(ws: WebSocket, target: { host: string; port: number } | undefined, port: number): void {
  const prefix = Buffer.alloc(2);
  prefix.writeUInt16LE(port);
  ws.send(Buffer.concat([Buffer.from([0]), prefix]));
  ws.send(Buffer.concat([Buffer.from([1]), prefix]));
  if (!target) {
    ws.send(
      Buffer.concat([
        Buffer.from([1]),
        Buffer.from(`an error occurred forwarding ${port} -> ${port}: connection refused`),
      ]),
    );
    ws.close();
    return;
  }
  const upstream = connect(target);
  upstream.on('data', (chunk) => ws.send(Buffer.concat([Buffer.from([0]), chunk])));
  upstream.on('error', (error) => {
    if (ws.readyState === ws.OPEN)
      ws.send(
        Buffer.concat([
          Buffer.from([1]),
          Buffer.from(`an error occurred forwarding ${port} -> ${port}: ${error.message}`),
        ]),
      );
    ws.close();
  });
  upstream.on('close', () => ws.close());
  ws.on('message', (data: Buffer) => {
    if (data[0] === 0 && data.length > 1) upstream.write(data.subarray(1));
  });
  ws.on('close', () => upstream.destroy());
}

function kubeconfig(server: string, context: string, namespace: string): string {
  // insecure-skip-tls-verify is what lets client-node 1.x use plain http at all.
  return `apiVersion: v1
kind: Config
clusters:
- name: ${context}
  cluster:
    server: ${server}
    insecure-skip-tls-verify: true
users:
- name: ${context}
  user:
    token: ${TOKEN}
contexts:
- name: ${context}
  context:
    cluster: ${context}
    user: ${context}
    namespace: ${namespace}
current-context: ${context}
`;
}

function sendJson(res: ServerResponse, status: number, body: unknown): void {
  const text = JSON.stringify(body);
  res.writeHead(status, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(text) });
  res.end(text);
}

function sendText(res: ServerResponse, status: number, text: string): void {
  res.writeHead(status, { 'content-type': 'text/plain; charset=utf-8', 'content-length': Buffer.byteLength(text) });
  res.end(text);
}

/** A `Status` body, as the API server sends for every error. */
function sendStatus(
  res: ServerResponse,
  code: number,
  reason: string,
  message: string,
  details?: Record<string, unknown>,
): void {
  sendJson(res, code, {
    kind: 'Status',
    apiVersion: 'v1',
    metadata: {},
    status: 'Failure',
    message,
    reason,
    ...(details ? { details } : {}),
    code,
  });
}

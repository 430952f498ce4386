import type { KubeConfig } from '@kubernetes/client-node';
import { kubeconfigStamp, loadKubeConfig } from './config.js';
import { KubeError, isKubeError, statusError, transportError } from './errors.js';
import { installHintForGroup } from './hints.js';
import type {
  KubeObject,
  ListQuery,
  ObjectRef,
  RequestOptions,
  ResourceInfo,
  WatchEvent,
  WatchEventType,
} from './types.js';
import { errorMessage } from '../shared/index.js';

type ClientNode = typeof import('@kubernetes/client-node');

/** How to reach a cluster; the same shape as `KubeAccess` in src/targets. */
export interface KubeConnection {
  /** A kubeconfig path, or a `:`-separated list like `$KUBECONFIG`. */
  readonly kubeconfig: string;
  /** The file's current-context when undefined. */
  readonly context?: string;
  /** Default namespace for namespaced kinds. */
  readonly namespace: string;
}

export interface WatchHandle {
  /**
   * Resolves when the watch ends: with undefined when the server ended it (its timeout), with
   * the error when it failed or was closed.
   */
  readonly done: Promise<unknown>;
  close(): void;
}

const DEFAULT_TIMEOUT_MS = 10_000;

let clientNode: Promise<ClientNode> | undefined;

/**
 * @kubernetes/client-node costs ~125 ms (bundled) to load, so it is only loaded when a
 * Kubernetes check or the kind target first needs it; `--version` and `--help` never do.
 */
function loadClientNode(): Promise<ClientNode> {
  clientNode ??= import('@kubernetes/client-node');
  return clientNode;
}

const clients = new Map<string, Promise<KubeClient>>();

interface DiscoveredResource {
  readonly name: string;
  readonly kind: string;
  readonly namespaced: boolean;
  readonly singularName?: string;
  readonly shortNames?: readonly string[];
}

/**
 * A client for one kubeconfig context, shared by every caller with the same settings (and
 * reloaded when the kubeconfig file changes). Throws a KubeError for a missing or broken
 * kubeconfig or context; it does not contact the cluster.
 */
export async function connectKube(connection: KubeConnection): Promise<KubeClient> {
  const key = [kubeconfigStamp(connection.kubeconfig), connection.context ?? '', connection.namespace].join('\0');
  let client = clients.get(key);
  if (!client) {
    client = loadClientNode().then(
      (k8s) =>
        new KubeClient(k8s, loadKubeConfig(k8s, connection.kubeconfig, connection.context), connection.namespace),
    );
    clients.set(key, client);
    client.catch(() => clients.delete(key));
  }
  return client;
}

/** Raw JSON access to one cluster through client-node's auth and HTTP layer, plus discovery. */
export class KubeClient {
  readonly server: string;
  readonly context: string;
  // Discovery answers per apiVersion, for this client's server. Clients are shared per
  // kubeconfig and context, and renewed when the file changes (a recreated cluster). Kinds
  // missing from an answer are looked up again, so CRDs installed during a lesson are found.
  private readonly discovery = new Map<string, Promise<readonly DiscoveredResource[]>>();

  constructor(
    readonly k8s: ClientNode,
    readonly config: KubeConfig,
    readonly namespace: string,
  ) {
    this.server = config.getCurrentCluster()!.server.replace(/\/+$/, '');
    this.context = config.getCurrentContext();
  }

  /** GET a path and parse the JSON answer; non-2xx answers throw a KubeError. */
  async getJson<T>(path: string, what: string, options: RequestOptions = {}): Promise<T> {
    const { RequestContext, HttpMethod, IsomorphicFetchHttpLibrary } = this.k8s;
    const request = new RequestContext(this.server + path, HttpMethod.GET);
    request.setHeaderParam('Accept', 'application/json');
    try {
      await this.config.applySecurityAuthentication(request);
    } catch (error) {
      throw new KubeError(
        'kube-config',
        `cannot use the credentials of context "${this.context}": ${errorMessage(error)}`,
        'check the user entry with `kubectl config view --minify`',
        { cause: error },
      );
    }
    const timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
    const deadline = AbortSignal.timeout(timeoutMs);
    request.setSignal(options.signal ? AbortSignal.any([options.signal, deadline]) : deadline);
    let status: number;
    let text: string;
    try {
      const response = await new IsomorphicFetchHttpLibrary().send(request).toPromise();
      status = response.httpStatusCode;
      text = await response.body.text();
    } catch (error) {
      throw transportError(error, this.server, options.signal?.aborted ?? false, timeoutMs);
    }
    if (status < 200 || status > 299) throw statusError(status, text, what);
    return JSON.parse(text) as T;
  }

  /** `GET /version`: the cheapest way to know the API server answers and accepts us. */
  async version(options: RequestOptions = {}): Promise<{ readonly gitVersion: string }> {
    return this.getJson('/version', 'the server version', options);
  }

  /** Finds where a kind lives (plural, namespaced) through API discovery, cached per server. */
  async resource(apiVersion: string, kind: string, options: RequestOptions = {}): Promise<ResourceInfo> {
    const [group, version] = apiVersion.includes('/')
      ? (apiVersion.split('/', 2) as [string, string])
      : ['', apiVersion];
    const found =
      findKind(await this.discover(apiVersion, options), kind) ??
      findKind(await this.discover(apiVersion, options, true), kind);
    if (!found) {
      throw new KubeError(
        'kube-unknown-kind',
        `the cluster serves ${apiVersion} but has no kind ${kind}`,
        `check the spelling of kind (\`kubectl api-resources --api-group=${group}\` lists them)`,
      );
    }
    return { apiVersion, group, version, kind: found.kind, plural: found.name, namespaced: found.namespaced };
  }

  /** One object, or `undefined` when it does not exist. */
  async get(
    ref: ObjectRef,
    options: RequestOptions = {},
  ): Promise<{ readonly resource: ResourceInfo; readonly object: KubeObject | undefined }> {
    const resource = await this.resource(ref.apiVersion, ref.kind, options);
    const namespace = resource.namespaced ? (ref.namespace ?? this.namespace) : undefined;
    const path = `${collectionPath(resource, namespace)}/${encodeURIComponent(ref.name)}`;
    try {
      return {
        resource,
        object: await this.getJson<KubeObject>(path, describeRef(resource, ref.name, namespace), options),
      };
    } catch (error) {
      if (isKubeError(error, 'kube-not-found')) return { resource, object: undefined };
      throw error;
    }
  }

  async list(
    query: ListQuery,
    options: RequestOptions = {},
  ): Promise<{
    readonly resource: ResourceInfo;
    readonly items: readonly KubeObject[];
    readonly resourceVersion?: string;
  }> {
    const resource = await this.resource(query.apiVersion, query.kind, options);
    const params = selectors(query);
    const collection = collectionPath(resource, resource.namespaced ? query.namespace : undefined);
    const path = `${collection}${params.size ? `?${params}` : ''}`;
    const list = await this.getJson<{ items?: KubeObject[]; metadata?: { resourceVersion?: string } }>(
      path,
      `${resource.plural}.${resource.group || 'core'}`,
      options,
    );
    return { resource, items: list.items ?? [], resourceVersion: list.metadata?.resourceVersion };
  }

  /**
   * Streams changes to the objects a query selects (client-node's Watch). Without
   * `resourceVersion` the server first sends the current objects as ADDED.
   */
  async watch(
    query: ListQuery & { readonly resourceVersion?: string; readonly timeoutSeconds?: number },
    onEvent: (event: WatchEvent) => void,
    options: { readonly signal?: AbortSignal } = {},
  ): Promise<WatchHandle> {
    const resource = await this.resource(query.apiVersion, query.kind, options);
    const path = collectionPath(resource, resource.namespaced ? query.namespace : undefined);
    const params: Record<string, string | boolean | number | undefined> = {
      fieldSelector: query.fieldSelector,
      labelSelector: query.labelSelector,
      resourceVersion: query.resourceVersion,
      timeoutSeconds: query.timeoutSeconds,
      allowWatchBookmarks: true,
    };
    let finish!: (error: unknown) => void;
    const done = new Promise<unknown>((resolve) => (finish = resolve));
    const controller = await new this.k8s.Watch(this.config).watch(
      path,
      params,
      (type, object) => onEvent({ type: type as WatchEventType, object: object as KubeObject }),
      (error: unknown) => finish(error ?? undefined),
    );
    const close = () => controller.abort();
    options.signal?.addEventListener('abort', close, { once: true });
    void done.then(() => options.signal?.removeEventListener('abort', close));
    return { done, close };
  }

  private discover(
    apiVersion: string,
    options: RequestOptions,
    refresh = false,
  ): Promise<readonly DiscoveredResource[]> {
    let resources = this.discovery.get(apiVersion);
    if (!resources || refresh) {
      resources = this.fetchResourceList(apiVersion, options);
      this.discovery.set(apiVersion, resources);
      const fetched = resources;
      fetched.catch(() => {
        if (this.discovery.get(apiVersion) === fetched) this.discovery.delete(apiVersion);
      });
    }
    return resources;
  }

  private async fetchResourceList(apiVersion: string, options: RequestOptions): Promise<readonly DiscoveredResource[]> {
    try {
      const list = await this.getJson<{ resources?: DiscoveredResource[] }>(
        apiVersionPath(apiVersion),
        `API group ${apiVersion}`,
        options,
      );
      return (list.resources ?? []).filter((r) => !r.name.includes('/'));
    } catch (error) {
      if (isKubeError(error, 'kube-not-found')) {
        const group = apiVersion.includes('/') ? (apiVersion.split('/')[0] ?? '') : '';
        throw new KubeError(
          'kube-unknown-kind',
          `the cluster does not serve ${apiVersion}: its CRDs are not installed`,
          installHintForGroup(group),
          { status: 404 },
        );
      }
      throw error;
    }
  }
}

function findKind(resources: readonly DiscoveredResource[], kind: string): DiscoveredResource | undefined {
  const wanted = kind.toLowerCase();
  return (
    resources.find((r) => r.kind === kind) ??
    resources.find(
      (r) =>
        r.kind.toLowerCase() === wanted ||
        r.name === wanted ||
        r.singularName === wanted ||
        r.shortNames?.includes(wanted),
    )
  );
}

function apiVersionPath(apiVersion: string): string {
  return apiVersion.includes('/') ? `/apis/${apiVersion}` : `/api/${apiVersion}`;
}

/** `/apis/<group>/<version>[/namespaces/<ns>]/<plural>` */
function collectionPath(resource: ResourceInfo, namespace: string | undefined): string {
  const scope = namespace ? `/namespaces/${encodeURIComponent(namespace)}` : '';
  return `${apiVersionPath(resource.apiVersion)}${scope}/${resource.plural}`;
}

function selectors(query: ListQuery): URLSearchParams {
  const params = new URLSearchParams();
  if (query.labelSelector) params.set('labelSelector', query.labelSelector);
  if (query.fieldSelector) params.set('fieldSelector', query.fieldSelector);
  return params;
}

function describeRef(resource: ResourceInfo, name: string, namespace: string | undefined): string {
  return `${resource.kind} ${namespace ? `${namespace}/` : ''}${name}`;
}

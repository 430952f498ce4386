import {
  connectKube,
  currentContextOf,
  defaultKubeconfig,
  INSTALL_KIC,
  isKubeError,
  openServiceProxy,
  type KubeClient,
  type ServiceProxy,
} from '../kube/index.js';
import { TargetError, type KubeAccess, type Target, type TargetOptions, type TargetSession } from './types.js';
import { errorMessage } from '../shared/index.js';

/**
 * The Service in front of the Kong proxy when Kong Ingress Controller is installed the way
 * Kong's docs do it, `helm install kong kong/ingress -n kong`: the `ingress` chart aliases
 * the `kong` chart as `gateway` (Kong/charts charts/ingress/Chart.yaml), and that chart names
 * the Service `{{ kong.fullname }}-proxy` with fullname `<release>-<chart>`
 * (charts/kong/templates/service-kong-proxy.yaml, _helpers.tpl), so `kong-gateway-proxy`.
 */
const DEFAULT_PROXY_SERVICE = 'kong-gateway-proxy';

/** The kind target's settings after defaults: flags first, then the environment. */
export interface KindSettings {
  /** kind cluster name; the context defaults to `kind-<cluster>`, as `kind create cluster` names it. */
  readonly cluster: string;
  readonly context: string;
  readonly namespace: string;
  /** The kubeconfig (or `:`-list) to read. */
  readonly kubeconfig: string;
  /** Set when the kubeconfig was given with --kubeconfig: the lesson shell then gets it too. */
  readonly explicitKubeconfig?: string;
  readonly proxyService: string;
  /** Skip the service lookup and use this proxy address. */
  readonly proxyUrl?: string;
  /** Fail at once when the proxy Service has no ready pod (doctor), instead of waiting for it (lessons). */
  readonly requireProxy: boolean;
}

export function kindSettings(
  settings: Readonly<Record<string, string | undefined>>,
  env: NodeJS.ProcessEnv = process.env,
): KindSettings {
  const cluster = settings.cluster || 'kind';
  return {
    cluster,
    context: settings.context || `kind-${cluster}`,
    namespace: settings.namespace || 'kong',
    kubeconfig: settings.kubeconfig || defaultKubeconfig(env),
    explicitKubeconfig: settings.kubeconfig || undefined,
    proxyService: settings.proxyService || DEFAULT_PROXY_SERVICE,
    proxyUrl: settings.proxyUrl?.replace(/\/+$/, '') || undefined,
    requireProxy: settings.requireProxy === 'true',
  };
}

/**
 * A kind cluster running Kong Ingress Controller. prepare() checks the cluster answers, then
 * opens the proxy: the Service's external address if it has one that answers, otherwise a
 * port-forward the runner manages (closed by close()), exposed to lessons as {{PROXY}}.
 */
export const kindTarget: Target = {
  name: 'kind',
  summary: 'a kind cluster running Kong Ingress Controller (--cluster, --context, --namespace)',
  async prepare(options: TargetOptions): Promise<TargetSession> {
    const settings = kindSettings(options.settings);
    const kube: KubeAccess = {
      kubeconfig: settings.kubeconfig,
      context: settings.context,
      namespace: settings.namespace,
    };
    const client = await reachCluster(kube, settings, options.signal);
    warnAboutKubectlContext(settings, options.log);
    const proxy = await openProxy(client, settings, options);
    let closing: Promise<void> | undefined;
    return {
      name: 'kind',
      vars: {
        PROXY: proxy.url,
        NAMESPACE: settings.namespace,
        KUBE_CONTEXT: settings.context,
        CLUSTER: settings.cluster,
      },
      secrets: [],
      env: settings.explicitKubeconfig ? { KUBECONFIG: settings.explicitKubeconfig } : {},
      kube,
      description: `kind cluster ${settings.cluster} (context ${settings.context}, namespace ${settings.namespace}); proxy ${proxy.url} ${proxy.how}`,
      close: () => (closing ??= proxy.close()),
    };
  },
};

async function reachCluster(
  kube: KubeAccess,
  settings: KindSettings,
  signal: AbortSignal | undefined,
): Promise<KubeClient> {
  try {
    const client = await connectKube(kube);
    await client.version({ signal, timeoutMs: 5000 });
    return client;
  } catch (error) {
    throw asTargetError(error, settings);
  }
}

async function openProxy(
  client: KubeClient,
  settings: KindSettings,
  options: TargetOptions,
): Promise<{ url: string; how: string; close(): Promise<void> }> {
  if (settings.proxyUrl) return { url: settings.proxyUrl, how: '(given with --proxy-url)', close: async () => {} };
  let proxy: ServiceProxy;
  try {
    // Waiting for the service lets the setup lesson install Kong with {{PROXY}} already defined.
    proxy = await openServiceProxy(client, {
      namespace: settings.namespace,
      service: settings.proxyService,
      signal: options.signal,
      log: options.log,
      waitForService: !settings.requireProxy,
    });
  } catch (error) {
    throw asTargetError(error, settings);
  }
  const service = `${settings.namespace}/${settings.proxyService}`;
  if (proxy.kind === 'port-forward' && !proxy.pod)
    options.log(`Kong is not installed yet (the setup lesson installs it: \`${INSTALL_KIC}\`)`);
  const how =
    proxy.kind === 'external'
      ? `(external address of ${service})`
      : proxy.pod
        ? `(port-forward to ${service}, pod ${proxy.pod} port ${proxy.targetPort})`
        : `(port-forward to ${service}, once it has a ready pod)`;
  return { url: proxy.url, how, close: () => proxy.close() };
}

// Lesson commands run kubectl with the kubeconfig's current context; the checks use --context.
function warnAboutKubectlContext(settings: KindSettings, log: (line: string) => void): void {
  const current = currentContextOf(settings.kubeconfig);
  if (current && current !== settings.context) {
    log(
      `note: kubectl's current context is ${current}, but this run checks ${settings.context}; switch with \`kubectl config use-context ${settings.context}\` so lesson commands reach the same cluster`,
    );
  }
}

function asTargetError(error: unknown, settings: KindSettings): TargetError {
  if (!isKubeError(error))
    return new TargetError(
      'kind-failed',
      `kind target: ${errorMessage(error)}`,
      'run `kong-workshop doctor --target kind`',
      { cause: error },
    );
  switch (error.code) {
    case 'kube-unreachable':
      return new TargetError(
        error.code,
        error.message,
        `is the kind cluster running? \`kind get clusters\` lists clusters; \`docker start ${settings.cluster}-control-plane\` restarts a stopped one; \`kong-workshop doctor --target kind\` checks everything`,
        { cause: error },
      );
    case 'kube-not-found':
    case 'kube-unknown-kind':
      return new TargetError(
        error.code,
        error.message,
        `${error.hint}. Kong Ingress Controller is installed with: \`${INSTALL_KIC}\``,
        { cause: error },
      );
    default:
      return new TargetError(error.code, error.message, error.hint || 'run `kong-workshop doctor --target kind`', {
        cause: error,
      });
  }
}

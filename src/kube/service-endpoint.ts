import { connect } from 'node:net';
import type { KubeClient } from './client.js';
import { KubeError } from './errors.js';
import { conditionsOf, type KubeObject } from './types.js';

export interface ServicePort {
  readonly name?: string;
  readonly port: number;
  readonly targetPort?: number | string;
  readonly protocol?: string;
}

interface ServiceSpec {
  readonly selector?: Readonly<Record<string, string>>;
  readonly ports?: readonly ServicePort[];
  readonly externalIPs?: readonly string[];
}

function serviceSpec(service: KubeObject): ServiceSpec {
  return (service.spec ?? {}) as ServiceSpec;
}

/**
 * The service port to reach: the one asked for (name or number), else the chart's plain-HTTP
 * `kong-proxy` port, else the first port that is not TLS.
 */
export function chooseServicePort(service: KubeObject, wanted?: string | number): ServicePort | undefined {
  const ports = serviceSpec(service).ports ?? [];
  if (wanted !== undefined) return ports.find((p) => p.name === wanted || p.port === Number(wanted));
  return (
    ports.find((p) => p.name === 'kong-proxy') ??
    ports.find((p) => !/tls|https/i.test(p.name ?? '') && p.port !== 443) ??
    ports[0]
  );
}

/** A load balancer's address (cloud-provider-kind, MetalLB) or an external IP, as a URL. */
export function externalUrl(service: KubeObject, port: ServicePort): string | undefined {
  const status = service.status as
    | { loadBalancer?: { ingress?: readonly { ip?: string; hostname?: string }[] } }
    | undefined;
  const ingress = status?.loadBalancer?.ingress?.find((entry) => entry.ip || entry.hostname);
  const host = ingress?.ip ?? ingress?.hostname ?? serviceSpec(service).externalIPs?.[0];
  if (!host) return undefined;
  const hostPart = host.includes(':') ? `[${host}]` : host;
  return `http://${hostPart}${port.port === 80 ? '' : `:${port.port}`}`;
}

/** Ready, running and not being deleted: what kubectl port-forward would pick too. */
export function isPodReady(pod: KubeObject): boolean {
  const phase = (pod.status as { phase?: string } | undefined)?.phase;
  return (
    phase === 'Running' &&
    !pod.metadata?.deletionTimestamp &&
    conditionsOf(pod).some((c) => c.type === 'Ready' && c.status === 'True')
  );
}

/** The pod port a service port lands on: a number, a named container port, or the service port. */
export function resolveTargetPort(port: ServicePort, pod: KubeObject): number | undefined {
  const target = port.targetPort ?? port.port;
  if (typeof target === 'number') return target;
  if (/^\d+$/.test(target)) return Number(target);
  const containers =
    (
      pod.spec as
        | { containers?: readonly { ports?: readonly { name?: string; containerPort: number }[] }[] }
        | undefined
    )?.containers ?? [];
  return containers.flatMap((c) => c.ports ?? []).find((p) => p.name === target)?.containerPort;
}

/** A ready pod behind the service's selector, or a KubeError that says what to look at. */
export async function pickReadyPod(
  client: KubeClient,
  namespace: string,
  service: KubeObject,
  options: { signal?: AbortSignal } = {},
): Promise<KubeObject> {
  const name = service.metadata?.name ?? '?';
  const selector = serviceSpec(service).selector;
  if (!selector || Object.keys(selector).length === 0) {
    throw new KubeError(
      'kube-no-ready-pod',
      `service ${namespace}/${name} has no selector, so there is no pod to forward to`,
      'set --proxy-url to an address that reaches the proxy',
    );
  }
  const labelSelector = Object.entries(selector)
    .map(([key, value]) => `${key}=${value}`)
    .join(',');
  const { items } = await client.list({ apiVersion: 'v1', kind: 'Pod', namespace, labelSelector }, options);
  const ready = items.filter(isPodReady).sort((a, b) => (a.metadata?.name ?? '').localeCompare(b.metadata?.name ?? ''));
  if (ready[0]) return ready[0];
  throw new KubeError(
    'kube-no-ready-pod',
    items.length
      ? `no ready pod behind service ${namespace}/${name} (${items.length} found, none ready)`
      : `no pod behind service ${namespace}/${name} (selector ${labelSelector})`,
    `see why with \`kubectl get pods -n ${namespace} -l ${labelSelector}\`, or wait: \`kubectl wait ` +
      `--for=condition=Ready pod -l ${labelSelector} -n ${namespace} --timeout=180s\``,
  );
}

/** Whether a TCP connection to host:port opens within the time given. */
export function canConnect(host: string, port: number, timeoutMs: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect({ host, port });
    const finish = (ok: boolean) => {
      socket.destroy();
      resolve(ok);
    };
    socket.setTimeout(timeoutMs, () => finish(false));
    socket.once('connect', () => finish(true));
    socket.once('error', () => finish(false));
  });
}

import { createServer, type Server, type Socket } from 'node:net';
import { Writable } from 'node:stream';
import type { WebSocket } from 'ws';
import type { KubeClient } from './client.js';
import { isKubeError, KubeError } from './errors.js';
import { canConnect, chooseServicePort, externalUrl, pickReadyPod, resolveTargetPort } from './service-endpoint.js';
import { listeningPort } from '../shared/index.js';

export interface ServiceProxyOptions {
  readonly namespace: string;
  readonly service: string;
  /** Service port name or number; default: the plain-HTTP port. */
  readonly port?: string | number;
  readonly signal?: AbortSignal;
  /** Use the service's external address when it answers (default true). */
  readonly preferExternal?: boolean;
  /** Lines worth telling the user: fallbacks, forwarding errors. */
  readonly log?: (line: string) => void;
  /** How long the external address gets to accept a connection; default 1.5s. */
  readonly externalProbeMs?: number;
  /**
   * Open the local listener even when the service or a ready pod is not there yet, and find
   * them per connection: a lesson that installs Kong can then use {{PROXY}} from its first step.
   */
  readonly waitForService?: boolean;
}

/** An HTTP address for a service, opened by {@link openServiceProxy}. */
export type ServiceProxy =
  | { readonly kind: 'external'; readonly url: string; close(): Promise<void> }
  | {
      readonly kind: 'port-forward';
      readonly url: string;
      /** The pod currently forwarded to (it changes if that pod goes away; undefined until one is found). */
      readonly pod: string | undefined;
      readonly targetPort: number | undefined;
      readonly localPort: number;
      close(): Promise<void>;
    };

/**
 * Reaches a service from this machine: its external address when it has one that answers,
 * otherwise a port-forward from 127.0.0.1:<ephemeral> to a ready pod behind it, the way
 * `kubectl port-forward svc/…` does, over client-node's PortForward.
 */
export async function openServiceProxy(client: KubeClient, options: ServiceProxyOptions): Promise<ServiceProxy> {
  const { namespace, service: name } = options;
  const { object: service } = await client.get({ apiVersion: 'v1', kind: 'Service', name, namespace }, options);
  if (service) {
    const port = chooseServicePort(service, options.port);
    const external = port && options.preferExternal !== false ? externalUrl(service, port) : undefined;
    if (external) {
      const { hostname, port: urlPort } = new URL(external);
      if (await canConnect(hostname.replace(/^\[|\]$/g, ''), Number(urlPort || 80), options.externalProbeMs ?? 1500)) {
        return { kind: 'external', url: external, close: async () => {} };
      }
      options.log?.(
        `${external} (the external address of ${namespace}/${name}) does not answer from here; using a port-forward`,
      );
    }
  }

  const resolveTarget = () => findForwardTarget(client, options);
  let initial: ForwardTarget | undefined;
  try {
    initial = await resolveTarget();
  } catch (error) {
    if (!options.waitForService || !(isKubeError(error, 'kube-not-found') || isKubeError(error, 'kube-no-ready-pod')))
      throw error;
    options.log?.(
      `${namespace}/${name} is not there yet (${error.message}); the port-forward will reach it as soon as it is`,
    );
  }
  const forwarder = new PortForwarder(client, namespace, resolveTarget, initial, options.log);
  const localPort = await forwarder.listen();
  return {
    kind: 'port-forward',
    url: `http://127.0.0.1:${localPort}`,
    get pod() {
      return forwarder.target?.pod;
    },
    get targetPort() {
      return forwarder.target?.targetPort;
    },
    localPort,
    close: () => forwarder.close(),
  };
}

interface ForwardTarget {
  readonly pod: string;
  readonly targetPort: number;
}

/** The service's plain-HTTP port, resolved on a ready pod behind it. */
async function findForwardTarget(client: KubeClient, options: ServiceProxyOptions): Promise<ForwardTarget> {
  const { namespace, service: name } = options;
  const { object: service } = await client.get({ apiVersion: 'v1', kind: 'Service', name, namespace }, options);
  if (!service) {
    throw new KubeError(
      'kube-not-found',
      `service ${namespace}/${name} not found`,
      `is Kong installed in namespace ${namespace}? \`kubectl get svc -n ${namespace}\` lists the services (pick ` +
        `another with --proxy-service)`,
    );
  }
  const port = chooseServicePort(service, options.port);
  if (!port)
    throw new KubeError(
      'kube-not-found',
      `service ${namespace}/${name} has no port ${options.port ?? ''}`.trim(),
      `\`kubectl get svc ${name} -n ${namespace} -o yaml\` shows its ports`,
    );
  const pod = await pickReadyPod(client, namespace, service, options);
  const targetPort = resolveTargetPort(port, pod);
  if (targetPort === undefined) {
    throw new KubeError(
      'kube-not-found',
      `pod ${pod.metadata?.name} has no container port named ${String(port.targetPort)}`,
      `\`kubectl get pod ${pod.metadata?.name} -n ${namespace} -o yaml\` shows its ports`,
    );
  }
  return { pod: pod.metadata!.name!, targetPort };
}

/** One local listener; each accepted connection gets its own port-forward websocket. */
class PortForwarder {
  private readonly server: Server = createServer((socket) => void this.handle(socket));
  private readonly sockets = new Set<Socket>();
  private readonly websockets = new Set<WebSocket>();
  private closed = false;

  constructor(
    private readonly client: KubeClient,
    private readonly namespace: string,
    private readonly resolveTarget: () => Promise<ForwardTarget>,
    public target: ForwardTarget | undefined,
    private readonly log?: (line: string) => void,
  ) {}

  listen(): Promise<number> {
    return new Promise((resolve, reject) => {
      this.server.once('error', reject);
      this.server.listen(0, '127.0.0.1', () => resolve(listeningPort(this.server)));
    });
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    for (const ws of this.websockets) ws.terminate();
    for (const socket of this.sockets) socket.destroy();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  private async handle(socket: Socket): Promise<void> {
    this.sockets.add(socket);
    // A write after the pod side closed must not crash the run; the socket is dropped either way.
    socket.on('error', () => socket.destroy());
    socket.once('close', () => this.sockets.delete(socket));
    try {
      this.target ??= await this.resolveTarget();
      await this.forward(socket, this.target);
    } catch {
      if (this.closed || socket.destroyed) return;
      // The pod may have been replaced (rollout, restart), or not exist yet: find a ready one again, once.
      try {
        const previous = this.target?.pod;
        this.target = await this.resolveTarget();
        if (previous && this.target.pod !== previous)
          this.log?.(`port-forward: ${previous} is gone, now forwarding to ${this.target.pod}`);
        await this.forward(socket, this.target);
      } catch (error) {
        const to = this.target ? `${this.namespace}/${this.target.pod}:${this.target.targetPort}` : this.namespace;
        this.log?.(`port-forward to ${to} failed: ${errorText(error)}`);
        this.target = undefined;
        socket.destroy();
      }
    }
  }

  private async forward(socket: Socket, target: ForwardTarget): Promise<void> {
    const errors = new Writable({
      write: (chunk: Buffer, _encoding, callback) => {
        // The kubelet reports a failed connection inside the pod on the error channel. The
        // channel's first frame carries only the port number, which client-node strips: empty.
        const message = chunk.toString('utf8').trim();
        if (message) {
          this.log?.(`port-forward: ${message}`);
          socket.destroy();
        }
        callback();
      },
    });
    const forward = new this.client.k8s.PortForward(this.client.config, true);
    const ws = (await forward.portForward(
      this.namespace,
      target.pod,
      [target.targetPort],
      socket,
      errors,
      socket,
    )) as WebSocket;
    if (this.closed) {
      ws.terminate();
      return;
    }
    if (socket.destroyed) {
      ws.close(); // the local client gave up while the websocket was opening
      return;
    }
    this.websockets.add(ws);
    ws.on('close', () => {
      this.websockets.delete(ws);
      socket.end();
    });
    ws.on('error', () => socket.destroy());
    socket.once('close', () => ws.close());
  }
}

function errorText(error: unknown): string {
  return error instanceof Error
    ? error.message
    : typeof (error as { message?: unknown })?.message === 'string'
      ? (error as { message: string }).message
      : String(error);
}

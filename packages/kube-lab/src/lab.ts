import { createServer, type Server } from 'node:https';
import { readJsonFile, setAsideCorruptFile, listeningPort } from '@kong-workshop/common';
import { listenWithFallback } from '@kong-workshop/sandbox/extension';
import { JsonSaver } from '@kong-workshop/sandbox/extension';
import type { Store } from '@kong-workshop/sandbox/extension';
import { LabApi } from './api.js';
import { KicController } from './kic/controller.js';
import { servedKind } from './kinds.js';
import { ObjectStore, type StoreSnapshot } from './object-store.js';
import { labStatePath } from './paths.js';
import { OperatorController } from './operator.js';
import { KonnectControlPlaneController } from './konnect-control-planes.js';
import { KonnectExtensionController } from './konnect-extensions.js';
import { seedObjects } from './seed.js';
import { createKubeHandler } from './server.js';
import { ensureLabTls } from './tls.js';
import type { LabObject } from './types.js';
import { WorkloadController } from './workloads.js';

export interface KubeLabOptions {
  readonly sandboxDir: string;
  /** Default 6443 (the API server's port); 0 for any free port. A taken port falls back to a free one. */
  readonly port?: number;
  /** Required as a bearer token when set (the sandbox's auth); undefined leaves the API open. */
  readonly authToken: string | undefined;
  /** Other bearer tokens to accept besides authToken (the sandbox's browser logins, as its Admin API does). */
  readonly acceptsToken?: (token: string) => boolean;
  /** The token the operator accepts as a valid Konnect token, and its organization. */
  readonly konnectToken: string;
  readonly organizationId: string;
  /** The gateway's configuration, which the lab's Kong Ingress Controller keeps in line. */
  readonly gateway: Store;
  readonly setEchoHosts: (hosts: ReadonlySet<string>) => void;
  /** Start with the controller's pushes to the gateway paused (another target owns it). */
  readonly syncPaused?: boolean;
  /** Load the saved objects at start and save every change (default true). */
  readonly persist?: boolean;
  readonly log: (line: string) => void;
}

export interface RunningKubeLab {
  /** `https://127.0.0.1:<port>` */
  readonly url: string;
  /** The PEM certificate clients trust for the lab (a kubeconfig's certificate-authority-data). */
  readonly caCert: string;
  readonly api: LabApi;
  /** Resolves once every change so far is synced to the gateway and saved. */
  flush(): Promise<void>;
  /** Back to a fresh cluster: the seeded namespaces, CRDs and Kong install, nothing else. */
  reset(): void;
  /** Stops (true) or resumes (false) the ingress controller's pushes to the gateway. */
  pauseSync(paused: boolean): void;
  stop(): Promise<void>;
}

const FORMAT = 1;

/**
 * The sandbox's Kubernetes lab: an API server on 127.0.0.1 over TLS that kubectl and
 * @kubernetes/client-node use like a kind cluster, with Kong Ingress Controller, the Kong
 * operator and a Deployment controller running against it in-process.
 */
export async function startKubeLab(options: KubeLabOptions): Promise<RunningKubeLab> {
  const tls = ensureLabTls(options.sandboxDir);
  const store = new ObjectStore();
  const persist = options.persist ?? true;
  store.restore(persist ? loadObjects(options.sandboxDir, options.log) : seededSnapshot());
  const api = new LabApi(store);
  const saver = new JsonSaver(
    labStatePath(options.sandboxDir),
    () => ({ format: FORMAT, savedAt: new Date().toISOString(), ...store.snapshot() }),
    options.log,
    'the kube-lab objects',
  );
  if (persist) store.onChange(() => saver.schedule());

  const workloads = new WorkloadController(store);
  const operator = new OperatorController({
    store,
    token: options.konnectToken,
    organizationId: options.organizationId,
  });
  const kic = new KicController({
    store,
    gateway: options.gateway,
    setEchoHosts: options.setEchoHosts,
    log: options.log,
  });
  const controlPlanes = new KonnectControlPlaneController(store);
  const extensions = new KonnectExtensionController(store);
  workloads.start();
  operator.start();
  if (options.syncPaused) kic.pause(true);
  controlPlanes.start();
  extensions.start();
  kic.start();

  let port = 0;
  const server: Server = createServer(
    { key: tls.key, cert: tls.cert, keepAliveTimeout: 60_000 },
    createKubeHandler({
      api,
      token: options.authToken,
      acceptsToken: options.acceptsToken,
      address: () => `127.0.0.1:${port}`,
      log: options.log,
    }),
  );
  try {
    port = await listenWithFallback(server, options.port ?? 6443, 'Kubernetes API', options.log);
  } catch (error) {
    kic.stop();
    extensions.stop();
    controlPlanes.stop();
    operator.stop();
    workloads.stop();
    throw error;
  }
  let stopping: Promise<void> | undefined;
  return {
    url: `https://127.0.0.1:${listeningPort(server)}`,
    caCert: tls.cert,
    api,
    async flush() {
      await kic.flush();
      await saver.flush();
    },
    reset() {
      store.restore({ resourceVersion: Number(store.resourceVersion), objects: seededSnapshot().objects });
      kic.forget();
    },
    pauseSync: (paused) => kic.pause(paused),
    stop: () =>
      (stopping ??= (async () => {
        kic.stop();
        extensions.stop();
        controlPlanes.stop();
        operator.stop();
        workloads.stop();
        await new Promise<void>((resolve) => {
          server.close(() => resolve());
          server.closeAllConnections();
        });
        await saver.flush();
      })()),
  };
}

/** A fresh cluster: the seed objects with uids and timestamps, as if just created. */
function seededSnapshot(): StoreSnapshot {
  const fresh = new ObjectStore();
  for (const object of seedObjects()) fresh.create(servedKind(object.apiVersion, object.kind), object);
  return fresh.snapshot();
}

function loadObjects(sandboxDir: string, log: (line: string) => void): StoreSnapshot {
  const path = labStatePath(sandboxDir);
  const read = readJsonFile<{ format?: number; resourceVersion?: number; objects?: LabObject[] }>(path);
  if (
    read.status === 'ok' &&
    read.value.format === FORMAT &&
    Array.isArray(read.value.objects) &&
    typeof read.value.resourceVersion === 'number'
  ) {
    return { resourceVersion: read.value.resourceVersion, objects: read.value.objects };
  }
  if (read.status !== 'missing') {
    const movedTo = setAsideCorruptFile(path);
    log(`the saved kube-lab objects were unreadable; they were moved to ${movedTo} and the lab starts fresh`);
  }
  return seededSnapshot();
}

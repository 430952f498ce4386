import { readFileSync } from 'node:fs';
import { connectKube, isKubeError } from '../kube/index.js';
import { KONG_NAMESPACE, LAB_CLUSTER, LAB_CONTEXT, labCertPath, writeKubeconfig } from '@kong-workshop/kube-lab';
import { statePaths } from '../state/index.js';
import { claimGateway, openSandbox } from './sandbox.js';
import { TargetError, type KubeAccess, type Target, type TargetSession } from './types.js';
import { errorMessage } from '../shared/index.js';

/**
 * The Konnect API URL lessons give the operator. The lab answers for any server URL (the
 * sandbox plays Konnect), so it is the one the lessons' kind variant writes.
 */
const LAB_KONNECT_SERVER_URL = 'https://us.api.konghq.com';

/**
 * The kind lessons, offline: the sandbox acts as a kind cluster running Kong Ingress Controller
 * and the Kong operator. prepare() uses or starts the sandbox, writes a kubeconfig for its
 * Kubernetes API (mode 0600: it holds the token) that the lesson shell gets as KUBECONFIG, and
 * points `check k8s` at it, so the kind variant's manifests and checks run unchanged.
 */
export const kindLabTarget: Target = {
  name: 'kind-lab',
  summary:
    'the kind lessons, offline: the sandbox acting as a kind cluster with Kong Ingress Controller and the Kong ' +
    'operator',
  async prepare(options): Promise<TargetSession> {
    const sandbox = await openSandbox(options, true);
    try {
      if (!sandbox.kubeUrl) {
        throw new TargetError(
          'kube-lab-off',
          'the running sandbox has no kube lab (an older kong-workshop started it)',
          'restart it: kong-workshop sandbox stop, then run again',
        );
      }
      if (!sandbox.token)
        throw new TargetError(
          'kube-lab-token',
          'the sandbox token file is missing',
          'restart the sandbox: kong-workshop sandbox stop, then run again',
        );
      const dir = statePaths().sandboxDir;
      const namespace = options.settings.namespace || KONG_NAMESPACE;
      const kubeconfig = writeKubeconfig(dir, {
        server: sandbox.kubeUrl,
        caCert: readFileSync(labCertPath(dir), 'utf8'),
        token: sandbox.token,
      });
      const kube: KubeAccess = { kubeconfig, context: LAB_CONTEXT, namespace };
      await reachLab(kube, options.signal);
      await claimGateway(sandbox, 'kind-lab');
      let closed = false;
      return {
        name: 'kind-lab',
        vars: {
          PROXY: sandbox.proxyUrl,
          NAMESPACE: namespace,
          KUBE_CONTEXT: LAB_CONTEXT,
          CLUSTER: LAB_CLUSTER,
          ADMIN: sandbox.adminUrl,
          SANDBOX_TOKEN: sandbox.token,
          KONNECT_TOKEN: sandbox.token,
          KONNECT_SERVER_URL: LAB_KONNECT_SERVER_URL,
        },
        secrets: [sandbox.token],
        env: { KUBECONFIG: kubeconfig },
        kube,
        description:
          `kube lab in the sandbox at ${sandbox.proxyUrl}${sandbox.how}; Kubernetes API ` +
          `${sandbox.kubeUrl} (context ${LAB_CONTEXT}, namespace ${namespace})`,
        async close() {
          if (closed) return;
          closed = true;
          await sandbox.close();
        },
      };
    } catch (error) {
      await sandbox.close();
      throw error;
    }
  },
};

async function reachLab(kube: KubeAccess, signal: AbortSignal | undefined): Promise<void> {
  try {
    const client = await connectKube(kube);
    await client.version({ signal, timeoutMs: 5000 });
  } catch (error) {
    const message = isKubeError(error) ? error.message : errorMessage(error);
    throw new TargetError(
      'kube-lab-unreachable',
      `the sandbox's Kubernetes API does not answer: ${message}`,
      'see `kong-workshop sandbox logs`, or restart it with `kong-workshop sandbox stop`',
      { cause: error },
    );
  }
}

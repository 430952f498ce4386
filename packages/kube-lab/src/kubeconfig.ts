import { writeFileAtomicallySync } from '@kong-workshop/common';
import { kubeconfigPath } from './paths.js';

/** The lab's cluster name, so its context reads like kind's: `kind-<cluster>`. */
export const LAB_CLUSTER = 'lab';
export const LAB_CONTEXT = `kind-${LAB_CLUSTER}`;

export interface LabKubeconfig {
  /** `https://127.0.0.1:<port>`, the lab's Kubernetes API. */
  readonly server: string;
  /** The lab's self-signed certificate (PEM), trusted as the cluster's CA. */
  readonly caCert: string;
  /** The sandbox token, sent as a bearer token. */
  readonly token: string;
}

/**
 * The context's namespace: `default`, as in the kubeconfig kind writes, so a bare `kubectl get …`
 * (seed 001's `kubectl get konnectapiauthconfiguration konnect-api-auth`) looks where kind's would.
 * The workshop names its own namespace explicitly (`-n`, the NAMESPACE variable).
 */
export const LAB_CONTEXT_NAMESPACE = 'default';

/** A kubeconfig for the lab, the shape `kind export kubeconfig` writes (one cluster, user, context). */
export function renderKubeconfig(config: LabKubeconfig): string {
  return `apiVersion: v1
kind: Config
clusters:
- name: ${LAB_CONTEXT}
  cluster:
    server: ${config.server}
    certificate-authority-data: ${Buffer.from(config.caCert).toString('base64')}
users:
- name: ${LAB_CONTEXT}
  user:
    token: ${config.token}
contexts:
- name: ${LAB_CONTEXT}
  context:
    cluster: ${LAB_CONTEXT}
    user: ${LAB_CONTEXT}
    namespace: ${LAB_CONTEXT_NAMESPACE}
current-context: ${LAB_CONTEXT}
preferences: {}
`;
}

/** Writes the lab's kubeconfig (mode 0600: it holds the token) and returns its path. */
export function writeKubeconfig(sandboxDir: string, config: LabKubeconfig): string {
  const path = kubeconfigPath(sandboxDir);
  writeFileAtomicallySync(path, renderKubeconfig(config), { mode: 0o600 });
  return path;
}

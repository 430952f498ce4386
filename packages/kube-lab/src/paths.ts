import { join } from 'node:path';

// Where the kube lab keeps its files in the sandbox's state folder. A module of its own, so code
// that only needs a path (the CLI, the kind-lab target) never loads the lab itself.

/** The lab's objects, saved atomically after every change. */
export const labStatePath = (sandboxDir: string) => join(sandboxDir, 'kube-lab.json');
/** The lab's TLS key (mode 0600) and self-signed certificate. */
export const labKeyPath = (sandboxDir: string) => join(sandboxDir, 'kube-lab.key');
export const labCertPath = (sandboxDir: string) => join(sandboxDir, 'kube-lab.crt');
/** The kubeconfig for the lab (mode 0600: it holds the token). */
export const kubeconfigPath = (sandboxDir: string) => join(sandboxDir, 'kubeconfig');

import type { TargetName } from './types.js';

/** Variables every run provides, whatever the target. */
export const BUILTIN_VARIABLES = ['TARGET', 'WORKDIR', 'FIXTURES', 'LESSON_DIR'] as const;

/**
 * Variables each target provides to lessons as {{NAME}}. Lint checks references against this
 * table; each target implementation in src/targets provides exactly these.
 */
export const TARGET_VARIABLES: Readonly<Record<TargetName, readonly string[]>> = {
  // UPSTREAM is the URL a Kong service should point at: the sandbox's built-in echo service
  // (`http://echo`), or whatever upstream a self-managed Kong or a Konnect data plane can reach.
  sandbox: ['PROXY', 'ADMIN', 'SANDBOX_TOKEN', 'UPSTREAM'],
  kind: ['PROXY', 'NAMESPACE', 'KUBE_CONTEXT', 'CLUSTER'],
  konnect: ['PROXY', 'KONNECT_TOKEN', 'KONNECT_SERVER_URL', 'CONTROL_PLANE', 'UPSTREAM'],
  gateway: ['PROXY', 'ADMIN', 'UPSTREAM'],
  // The kind lessons offline: the sandbox acts as the cluster (kind's variables), is reachable
  // as a gateway (ADMIN, SANDBOX_TOKEN), and plays Konnect's control plane for the operator, so
  // KONNECT_TOKEN is the sandbox's own token.
  'kind-lab': [
    'PROXY',
    'NAMESPACE',
    'KUBE_CONTEXT',
    'CLUSTER',
    'ADMIN',
    'SANDBOX_TOKEN',
    'KONNECT_TOKEN',
    'KONNECT_SERVER_URL',
  ],
};

/** Target variables that are secrets: masked everywhere, never saved with progress. */
export const SECRET_TARGET_VARIABLES: readonly string[] = ['SANDBOX_TOKEN', 'KONNECT_TOKEN'];

/**
 * Target variables that are the target's own URLs: an HTTP check sent to one of them stays with
 * the target, and may carry the target's secrets. Any other host needs the learner's consent.
 */
export const TARGET_URL_VARIABLES: readonly string[] = ['PROXY', 'ADMIN', 'KONNECT_SERVER_URL'];

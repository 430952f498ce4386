/**
 * The kube lab's light side: what a client of a running lab needs (its kinds, paths, kubeconfig and
 * a small REST client). Starting a lab is `@kong-workshop/kube-lab/server`, loaded only when one starts.
 */
export { LabClient, resourcePath, type LabResponse } from './client.js';
export {
  LAB_KINDS,
  apiVersionOf,
  kindOf,
  kindFromArgument,
  qualifiedResource,
  type KindInfo,
} from './kinds.js';
export { LAB_CLUSTER, LAB_CONTEXT, LAB_CONTEXT_NAMESPACE, renderKubeconfig, writeKubeconfig } from './kubeconfig.js';
export { KONG_NAMESPACE } from './seed.js';
export { kubeconfigPath, labCertPath, labStatePath } from './paths.js';
export type { LabObject } from './types.js';

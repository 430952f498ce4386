/**
 * Kubernetes access for checks, the kind target and doctor: kubeconfig loading, discovery,
 * get/list/watch as raw JSON, and a managed port-forward to a service. Nothing here loads
 * @kubernetes/client-node until a function that needs it is called.
 */
export {
  connectKube,
  KubeClient,
  type KubeConnection,
  type WatchHandle,
} from './client.js';
export { currentContextOf, defaultKubeconfig } from './config.js';
export { KubeError, isKubeError, type KubeErrorCode } from './errors.js';
export { installHintForGroup, INSTALL_KIC } from './hints.js';
export { openServiceProxy, type ServiceProxy, type ServiceProxyOptions } from './port-forward.js';
export {
  isPodReady,
  type ServicePort,
} from './service-endpoint.js';
export {
  conditionsOf,
  describeObject,
  type KubeCondition,
  type KubeObject,
  type ListQuery,
  type ObjectMeta,
  type ObjectRef,
  type RequestOptions,
  type ResourceInfo,
  type WatchEvent,
  type WatchEventType,
} from './types.js';

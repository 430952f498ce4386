export type { Target, TargetInput, TargetSession, TargetOptions, KubeAccess } from './types.js';
export { TargetError } from './types.js';
export { targetFor, availableTargets } from './registry.js';
export { probeHttp, type Reachability } from './reachability.js';
export { kindTarget, kindSettings, DEFAULT_PROXY_SERVICE, type KindSettings } from './kind.js';
export { kindLabTarget, LAB_KONNECT_SERVER_URL } from './kind-lab.js';

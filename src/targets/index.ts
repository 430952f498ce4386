export type { Target, TargetInput, TargetSession, TargetOptions, KubeAccess } from './types.js';
export { TargetError } from './types.js';
export { targetFor, availableTargets } from './registry.js';
export { probeHttp, type Reachability } from './reachability.js';
export { kindTarget, kindSettings, type KindSettings } from './kind.js';
export { kindLabTarget } from './kind-lab.js';

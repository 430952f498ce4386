export type { Target, TargetSession, TargetOptions, KubeAccess } from './types.js';
export { TargetError } from './types.js';
export { kindTarget, kindSettings, DEFAULT_PROXY_SERVICE, type KindSettings } from './kind.js';

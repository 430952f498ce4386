export type { Target, TargetSession, TargetOptions, KubeAccess } from './types.js';
export { TargetError } from './types.js';

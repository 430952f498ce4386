/**
 * The gateway's insides that a program driving its configuration needs (the kube lab's ingress
 * controller loads declarative configuration into the Store as Kong's `POST /config` would).
 * Not needed to run or use the sandbox: that is the package's main entry.
 */
export { Store, emptySnapshot, pluginCacheKey, refId, type Snapshot } from './store/store.js';
export { loadDeclarative } from './declarative/load.js';
export { FOREIGN } from './declarative/relations.js';
export type { FlattenedError } from './declarative/flatten-errors.js';
export { ENTITY_TYPES, type EntityType } from './schema/entities.js';
export { SCHEMAS, type Entity } from './schema/validate.js';
export { JsonSaver } from './persistence.js';
export { listenWithFallback } from './listen.js';
export { SandboxError } from './errors.js';
export type { SandboxRuntime } from './runtime.js';
export type { KubeLabStarter, KubeLabHost, AttachedKubeLab } from './kube-lab-host.js';

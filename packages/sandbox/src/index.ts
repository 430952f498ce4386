/**
 * The embedded sandbox gateway: a small Kong 3.9 stand-in (key-auth, consumers, rate-limiting,
 * Admin API, declarative config) on 127.0.0.1, and its kube lab: a Kubernetes API with Kong
 * Ingress Controller and the Kong operator in-process. See docs/sandbox.md and docs/kind-lab.md.
 */
export { startSandbox, type SandboxOptions, type RunningSandbox } from './sandbox.js';
export * from './control.js';
export { EXTENSION_PREFIX } from './admin/extensions.js';
export { SERVER_TOKEN } from './responses.js';
export { systemClock, type Clock } from './clock.js';
export type { EchoReply } from './echo.js';
export type { KubeLabStarter, KubeLabHost, AttachedKubeLab } from './kube-lab-host.js';
export { PLUGIN_NAMES as SANDBOX_PLUGINS } from './schema/plugins.js';
export { ENTITY_TYPES as SANDBOX_ENTITY_TYPES } from './schema/entities.js';

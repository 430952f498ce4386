import { LAB_KINDS } from '@kong-workshop/kube-lab';
import { SANDBOX_ENTITY_TYPES, SANDBOX_PLUGINS } from '@kong-workshop/sandbox';
import type { TargetName } from '../lesson/index.js';
import type { DroppedTarget } from './report.js';

/** The Kong version the sandbox behaves like (docs/sandbox.md). */
const SANDBOX_VERSION = [3, 9];

/** Front-matter `entities` names (singular) the sandbox's Admin API and deck files know. */
const SANDBOX_ENTITIES = new Set([
  'service',
  'route',
  'consumer',
  'plugin',
  ...SANDBOX_ENTITY_TYPES.map((t) => t.replace(/s$/, '')),
]);

export interface PageFacts {
  readonly worksOn: readonly string[];
  readonly products: readonly string[];
  readonly plugins: readonly string[];
  readonly entities: readonly string[];
  readonly minGateway?: string;
}

/**
 * The targets a page can run on, and why the others were dropped: `on-prem` → sandbox and
 * gateway, `konnect` → konnect, KIC and operator pages → kind-lab and kind. The sandbox (and
 * the kind lab, whose gateway is the sandbox) keep a page only when they support its plugins,
 * entities and version.
 */
export function targetsFor(facts: PageFacts): { targets: TargetName[]; dropped: DroppedTarget[] } {
  const kube = facts.products.some((p) => p === 'kic' || p === 'operator');
  const worksOn = facts.worksOn.length ? facts.worksOn : ['on-prem'];
  const wanted: TargetName[] = kube
    ? ['kind-lab', 'kind']
    : [
        ...(worksOn.includes('on-prem') ? (['sandbox', 'gateway'] as const) : []),
        ...(worksOn.some((w) => w.startsWith('konnect')) ? (['konnect'] as const) : []),
      ];
  if (wanted.length === 0) wanted.push('gateway');
  const dropped: DroppedTarget[] = [];
  const local = wanted.filter((t) => t === 'sandbox' || t === 'kind-lab');
  for (const target of local) {
    const reason = sandboxGap(facts, target);
    if (reason) dropped.push({ target, reason });
  }
  return { targets: wanted.filter((t) => !dropped.some((d) => d.target === t)), dropped };
}

function sandboxGap(facts: PageFacts, target: TargetName): string | undefined {
  const where = target === 'sandbox' ? 'the sandbox' : "the kind lab's gateway";
  const plugins = facts.plugins.filter((p) => !(SANDBOX_PLUGINS as readonly string[]).includes(p));
  if (plugins.length)
    return (
      `${where} does not have the plugin${plugins.length > 1 ? 's' : ''} ${plugins.join(', ')} (it has ` +
      `${SANDBOX_PLUGINS.join(', ')})`
    );
  const products = facts.products.filter((p) => !['gateway', 'kic', 'operator'].includes(p));
  if (products.length) return `${where} is a Kong Gateway, not ${products.join(', ')}`;
  if (target === 'sandbox') {
    const entities = facts.entities.filter((e) => !SANDBOX_ENTITIES.has(e.replace(/-/g, '_')));
    if (entities.length)
      return `the sandbox does not have the entit${entities.length > 1 ? 'ies' : 'y'} ${entities.join(', ')}`;
  }
  if (facts.minGateway && newerThanSandbox(facts.minGateway))
    return `the page needs Kong Gateway ${facts.minGateway}; ${where} behaves like ${SANDBOX_VERSION.join('.')}`;
  return undefined;
}

function newerThanSandbox(version: string): boolean {
  const [major = 0, minor = 0] = version.split('.').map(Number);
  return major > SANDBOX_VERSION[0]! || (major === SANDBOX_VERSION[0] && minor > SANDBOX_VERSION[1]!);
}

/** Whether the kind lab answers this Kubernetes kind. */
export function labHasKind(kind: string): boolean {
  return LAB_KINDS.some((k) => k.kind === kind);
}

/**
 * The Admin API paths the sandbox answers, by first segment: its entity types (which grow with the
 * sandbox package) and its own endpoints. A page that calls another (`/rbac/users`, `/keyring`) is
 * an Enterprise page the sandbox cannot run.
 */
const SANDBOX_ADMIN_ROOTS = new Set<string>([
  '',
  'config',
  'status',
  'tags',
  'schemas',
  'endpoints',
  'key-auths',
  'basic-auths',
  ...SANDBOX_ENTITY_TYPES,
]);

/** Ports a page's command may talk to on localhost and still be served by the sandbox (proxy, Admin API). */
const SANDBOX_PORTS = new Set(['8000', '8001', '8443', '8444']);

/** Why the sandbox's Admin API cannot answer a request to `path`, or undefined when it can. */
export function adminPathGap(path: string): string | undefined {
  const first =
    path
      .replace(/^https?:\/\/[^/]+/, '')
      .replace(/^\/+/, '')
      .split(/[/?#]/)[0] ?? '';
  if (/^[{$]/.test(first) || SANDBOX_ADMIN_ROOTS.has(first)) return undefined;
  return `the sandbox's Admin API has no /${first}`;
}

/** Why the sandbox cannot run a plugin the page configures, or undefined when it can. */
export function pluginGap(name: string): string | undefined {
  return (SANDBOX_PLUGINS as readonly string[]).includes(name)
    ? undefined
    : `the sandbox does not have the plugin ${name}`;
}

/** Why the sandbox cannot serve what a page's command reaches on localhost (Vault on :8200…), if it cannot. */
export function localServiceGap(command: string): string | undefined {
  for (const match of command.matchAll(/\b(?:localhost|127\.0\.0\.1):(\d+)/g))
    if (!SANDBOX_PORTS.has(match[1] ?? '')) return `the page needs a service on localhost:${match[1]}`;
  return undefined;
}

/**
 * Why the sandbox cannot run a page's declarative state: plugins it lacks, and services pointing at
 * an upstream the offline sandbox cannot reach (the echo stands in for httpbin only).
 */
export function deckGaps(state: Readonly<Record<string, unknown>>): string[] {
  const gaps: string[] = [];
  const list = (key: string) => (Array.isArray(state[key]) ? state[key] : []);
  for (const plugin of list('plugins')) {
    const name = isRecord(plugin) && typeof plugin.name === 'string' ? plugin.name : undefined;
    const gap = name === undefined ? undefined : pluginGap(name);
    if (gap) gaps.push(gap);
  }
  for (const service of list('services')) {
    if (!isRecord(service)) continue;
    const url = typeof service.url === 'string' ? service.url : typeof service.host === 'string' ? service.host : '';
    if (url !== '' && !url.startsWith('{{UPSTREAM}}') && !/^(https?:\/\/)?echo\b/.test(url))
      gaps.push(
        `the page's service ${String(service.name ?? '')} points at ${url}, which the offline sandbox cannot reach`,
      );
  }
  return gaps;
}

const isRecord = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

import { servedKind } from '../kinds.js';
import type { ObjectStore } from '../object-store.js';
import { INGRESS_CLASS } from '../seed.js';
import type { LabObject } from '../types.js';

// What KIC's translator reads (its cache, internal/store/store.go) and the bookkeeping it keeps
// while translating (failures, objects configured), for the lab's translator.

/** A translation failure, as KIC's failures collector holds it: a message and its causes. */
export interface ResourceFailure {
  readonly message: string;
  readonly objects: readonly LabObject[];
}

export const ANNOTATION_PREFIX = 'konghq.com';
const PLUGINS_ANNOTATION = `${ANNOTATION_PREFIX}/plugins`;
const INGRESS_CLASS_ANNOTATION = 'kubernetes.io/ingress.class';
const DEFAULT_CLASS_ANNOTATION = 'ingressclass.kubernetes.io/is-default-class';

const kind = (apiVersion: string, name: string) => servedKind(apiVersion, name);
export const KINDS = {
  secret: kind('v1', 'Secret'),
  service: kind('v1', 'Service'),
  ingress: kind('networking.k8s.io/v1', 'Ingress'),
  ingressClass: kind('networking.k8s.io/v1', 'IngressClass'),
  gatewayClass: kind('gateway.networking.k8s.io/v1', 'GatewayClass'),
  gateway: kind('gateway.networking.k8s.io/v1', 'Gateway'),
  httpRoute: kind('gateway.networking.k8s.io/v1', 'HTTPRoute'),
  kongPlugin: kind('configuration.konghq.com/v1', 'KongPlugin'),
  kongClusterPlugin: kind('configuration.konghq.com/v1', 'KongClusterPlugin'),
  kongConsumer: kind('configuration.konghq.com/v1', 'KongConsumer'),
  kongConsumerGroup: kind('configuration.konghq.com/v1beta1', 'KongConsumerGroup'),
} as const;

/** KIC's view of the cluster: its cache, filtered by ingress class where KIC filters. */
export class ClusterView {
  readonly failures: ResourceFailure[] = [];
  /** Objects that made it into the configuration (KIC's "configured Kubernetes objects"). */
  readonly configured = new Map<string, LabObject>();
  private readonly defaultClass: boolean;

  constructor(readonly store: ObjectStore) {
    const ingressClass = store.get(KINDS.ingressClass, undefined, INGRESS_CLASS);
    this.defaultClass = ingressClass?.metadata.annotations?.[DEFAULT_CLASS_ANNOTATION] === 'true';
  }

  fail(message: string, ...objects: LabObject[]): void {
    this.failures.push({ message, objects });
  }

  markConfigured(object: LabObject): void {
    this.configured.set(objectKey(object), object);
  }

  get(which: keyof typeof KINDS, namespace: string | undefined, name: string): LabObject | undefined {
    return this.store.get(KINDS[which], namespace, name);
  }

  /** Objects sorted by namespace/name, the order KIC's store lists them in. */
  list(which: keyof typeof KINDS): LabObject[] {
    return this.store.list(KINDS[which]).sort((a, b) => objectKey(a).localeCompare(objectKey(b)));
  }

  /**
   * MatchesIngressClass for objects carrying the class annotation (KongConsumer,
   * KongClusterPlugin): exactly `kong`, or no class at all when `kong` is the default class.
   */
  matchesClassAnnotation(object: LabObject): boolean {
    const value = object.metadata.annotations?.[INGRESS_CLASS_ANNOTATION] ?? '';
    return value === INGRESS_CLASS || (this.defaultClass && value === '');
  }

  /** ListIngressesV1: the annotation wins, then spec.ingressClassName, then the default class. */
  ingressMatches(ingress: LabObject): boolean {
    const annotation = ingress.metadata.annotations?.[INGRESS_CLASS_ANNOTATION];
    if (annotation) return annotation === INGRESS_CLASS;
    const className = (ingress.spec as { ingressClassName?: string } | undefined)?.ingressClassName;
    if (className !== undefined) return className === INGRESS_CLASS;
    return this.defaultClass;
  }
}

export function objectKey(object: LabObject): string {
  return `${object.apiVersion}/${object.kind}/${object.metadata.namespace ?? ''}/${object.metadata.name}`;
}

/**
 * KIC's GenerateTagsForObject: `k8s-name:`, `k8s-namespace:`, `k8s-kind:`, `k8s-uid:`,
 * `k8s-group:`, `k8s-version:`, then the object's `konghq.com/tags` annotation.
 */
export function tagsFor(object: LabObject): string[] {
  const [group, version] = object.apiVersion.includes('/') ? object.apiVersion.split('/', 2) : ['', object.apiVersion];
  const tags = [`k8s-name:${object.metadata.name}`];
  if (object.metadata.namespace) tags.push(`k8s-namespace:${object.metadata.namespace}`);
  tags.push(`k8s-kind:${object.kind}`);
  if (object.metadata.uid) tags.push(`k8s-uid:${object.metadata.uid}`);
  if (group) tags.push(`k8s-group:${group}`);
  if (version) tags.push(`k8s-version:${version}`);
  const user = object.metadata.annotations?.[`${ANNOTATION_PREFIX}/tags`];
  if (user)
    tags.push(
      ...new Set(
        user
          .split(',')
          .map((t) => t.trim())
          .filter(Boolean),
      ),
    );
  return tags;
}

/** `konghq.com/plugins: a, b, other-ns:c` as [namespace, name] pairs (namespace '' = local). */
export function pluginReferences(object: LabObject): { namespace: string; name: string }[] {
  const value = object.metadata.annotations?.[PLUGINS_ANNOTATION];
  if (!value) return [];
  return value
    .split(',')
    .map((part) => part.trim())
    .filter(Boolean)
    .map((part) =>
      part.includes(':')
        ? { namespace: part.split(':')[0]!, name: part.split(':')[1]! }
        : { namespace: '', name: part },
    );
}

/** A secret's data value as text (data is base64, as stored). */
export function secretValue(secret: LabObject, key: string): string | undefined {
  const data = secret.data as Record<string, string> | undefined;
  const value = data?.[key];
  return value === undefined ? undefined : Buffer.from(value, 'base64').toString('utf8');
}

/** The parts of object metadata the runner reads. */
export interface ObjectMeta {
  readonly name?: string;
  readonly namespace?: string;
  readonly uid?: string;
  readonly generation?: number;
  readonly resourceVersion?: string;
  readonly labels?: Readonly<Record<string, string>>;
  readonly annotations?: Readonly<Record<string, string>>;
  readonly deletionTimestamp?: string;
  readonly creationTimestamp?: string;
}

/**
 * A Kubernetes object exactly as the API server sent it (JSON, not client-node's typed models,
 * so JSONPath sees the same fields and values kubectl does).
 */
export interface KubeObject {
  readonly apiVersion?: string;
  readonly kind?: string;
  readonly metadata?: ObjectMeta;
  readonly [field: string]: unknown;
}

/** A `metav1.Condition` (or the older shapes, which lack observedGeneration). */
export interface KubeCondition {
  readonly type: string;
  readonly status: string;
  readonly reason?: string;
  readonly message?: string;
  readonly observedGeneration?: number;
  readonly lastTransitionTime?: string;
}

/** Where a kind lives in the API, found through discovery. */
export interface ResourceInfo {
  readonly apiVersion: string;
  /** '' for the core group. */
  readonly group: string;
  readonly version: string;
  readonly kind: string;
  /** The URL segment, e.g. `kongconsumers`. */
  readonly plural: string;
  readonly namespaced: boolean;
}

/** One object, addressed the way lessons write it. */
export interface ObjectRef {
  readonly apiVersion: string;
  readonly kind: string;
  readonly name: string;
  /** For namespaced kinds; the client's default namespace when undefined. */
  readonly namespace?: string;
}

export interface ListQuery {
  readonly apiVersion: string;
  readonly kind: string;
  /** undefined lists across all namespaces (or a cluster-scoped kind). */
  readonly namespace?: string;
  readonly labelSelector?: string;
  readonly fieldSelector?: string;
}

export type WatchEventType = 'ADDED' | 'MODIFIED' | 'DELETED' | 'BOOKMARK' | 'ERROR';

export interface WatchEvent {
  readonly type: WatchEventType;
  readonly object: KubeObject;
}

/** Per-request options: every call can be cancelled and has a deadline. */
export interface RequestOptions {
  readonly signal?: AbortSignal;
  /** Default 10s. */
  readonly timeoutMs?: number;
}

/** Reads the conditions of an object's status, tolerating objects without any. */
export function conditionsOf(object: KubeObject | undefined): readonly KubeCondition[] {
  const status = object?.status as { conditions?: unknown } | undefined;
  if (!Array.isArray(status?.conditions)) return [];
  return status.conditions.filter(
    (c): c is KubeCondition => typeof c === 'object' && c !== null && typeof (c as KubeCondition).type === 'string',
  );
}

/** `kong/alex` or `alex` (cluster-scoped), for messages. */
export function describeObject(kind: string, name: string, namespace?: string): string {
  return `${kind} ${namespace ? `${namespace}/` : ''}${name}`;
}

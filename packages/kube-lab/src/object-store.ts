import { randomUUID } from 'node:crypto';
import { apiVersionOf, kindOf, type KindInfo, servedKind } from './kinds.js';
import { timestamp, type LabObject } from './types.js';

export type ChangeType = 'ADDED' | 'MODIFIED' | 'DELETED';

/** One change, as watchers receive it. `object` carries the new resourceVersion. */
export interface Change {
  readonly type: ChangeType;
  readonly kind: KindInfo;
  readonly object: LabObject;
  /** The object before the change (MODIFIED, DELETED). */
  readonly previous?: LabObject;
  readonly resourceVersion: number;
}

export interface StoreSnapshot {
  readonly resourceVersion: number;
  readonly objects: readonly LabObject[];
}

// Watches may resume from any resourceVersion still in this window; older ones get 410 Gone,
// exactly as from etcd's compacted history.
const HISTORY = 5000;

/**
 * The lab's etcd: objects by kind, namespace and name, one cluster-wide resourceVersion
 * counter, uid and creationTimestamp on create, `metadata.generation` kept as the API server
 * keeps it, and a change history watchers resume from. It enforces no API rules: the REST layer
 * validates and defaults before it writes, controllers write status through it.
 */
export class ObjectStore {
  private objects = new Map<string, LabObject>();
  private history: Change[] = [];
  private version = 1;
  private readonly listeners = new Set<(change: Change) => void>();
  private readonly pending: Change[] = [];
  private dispatching = false;

  constructor(private readonly now: () => number = Date.now) {}

  get resourceVersion(): string {
    return String(this.version);
  }

  /** A copy of the object, or undefined. */
  get(kind: KindInfo, namespace: string | undefined, name: string): LabObject | undefined {
    const found = this.objects.get(keyOf(kind, namespace, name));
    return found && structuredClone(found);
  }

  /** Copies of a kind's objects, in one namespace or all, in creation order. */
  list(kind: KindInfo, namespace?: string): LabObject[] {
    const prefix = `${kind.group}|${kind.plural}|`;
    const out: LabObject[] = [];
    for (const [key, object] of this.objects) {
      if (key.startsWith(prefix) && (namespace === undefined || object.metadata.namespace === namespace))
        out.push(structuredClone(object));
    }
    return out;
  }

  /** Stores a new object: uid, creationTimestamp, resourceVersion, generation 1. */
  create(kind: KindInfo, input: LabObject): LabObject {
    const object = structuredClone(input);
    object.apiVersion = apiVersionOf(kind);
    object.kind = kind.kind;
    const meta = object.metadata;
    meta.uid = randomUUID();
    meta.creationTimestamp = timestamp(this.now());
    if (!kind.namespaced) delete meta.namespace;
    if (kind.generation) meta.generation = 1;
    else delete meta.generation;
    return this.write(kind, object, undefined);
  }

  /** Replaces a stored object, keeping its identity; generation moves when its spec does. */
  update(kind: KindInfo, input: LabObject): LabObject {
    const previous = this.objects.get(keyOf(kind, input.metadata.namespace, input.metadata.name));
    if (!previous) throw new Error(`no ${kind.kind} ${input.metadata.name} to update`);
    const object = structuredClone(input);
    object.apiVersion = apiVersionOf(kind);
    object.kind = kind.kind;
    object.metadata = {
      ...object.metadata,
      uid: previous.metadata.uid,
      creationTimestamp: previous.metadata.creationTimestamp,
      namespace: previous.metadata.namespace,
    };
    if (!kind.namespaced) delete object.metadata.namespace;
    if (kind.generation)
      object.metadata.generation = (previous.metadata.generation ?? 1) + (specOf(previous) === specOf(object) ? 0 : 1);
    else delete object.metadata.generation;
    if (sameObject(previous, object)) return structuredClone(previous);
    return this.write(kind, object, previous);
  }

  remove(kind: KindInfo, namespace: string | undefined, name: string): LabObject | undefined {
    const key = keyOf(kind, namespace, name);
    const previous = this.objects.get(key);
    if (!previous) return undefined;
    this.objects.delete(key);
    const object = structuredClone(previous);
    object.metadata.resourceVersion = String(++this.version);
    this.record({ type: 'DELETED', kind, object, previous, resourceVersion: this.version });
    return structuredClone(object);
  }

  /** Changes after `resourceVersion`, or 'gone' when that is older than the kept history. */
  changesSince(resourceVersion: number): readonly Change[] | 'gone' {
    const oldest = this.history[0]?.resourceVersion ?? this.version + 1;
    if (resourceVersion < oldest - 1 && resourceVersion < this.version) return 'gone';
    return this.history.filter((change) => change.resourceVersion > resourceVersion);
  }

  onChange(listener: (change: Change) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  snapshot(): StoreSnapshot {
    return { resourceVersion: this.version, objects: [...this.objects.values()].map((o) => structuredClone(o)) };
  }

  /** Replaces everything (a saved state, a reset). Watchers see the difference as changes. */
  restore(snapshot: StoreSnapshot): void {
    const next = new Map<string, LabObject>();
    for (const object of snapshot.objects) {
      const kind = kindOf(object.apiVersion, object.kind);
      if (kind) next.set(keyOf(kind, object.metadata.namespace, object.metadata.name), structuredClone(object));
    }
    this.version = Math.max(this.version, snapshot.resourceVersion);
    const before = this.objects;
    this.objects = next;
    for (const [key, previous] of before) {
      if (next.has(key)) continue;
      const kind = servedKind(previous.apiVersion, previous.kind);
      const object = {
        ...structuredClone(previous),
        metadata: { ...previous.metadata, resourceVersion: String(++this.version) },
      };
      this.record({ type: 'DELETED', kind, object, previous, resourceVersion: this.version });
    }
    for (const [key, object] of next) {
      const kind = servedKind(object.apiVersion, object.kind);
      const previous = before.get(key);
      if (
        previous &&
        sameObject(previous, object) &&
        previous.metadata.resourceVersion === object.metadata.resourceVersion
      )
        continue;
      this.recordWrite(kind, object, previous);
    }
  }

  private write(kind: KindInfo, object: LabObject, previous: LabObject | undefined): LabObject {
    this.objects.set(keyOf(kind, object.metadata.namespace, object.metadata.name), object);
    this.recordWrite(kind, object, previous);
    return structuredClone(object);
  }

  /** Gives the object its next resourceVersion and tells watchers it was added or modified. */
  private recordWrite(kind: KindInfo, object: LabObject, previous: LabObject | undefined): void {
    object.metadata.resourceVersion = String(++this.version);
    this.record({
      type: previous ? 'MODIFIED' : 'ADDED',
      kind,
      object: structuredClone(object),
      previous,
      resourceVersion: this.version,
    });
  }

  private record(change: Change): void {
    this.history.push(change);
    if (this.history.length > HISTORY) this.history.splice(0, this.history.length - HISTORY);
    // A listener may write (a controller setting status); its change is delivered after this
    // one has reached every listener, so watchers always see resourceVersions in order.
    this.pending.push(change);
    if (this.dispatching) return;
    this.dispatching = true;
    let failure: unknown;
    for (let next = this.pending.shift(); next; next = this.pending.shift()) {
      for (const listener of this.listeners) {
        try {
          listener(next);
        } catch (error) {
          failure ??= error;
        }
      }
    }
    this.dispatching = false;
    if (failure) throw failure;
  }
}

function keyOf(kind: KindInfo, namespace: string | undefined, name: string): string {
  return `${kind.group}|${kind.plural}|${kind.namespaced ? (namespace ?? '') : ''}|${name}`;
}

/** Everything but metadata and status: what `metadata.generation` counts changes of. */
function specOf(object: LabObject): string {
  const { metadata: _metadata, status: _status, ...rest } = object;
  return stableJson(rest);
}

/**
 * A change that touched only the status (or bookkeeping metadata): a controller that writes
 * status skips these, or its own writes would wake it again.
 */
export function statusOnly(change: Change): boolean {
  return (
    change.type === 'MODIFIED' &&
    change.previous !== undefined &&
    sameObject(withoutStatus(change.previous), withoutStatus(change.object))
  );
}

function withoutStatus(object: LabObject): LabObject {
  return { ...object, status: undefined };
}

function sameObject(a: LabObject, b: LabObject): boolean {
  const strip = (o: LabObject) =>
    stableJson({ ...o, metadata: { ...o.metadata, resourceVersion: undefined, managedFields: undefined } });
  return strip(a) === strip(b);
}

/** JSON with object keys sorted, so key order never counts as a change. */
export function stableJson(value: unknown): string {
  return JSON.stringify(value, (_key, v: unknown) =>
    v && typeof v === 'object' && !Array.isArray(v)
      ? Object.fromEntries(
          Object.entries(v as Record<string, unknown>).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)),
        )
      : v,
  );
}

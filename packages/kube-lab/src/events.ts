import { randomBytes } from 'node:crypto';
import { servedKind } from './kinds.js';
import type { ObjectStore } from './object-store.js';
import { timestamp, type LabObject } from './types.js';

const EVENTS = servedKind('v1', 'Event');
// Kubernetes keeps events for an hour (the API server's --event-ttl).
const EVENT_TTL_MS = 3600 * 1000;

/**
 * Records a core/v1 Event about an object, as client-go's recorder does: a repeat of the same
 * reason and message for the same object bumps `count` and `lastTimestamp` instead of adding one.
 * `kubectl describe` shows them under Events.
 */
export function recordEvent(
  store: ObjectStore,
  object: LabObject,
  type: 'Normal' | 'Warning',
  reason: string,
  message: string,
  component: string,
  now = Date.now(),
): void {
  const namespace = object.metadata.namespace ?? 'default';
  const same = store
    .list(EVENTS, namespace)
    .find(
      (e) =>
        (e.involvedObject as { uid?: string } | undefined)?.uid === object.metadata.uid &&
        e.reason === reason &&
        e.message === message &&
        e.type === type,
    );
  if (same) {
    store.update(EVENTS, { ...same, count: Number(same.count ?? 1) + 1, lastTimestamp: timestamp(now) });
    return;
  }
  store.create(EVENTS, {
    apiVersion: 'v1',
    kind: 'Event',
    metadata: { name: `${object.metadata.name}.${randomBytes(8).toString('hex')}`, namespace },
    involvedObject: {
      apiVersion: object.apiVersion,
      kind: object.kind,
      name: object.metadata.name,
      ...(object.metadata.namespace ? { namespace: object.metadata.namespace } : {}),
      uid: object.metadata.uid,
      resourceVersion: object.metadata.resourceVersion,
    },
    reason,
    message,
    source: { component },
    firstTimestamp: timestamp(now),
    lastTimestamp: timestamp(now),
    count: 1,
    type,
    eventTime: null,
    reportingComponent: component,
    reportingInstance: '',
  });
}

/** Drops events older than an hour, and those about objects that are gone. */
export function pruneEvents(
  store: ObjectStore,
  exists: (involved: Record<string, unknown>) => boolean,
  now = Date.now(),
): void {
  for (const event of store.list(EVENTS)) {
    const last = Date.parse(String(event.lastTimestamp ?? event.metadata.creationTimestamp));
    if (now - last > EVENT_TTL_MS || !exists((event.involvedObject as Record<string, unknown>) ?? {}))
      store.remove(EVENTS, event.metadata.namespace, event.metadata.name);
  }
}

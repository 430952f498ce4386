import type { IncomingMessage, ServerResponse } from 'node:http';
import type { KindInfo } from './kinds.js';
import type { Change, ObjectStore } from './object-store.js';
import type { Selector } from './selectors.js';
import { gone } from './status-errors.js';
import { toTable } from './table.js';
import type { LabObject } from './types.js';

export interface WatchRequest {
  readonly kind: KindInfo;
  readonly namespace: string | undefined;
  readonly selects: Selector;
  /** undefined or "0": start with the current objects as ADDED events. */
  readonly resourceVersion: string | undefined;
  readonly timeoutSeconds: number | undefined;
  /** Wrap each object in a one-row Table (`kubectl get -w`). */
  readonly asTable: boolean;
  /** `sendInitialEvents=true`: end the initial events with a BOOKMARK marking their end. */
  readonly sendInitialEvents: boolean;
}

// The API server closes a watch after a random 30 to 60 minutes when the client names no timeout.
const DEFAULT_TIMEOUT_S = 1800;

/**
 * Streams a watch as the API server does: chunked JSON, one `{"type","object"}` per line, from
 * a resourceVersion (history replayed) or from now (current objects first). An object that
 * stops matching the selector is sent as DELETED, one that starts matching as ADDED.
 */
export function serveWatch(store: ObjectStore, watch: WatchRequest, req: IncomingMessage, res: ServerResponse): void {
  const from = watch.resourceVersion && watch.resourceVersion !== '0' ? Number(watch.resourceVersion) : undefined;
  const replay = from === undefined ? [] : store.changesSince(from);
  if (replay === 'gone') throw gone(`too old resource version: ${from} (${store.resourceVersion})`);

  res.writeHead(200, {
    'Content-Type': 'application/json',
    'Transfer-Encoding': 'chunked',
    'Cache-Control': 'no-cache, private',
  });
  // Clients wait for the headers before they read any event; Node holds them until the first write.
  res.flushHeaders();
  const send = (type: string, object: LabObject) => {
    const body =
      watch.asTable && type !== 'BOOKMARK'
        ? toTable(watch.kind, [object], object.metadata.resourceVersion ?? store.resourceVersion, 'Metadata')
        : object;
    res.write(`${JSON.stringify({ type, object: body })}\n`);
  };
  const inScope = (object: LabObject) => watch.namespace === undefined || object.metadata.namespace === watch.namespace;
  const deliver = (change: Change) => {
    if (change.kind !== watch.kind) return;
    const now = inScope(change.object) && watch.selects(change.object);
    const before = change.previous !== undefined && inScope(change.previous) && watch.selects(change.previous);
    if (change.type === 'DELETED') {
      if (before || now) send('DELETED', change.object);
    } else if (now) send(before ? 'MODIFIED' : 'ADDED', change.object);
    else if (before) send('DELETED', change.object);
  };

  if (from === undefined) {
    for (const object of store.list(watch.kind, watch.namespace)) if (watch.selects(object)) send('ADDED', object);
    if (watch.sendInitialEvents) {
      send('BOOKMARK', {
        apiVersion: watch.kind.group ? `${watch.kind.group}/${watch.kind.version}` : watch.kind.version,
        kind: watch.kind.kind,
        metadata: {
          name: '',
          resourceVersion: store.resourceVersion,
          annotations: { 'k8s.io/initial-events-end': 'true' },
        },
      });
    }
  } else {
    for (const change of replay) deliver(change);
  }
  const unsubscribe = store.onChange(deliver);
  const timer = setTimeout(() => res.end(), (watch.timeoutSeconds ?? DEFAULT_TIMEOUT_S) * 1000);
  const stop = () => {
    unsubscribe();
    clearTimeout(timer);
  };
  req.once('close', stop);
  res.once('close', stop);
  res.once('finish', stop);
}

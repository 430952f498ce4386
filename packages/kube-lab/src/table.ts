import { NAME_COLUMN } from './columns.js';
import type { KindInfo } from './kinds.js';
import type { LabObject } from './types.js';

/** `?includeObject=`: what each row carries besides its cells (kubectl asks for Metadata). */
export type IncludeObject = 'None' | 'Metadata' | 'Object';

/** Does the client accept a `meta.k8s.io/v1` Table (what `kubectl get` asks for)? */
export function wantsTable(accept: string | undefined): boolean {
  return accept !== undefined && /as=Table/.test(accept) && /g=meta\.k8s\.io/.test(accept);
}

/**
 * A server-side Table, the way the API server prints objects for `kubectl get`: NAME and the
 * kind's printer columns (`priority: 1` ones show only with `-o wide`), a row per object.
 */
export function toTable(
  kind: KindInfo,
  objects: readonly LabObject[],
  resourceVersion: string,
  include: IncludeObject,
  now = Date.now(),
): Record<string, unknown> {
  const columns = kind.kind === 'Event' ? kind.columns : [NAME_COLUMN, ...kind.columns];
  return {
    kind: 'Table',
    apiVersion: 'meta.k8s.io/v1',
    metadata: { resourceVersion },
    columnDefinitions: columns.map((c) => ({
      name: c.name,
      type: c.type,
      format: c.format ?? '',
      description: c.description,
      priority: c.priority,
    })),
    rows: objects.map((object) => ({
      cells: columns.map((c) => c.cell(object, now) ?? null),
      ...(include === 'None' ? {} : { object: include === 'Object' ? object : partialMetadata(object) }),
    })),
  };
}

function partialMetadata(object: LabObject): Record<string, unknown> {
  const { managedFields: _managed, ...metadata } = object.metadata;
  return { kind: 'PartialObjectMetadata', apiVersion: 'meta.k8s.io/v1', metadata };
}

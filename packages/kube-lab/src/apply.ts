import { isRecord, timestamp, type LabObject, type ManagedFieldsEntry } from './types.js';

// Server-side apply (`PATCH` with `application/apply-patch+yaml`), as far as kubectl and
// client-node use it: the applied configuration is merged into the object, and fields this
// field manager applied before but leaves out now are removed unless another manager applied
// them too. Lists are atomic (owned whole), which is what every list the lessons touch is.
// Conflicts with other managers are not detected: every apply behaves as `--force-conflicts`.

type FieldSet = Record<string, unknown>;

const IDENTITY = new Set(['apiVersion', 'kind']);
const IDENTITY_META = new Set([
  'name',
  'namespace',
  'uid',
  'resourceVersion',
  'generation',
  'creationTimestamp',
  'managedFields',
]);

/** The `fieldsV1` set of an applied configuration: `{"f:spec":{"f:type":{}}}`. */
function fieldSetOf(value: unknown, top = true): FieldSet {
  const out: FieldSet = {};
  if (!isRecord(value)) return out;
  for (const [key, child] of Object.entries(value)) {
    if (top && IDENTITY.has(key)) continue;
    if (top && key === 'status') continue;
    if (top && key === 'metadata') {
      const meta: FieldSet = {};
      for (const field of ['labels', 'annotations'] as const) {
        if (isRecord(child) && isRecord(child[field]))
          meta[`f:${field}`] = { '.': {}, ...fieldSetOf(child[field], false) };
      }
      if (Object.keys(meta).length) out['f:metadata'] = meta;
      continue;
    }
    out[`f:${key}`] = isRecord(child) ? { '.': {}, ...fieldSetOf(child, false) } : {};
  }
  return out;
}

/** The object after `manager` applies `applied` to `existing` (undefined: it is created). */
export function serverSideApply(
  existing: LabObject | undefined,
  applied: LabObject,
  manager: string,
  now = Date.now(),
): LabObject {
  const owned = fieldSetOf(applied);
  const entry: ManagedFieldsEntry = {
    manager,
    operation: 'Apply',
    apiVersion: applied.apiVersion,
    time: timestamp(now),
    fieldsType: 'FieldsV1',
    fieldsV1: owned,
  };
  if (!existing) {
    const created = structuredClone(applied);
    delete created.status;
    created.metadata = { ...created.metadata, managedFields: [entry] };
    return created;
  }
  const entries = existing.metadata.managedFields ?? [];
  const previous =
    entries.find((e) => e.manager === manager && e.operation === 'Apply' && !e.subresource)?.fieldsV1 ?? {};
  const others = entries
    .filter((e) => !(e.manager === manager && e.operation === 'Apply' && !e.subresource))
    .map((e) => e.fieldsV1);
  const pruned = removeUnowned(structuredClone(existing), previous, owned, others);
  const merged = mergeApplied(pruned, applied) as LabObject;
  merged.status = existing.status;
  if (merged.status === undefined) delete merged.status;
  merged.metadata = {
    ...merged.metadata,
    managedFields: [
      ...entries.filter((e) => !(e.manager === manager && e.operation === 'Apply' && !e.subresource)),
      entry,
    ],
  };
  return merged;
}

/** Deletes what `previous` owned and `next` does not, unless some other manager owns it. */
function removeUnowned<T extends Record<string, unknown>>(
  value: T,
  previous: FieldSet,
  next: FieldSet,
  others: readonly FieldSet[],
): T {
  for (const [field, child] of Object.entries(previous)) {
    if (!field.startsWith('f:')) continue;
    const key = field.slice(2);
    const nextChild = next[field];
    const own = value[key];
    const otherChildren = others.map((o) => o[field]).filter((c): c is FieldSet => isRecord(c));
    if (nextChild === undefined) {
      if (otherChildren.length === 0) delete value[key];
      else if (isRecord(own) && isRecord(child)) removeUnowned(own, child, {}, otherChildren);
    } else if (isRecord(own) && isRecord(child) && isRecord(nextChild)) {
      removeUnowned(own, child, nextChild, otherChildren);
    }
  }
  return value;
}

function mergeApplied(current: Record<string, unknown>, applied: LabObject): Record<string, unknown> {
  const out = mergeValue(current, { ...applied, metadata: undefined, status: undefined }) as Record<string, unknown>;
  const meta = Object.fromEntries(
    Object.entries(applied.metadata).filter(
      ([key]) => !IDENTITY_META.has(key) || key === 'name' || key === 'namespace',
    ),
  );
  out.metadata = mergeValue(current.metadata, meta);
  return out;
}

function mergeValue(current: unknown, applied: unknown): unknown {
  if (!isRecord(applied) || !isRecord(current)) return structuredClone(applied);
  const out: Record<string, unknown> = { ...current };
  for (const [key, value] of Object.entries(applied)) {
    if (value === undefined) continue;
    out[key] = mergeValue(current[key], value);
  }
  return out;
}

import type { FlattenedError } from '@kong-workshop/sandbox/extension';
import { loadDeclarative } from '@kong-workshop/sandbox/extension';
import { FOREIGN } from '@kong-workshop/sandbox/extension';
import { ENTITY_TYPES, type EntityType } from '@kong-workshop/sandbox/extension';
import { SCHEMAS, type Entity } from '@kong-workshop/sandbox/extension';
import { emptySnapshot, pluginCacheKey, refId, type Store } from '@kong-workshop/sandbox/extension';
import { stableJson } from '../object-store.js';
import type { LabObject } from '../types.js';
import type { ResourceFailure } from './context.js';
import { stringsOrNull } from '@kong-workshop/common';

// The gateway side of KIC's sync: the translated configuration is loaded as Kong DB-less loads
// a POST /config (schemas, references, uniqueness, flattened errors), then replaces the part of
// the sandbox's configuration the lab manages: the entities carrying KIC's `k8s-kind:` tags.
// Entities made through the Admin API or `sandbox sync` stay, so both ways can share a sandbox.

export type GatewayApply =
  | { readonly ok: true; readonly changed: boolean }
  /** Kong refused the configuration: KongConfigurationApplyFailed events, last good config kept. */
  | { readonly ok: false; readonly failures: readonly ResourceFailure[] };

const isManaged = (entity: Entity) => (stringsOrNull(entity.tags) ?? []).some((t) => t.startsWith('k8s-kind:'));
const TIMESTAMPS = new Set(['created_at', 'updated_at']);

export function applyToGateway(
  gateway: Store,
  config: Record<string, unknown>,
  findObject: (tags: readonly string[]) => LabObject | undefined,
): GatewayApply {
  const loaded = loadDeclarative(config, { flattenErrors: true });
  if (!loaded.ok) {
    const flattened = loaded.flattened ?? [];
    return { ok: false, failures: flattened.flatMap((error) => failuresOf(error, findObject)) };
  }
  const current = gateway.snapshot();
  const next = emptySnapshot();
  const kept = emptySnapshot();
  const idMap = new Map<string, string>();
  // An entity without tags (a consumer group membership) is the lab's when it points at one of the lab's
  // entities; otherwise every sync would keep the old memberships beside the new ones.
  const managedIds = new Set(ENTITY_TYPES.flatMap((type) => current[type].filter(isManaged).map((e) => e.id)));
  const managed = (type: EntityType, e: Entity) =>
    isManaged(e) ||
    (!('tags' in SCHEMAS[type].fields) && Object.keys(FOREIGN[type]).some((f) => managedIds.has(refId(e[f]) ?? '')));
  for (const type of ENTITY_TYPES) {
    kept[type] = current[type].filter((e) => !managed(type, e));
    const previous = new Map(current[type].filter((e) => managed(type, e)).map((e) => [naturalKey(type, e), e]));
    next[type] = loaded.snapshot[type].map((entity) => {
      const before = previous.get(naturalKey(type, entity));
      if (!before) return entity;
      if (before.id !== entity.id) idMap.set(entity.id, before.id);
      return {
        ...entity,
        id: before.id,
        created_at: before.created_at,
        ...('updated_at' in before ? { updated_at: before.updated_at } : {}),
      };
    });
  }
  for (const type of ENTITY_TYPES) next[type] = next[type].map((e) => remap(type, e, idMap));

  const conflicts = uniqueConflicts(kept, next, findObject);
  if (conflicts.length) return { ok: false, failures: conflicts };
  if (
    ENTITY_TYPES.every((type) =>
      sameEntities(
        current[type].filter((e) => managed(type, e)),
        next[type],
      ),
    )
  )
    return { ok: true, changed: false };

  const ids = new Set(ENTITY_TYPES.flatMap((type) => [...kept[type], ...next[type]].map((e) => e.id)));
  const merged = emptySnapshot();
  for (const type of ENTITY_TYPES) {
    // An entity of someone else's that pointed at a lab entity now gone goes with it, as a cascade would.
    const survivors = kept[type].filter((e) =>
      Object.keys(FOREIGN[type]).every((field) => {
        const id = refId(e[field]);
        return !id || ids.has(id);
      }),
    );
    merged[type] = [...survivors, ...next[type]];
  }
  gateway.replace(merged);
  return { ok: true, changed: true };
}

/** KIC's message for a gateway rejection: `invalid <field>: <message>` or `invalid <type>:<name>: <message>`. */
function failuresOf(
  error: FlattenedError,
  findObject: (tags: readonly string[]) => LabObject | undefined,
): ResourceFailure[] {
  const object = findObject(error.entity_tags ?? []);
  if (!object) return [];
  return error.errors.map((e) => ({
    message:
      e.type === 'field'
        ? `invalid ${e.field}: ${e.message}`
        : `invalid ${error.entity_type}:${error.entity_name ?? error.entity_id ?? ''}: ${e.message}`,
    objects: [object],
  }));
}

function uniqueConflicts(
  kept: Record<EntityType, Entity[]>,
  next: Record<EntityType, Entity[]>,
  findObject: (tags: readonly string[]) => LabObject | undefined,
): ResourceFailure[] {
  const failures: ResourceFailure[] = [];
  for (const type of ENTITY_TYPES) {
    for (const entity of next[type]) {
      const clash = kept[type].find(
        (other) =>
          SCHEMAS[type].uniqueFields.some((f) => entity[f] != null && other[f] === entity[f]) ||
          (type === 'plugins' && pluginCacheKey(other) === pluginCacheKey(entity)),
      );
      const object = clash && findObject(stringsOrNull(entity.tags) ?? []);
      if (!clash || !object) continue;
      const field = SCHEMAS[type].uniqueFields.find((f) => entity[f] != null && clash[f] === entity[f]) ?? 'name';
      // A credential's key is a secret: name the field, never the value.
      const value =
        type === 'keyauth_credentials' || type === 'basicauth_credentials' ? '…' : String(entity[field] ?? entity.name);
      failures.push({
        message:
          `invalid ${type.replace(/s$/, '')}: UNIQUE violation detected on '{${field}="${value}"}': the ` +
          `sandbox has one the lab does not manage (made with the Admin API or sandbox sync); delete it, or run ` +
          `\`kong-workshop sandbox reset\``,
        objects: [object],
      });
    }
  }
  return failures;
}

/** Which earlier entity a newly loaded one is the same as, so ids and timestamps stay put. */
function naturalKey(type: EntityType, entity: Entity): string {
  switch (type) {
    case 'consumers':
      return String(entity.username ?? `custom_id:${String(entity.custom_id)}`);
    case 'keyauth_credentials':
      return String(entity.key);
    case 'acls':
      return `${String(refId(entity.consumer))}|${String(entity.group)}`;
    case 'basicauth_credentials':
    case 'hmacauth_credentials':
      return String(entity.username);
    case 'jwt_secrets':
      return String(entity.key);
    case 'oauth2_credentials':
      return String(entity.client_id);
    case 'consumer_group_consumers':
      return `${String(refId(entity.consumer_group))}|${String(refId(entity.consumer))}`;
    case 'plugins':
      return `${pluginCacheKey(entity)}|${String(entity.instance_name ?? '')}`;
    default:
      return String(entity.name ?? entity.id);
  }
}

function remap(type: EntityType, entity: Entity, idMap: ReadonlyMap<string, string>): Entity {
  if (idMap.size === 0) return entity;
  const out: Entity = { ...entity };
  for (const field of Object.keys(FOREIGN[type])) {
    const id = refId(out[field]);
    const mapped = id ? idMap.get(id) : undefined;
    if (mapped !== undefined) out[field] = { id: mapped };
  }
  return out;
}

function sameEntities(a: readonly Entity[], b: readonly Entity[]): boolean {
  const strip = (list: readonly Entity[]) =>
    stableJson(
      list
        .map((e) => Object.fromEntries(Object.entries(e).filter(([k]) => !TIMESTAMPS.has(k))))
        .sort((x, y) => String(x.id).localeCompare(String(y.id))),
    );
  return strip(a) === strip(b);
}

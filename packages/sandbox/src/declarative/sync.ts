import type { DaoError } from '../dao-errors.js';
import { ENTITY_TYPES, type EntityType } from '../schema/entities.js';
import type { Entity } from '../schema/validate.js';
import { emptySnapshot, refId, type Snapshot, type Store } from '../store/store.js';
import { prepareDeckFile } from './deck.js';
import { loadDeclarative } from './load.js';
import { stringOrNull, stringsOrNull } from '@kong-workshop/common';

/** What `sandbox sync` changed, in deck's words. */
export interface SyncSummary {
  readonly created: number;
  readonly updated: number;
  readonly deleted: number;
  /** "creating service echo", "updating plugin rate-limiting for consumer alice", … */
  readonly changes: readonly string[];
  readonly controlPlane: string | undefined;
}

export type SyncResult = { ok: true; summary: SyncSummary } | { ok: false; error: DaoError };

const TIMESTAMPS = new Set(['created_at', 'updated_at']);

/**
 * deck's `gateway sync` against the sandbox: the file becomes the configuration of everything it
 * manages (everything, or the entities carrying its select_tags), existing entities keep their
 * ids, and the result is reported as creates, updates and deletes.
 */
export function syncDeckFile(store: Store, content: Record<string, unknown>): SyncResult {
  const prepared = prepareDeckFile(content);
  const loaded = loadDeclarative(prepared.config, { flattenErrors: false });
  if (!loaded.ok) return loaded;
  const current = store.snapshot();
  const managed = (entity: Entity) =>
    prepared.selectTags.every((tag) => (stringsOrNull(entity.tags) ?? []).includes(tag));
  const next = emptySnapshot();
  const changes: string[] = [];
  let created = 0;
  let updated = 0;
  let deleted = 0;
  const idMap = new Map<string, string>();

  for (const type of ENTITY_TYPES) {
    if (type === 'oauth2_tokens') {
      // deck has no oauth2 tokens: issued ones stay while their credential and service do (Kong cascades).
      const alive = (ids: readonly Entity[], ref: unknown) => ref == null || ids.some((e) => e.id === refId(ref));
      next[type] = current[type].filter(
        (t) => alive(next.oauth2_credentials, t.credential) && alive(next.services, t.service),
      );
      continue;
    }
    const existing = new Map(current[type].filter(managed).map((e) => [naturalKey(type, e, current), e]));
    next[type] = current[type].filter((e) => !managed(e));
    for (const entity of loaded.snapshot[type]) {
      const before = existing.get(naturalKey(type, entity, loaded.snapshot));
      if (before) {
        existing.delete(naturalKey(type, entity, loaded.snapshot));
        if (before.id !== entity.id) idMap.set(entity.id, before.id);
        const kept = { ...entity, id: before.id, created_at: before.created_at };
        if (!sameEntity(before, remap(kept, idMap))) {
          changes.push(`updating ${describe(type, entity, loaded.snapshot)}`);
          updated++;
        }
        next[type].push(
          remap(
            { ...kept, updated_at: sameEntity(before, remap(kept, idMap)) ? before.updated_at : entity.updated_at },
            idMap,
          ),
        );
      } else {
        changes.push(`creating ${describe(type, entity, loaded.snapshot)}`);
        created++;
        next[type].push(remap(entity, idMap));
      }
    }
    for (const gone of existing.values()) {
      changes.push(`deleting ${describe(type, gone, current)}`);
      deleted++;
    }
  }
  store.replace(next);
  return { ok: true, summary: { created, updated, deleted, changes, controlPlane: prepared.controlPlane } };
}

/**
 * deck's `gateway apply` against the sandbox: the file's entities are created or updated (matched
 * as sync matches them, so ids are kept) and nothing else is touched. The file may refer to
 * entities that are already configured (a plugin for an existing consumer).
 */
export function applyDeckFile(store: Store, content: Record<string, unknown>): SyncResult {
  const prepared = prepareDeckFile(content);
  const current = store.snapshot();
  const loaded = loadDeclarative(prepared.config, { flattenErrors: false, existing: current });
  if (!loaded.ok) return loaded;
  const both = {} as Record<EntityType, Entity[]>;
  for (const type of ENTITY_TYPES) both[type] = [...current[type], ...loaded.snapshot[type]];
  const next = {} as Record<EntityType, Entity[]>;
  const changes: string[] = [];
  let created = 0;
  let updated = 0;
  const idMap = new Map<string, string>();
  for (const type of ENTITY_TYPES) {
    next[type] = [...current[type]];
    for (const entity of loaded.snapshot[type]) {
      const key = naturalKey(type, entity, both);
      const at = next[type].findIndex((e) => naturalKey(type, e, both) === key);
      if (at < 0) {
        changes.push(`creating ${describe(type, entity, both)}`);
        created++;
        next[type].push(remap(entity, idMap));
        continue;
      }
      const before = next[type][at]!;
      if (before.id !== entity.id) idMap.set(entity.id, before.id);
      const kept = remap({ ...entity, id: before.id, created_at: before.created_at }, idMap);
      if (sameEntity(before, kept)) continue;
      changes.push(`updating ${describe(type, entity, both)}`);
      updated++;
      next[type][at] = kept;
    }
  }
  store.replace(next);
  return { ok: true, summary: { created, updated, deleted: 0, changes, controlPlane: prepared.controlPlane } };
}

/** The key deck matches entities by: names, usernames, credential keys, plugin scope. */
function naturalKey(type: EntityType, entity: Entity, snapshot: Snapshot): string {
  switch (type) {
    case 'services':
    case 'routes':
      return stringOrNull(entity.name) ?? entity.id;
    case 'consumers':
      return stringOrNull(entity.username) ?? `custom_id:${entity.custom_id}`;
    case 'keyauth_credentials':
      return entity.key as string;
    case 'consumer_groups':
    case 'upstreams':
      return entity.name as string;
    case 'targets':
      return `${parentKey(snapshot, 'upstreams', entity.upstream)}|${entity.target as string}`;
    case 'basicauth_credentials':
    case 'hmacauth_credentials':
      return entity.username as string;
    case 'jwt_secrets':
      return entity.key as string;
    case 'oauth2_credentials':
      return entity.client_id as string;
    case 'oauth2_tokens':
      return entity.access_token as string;
    case 'acls':
      return `${parentKey(snapshot, 'consumers', entity.consumer)}|${entity.group as string}`;
    case 'consumer_group_consumers':
      return [
        parentKey(snapshot, 'consumer_groups', entity.consumer_group),
        parentKey(snapshot, 'consumers', entity.consumer),
      ].join('|');
    case 'plugins': {
      // Scope by the parents' natural keys, so a plugin keeps its identity when parent ids differ.
      const name = (t: EntityType, ref: unknown) => {
        const id = refId(ref);
        const parent = id ? snapshot[t].find((e) => e.id === id) : undefined;
        return parent ? naturalKey(t, parent, snapshot) : '';
      };
      return [
        entity.name as string,
        name('routes', entity.route),
        name('services', entity.service),
        name('consumers', entity.consumer),
        name('consumer_groups', entity.consumer_group),
      ].join('|');
    }
  }
}

function parentKey(snapshot: Snapshot, type: EntityType, ref: unknown): string {
  const id = refId(ref);
  const parent = id ? snapshot[type].find((e) => e.id === id) : undefined;
  return parent ? naturalKey(type, parent, snapshot) : '';
}

function remap(entity: Entity, idMap: ReadonlyMap<string, string>): Entity {
  if (idMap.size === 0) return entity;
  const out: Entity = { ...entity };
  for (const field of ['service', 'route', 'consumer', 'consumer_group', 'upstream']) {
    const id = refId(out[field]);
    const mapped = id ? idMap.get(id) : undefined;
    if (mapped !== undefined) out[field] = { id: mapped };
  }
  return out;
}

function sameEntity(a: Entity, b: Entity): boolean {
  const strip = (e: Entity) =>
    JSON.stringify(
      Object.fromEntries(
        Object.entries(e)
          .filter(([k]) => !TIMESTAMPS.has(k))
          .sort(([x], [y]) => (x < y ? -1 : 1)),
      ),
    );
  return strip(a) === strip(b);
}

function describe(type: EntityType, entity: Entity, snapshot: Snapshot): string {
  const nameOf = (t: EntityType, ref: unknown) => {
    const id = refId(ref);
    const parent = id ? snapshot[t].find((e) => e.id === id) : undefined;
    return parent ? String(parent.name ?? parent.username ?? parent.custom_id ?? parent.id) : id;
  };
  switch (type) {
    case 'services':
      return `service ${stringOrNull(entity.name) ?? entity.id}`;
    case 'routes':
      return `route ${stringOrNull(entity.name) ?? entity.id}`;
    case 'consumers':
      return `consumer ${entity.username ?? entity.custom_id}`;
    case 'keyauth_credentials':
      return `key-auth for consumer ${nameOf('consumers', entity.consumer)}`;
    case 'basicauth_credentials':
      return `basic-auth ${entity.username as string} for consumer ${nameOf('consumers', entity.consumer)}`;
    case 'acls':
      return `acl-group ${entity.group as string} for consumer ${nameOf('consumers', entity.consumer)}`;
    case 'jwt_secrets':
      return `jwt-secret ${entity.key as string} for consumer ${nameOf('consumers', entity.consumer)}`;
    case 'hmacauth_credentials':
      return `hmac-auth ${entity.username as string} for consumer ${nameOf('consumers', entity.consumer)}`;
    case 'oauth2_credentials':
      return `oauth2-cred ${entity.name as string} for consumer ${nameOf('consumers', entity.consumer)}`;
    case 'oauth2_tokens':
      return `oauth2-token for credential ${nameOf('oauth2_credentials', entity.credential)}`;
    case 'consumer_groups':
      return `consumer-group ${entity.name as string}`;
    case 'upstreams':
      return `upstream ${entity.name as string}`;
    case 'targets':
      return `target ${entity.target as string} for upstream ${nameOf('upstreams', entity.upstream)}`;
    case 'consumer_group_consumers':
      return (
        `consumer ${nameOf('consumers', entity.consumer)} in consumer-group ` +
        `${nameOf('consumer_groups', entity.consumer_group)}`
      );
    case 'plugins': {
      const scope = [
        entity.route ? `route ${nameOf('routes', entity.route)}` : undefined,
        entity.service ? `service ${nameOf('services', entity.service)}` : undefined,
        entity.consumer ? `consumer ${nameOf('consumers', entity.consumer)}` : undefined,
        entity.consumer_group ? `consumer-group ${nameOf('consumer_groups', entity.consumer_group)}` : undefined,
      ].filter(Boolean);
      return `plugin ${entity.name} ${scope.length ? `for ${scope.join(' and ')}` : '(global)'}`;
    }
  }
}

import { randomUUID } from 'node:crypto';
import {
  foreignKeysUnresolved,
  foreignKeyViolation,
  primaryKeyViolation,
  uniqueViolation,
  type DaoError,
} from '../dao-errors.js';
import { isUuid, newId, randomString } from '../ids.js';
import { AUTO_STRINGS } from '../schema/auth-entities.js';
import { luaPretty } from '../lua-pretty.js';
import { basicAuthHash } from '../plugins/basic-auth-hash.js';
import { hashOauth2Secret, isHashedOauth2Secret } from '../plugins/oauth2-secret.js';
import { ENTITY_TYPES, type EntityType } from '../schema/entities.js';
import { SCHEMAS, validateEntity, violation, type Entity } from '../schema/validate.js';
import { isRecord } from '@kong-workshop/common';

/** Every entity of the sandbox, by type, in insertion order. This is what is persisted. */
export type Snapshot = { readonly [T in EntityType]: readonly Entity[] };

/** One change, for a saver that writes changes rather than everything (persistence's journal). */
export type StoreChange =
  | { readonly kind: 'put'; readonly type: EntityType; readonly entity: Entity }
  | { readonly kind: 'delete'; readonly type: EntityType; readonly id: string }
  | { readonly kind: 'replace' };

export type StoreResult =
  | { ok: true; entity: Entity }
  | { ok: false; status: number; error: DaoError | { message: string } };

const FOREIGN_FIELDS: Readonly<Record<EntityType, readonly (readonly [string, EntityType])[]>> = {
  upstreams: [],
  targets: [['upstream', 'upstreams']],
  services: [],
  routes: [['service', 'services']],
  consumers: [],
  consumer_groups: [],
  consumer_group_consumers: [
    ['consumer_group', 'consumer_groups'],
    ['consumer', 'consumers'],
  ],
  plugins: [
    ['route', 'routes'],
    ['service', 'services'],
    ['consumer', 'consumers'],
    ['consumer_group', 'consumer_groups'],
  ],
  keyauth_credentials: [['consumer', 'consumers']],
  basicauth_credentials: [['consumer', 'consumers']],
  acls: [['consumer', 'consumers']],
  jwt_secrets: [['consumer', 'consumers']],
  hmacauth_credentials: [['consumer', 'consumers']],
  oauth2_credentials: [['consumer', 'consumers']],
  oauth2_tokens: [
    ['service', 'services'],
    ['credential', 'oauth2_credentials'],
  ],
};

/** An empty table per entity type, for a caller to fill. */
export const emptySnapshot = (): Record<EntityType, Entity[]> => ({
  upstreams: [],
  targets: [],
  services: [],
  routes: [],
  consumers: [],
  consumer_groups: [],
  consumer_group_consumers: [],
  plugins: [],
  keyauth_credentials: [],
  basicauth_credentials: [],
  acls: [],
  jwt_secrets: [],
  hmacauth_credentials: [],
  oauth2_credentials: [],
  oauth2_tokens: [],
});

/** Entity types Kong inserts with a ttl: gone (401, and 404 on the Admin API) once it has passed. */
const TTL_TYPES: ReadonlySet<EntityType> = new Set(['keyauth_credentials', 'oauth2_tokens']);

const nowSeconds = () => Math.floor(Date.now() / 1000);

/**
 * The sandbox's database: entities in memory, Kong's DAO rules on every write (schema,
 * unique keys, foreign keys, cascades). Listeners hear about every change, so the proxy can
 * recompile and the state can be saved.
 */
export class Store {
  private data = new Map<EntityType, Map<string, Entity>>(ENTITY_TYPES.map((t) => [t, new Map()]));
  private readonly listeners = new Set<() => void>();
  private readonly changeListeners = new Set<(change: StoreChange) => void>();

  /** `now` (ms) decides when credentials with a ttl expire: Kong hides them once expired. */
  constructor(private readonly now: () => number = Date.now) {}

  private live(type: EntityType, entity: Entity | undefined): Entity | undefined {
    if (!entity || !TTL_TYPES.has(type) || typeof entity.ttl !== 'number') return entity;
    return this.now() / 1000 < Number(entity.created_at) + entity.ttl ? entity : undefined;
  }

  onChange(listener: () => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** Hears each change itself (an entity written or deleted, or everything replaced). */
  onEachChange(listener: (change: StoreChange) => void): () => void {
    this.changeListeners.add(listener);
    return () => this.changeListeners.delete(listener);
  }

  private changed(...changes: StoreChange[]): void {
    for (const change of changes) for (const listener of this.changeListeners) listener(change);
    for (const listener of this.listeners) listener();
  }

  list(type: EntityType): Entity[] {
    const all = [...this.table(type).values()];
    return TTL_TYPES.has(type) ? all.filter((e) => this.live(type, e)) : all;
  }

  byId(type: EntityType, id: string): Entity | undefined {
    return this.live(type, this.table(type).get(id));
  }

  /** By id when the value is a UUID, else (or when no id matches) by the endpoint key. */
  find(type: EntityType, idOrKey: string): Entity | undefined {
    if (isUuid(idOrKey)) {
      const found = this.byId(type, idOrKey.toLowerCase());
      if (found) return found;
    }
    const key = SCHEMAS[type].endpointKey;
    for (const entity of this.table(type).values()) if (entity[key] === idOrKey) return this.live(type, entity);
    return undefined;
  }

  /** How many entities are stored, of every type. */
  size(): number {
    let count = 0;
    for (const table of this.data.values()) count += table.size;
    return count;
  }

  snapshot(): Snapshot {
    const out = emptySnapshot();
    for (const type of ENTITY_TYPES) out[type] = this.list(type);
    return out;
  }

  /** Replaces everything at once (declarative config, a saved state, a reset). */
  replace(snapshot: Snapshot): void {
    this.data = new Map(ENTITY_TYPES.map((t) => [t, new Map(snapshot[t].map((e) => [e.id, e]))]));
    this.changed({ kind: 'replace' });
  }

  insert(type: EntityType, input: Record<string, unknown>, options: { coerce?: boolean } = {}): StoreResult {
    const checked = this.prepare(type, { ...input }, undefined, options.coerce);
    if (!checked.ok) return checked;
    const entity = checked.entity;
    if (this.table(type).has(entity.id)) {
      return { ok: false, status: 400, error: primaryKeyViolation({ id: entity.id }) };
    }
    this.table(type).set(entity.id, entity);
    this.changed({ kind: 'put', type, entity });
    return { ok: true, entity };
  }

  /** PATCH: merges into the existing entity (records deeply, arrays replaced), then validates. */
  update(
    type: EntityType,
    existing: Entity,
    patch: Record<string, unknown>,
    options: { coerce?: boolean } = {},
  ): StoreResult {
    const merged = mergeDeep(stripNulls(existing), patch);
    return this.write(type, merged, existing, options.coerce);
  }

  /** PUT: the body replaces the entity, keeping its id (and created_at). */
  replaceOne(
    type: EntityType,
    existing: Entity | undefined,
    body: Record<string, unknown>,
    options: { coerce?: boolean } = {},
  ): StoreResult {
    const input = { ...body, id: existing?.id ?? body.id };
    if (existing) return this.write(type, input, existing, options.coerce);
    return this.insert(type, input, options);
  }

  private write(type: EntityType, input: Record<string, unknown>, existing: Entity, coerce?: boolean): StoreResult {
    const checked = this.prepare(
      type,
      { ...input, id: existing.id, created_at: existing.created_at },
      existing,
      coerce,
    );
    if (!checked.ok) return checked;
    this.table(type).set(existing.id, checked.entity);
    this.changed({ kind: 'put', type, entity: checked.entity });
    return checked;
  }

  /** DELETE, with Kong's cascades (plugins and credentials go with their parent). */
  remove(type: EntityType, entity: Entity): StoreResult {
    if (type === 'services') {
      const route = this.list('routes').find((r) => refId(r.service) === entity.id);
      if (route) {
        return {
          ok: false,
          status: 400,
          error: {
            code: 4,
            name: 'foreign key violation',
            message: "an existing 'routes' entity references this 'services' entity",
            fields: { '@referenced_by': 'routes' },
          },
        };
      }
    }
    this.table(type).delete(entity.id);
    const removed: StoreChange[] = [{ kind: 'delete', type, id: entity.id }];
    for (const child of ENTITY_TYPES) {
      for (const [field, reference] of FOREIGN_FIELDS[child]) {
        if (reference !== type || child === 'routes') continue;
        for (const item of this.list(child)) {
          if (refId(item[field]) !== entity.id) continue;
          this.table(child).delete(item.id);
          removed.push({ kind: 'delete', type: child, id: item.id });
        }
      }
    }
    this.changed(...removed);
    return { ok: true, entity };
  }

  private prepare(
    type: EntityType,
    input: Record<string, unknown>,
    existing: Entity | undefined,
    coerce?: boolean,
  ): StoreResult {
    const schema = SCHEMAS[type];
    const now = nowSeconds();
    input.id ??= newId();
    input.created_at ??= now;
    if ('updated_at' in schema.fields) input.updated_at = now;
    if (type === 'keyauth_credentials' && (input.key === undefined || input.key === null))
      input.key = randomUUID().replace(/-/g, '');
    for (const field of AUTO_STRINGS[type] ?? []) input[field] ??= randomString();
    const result = validateEntity(type, input, { coerce });
    if (!result.ok) return { ok: false, status: 400, error: violation(result.errors) };
    const entity = result.value as Entity;
    entity.id = entity.id.toLowerCase();
    const unresolved: Record<string, Record<string, string>> = {};
    for (const [field, reference] of FOREIGN_FIELDS[type]) {
      const value = entity[field];
      if (value === null || value === undefined) continue;
      if (isRecord(value) && value.id === undefined) {
        // `"service": {"name": "x"}`, `consumer.username=bob`: dao/init.lua resolve_foreign looks the
        // parent up by its unique fields, in schema order, and keeps the first one found.
        const resolved = this.resolveForeign(reference, value);
        if (resolved.id) {
          entity[field] = { id: resolved.id };
          continue;
        }
        if (resolved.errors) {
          unresolved[field] = resolved.errors;
          continue;
        }
      }
      const id = refId(value);
      if (!id || !isUuid(id))
        return { ok: false, status: 400, error: violation({ [field]: { id: 'expected a valid UUID' } }) };
      if (!this.table(reference).has(id))
        return { ok: false, status: 400, error: foreignKeyViolation(field, { id }, reference) };
      entity[field] = { id };
    }
    if (Object.keys(unresolved).length) return { ok: false, status: 400, error: foreignKeysUnresolved(unresolved) };
    // basic-auth's on_write transformation: a password written is stored hashed with the consumer id.
    if (type === 'basicauth_credentials' && (!existing || entity.password !== existing.password))
      entity.password = basicAuthHash(String(entity.password), refId(entity.consumer) ?? '');
    // oauth2's hash_secret transformation (daos.lua on_write): the client secret is stored as a PBKDF2 hash.
    if (type === 'oauth2_credentials' && entity.hash_secret === true && !isHashedOauth2Secret(entity.client_secret))
      entity.client_secret = hashOauth2Secret(String(entity.client_secret));
    const conflict = this.uniqueConflict(type, entity, existing);
    if (conflict) return { ok: false, status: 409, error: uniqueViolation(conflict) };
    return { ok: true, entity };
  }

  private resolveForeign(
    reference: EntityType,
    value: Record<string, unknown>,
  ): { id?: string; errors?: Record<string, string> } {
    const schema = SCHEMAS[reference];
    const errors: Record<string, string> = {};
    for (const name of Object.keys(schema.fields)) {
      if (name !== schema.endpointKey && !schema.uniqueFields.includes(name)) continue;
      const wanted = value[name];
      if (typeof wanted !== 'string' || wanted === '') continue;
      const found = this.list(reference).find((e) => e[name] === wanted);
      if (found) return { id: found.id };
      errors[name] =
        `the foreign key cannot be resolved with '${luaPretty({ [name]: wanted })}' for an existing '${reference}' ` +
        `entity`;
    }
    return Object.keys(errors).length ? { errors } : {};
  }

  private uniqueConflict(
    type: EntityType,
    entity: Entity,
    existing: Entity | undefined,
  ): Record<string, unknown> | undefined {
    for (const other of this.table(type).values()) {
      if (other.id === existing?.id) continue;
      for (const field of SCHEMAS[type].uniqueFields) {
        if (entity[field] !== null && entity[field] !== undefined && other[field] === entity[field])
          return { [field]: entity[field] };
      }
      if (type === 'plugins' && pluginCacheKey(other) === pluginCacheKey(entity)) {
        return {
          consumer: other.consumer ?? null,
          name: other.name,
          route: other.route ?? null,
          service: other.service ?? null,
        };
      }
      // Cache keys that are unique too: an ACL group once per consumer, a membership once.
      if (type === 'acls' && refId(other.consumer) === refId(entity.consumer) && other.group === entity.group)
        return { consumer: { id: refId(entity.consumer) }, group: entity.group };
      if (
        type === 'consumer_group_consumers' &&
        refId(other.consumer) === refId(entity.consumer) &&
        refId(other.consumer_group) === refId(entity.consumer_group)
      )
        return { consumer: { id: refId(entity.consumer) }, consumer_group: { id: refId(entity.consumer_group) } };
      // targets.lua cache_key = { "upstream", "target" }: a target once per upstream.
      if (type === 'targets' && refId(other.upstream) === refId(entity.upstream) && other.target === entity.target)
        return { target: entity.target, upstream: { id: refId(entity.upstream) } };
    }
    return undefined;
  }

  private table(type: EntityType): Map<string, Entity> {
    return this.data.get(type)!;
  }
}

/** The id inside a foreign reference (`{ "id": … }`), or the reference itself when it is a string. */
export function refId(value: unknown): string | undefined {
  if (typeof value === 'string') return value;
  if (isRecord(value) && typeof value.id === 'string') return value.id;
  return undefined;
}

export function pluginCacheKey(plugin: Record<string, unknown>): string {
  const scope = [plugin.route, plugin.service, plugin.consumer, plugin.consumer_group].map((ref) => refId(ref) ?? '');
  return [plugin.name, ...scope].join('|');
}

function mergeDeep(base: Record<string, unknown>, patch: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = { ...base };
  for (const [key, value] of Object.entries(patch)) {
    const current = out[key];
    out[key] =
      isRecord(current) &&
      isRecord(value) &&
      key !== 'service' &&
      key !== 'route' &&
      key !== 'consumer' &&
      key !== 'consumer_group'
        ? mergeDeep(current, value)
        : value;
  }
  return out;
}

// Stored entities spell unset fields as null; re-validating them must not trip "required" checks
// on fields whose defaults would apply, so nulls are dropped before a merge.
function stripNulls(entity: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(entity)) {
    if (value === null) continue;
    out[key] = isRecord(value) ? stripNulls(value) : value;
  }
  return out;
}

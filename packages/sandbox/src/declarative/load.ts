import { declarativeConfigError, type DaoError } from '../dao-errors.js';
import { declarativeId, isUuid, newId, randomString } from '../ids.js';
import { AUTO_STRINGS } from '../schema/auth-entities.js';
import type { EntityType } from '../schema/entities.js';
import { SCHEMAS, validateEntity, type Entity } from '../schema/validate.js';
import { emptySnapshot, type Snapshot } from '../store/store.js';
import { flattenErrors, type FlattenedError } from './flatten-errors.js';
import { basicAuthHash } from '../plugins/basic-auth-hash.js';
import { hashOauth2Secret, isHashedOauth2Secret } from '../plugins/oauth2-secret.js';
import { refId } from '../store/store.js';
import { FOREIGN, NESTED_CHILDREN, SECTION_ORDER } from './relations.js';
import { isRecord, stringOrNull } from '@kong-workshop/common';

// Kong DB-less's declarative loader (kong/db/schema/others/declarative_config.lua): validate the
// nested input, give entities deterministic ids, flatten, resolve references, check uniqueness.

export type LoadResult =
  | { ok: true; snapshot: Snapshot }
  /** `flattened`: the errors of `flattened_errors`, typed, when they were asked for. */
  | { ok: false; error: DaoError; flattened?: readonly FlattenedError[] };

const FORMAT_VERSIONS = ['1.1', '2.1', '3.0'];
const META_FIELDS: Readonly<Record<string, (value: unknown) => string | undefined>> = {
  _format_version: (v) =>
    typeof v !== 'string'
      ? 'expected a string'
      : FORMAT_VERSIONS.includes(v)
        ? undefined
        : `expected one of: ${FORMAT_VERSIONS.join(', ')}`,
  _transform: (v) => (typeof v === 'boolean' ? undefined : 'expected a boolean'),
  _comment: (v) => (typeof v === 'string' ? undefined : 'expected a string'),
  _ignore: (v) => (Array.isArray(v) ? undefined : 'expected an array'),
};
const PLACEHOLDER = { id: '00000000-0000-4000-8000-000000000000' };

type Errors = Record<string, unknown>;

/** Loads a parsed declarative configuration into a snapshot, or explains (code 14) why not. */
export function loadDeclarative(
  input: Record<string, unknown>,
  options: { flattenErrors?: boolean; existing?: Snapshot } = {},
): LoadResult {
  const errors = validateInput(input);
  if (Object.keys(errors).length) return fail(errors, input, options.flattenErrors);
  // `existing`: an additive apply's fragment may name entities that are already configured.
  const built = build(input, options.existing);
  if (Object.keys(built.errors).length) return fail(built.errors, input, options.flattenErrors);
  return { ok: true, snapshot: built.snapshot };
}

function fail(errors: Errors, input: Record<string, unknown>, flatten: boolean | undefined): LoadResult {
  if (!flatten) return { ok: false, error: declarativeConfigError(shapeSections(errors)) };
  const flattened = flattenErrors(structuredClone(input), errors);
  return {
    ok: false,
    error: { ...declarativeConfigError(shapeSections(errors)), flattened_errors: flattened },
    flattened,
  };
}

// ---------------------------------------------------------------------------------------------
// Validation of the nested input

function validateInput(input: Record<string, unknown>): Errors {
  const errors: Errors = {};
  if (input._format_version === undefined) errors._format_version = 'required field missing';
  for (const [key, value] of Object.entries(input)) {
    const meta = META_FIELDS[key];
    if (meta) {
      const error = value === null ? undefined : meta(value);
      if (error) errors[key] = error;
    } else if (!(SECTION_ORDER as readonly string[]).includes(key)) {
      errors[key] = 'unknown field';
    }
  }
  for (const type of SECTION_ORDER) {
    const list = input[type];
    if (list === undefined || list === null) continue;
    if (!Array.isArray(list)) errors[type] = 'expected an array';
    else {
      const listErrors = validateList(type, list, undefined);
      if (listErrors) errors[type] = listErrors;
    }
  }
  return errors;
}

function validateList(type: EntityType, list: unknown[], parentField: string | undefined): Errors | undefined {
  const errors: Errors = {};
  list.forEach((item, index) => {
    const itemErrors = validateItem(type, item, parentField);
    if (itemErrors) errors[index] = itemErrors;
  });
  return Object.keys(errors).length ? errors : undefined;
}

function validateItem(type: EntityType, item: unknown, parentField: string | undefined): unknown {
  if (!isRecord(item)) return 'expected a record';
  const own: Record<string, unknown> = { ...item };
  const errors: Errors = {};
  for (const [key, relation] of Object.entries(NESTED_CHILDREN[type])) {
    if (!(key in own)) continue;
    const children = own[key];
    delete own[key];
    if (children === null) continue;
    if (!Array.isArray(children)) errors[key] = 'expected an array';
    else {
      const childErrors = validateList(relation.type, children, relation.field);
      if (childErrors) errors[key] = childErrors;
    }
  }
  // References by name are resolved after validation; the schema only needs a well-formed value.
  for (const field of Object.keys(FOREIGN[type])) {
    const value = own[field];
    if (typeof value === 'string' || (isRecord(value) && !isUuid(value.id))) own[field] = PLACEHOLDER;
  }
  if (parentField) own[parentField] = PLACEHOLDER;
  const result = validateEntity(type, own);
  if (!result.ok) Object.assign(errors, result.errors);
  return Object.keys(errors).length ? errors : undefined;
}

// ---------------------------------------------------------------------------------------------
// Ids, flattening, references, uniqueness

interface PendingRef {
  readonly type: EntityType;
  readonly entity: Entity;
  readonly field: string;
  readonly value: unknown;
  readonly reference: EntityType;
}

function build(input: Record<string, unknown>, existing: Snapshot | undefined): { snapshot: Snapshot; errors: Errors } {
  const lists = emptySnapshot();
  const ids = new Map<EntityType, Set<string>>(SECTION_ORDER.map((t) => [t, new Set()]));
  const keys = new Map<EntityType, Set<string>>(SECTION_ORDER.map((t) => [t, new Set()]));
  const refs: PendingRef[] = [];
  const errors: Errors = {};
  const addError = (type: EntityType, at: string | number, message: string, asList = false) => {
    const existing = errors[type];
    const section: Errors = isRecord(existing) ? existing : {};
    errors[type] = section;
    if (!asList) {
      section[at] = message;
      return;
    }
    const list = section[at];
    if (Array.isArray(list)) list.push(message);
    else section[at] = [message];
  };

  const add = (
    type: EntityType,
    item: Record<string, unknown>,
    index: number,
    parent: { field: string; id: string } | undefined,
  ) => {
    const own: Record<string, unknown> = { ...item };
    const children: [string, unknown[]][] = [];
    for (const key of Object.keys(NESTED_CHILDREN[type])) {
      const value = own[key];
      if (Array.isArray(value)) children.push([key, value]);
      delete own[key];
    }
    const id = typeof own.id === 'string' ? own.id.toLowerCase() : generateId(type, item, parent);
    own.id = id;
    if (parent) own[parent.field] = { id: parent.id };
    const schema = SCHEMAS[type];
    const key = own[schema.endpointKey];
    if (typeof key === 'string') {
      if (setFor(keys, type).has(key))
        addError(
          type,
          index,
          `uniqueness violation: '${type}' entity with ${schema.endpointKey} set to '${key}' already declared`,
        );
      setFor(keys, type).add(key);
    } else if (setFor(ids, type).has(id)) {
      addError(
        type,
        index,
        `uniqueness violation: '${type}' entity with primary key set to '${own.id}' already declared`,
      );
    }
    setFor(ids, type).add(id);
    const result = validateEntity(type, withPlaceholders(type, own));
    const entity: Entity = { ...(result.ok ? result.value : own), id };
    for (const [field, reference] of Object.entries(FOREIGN[type])) {
      const value = own[field];
      entity[field] = value ?? null;
      if (value !== null && value !== undefined && !(parent && parent.field === field))
        refs.push({ type, entity, field, value, reference });
    }
    lists[type].push(entity);
    for (const [key, list] of children) {
      const relation = NESTED_CHILDREN[type][key];
      if (!relation) continue;
      for (const [i, child] of list.entries()) {
        // Validation has passed, so every child is a record.
        if (isRecord(child)) add(relation.type, child, i, { field: relation.field, id: entity.id });
      }
    }
  };

  for (const type of SECTION_ORDER) {
    const list = input[type];
    if (!Array.isArray(list)) continue;
    for (const [index, item] of list.entries()) if (isRecord(item)) add(type, item, index, undefined);
  }

  for (const ref of refs) {
    const target =
      resolveReference(lists[ref.reference], ref.reference, ref.value) ??
      (existing ? resolveReference(existing[ref.reference], ref.reference, ref.value) : undefined);
    if (target) {
      ref.entity[ref.field] = { id: target.id };
      continue;
    }
    const shown = typeof ref.value === 'string' ? ref.value : JSON.stringify(ref.value);
    const at = stringOrNull(ref.entity[SCHEMAS[ref.type].endpointKey]) ?? ref.entity.id;
    addError(ref.type, at, `invalid reference '${ref.field}: ${shown}' (no such entry in '${ref.reference}')`, true);
  }
  checkOtherUniques(lists, addError);
  // basic-auth's transformation (on by default, `_transform: false` turns it off): passwords are stored hashed.
  if (input._transform !== false)
    for (const credential of lists.basicauth_credentials)
      if (typeof credential.password === 'string')
        credential.password = basicAuthHash(credential.password, refId(credential.consumer) ?? '');
  if (input._transform !== false)
    for (const credential of lists.oauth2_credentials)
      if (credential.hash_secret === true && !isHashedOauth2Secret(credential.client_secret))
        credential.client_secret = hashOauth2Secret(String(credential.client_secret ?? randomString()));
  const now = Math.floor(Date.now() / 1000);
  for (const type of SECTION_ORDER) {
    for (const entity of lists[type]) {
      entity.created_at ??= now;
      if ('updated_at' in SCHEMAS[type].fields) entity.updated_at ??= now;
      if (type === 'keyauth_credentials' && entity.key == null) entity.key = newId().replace(/-/g, '');
      for (const field of AUTO_STRINGS[type] ?? []) entity[field] ??= randomString();
    }
  }
  return { snapshot: lists, errors };
}

function withPlaceholders(type: EntityType, own: Record<string, unknown>): Record<string, unknown> {
  const copy = { ...own };
  for (const field of Object.keys(FOREIGN[type]))
    if (copy[field] !== undefined && copy[field] !== null) copy[field] = PLACEHOLDER;
  return copy;
}

/** Kong's deterministic ids: a UUIDv5 of the entity's identifying key, random when it has none. */
function generateId(
  type: EntityType,
  item: Record<string, unknown>,
  parent: { field: string; id: string } | undefined,
): string {
  switch (type) {
    case 'services':
    case 'routes':
      return typeof item.name === 'string' ? declarativeId(type, item.name) : newId();
    case 'consumers':
      return typeof item.username === 'string' ? declarativeId(type, item.username) : newId();
    case 'plugins': {
      // build_cache_key: plugins, workspace, then name/route/service/consumer (a table reference adds nothing).
      const parts = ['plugins', '*', String(item.name)];
      for (const field of ['route', 'service', 'consumer', 'consumer_group']) {
        if (field === 'consumer_group' && item[field] == null && parent?.field !== field) continue;
        const value = item[field];
        if (typeof value === 'string') parts.push(value);
        else if (value === undefined || value === null) parts.push(parent?.field === field ? parent.id : '');
      }
      return declarativeId('plugins', parts.join(':'));
    }
    case 'consumer_groups':
    case 'upstreams':
      return typeof item.name === 'string' ? declarativeId(type, item.name) : newId();
    case 'targets':
    case 'basicauth_credentials':
    case 'hmacauth_credentials':
      return typeof item.username === 'string' ? declarativeId(type, item.username) : newId();
    case 'jwt_secrets':
      return typeof item.key === 'string' ? declarativeId(type, item.key) : newId();
    case 'oauth2_credentials':
      return typeof item.client_id === 'string' ? declarativeId(type, item.client_id) : newId();
    case 'oauth2_tokens':
      return typeof item.access_token === 'string' ? declarativeId(type, item.access_token) : newId();
    case 'keyauth_credentials':
    case 'acls':
    case 'consumer_group_consumers':
      return newId();
  }
}

function resolveReference(candidates: readonly Entity[], type: EntityType, value: unknown): Entity | undefined {
  const key = isRecord(value) ? (value.id ?? value[SCHEMAS[type].endpointKey] ?? value.name) : value;
  if (typeof key !== 'string') return undefined;
  const endpointKey = SCHEMAS[type].endpointKey;
  return candidates.find((e) => e[endpointKey] === key) ?? candidates.find((e) => e.id === key.toLowerCase());
}

function checkOtherUniques(
  lists: Record<EntityType, Entity[]>,
  addError: (type: EntityType, at: string | number, message: string) => void,
): void {
  for (const type of SECTION_ORDER) {
    const schema = SCHEMAS[type];
    for (const field of schema.uniqueFields) {
      if (field === schema.endpointKey) continue;
      const seen = new Set<unknown>();
      for (const entity of lists[type]) {
        const value = entity[field];
        if (value === null || value === undefined) continue;
        if (seen.has(value))
          addError(
            type,
            stringOrNull(entity[schema.endpointKey]) ?? entity.id,
            `uniqueness violation: '${type}' entity with ${field} set to '${String(value)}' already declared`,
          );
        seen.add(value);
      }
    }
  }
}

/** The error sections (named by entity type or field, never by index) with their tables JSON-shaped. */
function shapeSections(errors: Errors): Errors {
  return Object.fromEntries(Object.entries(errors).map(([section, table]) => [section, toJsonShape(table)]));
}

/** Error tables with only index keys become JSON arrays (null-padded), as cjson encodes them. */
function toJsonShape(value: unknown): unknown {
  if (!isRecord(value)) return value;
  const keys = Object.keys(value);
  if (keys.length && keys.every((k) => /^\d+$/.test(k))) {
    const out: unknown[] = [];
    for (const key of keys) out[Number(key)] = toJsonShape(value[key]);
    return Array.from(out, (item) => item ?? null);
  }
  const out: Record<string, unknown> = {};
  for (const key of keys) out[key] = toJsonShape(value[key]);
  return out;
}

/** The set kept for `type`, made when it is first needed. */
function setFor(sets: Map<EntityType, Set<string>>, type: EntityType): Set<string> {
  const existing = sets.get(type);
  if (existing) return existing;
  const made = new Set<string>();
  sets.set(type, made);
  return made;
}

import { isUuid } from '../ids.js';
import type { EntityType } from '../schema/entities.js';
import { NESTED_CHILDREN, singular } from './relations.js';
import { isRecord } from '@kong-workshop/common';

// kong/db/errors.lua `declarative_config_flattened`: one entry per failing entity, nested
// children hoisted to the top, field paths joined with dots. Flattened sections are removed from
// the error tree (so `fields` keeps only what could not be flattened, as in Kong).

export interface FlattenedError {
  readonly entity_type: string;
  readonly entity_name?: string;
  readonly entity_id?: string;
  readonly entity_tags?: string[];
  readonly entity: Record<string, unknown>;
  readonly errors: readonly ({ type: 'entity'; message: string } | { type: 'field'; field: string; message: string })[];
}

type Errors = Record<string, unknown>;
const sortedKeys = (t: Errors) =>
  Object.keys(t).sort((a, b) =>
    /^\d+$/.test(a) && /^\d+$/.test(b) ? Number(a) - Number(b) : a < b ? -1 : a > b ? 1 : 0,
  );

/** Flattens `errors` (mutated: flattened sections are removed) against the original `input`. */
export function flattenErrors(input: Record<string, unknown>, errors: Errors): FlattenedError[] {
  const flattened: FlattenedError[] = [];
  for (const type of sortedKeys(errors)) {
    const section = errors[type];
    const entities = input[type];
    if (!isRecord(section) || !Array.isArray(entities) || !(type in NESTED_CHILDREN)) continue;
    delete errors[type];
    for (const index of sortedKeys(section)) {
      const entity = entities[Number(index)];
      if (/^\d+$/.test(index) && isRecord(entity))
        addEntityErrors(type as EntityType, entity, section[index], flattened);
      else {
        const kept = errors[type];
        if (isRecord(kept)) kept[index] = section[index];
        else errors[type] = { [index]: section[index] };
      }
    }
  }
  return flattened;
}

function addEntityErrors(
  type: EntityType,
  entity: Record<string, unknown>,
  raw: unknown,
  flattened: FlattenedError[],
): void {
  const errors: Errors = typeof raw === 'string' ? { '@entity': raw } : isRecord(raw) ? { ...raw } : {};
  if (Object.keys(errors).length === 0) return;
  const pk = isUuid(entity.id) ? { id: entity.id } : undefined;
  for (const [key, relation] of Object.entries(NESTED_CHILDREN[type])) {
    const children = entity[key];
    if (!Array.isArray(children)) continue;
    delete entity[key];
    const childErrors = errors[key];
    delete errors[key];
    if (!isRecord(childErrors)) continue;
    children.forEach((child, i) => {
      if (!isRecord(child)) return;
      if (child[relation.field] === undefined && pk) child[relation.field] = pk;
      addEntityErrors(relation.type, child, childErrors[String(i)], flattened);
    });
  }
  if (Object.keys(errors).length === 0) return;
  const list = categorize(errors, undefined, []);
  if (!list.length) return;
  const tags =
    Array.isArray(entity.tags) && entity.tags.every((t) => typeof t === 'string')
      ? (entity.tags as string[])
      : undefined;
  flattened.push({
    entity_type: singular(type),
    ...(typeof entity.name === 'string' && entity.name ? { entity_name: entity.name } : {}),
    ...(isUuid(entity.id) ? { entity_id: entity.id } : {}),
    ...(tags ? { entity_tags: tags } : {}),
    entity,
    errors: list,
  });
}

function categorize(
  errors: Errors,
  ns: string | undefined,
  out: FlattenedError['errors'][number][],
): FlattenedError['errors'][number][] {
  for (const field of sortedKeys(errors)) {
    const error = errors[field];
    const path = ns ? `${ns}.${field}` : field;
    if (field === '@entity') {
      for (const message of Array.isArray(error) ? error : [error])
        out.push({ type: 'entity', message: String(message) });
    } else if (typeof error === 'string') {
      out.push({ type: 'field', field: path, message: error });
    } else if (Array.isArray(error)) {
      error.forEach((item, i) => {
        if (typeof item === 'string') out.push({ type: 'field', field: `${path}.${i + 1}`, message: item });
        else if (isRecord(item)) categorize(item, `${path}.${i + 1}`, out);
      });
    } else if (isRecord(error)) {
      categorize(error, path, out);
    }
  }
  return out;
}

import { luaPretty } from './lua-pretty.js';

/** Field errors in Kong's shape: nested by field, arrays by index, entity checks under "@entity". */
export type FieldErrors = { [field: string]: string | FieldErrors | (string | FieldErrors | null)[] };

/** An error object of the Admin API, as kong/db/errors.lua shapes it (without `strategy`). */
export interface DaoError {
  readonly code: number;
  readonly name: string;
  readonly message: string;
  readonly fields?: unknown;
  readonly flattened_errors?: unknown;
}

const DAO_CODES = {
  schemaViolation: 2,
  primaryKeyViolation: 3,
  foreignKeyViolation: 4,
  uniqueViolation: 5,
  notFound: 6,
  invalidSize: 9,
  foreignKeysUnresolved: 13,
  declarativeConfig: 14,
} as const;

/** `schema violation (…)` or `N schema violations (a; b)`, entity errors first, then fields sorted. */
export function schemaViolation(fields: FieldErrors): DaoError {
  const parts: string[] = [];
  const entity = fields['@entity'];
  if (Array.isArray(entity)) for (const item of entity) parts.push(String(item));
  for (const name of Object.keys(fields)
    .filter((k) => k !== '@entity')
    .sort()) {
    const value = fields[name]!;
    if (typeof value === 'string') {
      parts.push(`${name}: ${value}`);
      continue;
    }
    const sub = value as Record<string, unknown>;
    for (const key of Object.keys(sub).sort(naturalOrder)) {
      const item = sub[key];
      if (item === null || item === undefined) continue;
      parts.push(
        `${name}.${Array.isArray(value) ? Number(key) + 1 : key}: ${typeof item === 'string' ? item : luaPretty(item)}`,
      );
    }
  }
  const message =
    parts.length === 1 ? `schema violation (${parts[0]})` : `${parts.length} schema violations (${parts.join('; ')})`;
  return { code: DAO_CODES.schemaViolation, name: 'schema violation', message, fields };
}

/** `UNIQUE violation detected on '{username="bob"}'` (409). */
export function uniqueViolation(key: Record<string, unknown>): DaoError {
  return {
    code: DAO_CODES.uniqueViolation,
    name: 'unique constraint violation',
    message: `UNIQUE violation detected on '${luaPretty(key)}'`,
    fields: key,
  };
}

export function foreignKeyViolation(field: string, key: Record<string, unknown>, parent: string): DaoError {
  return {
    code: DAO_CODES.foreignKeyViolation,
    name: 'foreign key violation',
    message: `the foreign key '${luaPretty(key)}' does not reference an existing '${parent}' entity.`,
    fields: { [field]: key },
  };
}

export function primaryKeyViolation(key: Record<string, unknown>): DaoError {
  return {
    code: DAO_CODES.primaryKeyViolation,
    name: 'primary key violation',
    message: `primary key violation on key '${luaPretty(key)}'`,
    fields: key,
  };
}

/** Code 14: `declarative config is invalid: {…}`. */
export function declarativeConfigError(fields: Record<string, unknown>): DaoError {
  return {
    code: DAO_CODES.declarativeConfig,
    name: 'invalid declarative configuration',
    message: `declarative config is invalid: ${luaPretty(fields)}`,
    fields,
  };
}

function naturalOrder(a: string, b: string): number {
  const na = Number(a);
  const nb = Number(b);
  if (Number.isInteger(na) && Number.isInteger(nb)) return na - nb;
  return a < b ? -1 : a > b ? 1 : 0;
}

/** Code 13 (errors.lua foreign_keys_unresolved): a parent named by a unique field that does not exist. */
export function foreignKeysUnresolved(errors: Record<string, Record<string, string>>): DaoError {
  const parts: string[] = [];
  for (const field of Object.keys(errors).sort())
    for (const sub of Object.keys(errors[field] ?? {}).sort()) parts.push(`${field}.${sub}: ${errors[field]?.[sub]}`);
  const message =
    parts.length === 1
      ? `foreign key unresolved (${parts[0]})`
      : `${parts.length} foreign keys unresolved (${parts.join('; ')})`;
  return { code: DAO_CODES.foreignKeysUnresolved, name: 'foreign keys unresolved', message, fields: errors };
}

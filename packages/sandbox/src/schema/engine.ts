import type { FieldErrors } from '../dao-errors.js';
import { isRecord, stringsOrNull } from '@kong-workshop/common';

// A small re-implementation of the parts of Kong's schema library the sandbox's entities use,
// with Kong's exact error strings (kong/db/schema/init.lua), so 400s read like Kong's.

type Validator = (value: never) => string | undefined;

interface BaseSpec {
  readonly required?: boolean;
  readonly default?: unknown;
  /** Extra validation after the type check; returns an error message. */
  readonly validate?: Validator;
}
export interface StringSpec extends BaseSpec {
  readonly type: 'string';
  readonly oneOf?: readonly string[];
  readonly lenMin?: number;
  /** Kong's `auto = true`: generated when the input leaves it out (oauth2's provision_key). */
  readonly auto?: () => string;
}
export interface NumberSpec extends BaseSpec {
  readonly type: 'number' | 'integer';
  readonly gt?: number;
  readonly between?: readonly [number, number];
  readonly oneOf?: readonly number[];
}
export interface BooleanSpec extends BaseSpec {
  readonly type: 'boolean';
}
export interface ArraySpec extends BaseSpec {
  readonly type: 'array';
  readonly elements: FieldSpec;
  readonly lenMin?: number;
}
export interface MapSpec extends BaseSpec {
  readonly type: 'map';
  readonly keys: StringSpec;
  readonly values: FieldSpec;
}
export interface ForeignSpec extends BaseSpec {
  readonly type: 'foreign';
  readonly reference: string;
}
export interface RecordSpec extends BaseSpec {
  readonly type: 'record';
  readonly fields: Fields;
  /** Runs on the whole record once its fields are valid; its message becomes the record's error. */
  readonly customValidator?: (record: Record<string, unknown>) => string | undefined;
}
export type FieldSpec = StringSpec | NumberSpec | BooleanSpec | ArraySpec | MapSpec | ForeignSpec | RecordSpec;
export type Fields = Readonly<Record<string, FieldSpec>>;

/** Entity-level checks: messages for "@entity", and field errors to merge in. */
export type EntityCheck = (entity: Record<string, unknown>) => { entity?: string[]; fields?: FieldErrors } | undefined;

export interface ValidateOptions {
  /** Form bodies carry strings: convert "5" and "true" to the field's type first, as Kong does. */
  readonly coerce?: boolean;
}

export interface Validated {
  readonly value: Record<string, unknown>;
  readonly errors?: FieldErrors;
}

export const MESSAGES = {
  required: 'required field missing',
  unknown: 'unknown field',
  mustBeNull: 'value must be null',
  string: 'expected a string',
  number: 'expected a number',
  integer: 'expected an integer',
  boolean: 'expected a boolean',
  array: 'expected an array',
  set: 'expected a set',
  record: 'expected a record',
  map: 'expected a map',
} as const;

/** Validates `input` against `fields`, filling defaults. Unknown keys are errors, like Kong's records. */
export function validateFields(
  fields: Fields,
  input: unknown,
  options: ValidateOptions = {},
  checks: readonly EntityCheck[] = [],
): Validated {
  if (!isRecord(input)) return { value: {}, errors: { '@entity': [MESSAGES.record] } };
  const errors: Record<string, unknown> = {};
  const value: Record<string, unknown> = {};
  for (const key of Object.keys(input))
    if (!(key in fields) && input[key] !== undefined) errors[key] = MESSAGES.unknown;
  for (const [name, spec] of Object.entries(fields)) {
    const result = validateField(spec, input[name], options);
    value[name] = result.value;
    if (result.error !== undefined) errors[name] = result.error;
  }
  if (Object.keys(errors).length === 0) {
    for (const check of checks) {
      const outcome = check(value);
      if (!outcome) continue;
      if (outcome.entity?.length) errors['@entity'] = [...(stringsOrNull(errors['@entity']) ?? []), ...outcome.entity];
      if (outcome.fields) mergeErrors(errors, outcome.fields);
    }
  }
  return Object.keys(errors).length ? { value, errors: errors as FieldErrors } : { value };
}

function mergeErrors(into: Record<string, unknown>, from: Record<string, unknown>): void {
  for (const [key, error] of Object.entries(from)) {
    const existing = into[key];
    if (isRecord(existing) && isRecord(error)) mergeErrors(existing, error);
    else into[key] = error;
  }
}

interface FieldResult {
  readonly value: unknown;
  readonly error?: unknown;
}

function validateField(spec: FieldSpec, raw: unknown, options: ValidateOptions = {}): FieldResult {
  if (raw === undefined || raw === null) {
    if (raw === undefined && spec.default !== undefined) return { value: structuredClone(spec.default) };
    if (raw === undefined && spec.type === 'string' && spec.auto) return { value: spec.auto() };
    if (spec.type === 'record' && raw === undefined) return validateField(spec, {}, options);
    if (spec.required) return { value: null, error: MESSAGES.required };
    return { value: null };
  }
  const value = options.coerce ? coerce(spec, raw) : raw;
  switch (spec.type) {
    case 'string':
      return checkString(spec, value);
    case 'number':
    case 'integer':
      return checkNumber(spec, value);
    case 'boolean':
      return typeof value === 'boolean' ? withCustom(spec, value) : { value, error: MESSAGES.boolean };
    case 'foreign':
      return isRecord(value) ? { value } : { value, error: MESSAGES.record };
    case 'array':
      return checkArray(spec, value, options);
    case 'map':
      return checkMap(spec, value, options);
    case 'record': {
      const result = validateFields(spec.fields, value, options);
      if (result.errors) return { value: result.value, error: result.errors };
      const custom = spec.customValidator?.(result.value);
      return custom ? { value: result.value, error: custom } : withCustom(spec, result.value);
    }
  }
}

function withCustom(spec: FieldSpec, value: unknown): FieldResult {
  const error = spec.validate?.(value as never);
  return error ? { value, error } : { value };
}

function checkString(spec: StringSpec, value: unknown): FieldResult {
  if (typeof value !== 'string') return { value, error: MESSAGES.string };
  if (spec.lenMin !== undefined && value.length < spec.lenMin)
    return { value, error: `length must be at least ${spec.lenMin}` };
  if (spec.oneOf && !spec.oneOf.includes(value)) return { value, error: `expected one of: ${spec.oneOf.join(', ')}` };
  return withCustom(spec, value);
}

function checkNumber(spec: NumberSpec, value: unknown): FieldResult {
  if (typeof value !== 'number' || !Number.isFinite(value))
    return { value, error: spec.type === 'integer' ? MESSAGES.integer : MESSAGES.number };
  if (spec.type === 'integer' && !Number.isInteger(value)) return { value, error: MESSAGES.integer };
  if (spec.between && (value < spec.between[0] || value > spec.between[1]))
    return { value, error: `value should be between ${spec.between[0]} and ${spec.between[1]}` };
  if (spec.gt !== undefined && !(value > spec.gt)) return { value, error: `value must be greater than ${spec.gt}` };
  if (spec.oneOf && !spec.oneOf.includes(value)) return { value, error: `expected one of: ${spec.oneOf.join(', ')}` };
  return withCustom(spec, value);
}

function checkArray(spec: ArraySpec, value: unknown, options: ValidateOptions): FieldResult {
  // Form bodies turn a one-element list into a plain string; Kong accepts that too.
  const list = Array.isArray(value) ? value : options.coerce && typeof value === 'string' ? [value] : undefined;
  if (!list) return { value, error: MESSAGES.array };
  if (spec.lenMin !== undefined && list.length < spec.lenMin)
    return { value, error: `length must be at least ${spec.lenMin}` };
  const out: unknown[] = [];
  const errors: unknown[] = [];
  let failed = false;
  list.forEach((item, index) => {
    const result = validateField(spec.elements, item, options);
    out.push(result.value);
    if (result.error !== undefined) {
      errors[index] = result.error;
      failed = true;
    }
  });
  if (failed) return { value: out, error: Array.from(errors, (e) => e ?? null) };
  return withCustom(spec, out);
}

function checkMap(spec: MapSpec, value: unknown, options: ValidateOptions): FieldResult {
  if (!isRecord(value)) return { value, error: MESSAGES.map };
  const out: Record<string, unknown> = {};
  const errors: Record<string, unknown> = {};
  for (const [key, item] of Object.entries(value)) {
    const keyResult = checkString(spec.keys, key);
    if (keyResult.error) errors[key] = keyResult.error;
    const result = validateField(spec.values, item, options);
    out[key] = result.value;
    if (result.error !== undefined) errors[key] = result.error;
  }
  return Object.keys(errors).length ? { value: out, error: errors } : withCustom(spec, out);
}

function coerce(spec: FieldSpec, raw: unknown): unknown {
  if (typeof raw !== 'string') return raw;
  if ((spec.type === 'number' || spec.type === 'integer') && raw.trim() !== '' && !Number.isNaN(Number(raw)))
    return Number(raw);
  if (spec.type === 'boolean' && (raw === 'true' || raw === 'false')) return raw === 'true';
  return raw;
}

/** `at least one of these fields must be non-empty: 'a', 'b'` when every named field is empty. */
export function atLeastOneOf(
  names: readonly string[],
  get: (entity: Record<string, unknown>, name: string) => unknown = (e, n) => e[n],
): EntityCheck {
  return (entity) => {
    const present = names.some((name) => {
      const value = get(entity, name);
      return value !== null && value !== undefined && !(Array.isArray(value) && value.length === 0);
    });
    return present
      ? undefined
      : { entity: [`at least one of these fields must be non-empty: ${names.map((n) => `'${n}'`).join(', ')}`] };
  };
}

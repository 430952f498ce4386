import type { ArraySpec, FieldSpec, Fields, StringSpec } from '../schema/engine.js';

// The config shapes request-transformer and response-transformer share (their schema.lua, 3.9.1):
// arrays of `name` or `name:value` strings, every array defaulting to [] and every record to its
// arrays' defaults.

const HEADER = /^[A-Za-z0-9_-]+$/;

/** validate_headers: the part before the colon (and, for renames, after it) must be a header name. */
function headerPair(validateValue: boolean): (pair: string) => string | undefined {
  return (pair) => {
    const m = /^([^:]+):*(.*)$/.exec(pair);
    const name = m?.[1] ?? pair;
    if (!HEADER.test(name)) return `'${name}' is not a valid header`;
    if (validateValue && !HEADER.test(m?.[2] ?? '')) return `'${m?.[2] ?? ''}' is not a valid header`;
    return undefined;
  };
}

const colon = (validate?: (v: string) => string | undefined): StringSpec => ({
  type: 'string',
  validate: (value: string) => {
    if (!/^[^:]+:.*$/.test(value)) return `invalid value: ${value}`;
    return validate?.(value);
  },
});

const array = (elements: FieldSpec): ArraySpec => ({ type: 'array', required: true, default: [], elements });

export const strings = array({ type: 'string' });
export const headers = array({ type: 'string', validate: headerPair(false) });
/** check_for_value: `name:value` with a value. */
export const colonValues = array({
  type: 'string',
  validate: (entry: string) => {
    const m = /^([^:]+):*(.*)$/.exec(entry);
    return m?.[2] ? undefined : `key '${m?.[1] ?? entry}' has no value`;
  },
});
export const colonHeaders = array(colon(headerPair(false)));
export const colonRenames = array(colon(headerPair(true)));
export const colonStrings = array(colon());

/** A record of arrays, its default being every array empty. */
export function arrays(fields: Fields): FieldSpec {
  return {
    type: 'record',
    required: true,
    fields,
    default: Object.fromEntries(
      Object.entries(fields).map(([name, spec]) => [name, spec.type === 'array' ? [] : null]),
    ),
  };
}

/** `name:value` split at the first colon. */
export function splitPair(entry: string): [string, string] {
  const at = entry.indexOf(':');
  return at === -1 ? [entry, ''] : [entry.slice(0, at), entry.slice(at + 1)];
}

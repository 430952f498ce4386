import { FaultError } from '../shared/index.js';
/** A `{{NAME}}` reference in a text; `\{{` escapes are not references. */
export interface VariableReference {
  readonly name: string;
  /** 0-based offset of the `{{`. */
  readonly index: number;
  /** Length of the whole reference, braces included. */
  readonly length: number;
}

// `\{{` is a literal `{{`; otherwise `{{ NAME }}` with optional spaces is a reference.
const TOKEN = /\\\{\{|\{\{\s*([A-Za-z_][A-Za-z0-9_]*)\s*\}\}/g;

/** A variable with no value where a text needs it: a fault, with a stable code and a hint. */
export class InterpolationError extends FaultError<'undefined-variable'> {
  readonly variable: string;

  constructor(variable: string) {
    super(
      'undefined-variable',
      `variable {{${variable}}} has no value`,
      `give it with --var ${variable}=VALUE, or declare it in the lesson's vars`,
    );
    this.variable = variable;
  }
}

/** Every `{{NAME}}` in `text`, in order. */
export function variableReferences(text: string): VariableReference[] {
  const refs: VariableReference[] = [];
  for (const match of text.matchAll(TOKEN)) {
    if (match[1] !== undefined) refs.push({ name: match[1], index: match.index, length: match[0].length });
  }
  return refs;
}

/**
 * Replaces every `{{NAME}}` with `lookup(NAME)` and every `\{{` with `{{`.
 * Throws InterpolationError (code `undefined-variable`) for a name lookup does not know.
 */
export function interpolate(text: string, lookup: (name: string) => string | undefined): string {
  if (!text.includes('{{')) return text;
  return text.replace(TOKEN, (_whole, name: string | undefined) => {
    if (name === undefined) return '{{';
    const value = lookup(name);
    if (value === undefined) throw new InterpolationError(name);
    return value;
  });
}

/**
 * Interpolates every string (keys included) in a plain value such as a check spec. Values under
 * a `source` key are positions, not lesson text, and are left alone.
 */
export function interpolateDeep<T>(value: T, lookup: (name: string) => string | undefined): T {
  return deep(value, lookup) as T;
}

function deep(value: unknown, lookup: (name: string) => string | undefined): unknown {
  if (typeof value === 'string') return interpolate(value, lookup);
  if (Array.isArray(value)) return value.map((item) => deep(item, lookup));
  if (value === null || typeof value !== 'object' || !isPlainObject(value)) return value;
  const out: Record<string, unknown> = {};
  for (const [key, item] of Object.entries(value)) {
    out[key === 'source' ? key : interpolate(key, lookup)] = key === 'source' ? item : deep(item, lookup);
  }
  return out;
}

function isPlainObject(value: object): boolean {
  const proto = Object.getPrototypeOf(value);
  return proto === Object.prototype || proto === null;
}

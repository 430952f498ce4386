/**
 * The pattern language of `output match=pattern` blocks (and of string values in `match=fields`):
 * literal text, `{{VARIABLE}}`s filled in, and lower-case placeholders for what differs on every
 * run (ids, dates, counts). Lower case keeps them apart from variables, whose names are upper case.
 */

/** Each placeholder and the regular expression it stands for (within one line). */
export const PLACEHOLDERS: Readonly<Record<string, string>> = {
  uuid: '[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}',
  // ISO 8601 (a date, or a date and time with an optional zone) or an HTTP date.
  date:
    '(?:\\d{4}-\\d{2}-\\d{2}(?:[T ]\\d{2}:\\d{2}(?::\\d{2}(?:\\.\\d+)?)?(?:Z|[+-]\\d{2}:?\\d{2})?)?' +
    '|[A-Z][a-z]{2}, \\d{2} [A-Z][a-z]{2} \\d{4} \\d{2}:\\d{2}:\\d{2} GMT)',
  number: '-?\\d+(?:\\.\\d+)?',
  hex: '[0-9a-fA-F]+',
  word: '\\S+',
  any: '.*',
};

export const PLACEHOLDER_NAMES = Object.keys(PLACEHOLDERS);

/** A line that is exactly this (spaces around allowed) matches any number of lines, none included. */
export const ELLIPSIS = '...';

/** `{{name}}` with a lower-case name; `\{{` escapes. The same token shape as variables. */
const TOKEN = /\\\{\{|\{\{\s*([A-Za-z_][A-Za-z0-9_]*)\s*\}\}/g;

export interface PlaceholderRef {
  readonly name: string;
  /** 0-based offset of the `{{` in the text. */
  readonly index: number;
  readonly known: boolean;
}

/** Names in `{{…}}` that are placeholders (lower case first letter), known or not. */
export function placeholderRefs(text: string): PlaceholderRef[] {
  const refs: PlaceholderRef[] = [];
  for (const match of text.matchAll(TOKEN)) {
    const name = match[1];
    if (name === undefined || !isPlaceholderName(name)) continue;
    refs.push({ name, index: match.index, known: name in PLACEHOLDERS });
  }
  return refs;
}

export function isPlaceholderName(name: string): boolean {
  return /^[a-z]/.test(name);
}

/**
 * One line of a pattern as an anchored regular expression: placeholders become their
 * expressions, variables their values (taken literally), everything else is literal.
 * Throws (from lookup) when a variable has no value.
 */
export function linePattern(line: string, lookup: (name: string) => string): RegExp {
  let source = '';
  let last = 0;
  for (const match of line.matchAll(TOKEN)) {
    source += escapeRegExp(line.slice(last, match.index));
    last = match.index + match[0].length;
    const name = match[1];
    if (name === undefined) source += escapeRegExp('{{');
    else if (isPlaceholderName(name)) source += `(?:${PLACEHOLDERS[name] ?? escapeRegExp(match[0])})`;
    else source += escapeRegExp(lookup(name));
  }
  source += escapeRegExp(line.slice(last));
  return new RegExp(`^${source}$`);
}

/** Whether a text uses any placeholder (so it is compared as a pattern, not as text). */
export function hasPlaceholder(text: string): boolean {
  return placeholderRefs(text).length > 0;
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

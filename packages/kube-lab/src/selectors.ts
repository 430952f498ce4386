import { badRequest } from './status-errors.js';
import { isRecord, type LabObject } from './types.js';

/** A parsed label or field selector: every term must hold. */
export type Selector = (object: LabObject) => boolean;

type Term = { key: string; op: '=' | '!=' | 'in' | 'notin' | 'exists' | '!exists'; values: string[] };

/** `app=echo,tier!=db,env in (a,b),!legacy`: kubectl's label selector syntax. */
export function labelSelector(text: string | null): Selector {
  const terms = parseTerms(text ?? '', true);
  return (object) => {
    const labels = object.metadata.labels ?? {};
    return terms.every((t) => holds(t, labels[t.key]));
  };
}

/**
 * `metadata.name=alex,involvedObject.uid=…`: equality on fields. The API server knows a few
 * fields per kind; the lab looks any dotted path up, which answers the same for those.
 */
export function fieldSelector(text: string | null): Selector {
  const terms = parseTerms(text ?? '', false);
  return (object) => terms.every((t) => holds(t, fieldValue(object, t.key)));
}

function holds(term: Term, value: string | undefined): boolean {
  switch (term.op) {
    case '=':
      return value === term.values[0];
    case '!=':
      return value !== term.values[0];
    case 'in':
      return value !== undefined && term.values.includes(value);
    case 'notin':
      return value === undefined || !term.values.includes(value);
    case 'exists':
      return value !== undefined;
    case '!exists':
      return value === undefined;
  }
}

function fieldValue(object: LabObject, path: string): string | undefined {
  let value: unknown = object;
  for (const part of path.split('.')) value = isRecord(value) ? value[part] : undefined;
  if (value === undefined || value === null) return path === 'metadata.namespace' ? '' : undefined;
  return String(value);
}

function parseTerms(text: string, labels: boolean): Term[] {
  const terms: Term[] = [];
  for (const raw of splitTerms(text)) {
    const term = raw.trim();
    if (!term) continue;
    const set = /^(\S+)\s+(in|notin)\s+\(([^)]*)\)$/.exec(term);
    if (set && labels) {
      terms.push({
        key: set[1] ?? '',
        op: set[2] as 'in' | 'notin',
        values: (set[3] ?? '')
          .split(',')
          .map((v) => v.trim())
          .filter(Boolean),
      });
      continue;
    }
    const equality = /^([^!=\s]+)\s*(==|!=|=)\s*(.*)$/.exec(term);
    if (equality) {
      terms.push({
        key: equality[1] ?? '',
        op: equality[2] === '!=' ? '!=' : '=',
        values: [(equality[3] ?? '').trim()],
      });
      continue;
    }
    if (labels && /^!?[A-Za-z0-9._/-]+$/.test(term)) {
      terms.push(
        term.startsWith('!')
          ? { key: term.slice(1), op: '!exists', values: [] }
          : { key: term, op: 'exists', values: [] },
      );
      continue;
    }
    throw badRequest(`unable to parse requirement: ${labels ? 'label' : 'field'} selector "${text}": ${term}`);
  }
  return terms;
}

// Commas separate terms, except inside `in (a,b)`.
function splitTerms(text: string): string[] {
  const out: string[] = [];
  let depth = 0;
  let current = '';
  for (const char of text) {
    if (char === '(') depth++;
    if (char === ')') depth--;
    if (char === ',' && depth === 0) {
      out.push(current);
      current = '';
    } else current += char;
  }
  out.push(current);
  return out;
}

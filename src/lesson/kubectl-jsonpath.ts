import { errorMessage } from '../shared/index.js';
/**
 * The JSONPath of `check k8s` fields only: kubectl's dialect, not the one of HTTP checks
 * (src/lesson/json-path), because authors copy these paths from `kubectl get -o jsonpath=…`.
 *
 * The part of kubectl's JSONPath (k8s.io/client-go/util/jsonpath) that checks need, written
 * here because no maintained JavaScript library speaks kubectl's dialect (`{…}` templates,
 * `\.` in field names, `[?(@.type=="Ready")]` without evaluating JavaScript).
 *
 * Supported inside one `{…}` (the braces are optional): `$`, `.field`, `.field\.with\.dots`,
 * `['key']`, `["a","b"]`, `[0]`, `[-1]`, `[1:3]`, `[*]`, `.*`, `..field`, and filters
 * `[?(@.a.b == "x")]` with `== != < > <= >=` or a bare `@.path` (exists). Not supported:
 * `range`/`end` and text around the braces.
 */

type Segment =
  | { readonly type: 'field'; readonly name: string }
  | { readonly type: 'recursive'; readonly name: string | undefined }
  | { readonly type: 'wildcard' }
  | { readonly type: 'indices'; readonly indices: readonly number[] }
  | { readonly type: 'names'; readonly names: readonly string[] }
  | { readonly type: 'slice'; readonly start?: number; readonly end?: number; readonly step?: number }
  | { readonly type: 'filter'; readonly left: readonly Segment[]; readonly op?: Operator; readonly right?: Operand };

type Operator = '==' | '!=' | '<' | '>' | '<=' | '>=';
type Operand =
  | { readonly kind: 'path'; readonly segments: readonly Segment[] }
  | { readonly kind: 'literal'; readonly value: unknown };

/** A JSONPath the parser refused, with the 0-based offset of the trouble. */
class KubectlJsonPathError extends Error {
  readonly offset: number;
  constructor(message: string, offset: number) {
    super(message);
    this.name = 'KubectlJsonPathError';
    this.offset = offset;
  }
}

export interface KubectlJsonPath {
  readonly source: string;
  /** Every value the path selects, in document order. */
  select(document: unknown): unknown[];
}

/** Parses a kubectl-style JSONPath once; throws KubectlJsonPathError when it is not one. */
export function compileKubectlJsonPath(source: string): KubectlJsonPath {
  const segments = new Parser(unwrap(source)).parsePath();
  return { source, select: (document) => evaluate(segments, [document]) };
}

/** The error message for a path, or undefined when it is fine (for lint). */
export function checkKubectlJsonPath(source: string): string | undefined {
  try {
    compileKubectlJsonPath(source);
    return undefined;
  } catch (error) {
    return errorMessage(error);
  }
}

/**
 * What a check compares: nothing selected is `undefined` (absent), one value is itself,
 * several are an array (kubectl would print them space-separated).
 */
export function selectKubectlValue(path: KubectlJsonPath, document: unknown): unknown {
  const values = path.select(document);
  return values.length === 0 ? undefined : values.length === 1 ? values[0] : values;
}

function unwrap(source: string): { text: string; offset: number } {
  const trimmed = source.trim();
  const offset = source.indexOf(trimmed);
  if (trimmed.startsWith('{')) {
    if (!trimmed.endsWith('}')) throw new KubectlJsonPathError('missing the closing } of the template', source.length);
    const inner = trimmed.slice(1, -1);
    if (/^\s*(range|end)\b/.test(inner) || inner.includes('}{'))
      throw new KubectlJsonPathError(
        'range/end and several {…} in one path are not supported; check one value per field',
        offset,
      );
    return { text: inner.trim(), offset: offset + 1 + (inner.length - inner.trimStart().length) };
  }
  return { text: trimmed, offset };
}

class Parser {
  private pos = 0;
  constructor(private readonly input: { text: string; offset: number }) {}

  parsePath(stopAt?: RegExp): Segment[] {
    const segments: Segment[] = [];
    if (this.peek() === '$' || this.peek() === '@') this.pos++;
    while (this.pos < this.text.length) {
      if (stopAt?.test(this.text[this.pos]!)) break;
      segments.push(this.parseSegment());
    }
    if (segments.length === 0 && !stopAt && this.text.length === 0) throw this.error('the path is empty');
    return segments;
  }

  private get text(): string {
    return this.input.text;
  }

  private parseSegment(): Segment {
    const c = this.peek();
    if (c === '.') {
      this.pos++;
      if (this.peek() === '.') {
        this.pos++;
        if (this.peek() === '*') {
          this.pos++;
          return { type: 'recursive', name: undefined };
        }
        return { type: 'recursive', name: this.parseName() };
      }
      if (this.peek() === '*') {
        this.pos++;
        return { type: 'wildcard' };
      }
      return { type: 'field', name: this.parseName() };
    }
    if (c === '[') return this.parseBracket();
    throw this.error(`unexpected ${JSON.stringify(c)}; a step starts with . or [`);
  }

  private parseName(): string {
    let name = '';
    while (this.pos < this.text.length) {
      const c = this.text[this.pos]!;
      if (c === '\\' && this.text[this.pos + 1] === '.') {
        name += '.';
        this.pos += 2;
        continue;
      }
      if (c === '.' || c === '[' || /\s|[=!<>)]/.test(c)) break;
      name += c;
      this.pos++;
    }
    if (!name) throw this.error('expected a field name');
    return name;
  }

  private parseBracket(): Segment {
    const start = this.pos;
    this.pos++; // [
    this.skipSpace();
    let segment: Segment;
    if (this.peek() === '*') {
      this.pos++;
      segment = { type: 'wildcard' };
    } else if (this.text.startsWith('?(', this.pos)) {
      segment = this.parseFilter();
    } else if (this.peek() === "'" || this.peek() === '"') {
      const names = [this.parseQuoted()];
      while (this.skipSpace() === ',') {
        this.pos++;
        this.skipSpace();
        names.push(this.parseQuoted());
      }
      segment = { type: 'names', names };
    } else {
      segment = this.parseIndexOrSlice();
    }
    this.skipSpace();
    if (this.peek() !== ']') throw this.error(`missing ] for the [ at ${start + this.input.offset + 1}`);
    this.pos++;
    return segment;
  }

  private parseIndexOrSlice(): Segment {
    const body = /^[-\d\s:,]*/.exec(this.text.slice(this.pos))![0];
    if (!body.trim()) throw this.error('expected an index, a slice, *, a quoted key or a filter inside [ ]');
    this.pos += body.length;
    if (body.includes(':')) {
      const [start, end, step] = body.split(':').map((part) => (part.trim() === '' ? undefined : Number(part)));
      if (step !== undefined && !(step > 0)) throw this.error('a slice step must be a positive number');
      return { type: 'slice', start, end, step };
    }
    const indices = body.split(',').map((part) => Number(part.trim()));
    if (indices.some((n) => !Number.isInteger(n))) throw this.error(`bad index ${JSON.stringify(body.trim())}`);
    return { type: 'indices', indices };
  }

  private parseFilter(): Segment {
    this.pos += 2; // ?(
    this.skipSpace();
    if (this.peek() !== '@') throw this.error('a filter starts with @, e.g. [?(@.type=="Ready")]');
    const left = this.parsePath(/[\s=!<>)]/);
    this.skipSpace();
    let op: Operator | undefined;
    let right: Operand | undefined;
    const operator = /^(==|!=|<=|>=|<|>)/.exec(this.text.slice(this.pos))?.[0] as Operator | undefined;
    if (operator) {
      op = operator;
      this.pos += operator.length;
      this.skipSpace();
      right = this.parseOperand();
      this.skipSpace();
    }
    if (this.peek() !== ')') throw this.error('missing ) to close the filter');
    this.pos++;
    return { type: 'filter', left, op, right };
  }

  private parseOperand(): Operand {
    const c = this.peek();
    if (c === '@') return { kind: 'path', segments: this.parsePath(/[\s)]/) };
    if (c === "'" || c === '"') return { kind: 'literal', value: this.parseQuoted() };
    const word = /^[^\s)]+/.exec(this.text.slice(this.pos))?.[0] ?? '';
    this.pos += word.length;
    if (word === 'true' || word === 'false') return { kind: 'literal', value: word === 'true' };
    if (word === 'null') return { kind: 'literal', value: null };
    if (word !== '' && Number.isFinite(Number(word))) return { kind: 'literal', value: Number(word) };
    throw this.error(
      `expected a quoted string, a number, true, false or @.path after the operator, got ${JSON.stringify(word)}`,
    );
  }

  private parseQuoted(): string {
    const quote = this.peek();
    let value = '';
    this.pos++;
    while (this.pos < this.text.length && this.text[this.pos] !== quote) {
      if (this.text[this.pos] === '\\' && this.pos + 1 < this.text.length) this.pos++;
      value += this.text[this.pos++];
    }
    if (this.peek() !== quote) throw this.error(`unterminated string, missing ${quote}`);
    this.pos++;
    return value;
  }

  private peek(): string | undefined {
    return this.text[this.pos];
  }

  /** Skips white space; the character after it. */
  private skipSpace(): string | undefined {
    while (/\s/.test(this.text[this.pos] ?? '')) this.pos++;
    return this.peek();
  }

  private error(message: string): KubectlJsonPathError {
    return new KubectlJsonPathError(
      `${message} (at column ${this.input.offset + this.pos + 1})`,
      this.input.offset + this.pos,
    );
  }
}

function evaluate(segments: readonly Segment[], nodes: unknown[]): unknown[] {
  return segments.reduce((current, segment) => current.flatMap((node) => step(segment, node)), nodes);
}

function step(segment: Segment, node: unknown): unknown[] {
  switch (segment.type) {
    case 'field':
      return isRecord(node) && Object.hasOwn(node, segment.name) ? [node[segment.name]] : [];
    case 'names':
      return isRecord(node) ? segment.names.filter((name) => Object.hasOwn(node, name)).map((name) => node[name]) : [];
    case 'wildcard':
      return Array.isArray(node) ? node : isRecord(node) ? Object.values(node) : [];
    case 'recursive':
      return descendants(node).flatMap((n) =>
        segment.name === undefined ? step({ type: 'wildcard' }, n) : step({ type: 'field', name: segment.name }, n),
      );
    case 'indices':
      if (!Array.isArray(node)) return [];
      return segment.indices
        .map((i) => (i < 0 ? node.length + i : i))
        .filter((i) => i >= 0 && i < node.length)
        .map((i) => node[i]);
    case 'slice':
      return Array.isArray(node) ? slice(node, segment) : [];
    case 'filter':
      return Array.isArray(node) ? node.filter((item) => holds(segment, item)) : [];
  }
}

function slice(
  array: readonly unknown[],
  { start, end, step = 1 }: { start?: number; end?: number; step?: number },
): unknown[] {
  const clamp = (n: number) => Math.min(Math.max(n < 0 ? array.length + n : n, 0), array.length);
  const result: unknown[] = [];
  for (let i = clamp(start ?? 0); i < clamp(end ?? array.length); i += step) result.push(array[i]);
  return result;
}

function holds(filter: Extract<Segment, { type: 'filter' }>, item: unknown): boolean {
  const left = evaluate(filter.left, [item]);
  if (!filter.op || !filter.right) return left.length > 0 && left[0] !== null && left[0] !== false;
  if (left.length === 0) return false;
  const right = filter.right.kind === 'literal' ? [filter.right.value] : evaluate(filter.right.segments, [item]);
  if (right.length === 0) return false;
  return compare(left[0], filter.op, right[0]);
}

function compare(left: unknown, op: Operator, right: unknown): boolean {
  const numeric = typeof left === 'number' || typeof right === 'number';
  if (op === '==' || op === '!=') {
    const equal = numeric
      ? Number(left) === Number(right)
      : typeof left === typeof right
        ? left === right
        : String(left) === String(right);
    return op === '==' ? equal : !equal;
  }
  const [a, b] = numeric ? [Number(left), Number(right)] : [String(left), String(right)];
  if (numeric && (Number.isNaN(a) || Number.isNaN(b))) return false;
  return op === '<' ? a < b : op === '>' ? a > b : op === '<=' ? a <= b : a >= b;
}

function descendants(node: unknown): unknown[] {
  const out: unknown[] = [node];
  const children = Array.isArray(node) ? node : isRecord(node) ? Object.values(node) : [];
  for (const child of children) out.push(...descendants(child));
  return out;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

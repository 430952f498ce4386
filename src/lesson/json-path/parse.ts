/**
 * The JSONPath dialect of HTTP checks (and `check cmd` JSON stdout): the one Kong's docs and
 * Hurl write, `$.data[0].name`, plus the short form lessons have always used, `data[0].name`.
 * Parsed once, when the lesson is read, so lint reports a bad path at its column; checks only
 * evaluate a parsed path. The kubectl dialect of `check k8s` is a different language
 * (`{.status.x}` templates) and lives in src/checks/kubectl-jsonpath.ts.
 */

export type Segment =
  | { readonly type: 'field'; readonly name: string }
  | { readonly type: 'index'; readonly index: number }
  | { readonly type: 'wildcard' }
  | { readonly type: 'slice'; readonly start?: number; readonly end?: number; readonly step: number }
  | { readonly type: 'descendants'; readonly name?: string }
  | { readonly type: 'filter'; readonly test: Test };

export type Operator = '==' | '!=' | '<' | '<=' | '>' | '>=';

export type Operand =
  | { readonly kind: 'literal'; readonly value: unknown }
  | { readonly kind: 'path'; readonly root: '@' | '$'; readonly segments: readonly Segment[] };

export type Test =
  | { readonly kind: 'exists'; readonly path: Extract<Operand, { kind: 'path' }>; readonly negated: boolean }
  | { readonly kind: 'compare'; readonly left: Operand; readonly op: Operator; readonly right: Operand }
  | { readonly kind: 'and' | 'or'; readonly tests: readonly Test[] };

/** A parsed path. `definite` paths (names and single indexes only) select at most one value. */
export interface JsonPath {
  readonly source: string;
  readonly segments: readonly Segment[];
  readonly definite: boolean;
}

/** A path the parser refused: what is wrong, where (0-based offset into the path), what to write. */
export class JsonPathError extends Error {
  readonly offset: number;
  readonly hint: string;
  constructor(message: string, offset: number, hint: string) {
    super(message);
    this.name = 'JsonPathError';
    this.offset = offset;
    this.hint = hint;
  }
}

const EXAMPLES = 'e.g. $.data[0].name, message, $.data[*].id or $.data[?(@.enabled == true)].name';

/** Parses a path; throws JsonPathError saying where it went wrong. */
export function parseJsonPath(source: string): JsonPath {
  const segments = new Parser(source).parseTop();
  return { source, segments, definite: segments.every((s) => s.type === 'field' || s.type === 'index') };
}

/** The parse error of a path, or undefined when it is fine (for lint). */
export function checkJsonPath(source: string): JsonPathError | undefined {
  try {
    parseJsonPath(source);
    return undefined;
  } catch (error) {
    if (error instanceof JsonPathError) return error;
    throw error;
  }
}

/** Characters that end a dotted name inside a filter, where a name is followed by an operator. */
const FILTER_STOP = /[\s=!<>()&|,\]]/;

class Parser {
  private pos = 0;
  constructor(private readonly text: string) {}

  parseTop(): Segment[] {
    if (this.text.trim() === '') throw this.fail('the JSON path is empty', `write a path, ${EXAMPLES}`);
    const segments: Segment[] = [];
    if (this.peek() === '$') {
      this.pos++;
    } else if (this.peek() !== '.' && this.peek() !== '[') {
      // The short form: the first name needs no `$.` in front (`message`, `data[0].id`).
      segments.push({ type: 'field', name: this.parseName(false) });
    }
    while (this.pos < this.text.length) segments.push(this.parseSegment(false));
    return segments;
  }

  private parseSegment(inFilter: boolean): Segment {
    const c = this.peek();
    if (c === '[') return this.parseBracket();
    if (c !== '.') {
      throw this.fail(
        `unexpected ${JSON.stringify(c)}; each step starts with . or [`,
        `separate names with dots and put indexes in brackets, ${EXAMPLES}`,
      );
    }
    this.pos++;
    if (this.peek() === '.') {
      this.pos++;
      if (this.peek() === '*') return this.skip({ type: 'descendants' });
      if (this.peek() === '[') {
        throw this.fail('..[ is not supported', 'write $..name for every "name" below, or $..* for every value');
      }
      return { type: 'descendants', name: this.parseName(inFilter) };
    }
    if (this.peek() === '*') return this.skip({ type: 'wildcard' });
    if (this.peek() === '[') throw this.fail('a dot cannot come before [', 'write a[0] or a["key"], not a.[0]');
    return { type: 'field', name: this.parseName(inFilter) };
  }

  private parseName(inFilter: boolean): string {
    const start = this.pos;
    while (this.pos < this.text.length) {
      const c = this.text.charAt(this.pos);
      if (c === '.' || c === '[' || c === ']' || (inFilter && FILTER_STOP.test(c))) break;
      this.pos++;
    }
    if (this.pos === start) {
      throw this.fail(
        this.pos >= this.text.length ? 'the path ends after a dot' : 'expected a name',
        'put a field name after the dot, or quote odd keys: $["odd.key"]',
      );
    }
    return this.text.slice(start, this.pos);
  }

  private parseBracket(): Segment {
    const open = this.pos;
    this.pos++;
    this.skipSpace();
    let segment: Segment;
    const c = this.peek();
    if (c === '*') segment = this.skip({ type: 'wildcard' });
    else if (c === '?') segment = this.parseFilter();
    else if (c === '"' || c === "'") segment = { type: 'field', name: this.parseQuoted() };
    else segment = this.parseIndexOrSlice();
    this.skipSpace();
    if (this.peek() !== ']') {
      throw this.fail(
        `missing ] to close the [ at column ${open + 1}`,
        'brackets hold one index, a slice, *, a quoted key or a filter',
      );
    }
    this.pos++;
    return segment;
  }

  private parseIndexOrSlice(): Segment {
    const match = /^\s*(-?\d+)?\s*(?::\s*(-?\d+)?\s*(?::\s*(-?\d+)?)?)?/.exec(this.text.slice(this.pos));
    const body = match?.[0] ?? '';
    if (body.trim() === '') {
      const word = /^[^\]]*/.exec(this.text.slice(this.pos))?.[0] ?? '';
      throw this.fail(
        `${JSON.stringify(word)} is not an index`,
        /^[A-Za-z_]/.test(word)
          ? `quote a key in brackets: ["${word}"], or write .${word}`
          : 'write [0], [-1], [1:3], [*], ["key"] or a filter [?(@.name == "x")]',
      );
    }
    this.pos += body.length;
    const number = (text: string | undefined) => (text === undefined ? undefined : Number(text));
    if (!body.includes(':')) return { type: 'index', index: Number(match?.[1]) };
    const step = number(match?.[3]) ?? 1;
    if (step <= 0) throw this.fail('a slice step must be a positive number', 'write [start:end] or [start:end:2]');
    const start = number(match?.[1]);
    const end = number(match?.[2]);
    return { type: 'slice', step, ...(start === undefined ? {} : { start }), ...(end === undefined ? {} : { end }) };
  }

  private parseFilter(): Segment {
    this.pos++; // ?
    this.skipSpace();
    // Both `[?(@.a == 1)]` (Kong docs, Goessner) and `[?@.a == 1]` (RFC 9535, Hurl).
    const parenthesised = this.peek() === '(';
    if (parenthesised) this.pos++;
    const test = this.parseOr();
    this.skipSpace();
    if (parenthesised) {
      if (this.peek() !== ')') throw this.fail('missing ) to close the filter', 'write [?(@.type == "Ready")]');
      this.pos++;
    }
    return { type: 'filter', test };
  }

  private parseOr(): Test {
    const tests = [this.parseAnd()];
    while (this.consume('||')) tests.push(this.parseAnd());
    return tests.length === 1 && tests[0] ? tests[0] : { kind: 'or', tests };
  }

  private parseAnd(): Test {
    const tests = [this.parseTest()];
    while (this.consume('&&')) tests.push(this.parseTest());
    return tests.length === 1 && tests[0] ? tests[0] : { kind: 'and', tests };
  }

  private parseTest(): Test {
    this.skipSpace();
    if (this.peek() === '(') {
      this.pos++;
      const inner = this.parseOr();
      this.skipSpace();
      if (this.peek() !== ')') throw this.fail('missing )', 'close every ( inside the filter');
      this.pos++;
      return inner;
    }
    const negated = this.peek() === '!' && this.text.charAt(this.pos + 1) !== '=';
    if (negated) this.pos++;
    const left = this.parseOperand();
    this.skipSpace();
    const op = /^(==|!=|<=|>=|<|>)/.exec(this.text.slice(this.pos))?.[1];
    if (op === undefined || !isOperator(op)) {
      if (left.kind !== 'path') {
        throw this.fail('a literal alone is not a test', 'compare it with a path: [?(@.port == 80)]');
      }
      return { kind: 'exists', path: left, negated };
    }
    if (negated) throw this.fail('! only negates a path that must exist', 'write [?(!@.disabled)] or use !=');
    this.pos += op.length;
    return { kind: 'compare', left, op, right: this.parseOperand() };
  }

  private parseOperand(): Operand {
    this.skipSpace();
    const c = this.peek();
    if (c === '@' || c === '$') {
      this.pos++;
      const segments: Segment[] = [];
      while (this.peek() === '.' || this.peek() === '[') segments.push(this.parseSegment(true));
      return { kind: 'path', root: c, segments };
    }
    if (c === '"' || c === "'") return { kind: 'literal', value: this.parseQuoted() };
    const word = /^[^\s()&|=!<>\]]+/.exec(this.text.slice(this.pos))?.[0] ?? '';
    if (word === 'true' || word === 'false' || word === 'null') {
      this.pos += word.length;
      return { kind: 'literal', value: word === 'null' ? null : word === 'true' };
    }
    if (word !== '' && Number.isFinite(Number(word))) {
      this.pos += word.length;
      return { kind: 'literal', value: Number(word) };
    }
    throw this.fail(
      word === '' ? 'expected a value in the filter' : `${JSON.stringify(word)} is not a value`,
      /^[A-Za-z_]/.test(word)
        ? `a filter starts paths with @ (the item) and quotes text: @.${word} or "${word}"`
        : 'compare @.path with a quoted string, a number, true, false or null',
    );
  }

  private parseQuoted(): string {
    const quote = this.peek();
    const open = this.pos;
    this.pos++;
    let value = '';
    while (this.pos < this.text.length && this.peek() !== quote) {
      if (this.peek() === '\\' && this.pos + 1 < this.text.length) this.pos++;
      value += this.text.charAt(this.pos);
      this.pos++;
    }
    if (this.peek() !== quote) {
      this.pos = open;
      throw this.fail(`unterminated string, missing ${quote}`, `close the quoted text with ${quote}`);
    }
    this.pos++;
    return value;
  }

  private consume(token: string): boolean {
    this.skipSpace();
    if (!this.text.startsWith(token, this.pos)) return false;
    this.pos += token.length;
    return true;
  }

  private skip<T>(segment: T): T {
    this.pos++;
    return segment;
  }

  private peek(): string {
    return this.text.charAt(this.pos);
  }

  private skipSpace(): void {
    while (/\s/.test(this.text.charAt(this.pos))) this.pos++;
  }

  private fail(message: string, hint: string): JsonPathError {
    return new JsonPathError(message, Math.min(this.pos, this.text.length), hint);
  }
}

function isOperator(text: string): text is Operator {
  return ['==', '!=', '<', '<=', '>', '>='].includes(text);
}

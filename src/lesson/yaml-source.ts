import { isCollection, isMap, LineCounter, parseDocument, visit, type Document, type Node, type YAMLError } from 'yaml';
import type { DiagnosticSink } from './diagnostics.js';
import type { SourcePos } from './types.js';

export type YamlPath = readonly PropertyKey[];

/** Maps a 0-based line and column inside the YAML text to a position in the lesson file. */
export type PosMapper = (line: number, column: number) => SourcePos;

/**
 * YAML embedded in a lesson (front matter, a check, a vars block), parsed with node ranges so
 * every problem found later, by the schema or by lint, points at the key or value concerned.
 */
export class YamlSource {
  readonly doc: Document;
  readonly value: unknown;
  readonly text: string;
  private readonly lines: LineCounter;
  private readonly toPos: PosMapper;
  /** Where problems with no better place go: the block's opening line. */
  readonly fallback: SourcePos;

  /** Set when the YAML parsed but could not become a value (an alias bomb, nesting too deep). */
  private readonly valueError: string | undefined;

  private constructor(
    text: string,
    doc: Document,
    lines: LineCounter,
    toPos: PosMapper,
    fallback: SourcePos,
    refused?: 'too-deep' | 'collection-key',
  ) {
    this.text = text;
    this.doc = doc;
    this.lines = lines;
    this.toPos = toPos;
    this.fallback = fallback;
    const converted = refused
      ? { value: undefined, error: refused === 'too-deep' ? 'too deep' : 'a key is not text' }
      : doc.errors.length === 0
        ? toValue(doc)
        : { value: undefined };
    this.value = converted.value;
    this.valueError = converted.error;
  }

  /** Parses `text`; YAML syntax errors are reported as `bad-yaml`, and then `ok` is false. */
  static parse(text: string, toPos: PosMapper, fallback: SourcePos, sink: DiagnosticSink): YamlSource {
    const lines = new LineCounter();
    // The YAML library and everything after it recurse once per level: nesting deep enough to
    // exhaust the stack is refused before parsing, as a problem at the block.
    const tooDeep = nestingBeyond(text, MAX_NESTING);
    const doc = parseDocument(tooDeep ? '' : text, { lineCounter: lines, prettyErrors: true, uniqueKeys: true });
    if (tooDeep) {
      const source = new YamlSource(text, doc, lines, toPos, fallback, 'too-deep');
      sink.error(
        fallback,
        'bad-yaml',
        `the YAML is nested more than ${MAX_NESTING} levels deep`,
        'write it flatter: a check or vars block needs a few levels, not hundreds',
      );
      return source;
    }
    const keys = doc.errors.length === 0 ? collectionKeys(doc) : [];
    const source = new YamlSource(text, doc, lines, toPos, fallback, keys.length > 0 ? 'collection-key' : undefined);
    for (const key of keys) reportCollectionKey(source, key, sink);
    for (const error of doc.errors)
      sink.error(source.errorPos(error), 'bad-yaml', yamlMessage(error), yamlHint(error, text));
    if (source.valueError && keys.length === 0) {
      sink.error(
        source.fallback,
        'bad-yaml',
        source.valueError,
        'write the values out: a lesson has no need for aliases that expand this much, or for nesting this deep',
      );
    }
    return source;
  }

  /** The same text and positions with another document: a per-target variant of this YAML (by-target.ts). */
  withDocument(doc: Document): YamlSource {
    return new YamlSource(this.text, doc, this.lines, this.toPos, this.fallback);
  }

  get ok(): boolean {
    return this.doc.errors.length === 0 && this.valueError === undefined;
  }

  /** The position of a 0-based offset in the YAML text. */
  at(offset: number): SourcePos {
    const { line, col } = this.lines.linePos(offset);
    return this.toPos(line - 1, col - 1);
  }

  /** The node at `path`, if there is one. */
  node(path: YamlPath): Node | undefined {
    if (path.length === 0) return (this.doc.contents as Node | null) ?? undefined;
    const found = this.doc.getIn(path as unknown[], true);
    return isNodeLike(found) ? found : undefined;
  }

  /** Where the value at `path` is written; for a missing value, the key of its nearest ancestor. */
  valuePos(path: YamlPath): SourcePos {
    const node = this.node(path);
    if (node?.range) return this.at(node.range[0]);
    for (let depth = path.length - 1; depth >= 1; depth--) {
      if (this.node(path.slice(0, depth))) return this.keyPos(path.slice(0, depth));
    }
    return this.fallback;
  }

  /** Where the key (or list item) at the end of `path` is written. */
  keyPos(path: YamlPath): SourcePos {
    if (path.length === 0) return this.valuePos(path);
    const key = this.keyNode(path);
    return key?.range ? this.at(key.range[0]) : this.valuePos(path);
  }

  /**
   * Where character `offset` of the text of the key (`part: 'key'`) or scalar value at `path`
   * is, past an opening quote: so a problem inside a JSON path points at its column.
   */
  innerPos(path: YamlPath, part: 'key' | 'value', offset: number): SourcePos {
    const node = part === 'value' ? this.node(path) : this.keyNode(path);
    const range = node?.range;
    if (!range) return part === 'value' ? this.valuePos(path) : this.keyPos(path);
    const quoted = /^["']/.test(this.text.slice(range[0], range[0] + 1)) ? 1 : 0;
    return this.at(Math.min(range[0] + quoted + offset, range[1]));
  }

  private keyNode(path: YamlPath): Node | undefined {
    const parent = this.node(path.slice(0, -1));
    const last = path[path.length - 1];
    if (!isMap(parent)) return undefined;
    const pair = parent.items.find(
      (item) => isNodeLike(item.key) && String((item.key as { value?: unknown }).value) === String(last),
    );
    return pair && isNodeLike(pair.key) ? pair.key : undefined;
  }

  /** The YAML source of the value at `path`, as written. */
  sourceOf(path: YamlPath): string | undefined {
    const range = this.node(path)?.range;
    return range ? this.text.slice(range[0], range[1]) : undefined;
  }

  private errorPos(error: YAMLError): SourcePos {
    const at = error.linePos?.[0];
    return at ? this.toPos(at.line - 1, at.col - 1) : this.fallback;
  }
}

/**
 * Keys that are maps or lists. Every one is a mistake in a lesson, and one is common: an unquoted
 * `{{VAR}}:` key, which YAML reads as a map in a map and JavaScript then turns into the key `{ VAR }`.
 */
function collectionKeys(doc: Document): Node[] {
  const keys: Node[] = [];
  visit(doc, {
    Pair(_, pair) {
      if (isCollection(pair.key)) keys.push(pair.key);
    },
  });
  // A key inside another reported key (`{HEADER}` in `{{HEADER}}`) is the same mistake.
  const within = (inner: Node, outer: Node) =>
    inner !== outer &&
    (inner.range?.[0] ?? 0) >= (outer.range?.[0] ?? 0) &&
    (inner.range?.[1] ?? 0) <= (outer.range?.[1] ?? 0);
  return keys.filter((key) => !keys.some((outer) => within(key, outer)));
}

function reportCollectionKey(source: YamlSource, key: Node, sink: DiagnosticSink): void {
  const start = key.range?.[0] ?? 0;
  const written = source.text.slice(start, key.range?.[1] ?? start).trim();
  const variable = /^\{\{\s*([A-Za-z_][A-Za-z0-9_]*)\s*\}\}$/.exec(written);
  if (variable)
    sink.error(
      source.at(start),
      'unquoted-variable-key',
      `the key ${written} is not quoted, so YAML reads it as a map and the key becomes "{ ${variable[1]} }"`,
      `quote it: "${written}": …`,
    );
  else
    sink.error(
      source.at(start),
      'bad-yaml',
      `the key ${written.length > 40 ? `${written.slice(0, 40)}…` : written} is a map or a list, not text`,
      'quote the key, or write it as plain text',
    );
}

function isNodeLike(value: unknown): value is Node {
  return typeof value === 'object' && value !== null && 'range' in value;
}

function yamlMessage(error: YAMLError): string {
  const first = error.message.split('\n')[0] ?? error.message;
  return `invalid YAML: ${first.replace(/ at line \d+, column \d+:?$/, '')}`;
}

function yamlHint(error: YAMLError, text: string): string {
  const line = error.linePos ? (text.split('\n')[error.linePos[0].line - 1] ?? '') : '';
  if (/:\s+\{\{/.test(line) || /^\s*-\s+\{\{/.test(line))
    return 'a value that starts with {{ must be quoted in YAML: url: "{{PROXY}}/path"';
  if (/"[^"]*\\\{/.test(line))
    return "double-quoted YAML has no \\{ escape: write \\\\{{ there, or quote with ' instead";
  switch (error.code) {
    case 'DUPLICATE_KEY':
      return 'each key may appear only once in a map; merge the two entries';
    case 'TAB_AS_INDENT':
      return 'indent YAML with spaces, not tabs';
    case 'BAD_INDENT':
    case 'MISSING_CHAR':
      return 'check the indentation and the closing ] or } of flow collections';
    default:
      return "check the YAML syntax here; quote values that contain ': ' or start with {, [, *, & or @";
  }
}

/**
 * The document as plain data. Aliases may expand at most 100 times (a "billion laughs" document
 * is refused, not expanded), and nesting too deep for the stack is a problem to report, not a crash.
 */
function toValue(doc: Document): { value: unknown; error?: string } {
  try {
    return { value: doc.toJS({ maxAliasCount: 100 }) };
  } catch (error) {
    if (error instanceof RangeError) return { value: undefined, error: 'the YAML is nested too deeply to read' };
    const reason = error instanceof Error ? error.message : String(error);
    return {
      value: undefined,
      error: /alias count/i.test(reason)
        ? 'the YAML uses aliases that expand too much (more than 100 alias uses)'
        : `the YAML could not be read: ${reason}`,
    };
  }
}

/** Deeper than any lesson needs, far shallower than what exhausts the stack. */
const MAX_NESTING = 64;

/**
 * Whether the text nests flow collections (`[`, `{`) or block indentation past `limit` levels.
 * Counting is rough on purpose (brackets inside quotes count too): it only has to be sure that
 * what it lets through is shallow.
 */
function nestingBeyond(text: string, limit: number): boolean {
  let flow = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 91 || c === 123) {
      flow++;
      if (flow > limit) return true;
    } else if ((c === 93 || c === 125) && flow > 0) flow--;
    else if (c === 10) {
      let indent = 0;
      while (text.charCodeAt(i + 1 + indent) === 32) indent++;
      // Block nesting needs at least one more space per level.
      if (indent > limit * 4) return true;
    }
  }
  return false;
}

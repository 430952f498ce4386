import { parse as parseYaml } from 'yaml';
import {
  ELLIPSIS,
  hasPlaceholder,
  interpolate,
  linePattern,
  type ExpectedField,
  type OutputExpectation,
  type ResponseOutput,
  type SourcePos,
} from '../lesson/index.js';
import type { CheckResult, ExpectationResult } from './types.js';

/**
 * Judges what a run block printed against the `output match=…` block after it. A mismatch is a
 * failed check whose expectations are a per-line diff (`exact`, `pattern`) or one per differing
 * field (`fields`), each pointing at the line of the output block it concerns.
 * `lookup` fills in `{{VARIABLES}}` and throws for one without a value.
 */
export function judgeOutput(
  expect: OutputExpectation,
  stdout: string,
  lookup: (name: string) => string | undefined,
): CheckResult {
  const started = performance.now();
  const value = (name: string): string => {
    const found = lookup(name);
    // interpolate() throws the InterpolationError the engine reports as a fault.
    return found ?? interpolate(`{{${name}}}`, lookup);
  };
  const actual = normalize(stdout);
  const expectations = expect.response
    ? judgeResponse(expect, expect.response, actual, value)
    : expect.match === 'fields'
      ? judgeFields(expect, actual, value)
      : judgeLines(expect, actual, value);
  const passed = expectations.every((result) => result.passed);
  return {
    kind: 'cmd',
    status: passed ? 'passed' : 'failed',
    expectations,
    attempts: 1,
    durationMs: performance.now() - started,
    extracted: {},
  };
}

/**
 * What `curl -i` printed, read as HTTP: the last response's status line and headers (a `100
 * Continue` or a redirect followed with -L prints one head per response), then the body.
 */
function readPrinted(
  lines: readonly string[],
): { status: number; headers: [string, string][]; body: string[] } | undefined {
  let at = lines.findIndex((line) => STATUS_LINE.test(line));
  if (at < 0) return undefined;
  for (;;) {
    const status = Number(STATUS_LINE.exec(lines[at] ?? '')?.[1]);
    const headers: [string, string][] = [];
    let i = at + 1;
    for (; i < lines.length && lines[i] !== ''; i++) {
      const colon = (lines[i] ?? '').indexOf(':');
      if (colon > 0) headers.push([(lines[i] ?? '').slice(0, colon).trim(), (lines[i] ?? '').slice(colon + 1).trim()]);
    }
    const next = i + 1;
    if (STATUS_LINE.test(lines[next] ?? '')) {
      at = next;
      continue;
    }
    return { status, headers, body: lines.slice(next) };
  }
}

const STATUS_LINE = /^HTTP\/[\d.]+\s+(\d{3})\b/;

/** A `match=response` block: the status, each header it names (any order), and the body it shows. */
function judgeResponse(
  expect: OutputExpectation,
  response: ResponseOutput,
  actual: readonly string[],
  value: (name: string) => string,
): ExpectationResult[] {
  const printed = readPrinted(actual);
  if (!printed)
    return [
      {
        subject: 'response',
        passed: false,
        expected: `HTTP ${response.status} (the status line curl -i prints)`,
        actual: actual[0] === undefined ? '(no output)' : excerpt(actual),
        source: response.statusSource,
      },
    ];
  const results: ExpectationResult[] = [
    {
      subject: 'status',
      passed: printed.status === response.status,
      expected: String(response.status),
      actual: String(printed.status),
      source: response.statusSource,
    },
  ];
  for (const header of response.headers) {
    const values = printed.headers.filter(([name]) => name.toLowerCase() === header.name.toLowerCase());
    const pattern = linePattern(header.value, value);
    results.push({
      subject: `header ${header.name}`,
      passed: values.some(([, got]) => pattern.test(got)),
      expected: header.value,
      actual: values.length ? values.map(([, got]) => got).join(', ') : '(absent)',
      source: header.source,
    });
  }
  const body = response.body;
  if (body?.match === 'fields') results.push(...judgeFields({ ...expect, lines: body.lines }, printed.body, value));
  else if (body)
    results.push(
      ...judgeLines({ match: 'pattern', text: body.text, lines: body.lines, fields: [] }, printed.body, value).map(
        (result) => ({ ...result, subject: result.subject.replace(/^output/, 'body') }),
      ),
    );
  return results;
}

/** Without colours, carriage returns, trailing spaces and trailing blank lines: what a reader sees. */
function normalize(text: string): string[] {
  const plain = text.replace(/\u001b\[[0-9;?]*[A-Za-z]/g, '').replace(/\r\n?/g, '\n');
  const lines = plain.split('\n').map((line) => line.trimEnd());
  while (lines.length > 0 && lines.at(-1) === '') lines.pop();
  return lines;
}

type LineItem =
  | {
      readonly kind: 'line';
      readonly text: string;
      readonly test: (line: string) => boolean;
      readonly source: SourcePos;
    }
  | { readonly kind: 'ellipsis'; readonly source: SourcePos };

// Beyond this many line pairs the diff would be slow; such output is compared line by line.
const MAX_DIFF_CELLS = 4_000_000;

function judgeLines(expect: OutputExpectation, actual: string[], value: (name: string) => string): ExpectationResult[] {
  const written = expect.text.split('\n').map((line) => line.trimEnd());
  const fallback = expect.lines[0] ?? { file: '', line: 0, column: 0 };
  const items: LineItem[] = [];
  written.forEach((text, index) => {
    const source = expect.lines[index] ?? fallback;
    if (expect.match === 'pattern' && text.trim() === ELLIPSIS) items.push({ kind: 'ellipsis', source });
    else if (expect.match === 'pattern') {
      const pattern = linePattern(text, value);
      items.push({ kind: 'line', text, test: (line) => pattern.test(line), source });
    } else {
      const filled = interpolate(text, value);
      items.push({ kind: 'line', text: filled, test: (line) => line === filled, source });
    }
  });
  while (items.length > 0 && items.at(-1)?.kind === 'line' && written[items.length - 1] === '') items.pop();
  const diff = diffLines(items, actual);
  if (diff.length === 0) {
    return [
      {
        subject: 'output',
        passed: true,
        expected: `${items.length} line${items.length === 1 ? '' : 's'} (match=${expect.match})`,
        actual: `${actual.length} line${actual.length === 1 ? '' : 's'}, as expected`,
        source: fallback,
      },
    ];
  }
  return diff;
}

/**
 * The lines that differ, as expectations: a line that differs (expected and actual), an expected
 * line that is missing, and a line the command printed that the block does not have.
 */
function diffLines(items: readonly LineItem[], actual: readonly string[]): ExpectationResult[] {
  const n = items.length;
  const m = actual.length;
  if ((n + 1) * (m + 1) > MAX_DIFF_CELLS) return lineByLine(items, actual);
  // cost[i][j]: the fewest unmatched lines aligning items[i..] with actual[j..].
  const width = m + 1;
  const cost = new Uint32Array((n + 1) * width);
  const at = (i: number, j: number) => cost[i * width + j] ?? 0;
  for (let i = n; i >= 0; i--) {
    for (let j = m; j >= 0; j--) {
      if (i === n && j === m) continue;
      const item = items[i];
      let best = Number.MAX_SAFE_INTEGER;
      if (item?.kind === 'ellipsis') {
        best = at(i + 1, j);
        if (j < m) best = Math.min(best, at(i, j + 1));
      } else {
        if (item && j < m && item.test(actual[j] ?? '')) best = at(i + 1, j + 1);
        if (item) best = Math.min(best, 1 + at(i + 1, j));
        if (j < m) best = Math.min(best, 1 + at(i, j + 1));
      }
      cost[i * width + j] = best;
    }
  }
  if (at(0, 0) === 0) return [];
  // Walk the cheapest path, pairing a missing line with an extra one next to it.
  const results: ExpectationResult[] = [];
  let missing: { item: Extract<LineItem, { kind: 'line' }> }[] = [];
  let extra: { line: string; number: number }[] = [];
  const flush = (near: SourcePos) => {
    const pairs = Math.max(missing.length, extra.length);
    for (let k = 0; k < pairs; k++) {
      const want = missing[k];
      const got = extra[k];
      results.push({
        subject: got ? `output line ${got.number}` : 'output (missing line)',
        passed: false,
        expected: want ? want.item.text : '(no such line)',
        actual: got ? got.line : '(missing)',
        source: want?.item.source ?? near,
      });
    }
    missing = [];
    extra = [];
  };
  let i = 0;
  let j = 0;
  while (i < n || j < m) {
    const item = items[i];
    const here = at(i, j);
    if (item?.kind === 'ellipsis') {
      if (at(i + 1, j) === here) i++;
      else j++;
      continue;
    }
    if (item && j < m && item.test(actual[j] ?? '') && at(i + 1, j + 1) === here) {
      flush(item.source);
      i++;
      j++;
    } else if (item && at(i + 1, j) + 1 === here) {
      missing.push({ item });
      i++;
    } else {
      extra.push({ line: actual[j] ?? '', number: j + 1 });
      j++;
    }
  }
  flush(items.at(-1)?.source ?? { file: '', line: 0, column: 0 });
  return results;
}

function lineByLine(items: readonly LineItem[], actual: readonly string[]): ExpectationResult[] {
  const results: ExpectationResult[] = [];
  const count = Math.max(items.length, actual.length);
  for (let k = 0; k < count; k++) {
    const item = items[k];
    const line = actual[k];
    if (item?.kind === 'line' && line !== undefined && item.test(line)) continue;
    if (item?.kind === 'ellipsis') continue;
    results.push({
      subject: `output line ${k + 1}`,
      passed: false,
      expected: item?.kind === 'line' ? item.text : '(no such line)',
      actual: line ?? '(missing)',
      ...(item ? { source: item.source } : {}),
    });
  }
  return results;
}

function judgeFields(
  expect: OutputExpectation,
  actual: readonly string[],
  value: (name: string) => string,
): ExpectationResult[] {
  const text = actual.join('\n');
  const parsed = readStructured(text);
  if (parsed === undefined) {
    return [
      {
        subject: 'output',
        passed: false,
        expected: 'JSON or YAML with the fields the block names',
        actual: actual[0] === undefined ? '(no output)' : excerpt(actual),
        source: expect.lines[0],
      },
    ];
  }
  return expect.fields.map((field) => judgeField(field, parsed, value));
}

function readStructured(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    // not JSON: YAML, as kubectl -o yaml and deck print
  }
  try {
    const value: unknown = parseYaml(text, { maxAliasCount: 100 });
    return value !== null && typeof value === 'object' ? value : undefined;
  } catch {
    return undefined;
  }
}

function judgeField(field: ExpectedField, root: unknown, value: (name: string) => string): ExpectationResult {
  const subject = `field ${pathText(field.path)}`;
  const found = dig(root, field.path);
  const actual = found.present ? JSON.stringify(found.value) : '(absent)';
  if ('length' in field.expect) {
    const length = found.present && Array.isArray(found.value) ? found.value.length : undefined;
    return {
      subject,
      passed: length === field.expect.length,
      expected: `a list of ${field.expect.length}`,
      actual: length === undefined ? actual : `a list of ${length}`,
      source: field.source,
    };
  }
  const want = field.expect.value;
  let passed: boolean;
  let expected = JSON.stringify(want);
  if (typeof want === 'string' && (hasPlaceholder(want) || want.includes('{{'))) {
    const scalar = found.present && isScalar(found.value) ? String(found.value) : undefined;
    const pattern = linePattern(want, value);
    passed = scalar !== undefined && pattern.test(scalar);
    expected = `${want} (pattern)`;
  } else {
    passed = found.present && found.value === want;
  }
  return { subject, passed, expected, actual, source: field.source };
}

function isScalar(value: unknown): value is string | number | boolean | null {
  return value === null || ['string', 'number', 'boolean'].includes(typeof value);
}

function dig(root: unknown, path: readonly (string | number)[]): { present: boolean; value?: unknown } {
  let here: unknown = root;
  for (const key of path) {
    if (typeof key === 'number') {
      if (!Array.isArray(here) || key >= here.length) return { present: false };
      here = here[key];
    } else {
      if (here === null || typeof here !== 'object' || Array.isArray(here) || !Object.hasOwn(here, key))
        return { present: false };
      here = Object.getOwnPropertyDescriptor(here, key)?.value;
    }
  }
  return { present: true, value: here };
}

/** `$.data[0].name`; a name that is not a plain word is bracketed. */
function pathText(path: readonly (string | number)[]): string {
  return `$${path
    .map((key) =>
      typeof key === 'number'
        ? `[${key}]`
        : /^[A-Za-z_][A-Za-z0-9_-]*$/.test(key)
          ? `.${key}`
          : `[${JSON.stringify(key)}]`,
    )
    .join('')}`;
}

/** Lines of output an excerpt keeps, each up to this many characters. */
const EXCERPT_LINES = 5;
const EXCERPT_LINE_CHARS = 120;

/**
 * The start of the output, its lines kept (a screen shows them as lines), each shortened, and
 * what was left out counted in the words every screen uses (`… 12 more lines`).
 */
function excerpt(lines: readonly string[]): string {
  const kept = lines
    .slice(0, EXCERPT_LINES)
    .map((line) =>
      line.length > EXCERPT_LINE_CHARS
        ? `${line.slice(0, EXCERPT_LINE_CHARS)} … ${line.length - EXCERPT_LINE_CHARS} more characters`
        : line,
    );
  const more = lines.length - kept.length;
  return [...kept, ...(more > 0 ? [`… ${more} more ${more === 1 ? 'line' : 'lines'}`] : [])].join('\n');
}

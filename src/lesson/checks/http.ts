import type {
  CheckBlock,
  ExtractSource,
  Extraction,
  HttpCheckSpec,
  HttpRequestSpec,
  ResponseExpectations,
  SourcePos,
} from '../types.js';
import { VARIABLE_NAME } from '../schema-common.js';
import { readRequest } from './http-request.js';
import { readResponseExpectations, readSeries } from './http-expect.js';
import { httpCheckSchema, type HttpCheckInput } from './http-schema.js';
import { lintJsonPath } from './json-paths.js';
import { validateCheck, type CheckReader } from './read-check.js';

export interface DefinedVariable {
  readonly name: string;
  readonly pos: SourcePos;
  readonly secret: boolean;
}

export interface CheckRead<S> {
  readonly spec?: S;
  readonly name?: string;
  /** Variables the check defines for the blocks after it (`extract`), known even when it is invalid. */
  readonly defines: readonly DefinedVariable[];
}

/** An HTTP check (` ```check ` or ` ```check http `). */
export function readHttpCheck(reader: CheckReader): CheckRead<HttpCheckSpec> {
  const input = validateCheck(httpCheckSchema, reader, 'HTTP check');
  if (!input) return { defines: extractNamesOf(reader) };
  const errorsBefore = reader.sink.errorCount;
  const request = readRequest(input.request, reader);
  const repeat = input.repeat ?? 1;
  if (!input.expect && !input.series && !input.last) {
    reader.sink.error(
      reader.yaml.fallback,
      'invalid-check',
      'this check expects nothing',
      'add expect: (every response), series: (response by response) or last: (the last response)',
    );
  }
  if (input.series && input.repeat === undefined) {
    reader.sink.error(
      reader.keyAt(['series']),
      'invalid-check',
      "'series' needs 'repeat'",
      'add repeat: N, the number of requests the series describes',
    );
  }
  const series =
    input.series && input.repeat !== undefined ? readSeries(input.series, repeat, reader) : { headers: {}, json: {} };
  const expect = input.expect ? readResponseExpectations(input.expect, ['expect'], reader) : { headers: {}, json: {} };
  const last = input.last ? readResponseExpectations(input.last, ['last'], reader) : undefined;
  lintResponsePaths(input, reader);
  const extract = readExtract(input.extract ?? {}, reader);
  const defines = extract.map((entry) => ({
    name: entry.variable,
    pos: reader.keyAt(['extract', entry.variable]),
    secret: entry.secret,
  }));
  if (!request || !series || reader.sink.errorCount > errorsBefore) return { defines };
  const spec: HttpCheckSpec = {
    kind: 'http',
    request,
    repeat,
    intervalMs: input.interval ?? 0,
    expect,
    series,
    ...(last ? { last } : {}),
    extract,
    ...(input.eventually ? { eventually: input.eventually } : {}),
  };
  return { spec, name: input.name ?? httpCheckName(request, repeat, last ?? expect), defines };
}

function readExtract(record: NonNullable<HttpCheckInput['extract']>, reader: CheckReader): Extraction[] {
  const out: Extraction[] = [];
  for (const [variable, entry] of Object.entries(record)) {
    if (!VARIABLE_NAME.test(variable)) {
      reader.sink.error(
        reader.keyAt(['extract', variable]),
        'invalid-variable-name',
        `'${variable}' is not a variable name`,
        `variable names are upper case letters, digits and _, e.g. ${variable.toUpperCase().replace(/[^A-Z0-9_]/g, '_')}`,
      );
      continue;
    }
    const from = typeof entry === 'string' ? entry : entry.from;
    const source = parseExtractSource(from);
    const at = typeof entry === 'string' ? ['extract', variable] : ['extract', variable, 'from'];
    if (source?.from === 'json' && !lintJsonPath(reader, source.path, { value: at, prefix: 'json.'.length })) continue;
    if (!source) {
      reader.error(
        at,
        'invalid-check',
        `cannot extract from '${from}'`,
        'extract from json.PATH, header.NAME, status or body',
      );
      continue;
    }
    const regex = typeof entry === 'string' ? undefined : entry.regex;
    if (regex !== undefined && !compiles(regex)) {
      reader.error(
        ['extract', variable, 'regex'],
        'invalid-check',
        `'${regex}' is not a regular expression`,
        'write a JavaScript regular expression; its first group (…) is what the variable gets',
      );
      continue;
    }
    out.push({
      variable,
      source,
      ...(regex !== undefined ? { regex } : {}),
      secret: typeof entry === 'string' ? false : (entry.secret ?? false),
    });
  }
  return out;
}

function compiles(pattern: string): boolean {
  try {
    new RegExp(pattern);
    return true;
  } catch {
    return false;
  }
}

function parseExtractSource(text: string): ExtractSource | undefined {
  if (text === 'status') return { from: 'status' };
  if (text === 'body') return { from: 'body' };
  const header = /^headers?\.(.+)$/.exec(text);
  if (header) return { from: 'header', name: header[1] ?? '' };
  const json = /^json\.(.+)$/.exec(text);
  return json ? { from: 'json', path: json[1]! } : undefined;
}

/** Every JSON path of `expect`, `last` and `series`, parsed now so a bad one fails lint. */
function lintResponsePaths(input: HttpCheckInput, reader: CheckReader): void {
  const records: [readonly string[], Record<string, unknown> | undefined][] = [
    [['expect', 'json'], input.expect?.json],
    [['last', 'json'], input.last?.json],
    [['series', 'json'], input.series?.json],
  ];
  for (const [path, record] of records) {
    for (const key of Object.keys(record ?? {})) lintJsonPath(reader, key, { key: [...path, key] });
  }
}

/** The names an invalid check would still define, so later blocks do not report them as undefined. */
function extractNamesOf(reader: CheckReader): DefinedVariable[] {
  const value = reader.yaml.value as { extract?: unknown } | null;
  const extract = value && typeof value === 'object' ? value.extract : undefined;
  if (!extract || typeof extract !== 'object') return [];
  return Object.keys(extract).map((name) => ({ name, pos: reader.keyAt(['extract', name]), secret: false }));
}

/** "GET /echo → 401", "GET /limited ×6 → 429". */
function httpCheckName(
  request: HttpRequestSpec,
  repeat: number,
  expectations: ResponseExpectations,
): CheckBlock['name'] {
  const path = request.url.replace(/^\{\{\s*\w+\s*\}\}/, '').replace(/^https?:\/\/[^/]+/, '') || '/';
  const times = repeat > 1 ? ` ×${repeat}` : '';
  const status = expectations.status?.matchers[0];
  const expected =
    status?.op === 'equals'
      ? ` → ${String(status.value)}`
      : status?.op === 'one-of'
        ? ` → ${status.values.join('|')}`
        : '';
  return `${request.method} ${path}${times}${expected}`;
}

import { parse as parseYamlScalar } from 'yaml';
import { toExpectation } from '../expectation.js';
import type { ResponseExpectations, SeriesExpectations, ValueExpectation } from '../types.js';
import type { YamlPath } from '../yaml-source.js';
import type { CheckReader } from './read-check.js';
import type { HttpCheckInput, ResponseExpectationsInput, SeriesListInput } from './http-schema.js';

/** `expect:` or `last:`, with each expected value's position. */
export function readResponseExpectations(
  input: ResponseExpectationsInput,
  path: YamlPath,
  reader: CheckReader,
): ResponseExpectations {
  const entries = <T>(record: Record<string, T> | undefined, key: string, list: 'one-of' | 'equals') =>
    Object.fromEntries(
      Object.entries(record ?? {}).map(([name, value]) => [
        name,
        toExpectation(value as never, list, reader.at([...path, key, name])),
      ]),
    );
  return {
    ...(input.status !== undefined
      ? { status: toExpectation(input.status, 'one-of', reader.at([...path, 'status'])) }
      : {}),
    headers: entries(input.headers, 'headers', 'one-of'),
    json: entries(input.json, 'json', 'equals'),
    ...(input.body !== undefined ? { body: toExpectation(input.body, 'one-of', reader.at([...path, 'body'])) } : {}),
    ...(input.duration !== undefined
      ? { duration: { matchers: [{ op: 'compare', lt: input.duration }], source: reader.at([...path, 'duration']) } }
      : {}),
  };
}

/** `series:`, with `200 x5` expanded and every list checked against `repeat`. Undefined on errors. */
export function readSeries(
  input: NonNullable<HttpCheckInput['series']>,
  repeat: number,
  reader: CheckReader,
): SeriesExpectations | undefined {
  let ok = true;
  const list = (values: SeriesListInput, path: YamlPath) => {
    const expanded = expandSeries(values, path, reader);
    if (!expanded) ok = false;
    else if (expanded.length !== repeat) {
      ok = false;
      reader.error(
        path,
        'series-length',
        `'${path.join('.')}' has ${expanded.length} ${expanded.length === 1 ? 'entry' : 'entries'} for ${repeat} ` +
          `${repeat === 1 ? 'request' : 'requests'}`,
        `give one entry per request (repeat: ${repeat}); '200 x5' repeats a value and null means anything`,
      );
    }
    return expanded ?? [];
  };
  const record = (values: Record<string, SeriesListInput> | undefined, key: string) =>
    Object.fromEntries(
      Object.entries(values ?? {}).map(([name, entries]) => [name, list(entries, ['series', key, name])]),
    );
  const series: SeriesExpectations = {
    ...(input.status ? { status: list(input.status, ['series', 'status']) } : {}),
    headers: record(input.headers, 'headers'),
    json: record(input.json, 'json'),
  };
  return ok ? series : undefined;
}

const REPEATED = /^(.*\S)\s+x(\d+)$/;

/** The most requests one check sends (`repeat:`'s maximum): a series never expands past it. */
const MAX_SERIES_REPEAT = 1000;

function expandSeries(
  values: SeriesListInput,
  path: YamlPath,
  reader: CheckReader,
): (ValueExpectation | null)[] | undefined {
  const out: (ValueExpectation | null)[] = [];
  let ok = true;
  values.forEach((value, index) => {
    const at = reader.at([...path, index]);
    const repeated = typeof value === 'string' ? REPEATED.exec(value) : null;
    if (!repeated) {
      out.push(value === null ? null : toExpectation(value, 'one-of', at));
      return;
    }
    const count = Number(repeated[2]);
    if (count > MAX_SERIES_REPEAT) {
      ok = false;
      reader.error(
        [...path, index],
        'invalid-check',
        `'${value}' repeats a value ${count} times; a check sends at most ${MAX_SERIES_REPEAT} requests`,
        `use x${MAX_SERIES_REPEAT} or fewer, matching repeat:`,
      );
      return;
    }
    if (count < 1) {
      ok = false;
      reader.error(
        [...path, index],
        'invalid-check',
        `'${value}' repeats a value ${count} times`,
        'use x1 or more, or leave the entry out',
      );
      return;
    }
    // `200 x5` is text in YAML; the repeated part is read as YAML again so 200 stays a number.
    const head = parseYamlScalar(repeated[1] ?? '') as unknown;
    const entry = head === null ? null : toExpectation(head as string | number | boolean, 'one-of', at);
    for (let i = 0; i < count; i++) out.push(entry);
  });
  return ok ? out : undefined;
}

import { readJsonPath, type ExtractSource, type Extraction, type JsonPath } from '../lesson/index.js';
import { headerValue, type HttpResponse } from './http-client.js';
import { jsonPath, parseBody } from './http-expectations.js';
import type { ExpectationResult } from './types.js';

/** An `extract` entry with its JSON path parsed. */
export interface PlannedExtraction {
  readonly variable: string;
  readonly source: ExtractSource;
  readonly path?: JsonPath;
  readonly regex?: RegExp;
}

export function planExtractions(extractions: readonly Extraction[]): PlannedExtraction[] {
  return extractions.map(({ variable, source, regex }) => ({
    variable,
    source,
    ...(source.from === 'json' ? { path: jsonPath(source.path) } : {}),
    ...(regex !== undefined ? { regex: new RegExp(regex) } : {}),
  }));
}

/**
 * Takes the variables from the last response. A value that is not there is a failed
 * expectation (the lesson relies on it later), never an empty variable.
 */
export function extractVariables(
  extractions: readonly PlannedExtraction[],
  response: HttpResponse,
): { readonly values: Record<string, string>; readonly failures: ExpectationResult[] } {
  const values: Record<string, string> = {};
  const failures: ExpectationResult[] = [];
  let json: ReturnType<typeof parseBody> | undefined;
  for (const { variable, source, path, regex } of extractions) {
    let value: unknown;
    let actual = '(absent)';
    if (source.from === 'json') {
      json ??= parseBody(response.body);
      if (!json.ok) actual = json.problem;
      else if (path) value = readJsonPath(json.value, path);
    } else if (source.from === 'header') {
      value = headerValue(response, source.name.toLowerCase());
    } else if (source.from === 'status') {
      value = response.status;
    } else {
      value = response.body;
    }
    if (regex && value !== undefined) {
      const match = regex.exec(typeof value === 'string' ? value : JSON.stringify(value));
      // The value itself is left out: the variable may be a secret.
      if (!match) actual = `(no match for /${regex.source}/)`;
      value = match ? (match[1] ?? match[0]) : undefined;
    }
    if (value === undefined) {
      failures.push({
        subject: `extract ${variable} from ${describeSource(source)}${regex ? ` /${regex.source}/` : ''}`,
        passed: false,
        expected: 'present',
        actual,
      });
    } else {
      values[variable] = typeof value === 'string' ? value : JSON.stringify(value);
    }
  }
  return { values, failures };
}

function describeSource(source: ExtractSource): string {
  switch (source.from) {
    case 'json':
      return `json ${source.path}`;
    case 'header':
      return `header ${source.name}`;
    case 'status':
      return 'status';
    case 'body':
      return 'body';
  }
}

import {
  parseJsonPath,
  readJsonPath,
  JsonPathError,
  type HttpCheckSpec,
  type JsonPath,
  type ResponseExpectations,
  type SeriesExpectations,
  type ValueExpectation,
} from '../lesson/index.js';
import { headerValue, headerValues, type HttpResponse } from './http-client.js';
import { compileExpectation, describeActual, type CompiledExpectation, type MatchMode } from './matchers.js';
import type { ExpectationResult, Fault } from './types.js';

type Target =
  | { readonly kind: 'status' }
  | { readonly kind: 'header'; readonly name: string; readonly list: boolean }
  | { readonly kind: 'duration' }
  | { readonly kind: 'json'; readonly path: JsonPath }
  | { readonly kind: 'body' };

/** One expectation, ready to test: where its value comes from and how it compares. */
export interface PlannedExpectation {
  readonly subject: string;
  readonly target: Target;
  readonly expectation: CompiledExpectation;
  readonly mode: MatchMode;
}

/** The expectations of each response of a sequence, worked out once per check. */
export interface ExpectationPlan {
  readonly responses: readonly (readonly PlannedExpectation[])[];
  /** `later:` states, each tried on every response when the check's own expectations fail. */
  readonly later: readonly { readonly lesson: string; readonly expectations: readonly PlannedExpectation[] }[];
}

/**
 * Builds the per-response expectation lists: `expect` on all, `series[i]` on i, `last` on the
 * last. Throws BadPathError for a malformed JSON path.
 */
export function planExpectations(spec: HttpCheckSpec): ExpectationPlan {
  const count = Math.max(1, spec.repeat);
  const every = planResponse(spec.expect);
  const last = spec.last ? planResponse(spec.last) : [];
  const responses = Array.from({ length: count }, (_, index) => {
    const series = planSeries(spec.series, index);
    const own = index === count - 1 ? [...every, ...series, ...last] : [...every, ...series];
    return own.length === every.length ? every : own;
  });
  const later = (spec.later ?? []).map(({ lesson, expect }) => ({ lesson, expectations: planResponse(expect) }));
  return { responses, later };
}

/**
 * Tests one response against its planned expectations and appends the results to `into`.
 * JSON is parsed only if asked for. Returns whether every expectation held.
 */
export function evaluateResponse(
  planned: readonly PlannedExpectation[],
  response: HttpResponse,
  responseIndex: number | undefined,
  into: ExpectationResult[],
): boolean {
  let json: ParsedBody | undefined;
  let allPassed = true;
  for (const { subject, target, expectation, mode } of planned) {
    let value: unknown;
    let problem: string | undefined;
    if (target.kind === 'json') {
      json ??= parseBody(response.body);
      if (json.ok) value = readJsonPath(json.value, target.path);
      else problem = json.problem;
    } else {
      value = valueAt(target, response);
    }
    // A body that is not JSON fails every JSON expectation, whatever it expects.
    const passed = problem === undefined && expectation.test(value);
    const actual = problem ?? describeActual(value, mode, expectation.matchers);
    if (!passed) allPassed = false;
    const { expected, source } = expectation;
    into.push(
      responseIndex === undefined
        ? { subject, passed, expected, actual, source }
        : { subject, passed, expected, actual, responseIndex, source },
    );
  }
  return allPassed;
}

function valueAt(target: Exclude<Target, { kind: 'json' }>, response: HttpResponse): unknown {
  switch (target.kind) {
    case 'status':
      return response.status;
    case 'header':
      return target.list ? headerValues(response, target.name) : headerValue(response, target.name);
    case 'duration':
      return Math.round(response.durationMs);
    case 'body':
      return response.body;
  }
}

export type ParsedBody =
  | { readonly ok: true; readonly value: unknown }
  | { readonly ok: false; readonly problem: string };

/** The body as JSON, or why it is not JSON (shown as the actual value of JSON expectations). */
export function parseBody(body: string): ParsedBody {
  if (body.trim() === '') return { ok: false, problem: '(empty body, not JSON)' };
  try {
    return { ok: true, value: JSON.parse(body) };
  } catch {
    const excerpt = body.length > 80 ? `${body.slice(0, 80)}…` : body;
    return { ok: false, problem: `(body is not JSON: ${JSON.stringify(excerpt)})` };
  }
}

export function planResponse(expectations: ResponseExpectations): PlannedExpectation[] {
  const planned: PlannedExpectation[] = [];
  if (expectations.status) planned.push(plan('status', { kind: 'status' }, expectations.status, 'text'));
  for (const [name, expectation] of Object.entries(expectations.headers)) {
    planned.push(plan(`header ${name}`, headerTarget(name, expectation), expectation, 'text'));
  }
  for (const [path, expectation] of Object.entries(expectations.json)) {
    planned.push(plan(`json ${path}`, { kind: 'json', path: jsonPath(path) }, expectation, 'json'));
  }
  if (expectations.body) planned.push(plan('body', { kind: 'body' }, expectations.body, 'text'));
  if (expectations.duration) planned.push(plan('duration (ms)', { kind: 'duration' }, expectations.duration, 'json'));
  return planned;
}

function planSeries(series: SeriesExpectations, index: number): PlannedExpectation[] {
  const planned: PlannedExpectation[] = [];
  const status = series.status?.[index];
  if (status) planned.push(plan('status', { kind: 'status' }, status, 'text'));
  for (const [name, values] of Object.entries(series.headers)) {
    const expectation = values[index];
    if (expectation) planned.push(plan(`header ${name}`, headerTarget(name, expectation), expectation, 'text'));
  }
  for (const [path, values] of Object.entries(series.json)) {
    const expectation = values[index];
    if (expectation) planned.push(plan(`json ${path}`, { kind: 'json', path: jsonPath(path) }, expectation, 'json'));
  }
  return planned;
}

/** A header's value, or with `count` the list of its values (a repeated header comes on several lines). */
function headerTarget(name: string, expectation: ValueExpectation): Target {
  return { kind: 'header', name: name.toLowerCase(), list: expectation.matchers.some((m) => m.op === 'count') };
}

function plan(subject: string, target: Target, expectation: ValueExpectation, mode: MatchMode): PlannedExpectation {
  return { subject, target, expectation: compileExpectation(expectation, mode), mode };
}

/** A JSON path in the lesson that cannot be parsed; the check becomes an `internal` fault. */
export class BadPathError extends Error {
  constructor(
    readonly path: string,
    readonly problem: JsonPathError,
  ) {
    super(`bad JSON path ${path}: ${problem.message}`);
  }
}

/** Parses a JSON path from the lesson; a malformed one stops the check with a fault. */
export function jsonPath(path: string): JsonPath {
  try {
    return parseJsonPath(path);
  } catch (error) {
    if (error instanceof JsonPathError) throw new BadPathError(path, error);
    throw error;
  }
}

export function badPathFault(error: BadPathError): Fault {
  return {
    code: 'internal',
    message:
      `not a JSON path: ${JSON.stringify(error.path)} (${error.problem.message} at column ` +
      `${error.problem.offset + 1})`,
    hint: error.problem.hint,
  };
}

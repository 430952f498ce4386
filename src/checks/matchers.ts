import { isDeepStrictEqual } from 'node:util';
import type { Matcher, ValueExpectation } from '../lesson/index.js';

export interface MatchOutcome {
  readonly passed: boolean;
  readonly expected: string;
  readonly actual: string;
}

/**
 * How actual values compare: `text` for headers, stdout and the like (numbers in a lesson
 * compare with the text "5"); `json` for JSON bodies and Kubernetes fields (type and value).
 */
export type MatchMode = 'text' | 'json';

const MAX_ACTUAL = 200;

/** Evaluates one expectation; `actual` is undefined when the value is absent. */
export function matchValue(actual: unknown, expectation: ValueExpectation, mode: MatchMode): MatchOutcome {
  const passed = expectation.matchers.every((matcher) => holds(matcher, actual, mode));
  return { passed, expected: describeExpectation(expectation), actual: describeActual(actual, mode) };
}

export function describeExpectation(expectation: ValueExpectation): string {
  return expectation.matchers.map(describeMatcher).join(' and ');
}

export function describeActual(actual: unknown, mode: MatchMode): string {
  if (actual === undefined) return '(absent)';
  const text = mode === 'text' && typeof actual === 'string' ? actual : JSON.stringify(actual);
  return text.length > MAX_ACTUAL ? `${text.slice(0, MAX_ACTUAL)}…` : text;
}

function holds(matcher: Matcher, actual: unknown, mode: MatchMode): boolean {
  switch (matcher.op) {
    case 'absent':
      return actual === undefined;
    case 'present':
      return actual !== undefined;
    case 'equals':
      return actual !== undefined && equals(actual, matcher.value, mode);
    case 'one-of':
      return actual !== undefined && matcher.values.some((value) => equals(actual, value, mode));
    case 'matches':
      return actual !== undefined && new RegExp(matcher.pattern, matcher.flags).test(asText(actual));
    case 'contains':
      return actual !== undefined && asText(actual).includes(matcher.value);
    case 'compare': {
      if (actual === undefined || actual === null || (typeof actual === 'string' && actual.trim() === '')) return false;
      const n = Number(actual);
      if (!Number.isFinite(n)) return false;
      return (
        (matcher.gt === undefined || n > matcher.gt) &&
        (matcher.gte === undefined || n >= matcher.gte) &&
        (matcher.lt === undefined || n < matcher.lt) &&
        (matcher.lte === undefined || n <= matcher.lte)
      );
    }
  }
}

function equals(actual: unknown, expected: unknown, mode: MatchMode): boolean {
  if (mode === 'text') return asText(actual) === asText(expected);
  return isDeepStrictEqual(actual, expected);
}

function asText(value: unknown): string {
  return typeof value === 'string' ? value : JSON.stringify(value);
}

function describeMatcher(matcher: Matcher): string {
  switch (matcher.op) {
    case 'absent':
      return 'absent';
    case 'present':
      return 'present';
    case 'equals':
      return asText(matcher.value);
    case 'one-of':
      return `one of ${matcher.values.map(asText).join(', ')}`;
    case 'matches':
      return `matches /${matcher.pattern}/${matcher.flags}`;
    case 'contains':
      return `contains ${JSON.stringify(matcher.value)}`;
    case 'compare': {
      const parts: string[] = [];
      if (matcher.gt !== undefined) parts.push(`> ${matcher.gt}`);
      if (matcher.gte !== undefined) parts.push(`≥ ${matcher.gte}`);
      if (matcher.lt !== undefined) parts.push(`< ${matcher.lt}`);
      if (matcher.lte !== undefined) parts.push(`≤ ${matcher.lte}`);
      return parts.join(' and ');
    }
  }
}

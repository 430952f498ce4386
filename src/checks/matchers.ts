import { isDeepStrictEqual } from 'node:util';
import type { Matcher, SourcePos, ValueExpectation } from '../lesson/index.js';
import { focusOf, previewText } from './preview.js';

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
  return compileExpectation(expectation, mode).check(actual);
}

/** An expectation prepared once (regular expressions compiled) and tested many times. */
export interface CompiledExpectation {
  readonly expected: string;
  readonly source: SourcePos;
  /** What it looks for, so a long actual value can be shown around the part it looked at. */
  readonly matchers: readonly Matcher[];
  /** Whether every matcher holds: the fast path for sequences. */
  test(actual: unknown): boolean;
  check(actual: unknown): MatchOutcome;
}

/** Prepares an expectation for repeated use, e.g. on every response of a `repeat` sequence. */
export function compileExpectation(expectation: ValueExpectation, mode: MatchMode): CompiledExpectation {
  const tests = expectation.matchers.map((matcher) => compileMatcher(matcher, mode));
  const expected = describeExpectation(expectation, mode);
  const test = (actual: unknown) => tests.every((holds) => holds(actual));
  return {
    expected,
    source: expectation.source,
    matchers: expectation.matchers,
    test,
    check: (actual) => ({ passed: test(actual), expected, actual: describeActual(actual, mode, expectation.matchers) }),
  };
}

/**
 * The expectation in words. In `json` mode expected strings are quoted like actual ones, so
 * `expected "42", got 42` shows a type mismatch instead of two equal-looking values.
 */
export function describeExpectation(expectation: ValueExpectation, mode: MatchMode = 'text'): string {
  return expectation.matchers.map((matcher) => describeMatcher(matcher, mode)).join(' and ');
}

/** The actual value in words; a long one shows the part the matchers looked at (see previewText). */
export function describeActual(actual: unknown, mode: MatchMode, matchers: readonly Matcher[] = []): string {
  if (actual === undefined) return '(absent)';
  const text = mode === 'text' && typeof actual === 'string' ? actual : JSON.stringify(actual);
  if (text.length <= MAX_ACTUAL) return text;
  return previewText(text, MAX_ACTUAL, focusOf(matchers, text));
}

function compileMatcher(matcher: Matcher, mode: MatchMode): (actual: unknown) => boolean {
  switch (matcher.op) {
    case 'absent':
      return (actual) => actual === undefined;
    case 'present':
      return (actual) => actual !== undefined;
    case 'equals':
      return (actual) => actual !== undefined && equals(actual, matcher.value, mode);
    case 'one-of':
      return (actual) => actual !== undefined && matcher.values.some((value) => equals(actual, value, mode));
    case 'matches': {
      // A compiled pattern is reused: `g` or `y` would make test() remember where it stopped.
      const pattern = new RegExp(matcher.pattern, matcher.flags.replaceAll(/[gy]/g, ''));
      return (actual) => actual !== undefined && pattern.test(asText(actual));
    }
    case 'contains':
      return (actual) => actual !== undefined && asText(actual).includes(matcher.value);
    case 'not': {
      const inner = matcher.matchers.map((m) => compileMatcher(m, mode));
      return (actual) => !inner.every((holds) => holds(actual));
    }
    case 'count': {
      const inner = matcher.matchers.map((m) => compileMatcher(m, 'json'));
      return (actual) => {
        const count = countOf(actual);
        return count !== undefined && inner.every((holds) => holds(count));
      };
    }
    case 'compare':
      return (actual) => {
        if (actual === undefined || actual === null || (typeof actual === 'string' && actual.trim() === ''))
          return false;
        const n = Number(actual);
        if (!Number.isFinite(n)) return false;
        return (
          (matcher.gt === undefined || n > matcher.gt) &&
          (matcher.gte === undefined || n >= matcher.gte) &&
          (matcher.lt === undefined || n < matcher.lt) &&
          (matcher.lte === undefined || n <= matcher.lte)
        );
      };
  }
}

/** How many items a value has: an array's (a repeated header's values), an object's keys. */
function countOf(actual: unknown): number | undefined {
  if (Array.isArray(actual)) return actual.length;
  if (typeof actual === 'object' && actual !== null) return Object.keys(actual).length;
  return undefined;
}

function equals(actual: unknown, expected: unknown, mode: MatchMode): boolean {
  if (mode === 'text') return asText(actual) === asText(expected);
  return isDeepStrictEqual(actual, expected);
}

function asText(value: unknown): string {
  return typeof value === 'string' ? value : JSON.stringify(value);
}

function describeMatcher(matcher: Matcher, mode: MatchMode): string {
  const show = mode === 'json' ? (value: unknown) => JSON.stringify(value) : asText;
  switch (matcher.op) {
    case 'absent':
      return 'absent';
    case 'present':
      return 'present';
    case 'equals':
      return show(matcher.value);
    case 'one-of':
      return `one of ${matcher.values.map(show).join(', ')}`;
    case 'matches':
      // As a literal: a `/` inside the pattern is escaped (`^kong/` shows as /^kong\//, not /^kong//).
      return `matches ${new RegExp(matcher.pattern, matcher.flags).toString()}`;
    case 'contains':
      return `contains ${JSON.stringify(matcher.value)}`;
    case 'not':
      return `not ${matcher.matchers.map((m) => describeMatcher(m, mode)).join(' and ')}`;
    case 'count':
      return `count ${matcher.matchers.map((m) => describeMatcher(m, 'json')).join(' and ')}`;
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

import { assertNever } from '../shared/index.js';
import type { CheckResult, ExpectationResult } from './types.js';

/** One failed expectation on one line: `header Retry-After (response 6): expected ≥ 1, actual (absent)`. */
export function describeFailure(expectation: ExpectationResult): string {
  const where = expectation.responseIndex === undefined ? '' : ` (response ${expectation.responseIndex + 1})`;
  return `${expectation.subject}${where}: expected ${expectation.expected}, actual ${expectation.actual}`;
}

/**
 * A check result in one line, for step lists, reports and attempt counters: the fault, or the
 * first failed expectation and how many more failed.
 */
export function summarizeFailure(result: CheckResult): string {
  switch (result.status) {
    case 'passed':
      return 'passed';
    case 'error':
      return result.fault ? result.fault.message : 'the check could not run';
    case 'failed': {
      const failures = result.expectations.filter((expectation) => !expectation.passed);
      const first = failures[0];
      if (!first) return 'failed';
      const more = failures.length > 1 ? ` (and ${failures.length - 1} more)` : '';
      return `${describeFailure(first)}${more}`;
    }
    default:
      return assertNever(result.status);
  }
}

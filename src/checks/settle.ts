import type { CheckKind } from '../lesson/index.js';
import type { CheckResult, ExpectationResult, Fault, ResponseSummary } from './types.js';

/** What a check's last attempt left: its expectations, or the fault that stopped it. */
export interface FinalOutcome {
  readonly expectations: readonly ExpectationResult[];
  readonly fault?: Fault;
  readonly response?: ResponseSummary;
  readonly extracted?: Readonly<Record<string, string>>;
}

/**
 * The result of a check from its final attempt: a fault makes it an error; otherwise it passes
 * only when every expectation did. Extracted values count only when the check passed, so a
 * failed check never feeds a later step a value it should not trust.
 */
export function settleCheck(kind: CheckKind, outcome: FinalOutcome, attempts: number, started: number): CheckResult {
  const passed = !outcome.fault && outcome.expectations.every((expectation) => expectation.passed);
  return {
    kind,
    status: outcome.fault ? 'error' : passed ? 'passed' : 'failed',
    expectations: outcome.expectations,
    attempts,
    durationMs: performance.now() - started,
    ...(outcome.response ? { response: outcome.response } : {}),
    ...(outcome.fault ? { fault: outcome.fault } : {}),
    extracted: passed ? (outcome.extracted ?? {}) : {},
  };
}

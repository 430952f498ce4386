import type { RunMode, StepStatus } from './events.js';

/**
 * What a step has earned: the one answer every face reads (the workshop, the demo, the reporters,
 * the progress store). Nothing outside this file decides it.
 *
 * - `pending`: nothing proved yet.
 * - `passed`: its work and checks passed in this session.
 * - `stale`: it passed in an earlier session and has not been checked in this one; it still
 *   counts as passed, and a resumed lesson offers to re-check it.
 * - `skipped`: the learner skipped it. It is never counted as passed.
 * - `failed`, `error`, `cancelled`: the last attempt's ending.
 */
export type Earned = 'pending' | 'passed' | 'stale' | 'failed' | 'error' | 'skipped' | 'cancelled';

/** How a step was last attempted: run, checks only, or skipped by the learner. */
export type Attempt = RunMode | 'skip';

/**
 * What a finished attempt earns, given what the step had. Running decides outright. Re-checking
 * can pass or fail a step, but a re-check that found nothing to check (`skipped`) or was stopped
 * (`cancelled`) proves nothing either way and leaves the step as it was. Skipping a step that
 * already passed does not undo the pass.
 */
export function earn(before: Earned, attempt: Attempt, status: StepStatus): Earned {
  if (attempt === 'skip') return hasPassed(before) ? before : 'skipped';
  // A step passed over without running (a headless run stopped earlier) proves nothing either.
  if (status === 'skipped') return before;
  if (attempt === 'run') return status;
  if (status === 'cancelled') return before;
  return status;
}

/** What a step's saved record means when a new session starts: a pass must be re-earned to be fresh. */
export function earnedFromRecord(status: StepStatus | undefined): Earned {
  if (status === undefined) return 'pending';
  return status === 'passed' ? 'stale' : status;
}

/** What the progress store keeps for a step (`undefined`: nothing to keep). */
export function recordOf(earned: Earned): StepStatus | undefined {
  if (earned === 'pending') return undefined;
  return earned === 'stale' ? 'passed' : earned;
}

export const hasPassed = (earned: Earned): boolean => earned === 'passed' || earned === 'stale';

/** Whether the learner may move on from the step: it passed, or they chose to skip it. */
export const isSettled = (earned: Earned): boolean => hasPassed(earned) || earned === 'skipped';

export interface Tally {
  readonly total: number;
  readonly passed: number;
  readonly skipped: number;
  readonly failed: number;
  /** Neither passed, skipped nor failed: not attempted yet, or stopped. */
  readonly open: number;
}

export function tally(earned: readonly Earned[]): Tally {
  let passed = 0;
  let skipped = 0;
  let failed = 0;
  for (const step of earned) {
    if (hasPassed(step)) passed++;
    else if (step === 'skipped') skipped++;
    else if (step === 'failed' || step === 'error') failed++;
  }
  return { total: earned.length, passed, skipped, failed, open: earned.length - passed - skipped - failed };
}

/** Every step passed: the lesson is complete. Skipped steps keep it from being complete. */
export const isComplete = (t: Tally): boolean => t.total > 0 && t.passed === t.total;

/**
 * The completion line every face prints: "all 3 steps passed", "2 of 3 steps passed, 1 skipped",
 * "1 of 3 steps passed, 1 skipped, 1 failed".
 */
export function tallyLine(t: Tally): string {
  const steps = `step${t.total === 1 ? '' : 's'}`;
  if (isComplete(t)) return t.total === 1 ? `the 1 step passed` : `all ${t.total} ${steps} passed`;
  const parts = [`${t.passed} of ${t.total} ${steps} passed`];
  if (t.skipped) parts.push(`${t.skipped} skipped`);
  if (t.failed) parts.push(`${t.failed} failed`);
  if (t.open) parts.push(`${t.open} not done`);
  return parts.join(', ');
}

/**
 * The earliest step before `index` that has not passed (skipped, failed or never done): a failure
 * may well be its consequence, so hints name it first. `undefined` when every earlier step passed.
 */
export function firstUnpassedBefore(earned: readonly Earned[], index: number): number | undefined {
  const at = earned.slice(0, index).findIndex((step) => !hasPassed(step));
  return at >= 0 ? at : undefined;
}

import { relative } from 'node:path';
import type { CheckResult, ExpectationResult, ResponseSummary } from '../checks/index.js';
import type { CheckItem, StepState } from '../engine/index.js';
import type { CheckBlock, Lesson, SourcePos } from '../lesson/index.js';
import { formatDuration } from '../shared/index.js';
import type { CollectedRun } from './collector.js';

/** Paths as people type them: relative to where they ran the command. */
export function displayPath(file: string): string {
  const rel = relative(process.cwd(), file);
  return rel.startsWith('..') || rel === '' ? file : rel;
}

export function displayPosition(source: SourcePos): string {
  return `${displayPath(source.file)}:${source.line}:${source.column}`;
}

/** "6 requests · 2 attempts · 45ms" */
export function checkFacts(item: CheckItem): string {
  const facts: string[] = [];
  if (item.repeat > 1) facts.push(`${item.repeat} requests`);
  if (item.result && item.result.attempts > 1) facts.push(`${item.result.attempts} attempts`);
  if (item.result) facts.push(formatDuration(item.result.durationMs));
  return facts.join(' · ');
}

/** One line per failing expectation: "response 3 · header X-RateLimit-Remaining-Minute: expected 2, actual 3". */
export function failureLines(result: CheckResult): string[] {
  const failing = result.expectations.filter((expectation) => !expectation.passed);
  const lines = failing.map(describeExpectation);
  if (result.fault) lines.unshift(`${result.fault.message}`);
  return lines;
}

export function describeExpectation(expectation: ExpectationResult): string {
  const where = expectation.responseIndex !== undefined ? `response ${expectation.responseIndex + 1} · ` : '';
  return `${where}${expectation.subject}: expected ${expectation.expected}, actual ${expectation.actual}`;
}

/** The response as a short block: status line, headers, body excerpt. */
export function responseLines(response: ResponseSummary): string[] {
  const lines = [`HTTP ${response.status}`];
  for (const [name, value] of Object.entries(response.headers)) lines.push(`${name}: ${value}`);
  if (response.bodyExcerpt) lines.push('', ...response.bodyExcerpt.split('\n').slice(0, 12));
  return lines;
}

function checkItems(step: StepState): CheckItem[] {
  return step.items.filter((item): item is CheckItem => item.kind === 'check');
}

/** The checks a lesson step declares, in order (to report the ones that never ran). */
export function declaredChecks(lesson: Lesson | undefined, stepId: string): CheckBlock[] {
  const step =
    lesson?.steps.find((candidate) => candidate.id === stepId) ??
    (lesson?.cleanup?.id === stepId ? lesson.cleanup : undefined);
  return (step?.blocks ?? []).filter((block): block is CheckBlock => block.type === 'check');
}

/** The step's hint as plain text (its first paragraph), for failure messages. */
export function stepHint(lesson: Lesson | undefined, stepId: string): string | undefined {
  const step = lesson?.steps.find((candidate) => candidate.id === stepId);
  const hint = step?.sections.find((section) => section.kind === 'hint');
  const prose = hint?.blocks.find((block) => block.type === 'prose');
  if (prose?.type !== 'prose') return undefined;
  const paragraph = prose.markdown.trim().split(/\n\s*\n/)[0] ?? '';
  return (
    paragraph
      .replace(/\s*\n\s*/g, ' ')
      .replace(/[*_]{1,2}([^*_]+)[*_]{1,2}/g, '$1')
      .trim() || undefined
  );
}

export interface Totals {
  lessons: { passed: number; failed: number; error: number; cancelled: number; skipped: number };
  steps: { passed: number; failed: number; error: number; skipped: number; cancelled: number };
  checks: { passed: number; failed: number; error: number; notRun: number };
}

export function totals(runs: readonly CollectedRun[], skippedLessons: number): Totals {
  const result: Totals = {
    lessons: { passed: 0, failed: 0, error: 0, cancelled: 0, skipped: skippedLessons },
    steps: { passed: 0, failed: 0, error: 0, skipped: 0, cancelled: 0 },
    checks: { passed: 0, failed: 0, error: 0, notRun: 0 },
  };
  for (const { lesson, state } of runs) {
    if (
      state.status === 'passed' ||
      state.status === 'failed' ||
      state.status === 'error' ||
      state.status === 'cancelled'
    )
      result.lessons[state.status]++;
    for (const step of state.steps) {
      if (step.status !== 'pending' && step.status !== 'running') result.steps[step.status]++;
      const ran = checkItems(step);
      for (const item of ran) {
        // A transient check a re-check could not judge is not a pass.
        if (item.result?.judged === false) result.checks.notRun++;
        else if (item.status !== 'running') result.checks[item.status]++;
      }
      if (state.mode !== 'check' || step.status !== 'skipped') {
        result.checks.notRun += Math.max(0, declaredChecks(lesson, step.id).length - ran.length);
      }
    }
  }
  return result;
}

/** "3 steps: 2 passed, 1 failed" — zero counts left out. */
export function countPhrase(noun: string, counts: Readonly<Record<string, number>>): string {
  const total = Object.values(counts).reduce((sum, n) => sum + n, 0);
  const parts = Object.entries(counts)
    .filter(([, n]) => n > 0)
    .map(([status, n]) => `${n} ${status === 'notRun' ? 'not run' : status}`);
  return `${total} ${noun}${total === 1 ? '' : 's'}${parts.length ? `: ${parts.join(', ')}` : ''}`;
}

/** "200×5, 429": the statuses of a sequence, for the passing line of a rate-limit check. */
export function sequenceSummary(item: CheckItem): string {
  if (item.responses.length < 2) return '';
  const runs: { status: number; count: number }[] = [];
  for (const { status } of item.responses) {
    const last = runs.at(-1);
    if (last && last.status === status) last.count++;
    else runs.push({ status, count: 1 });
  }
  return runs.map((run) => (run.count > 1 ? `${run.status}×${run.count}` : `${run.status}`)).join(', ');
}

import { relative } from 'node:path';
import { verifyHtml } from './report-html.js';
import type { CheckVerification, LessonVerification, Verdict } from './verify.js';

export type VerifyReportFormat = 'text' | 'json' | 'junit' | 'html';

export interface VerifyTotals {
  readonly checks: number;
  readonly proven: number;
  readonly provesNothing: number;
  readonly failing: number;
  readonly notCleanedUp: number;
  readonly notReached: number;
  readonly faults: number;
}

export function totalsOf(lessons: readonly LessonVerification[]): VerifyTotals {
  const checks = lessons.flatMap((lesson) => lesson.checks);
  return {
    checks: checks.length,
    proven: checks.filter((check) => check.problems.length === 0).length,
    provesNothing: checks.filter((check) => check.failsBefore === 'no').length,
    failing: checks.filter((check) => check.passesAfter === 'no').length,
    notCleanedUp: checks.filter((check) => check.cleanedUp === 'no').length,
    notReached: checks.filter((check) => check.passesAfter === 'not-reached').length,
    faults: lessons.filter((lesson) => lesson.fault).length,
  };
}

/** The whole report in one format; positions are relative to `cwd` like lint's. */
export function renderVerifyReport(
  format: VerifyReportFormat,
  lessons: readonly LessonVerification[],
  target: string,
  cwd = process.cwd(),
): string {
  switch (format) {
    case 'json': {
      const document = { target, totals: totalsOf(lessons), lessons: lessons.map((l) => withPaths(l, cwd)) };
      return `${JSON.stringify(document, null, 2)}\n`;
    }
    case 'junit':
      return junit(lessons, target, cwd);
    case 'text':
      return text(lessons, cwd);
    case 'html':
      return verifyHtml(lessons, target, totalsOf(lessons), cwd);
  }
}

function where(check: CheckVerification, cwd: string): string {
  return `${display(check.source.file, cwd)}:${check.source.line}:${check.source.column}`;
}

function display(file: string, cwd: string): string {
  const rel = relative(cwd, file);
  return rel.startsWith('..') || rel === '' ? file : rel;
}

function withPaths(lesson: LessonVerification, cwd: string) {
  return {
    ...lesson,
    file: display(lesson.file, cwd),
    durationMs: Math.round(lesson.durationMs),
    checks: lesson.checks.map((check) => ({
      ...check,
      source: { ...check.source, file: display(check.source.file, cwd) },
    })),
  };
}

const WORDS: Record<'failsBefore' | 'passesAfter' | 'cleanedUp', Partial<Record<Verdict, string>>> = {
  failsBefore: { yes: 'fails before', no: 'PASSES BEFORE', declared: 'holds before (declared)' },
  passesAfter: { yes: 'passes after', no: 'FAILS AFTER' },
  cleanedUp: { yes: 'cleaned up', no: 'NOT CLEANED UP' },
};

function text(lessons: readonly LessonVerification[], cwd: string): string {
  const out: string[] = [];
  for (const lesson of lessons) {
    out.push(`${display(lesson.file, cwd)} (${lesson.lessonId}) on ${lesson.target}`);
    for (const check of lesson.checks) {
      const facts = (['failsBefore', 'passesAfter', 'cleanedUp'] as const)
        .map((key) => WORDS[key][check[key]])
        .filter((word) => word !== undefined);
      const mark = check.problems.length === 0 ? '✓' : '✗';
      out.push(
        `  ${mark} ${where(check, cwd)} ${check.stepTitle} › ${check.name}: ${facts.join(', ') || 'not verified'}`,
      );
      for (const problem of check.problems) out.push(`      ${problem}`);
    }
    if (lesson.fault) {
      out.push(`  ✗ ${lesson.fault.step ? `step ${lesson.fault.step}: ` : ''}${lesson.fault.message}`);
      out.push(`      hint: ${lesson.fault.hint}`);
    }
  }
  const totals = totalsOf(lessons);
  const parts = [
    `${totals.proven} of ${totals.checks} checks proven`,
    totals.provesNothing ? `${totals.provesNothing} prove nothing` : '',
    totals.failing ? `${totals.failing} fail after their step` : '',
    totals.notCleanedUp ? `${totals.notCleanedUp} not cleaned up` : '',
    totals.notReached ? `${totals.notReached} not reached` : '',
  ].filter(Boolean);
  out.push('', parts.join(', '));
  return `${out.join('\n')}\n`;
}

function junit(lessons: readonly LessonVerification[], target: string, cwd: string): string {
  const totals = totalsOf(lessons);
  const suites = lessons.map((lesson) => {
    const cases = lesson.checks.map((check) => {
      const properties = [
        ['fails-before', check.failsBefore],
        ['passes-after', check.passesAfter],
        ['cleaned-up', check.cleanedUp],
      ]
        .map(([name, value]) => `        <property name="${name}" value="${value}"/>`)
        .join('\n');
      const failure =
        check.problems.length === 0
          ? ''
          : `\n      <failure message="${xml(check.problems[0] ?? '')}" ` +
            `type="verify">${xml(`${where(check, cwd)}\n${check.problems.join('\n')}`)}</failure>`;
      return (
        `    <testcase classname="${xml(`${lesson.lessonId}.${check.stepId}`)}" name="${xml(check.name)}" ` +
        `file="${xml(display(check.source.file, cwd))}" line="${check.source.line}">\n` +
        `      <properties>\n${properties}\n      </properties>${failure}\n    </testcase>`
      );
    });
    if (lesson.fault) {
      cases.push(
        `    <testcase classname="${xml(lesson.lessonId)}" name="${xml(`step ${lesson.fault.step ?? '(start)'}`)}">\n` +
          `      <error message="${xml(lesson.fault.message)}" type="fault">${xml(lesson.fault.hint)}</error>\n    ` +
          `</testcase>`,
      );
    }
    const failures = lesson.checks.filter((check) => check.problems.length > 0).length;
    return (
      `  <testsuite name="${xml(`${lesson.lessonId} (verify on ${target})`)}" tests="${cases.length}" ` +
      `failures="${failures}" errors="${lesson.fault ? 1 : 0}" time="${(lesson.durationMs / 1000).toFixed(3)}" ` +
      `file="${xml(display(lesson.file, cwd))}">\n${cases.join('\n')}\n  </testsuite>`
    );
  });
  return (
    `<?xml version="1.0" encoding="UTF-8"?>\n<testsuites name="kong-workshop verify" ` +
    `tests="${totals.checks + totals.faults}" ` +
    `failures="${totals.checks - totals.proven - totals.notReached}" ` +
    `errors="${totals.faults}">\n${suites.join('\n')}\n</testsuites>\n`
  );
}

function xml(value: string): string {
  return value
    .replaceAll('&', '&amp;')
    .replaceAll('<', '&lt;')
    .replaceAll('>', '&gt;')
    .replaceAll('"', '&quot;')
    .replace(/[\u0000-\u0008\u000b\u000c\u000e-\u001f]/g, '');
}

import { relative } from 'node:path';
import { anchorId, type BadgeStatus, html, htmlPage, type SafeHtml, statusBadge } from '../report/index.js';
import { packageVersion } from '../shared/index.js';
import type { VerifyTotals } from './report.js';
import type { CheckVerification, LessonVerification, Verdict } from './verify.js';

type Property = 'failsBefore' | 'passesAfter' | 'cleanedUp';

/** What each verdict of each property says, and the badge that shows it. */
const CELLS: Record<Property, Record<Verdict, { readonly badge: BadgeStatus; readonly word?: string }>> = {
  failsBefore: {
    yes: { badge: 'passed', word: 'fails before' },
    no: { badge: 'failed', word: 'passes before: proves nothing' },
    declared: { badge: 'not-judged', word: 'holds before (declared)' },
    'not-reached': { badge: 'not-run', word: 'not reached' },
    'n/a': { badge: 'skipped', word: 'does not apply' },
  },
  passesAfter: {
    yes: { badge: 'passed', word: 'passes after' },
    no: { badge: 'failed', word: 'fails after its step' },
    declared: { badge: 'not-judged' },
    'not-reached': { badge: 'not-run', word: 'not reached' },
    'n/a': { badge: 'skipped', word: 'does not apply' },
  },
  cleanedUp: {
    yes: { badge: 'passed', word: 'fails again' },
    no: { badge: 'failed', word: 'still passes: not cleaned up' },
    declared: { badge: 'not-judged' },
    'not-reached': { badge: 'not-run', word: 'not reached' },
    'n/a': { badge: 'skipped', word: 'does not apply' },
  },
};

/**
 * `verify --format html`: one self-contained page (the run report's look) with a row per check and
 * a column per property verify proves, each a word and a symbol; problems spelled out under it.
 */
export function verifyHtml(
  lessons: readonly LessonVerification[],
  target: string,
  totals: VerifyTotals,
  cwd: string,
  now: Date = new Date(),
  version: string = packageVersion(),
): string {
  const proven = totals.proven === totals.checks && totals.faults === 0;
  const problems = totals.checks - totals.proven - totals.notReached;
  return htmlPage({
    title: `${proven ? 'PROVEN' : 'NOT PROVEN'} · kong-workshop verify on ${target}`,
    heading: 'kong-workshop verify report',
    status: totals.faults ? 'error' : proven ? 'passed' : 'failed',
    statusWord: totals.faults ? undefined : proven ? 'proven' : 'not proven',
    summary:
      `${totals.proven} of ${totals.checks} checks proven` +
      (problems > 0 ? ` · ${problems} with a problem` : '') +
      (totals.notReached ? ` · ${totals.notReached} not reached` : ''),
    facts: [
      ['Target', target],
      ['Lessons', String(lessons.length)],
    ],
    generatedAt: now,
    version,
    main: html`${lessons.map((lesson, index) => lessonSection(lesson, index, cwd))}`,
  });
}

function lessonSection(lesson: LessonVerification, index: number, cwd: string): SafeHtml {
  const id = anchorId('lesson', index, lesson.lessonId);
  const rows = lesson.checks.map((check) => checkRow(check, cwd));
  return html`<section class="lesson" aria-labelledby="${id}">
<header><h2 id="${id}">${lesson.title}</h2>
<span class="muted mono">${lesson.lessonId} · ${display(lesson.file, cwd)}</span></header>
${
  lesson.fault
    ? html`<p class="fault block"><strong>${lesson.fault.step ? `step ${lesson.fault.step}: ` : ''}${
        lesson.fault.message
      }</strong><br>hint: ${lesson.fault.hint}</p>`
    : ''
}
<table class="block checks"><caption>Checks</caption>
<thead><tr><th scope="col">Check</th><th scope="col">Before its step</th><th scope="col">After it</th>
<th scope="col">After the clean-up</th></tr></thead>
<tbody>${rows}</tbody></table>
</section>`;
}

function checkRow(check: CheckVerification, cwd: string): SafeHtml {
  const broke = check.problems.length > 0;
  return html`<tr${broke ? html` class="broke"` : ''}><th scope="row">${check.name}
<div class="muted">${check.stepTitle} · <span class="mono">${where(check, cwd)}</span></div>
${broke ? html`<ul class="problems">${check.problems.map((problem) => html`<li>${problem}</li>`)}</ul>` : ''}</th>
${(['failsBefore', 'passesAfter', 'cleanedUp'] as const).map((property) => {
  const cell = CELLS[property][check[property]];
  return html`<td>${statusBadge(cell.badge, cell.word)}</td>`;
})}</tr>`;
}

function where(check: CheckVerification, cwd: string): string {
  return `${display(check.source.file, cwd)}:${check.source.line}:${check.source.column}`;
}

function display(file: string, cwd: string): string {
  const rel = relative(cwd, file);
  return rel.startsWith('..') || rel === '' ? file : rel;
}

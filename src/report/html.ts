import type { RunEvent } from '../engine/index.js';
import { formatDuration } from '../shared/index.js';
import type { CollectedRun } from './collector.js';
import { countPhrase, displayPath, totals } from './describe.js';
import { DocumentReporter } from './document-reporter.js';
import { anchorId, html, type SafeHtml } from './html-markup.js';
import { htmlPage } from './html-page.js';
import { failingChecks, statusBadge, stepSection, type Exchange, type ExchangeLookup } from './html-step.js';

/**
 * One self-contained HTML page for people: every lesson, step and check with its verdict, each
 * failing expectation with the request and response behind it, and the rate-limit sequences as
 * pictures. Inline CSS and SVG only, no script: it opens offline, from a CI artifact or a mail.
 */
export class HtmlReporter extends DocumentReporter {
  /** The requests and responses of each check's latest attempt, by `run:step:block`, then request. */
  private readonly exchanges = new Map<string, Exchange[]>();

  override onEvent(event: RunEvent): void {
    super.onEvent(event);
    // Only a failing check shows its request: a passing one's exchanges are dropped when it ends.
    if (event.type === 'check-started' || (event.type === 'check-finished' && event.result.status === 'passed'))
      this.exchanges.delete(this.keyOf(event.step, event.blockId));
    if (event.type !== 'check-progress') return;
    const key = this.keyOf(event.step, event.blockId);
    const progress = event.progress;
    if (progress.type === 'attempt') this.exchanges.delete(key);
    else if (progress.exchange) {
      const list = this.exchanges.get(key) ?? [];
      list[progress.index] = { ...progress.exchange, status: progress.status };
      this.exchanges.set(key, list);
    }
  }

  private keyOf(step: number, blockId: string): string {
    return `${this.collector.runs.length - 1}:${step}:${blockId}`;
  }

  protected render(): string {
    const redactor = this.options.redactor;
    // The engine masks secrets before any event leaves it; the report masks again, in case a value
    // became secret after an event that carried it (a secret captured from a later response).
    const runs = redactor ? redactor.redactDeep(this.collector.runs) : this.collector.runs;
    const skipped = redactor ? redactor.redactDeep(this.collector.skipped) : this.collector.skipped;
    const exchanges: ExchangeLookup = (run, step, blockId) => {
      const found = this.exchanges.get(`${run}:${step}:${blockId}`);
      return found && redactor ? redactor.redactDeep(found) : found;
    };
    const page = renderReport({
      runs,
      skipped: skipped.map(({ lesson, reason }) => ({ id: lesson.id, title: lesson.title, file: lesson.file, reason })),
      exchanges,
      mode: this.options.mode,
      target: this.options.target,
      version: this.options.version,
      generatedAt: (this.options.now ?? (() => new Date()))(),
    });
    return redactor ? redactor.redact(page) : page;
  }
}

export interface ReportInput {
  readonly runs: readonly CollectedRun[];
  readonly skipped: readonly { id: string; title: string; file: string; reason: string }[];
  readonly exchanges: ExchangeLookup;
  readonly mode: 'run' | 'check';
  readonly target: string;
  readonly version: string;
  readonly generatedAt: Date;
}

/** The page, from data already masked: every value in it is escaped on the way in. */
export function renderReport(input: ReportInput): string {
  const summary = totals(input.runs, input.skipped.length);
  const status = overallStatus(summary.lessons);
  const verb = input.mode === 'check' ? 'check' : 'run';
  const failures = input.runs.flatMap((run, index) => failingChecks(run, index));
  return htmlPage({
    title: `${status.toUpperCase()} · kong-workshop ${verb} on ${input.target}`,
    heading: `kong-workshop ${verb} report`,
    status,
    summary: `${countPhrase('lesson', summary.lessons)} · ${countPhrase('check', summary.checks)}`,
    facts: [
      ['Target', input.target],
      ['Mode', input.mode === 'check' ? 'check: only the checks' : 'run: every step'],
    ],
    generatedAt: input.generatedAt,
    version: input.version,
    main: html`${
      failures.length
        ? html`<nav class="failures block" aria-labelledby="failures-title">
<h2 id="failures-title">${failures.length === 1 ? '1 check failed' : `${failures.length} checks failed`}</h2>
<ul>${failures.map((failure) => html`<li><a href="#${failure.anchor}">${failure.label}</a></li>`)}</ul>
</nav>`
        : ''
    }
${overviewTable(input)}
${input.runs.map((run, index) => lessonSection(run, index, input.exchanges))}`,
  });
}

function overviewTable(input: ReportInput): SafeHtml {
  const rows = input.runs.map(({ state }, index) => {
    const steps = state.steps.filter((step) => step.status === 'passed').length;
    return html`<tr><th scope="row"><a href="#${anchorId('lesson', index, state.lessonId)}">${state.title}</a></th>
<td>${statusBadge(state.status)}</td><td class="num">${steps} of ${state.steps.length}</td>
<td class="num">${state.durationMs === undefined ? '' : formatDuration(state.durationMs)}</td></tr>`;
  });
  const skipped = input.skipped.map(
    (lesson) => html`<tr><th scope="row">${lesson.title}</th><td>${statusBadge('skipped')}</td>
<td colspan="2" class="muted">${lesson.reason}</td></tr>`,
  );
  return html`<table class="block overview"><caption>Lessons</caption>
<thead><tr><th scope="col">Lesson</th><th scope="col">Result</th><th scope="col" class="num">Steps passed</th>
<th scope="col" class="num">Time</th></tr></thead>
<tbody>${rows}${skipped}</tbody></table>`;
}

function lessonSection(run: CollectedRun, index: number, exchanges: ExchangeLookup): SafeHtml {
  const { state } = run;
  const id = anchorId('lesson', index, state.lessonId);
  return html`<section class="lesson" aria-labelledby="${id}">
<header><h2 id="${id}">${state.title}</h2> ${statusBadge(state.status)}
<span class="muted mono">${state.lessonId} · ${displayPath(state.file)}</span></header>
<p class="muted">${state.mode === 'check' ? 'Checked' : 'Ran'} on ${state.targetDescription}</p>
${state.steps.map((step, stepIndex) => stepSection(run, index, stepIndex, step, exchanges))}
</section>`;
}

type Overall = 'passed' | 'failed' | 'error' | 'cancelled';

function overallStatus(lessons: { failed: number; error: number; cancelled: number }): Overall {
  if (lessons.error) return 'error';
  if (lessons.failed) return 'failed';
  return lessons.cancelled ? 'cancelled' : 'passed';
}

import {
  rateLimitSeries,
  type CheckItem,
  type CommandItem,
  type RateLimitSeries,
  type StepState,
} from '../engine/index.js';
import type { CollectedRun } from './collector.js';
import {
  checkFacts,
  declaredChecks,
  describeExpectation,
  displayPosition,
  sequenceSummary,
  stepHint,
} from './describe.js';
import { counterFacts, rateLimitChart } from './html-chart.js';
import { anchorId, html, type SafeHtml } from './html-markup.js';
import { requestBlock, responseBlock } from './html-exchange.js';
import { formatDuration } from '../shared/index.js';

/** One request of a check and what came back, as `--verbose` sees it (secrets masked). */
export interface Exchange {
  readonly method: string;
  readonly url: string;
  readonly requestHeaders: Readonly<Record<string, string>>;
  readonly requestBody?: string;
  readonly status: number;
  readonly headers: Readonly<Record<string, string>>;
  readonly bodyExcerpt: string;
}

/** The exchanges of a check's last attempt, by request index: (run, step, block) → list. */
export type ExchangeLookup = (run: number, step: number, blockId: string) => readonly Exchange[] | undefined;

export type BadgeStatus =
  | StepState['status']
  | CheckItem['status']
  | 'idle'
  | 'not-run'
  | 'not-judged'
  | 'ok'
  | 'timed-out'
  | 'skipped';

const BADGES: Record<BadgeStatus, { readonly symbol: string; readonly word: string; readonly tone: string }> = {
  passed: { symbol: '✓', word: 'passed', tone: 'passed' },
  ok: { symbol: '✓', word: 'ok', tone: 'passed' },
  failed: { symbol: '✗', word: 'failed', tone: 'failed' },
  error: { symbol: '!', word: 'error', tone: 'error' },
  'timed-out': { symbol: '!', word: 'timed out', tone: 'error' },
  cancelled: { symbol: '■', word: 'stopped', tone: 'cancelled' },
  skipped: { symbol: '–', word: 'skipped', tone: 'skipped' },
  'not-run': { symbol: '○', word: 'not run', tone: 'not-run' },
  'not-judged': { symbol: '»', word: 'not judged', tone: 'not-judged' },
  pending: { symbol: '○', word: 'not run', tone: 'pending' },
  idle: { symbol: '○', word: 'not run', tone: 'pending' },
  running: { symbol: '…', word: 'unfinished', tone: 'running' },
};

/** A status as a word and a symbol (the status's own word unless given); the colour only repeats them. */
export function statusBadge(status: BadgeStatus, word?: string): SafeHtml {
  const badge = BADGES[status];
  return html`<span class="badge ${badge.tone}"><span aria-hidden="true">${badge.symbol}</span> ${
    word ?? badge.word
  }</span>`;
}

/** Links to every failing check, for the list at the top of the page. */
export function failingChecks(run: CollectedRun, runIndex: number): { anchor: string; label: string }[] {
  return run.state.steps.flatMap((step, stepIndex) =>
    checksOf(step)
      .filter((check) => check.status === 'failed' || check.status === 'error')
      .map((check) => ({
        anchor: checkAnchor(runIndex, stepIndex, check),
        label: `${run.state.title} › ${step.title} › ${check.name}`,
      })),
  );
}

export function stepSection(
  run: CollectedRun,
  runIndex: number,
  stepIndex: number,
  step: StepState,
  exchanges: ExchangeLookup,
): SafeHtml {
  const id = anchorId('step', runIndex, stepIndex, step.id);
  const checks = checksOf(step);
  const notRun = declaredChecks(run.lesson, step.id).slice(checks.length);
  const failed = checks.filter((check) => check.status === 'failed' || check.status === 'error');
  const hint = step.status === 'failed' ? stepHint(run.lesson, step.id) : undefined;
  const charts = rateLimitSeries(checks);
  return html`<section class="step ${step.status}" aria-labelledby="${id}">
<header><h3 id="${id}">Step ${stepIndex + 1} of ${run.state.steps.length}: ${step.title}</h3>
${statusBadge(step.status)}
<span class="muted">${step.durationMs === undefined ? '' : formatDuration(step.durationMs)}</span></header>
${commandsBlock(step)}
${
  step.fault && failed.length === 0
    ? html`<p class="fault block"><strong>${step.fault.message}</strong><br>
hint: ${step.fault.hint}</p>`
    : ''
}
${checks.length + notRun.length ? checksTable(runIndex, stepIndex, checks, notRun) : ''}
${failed.map((check) => failureArticle(runIndex, stepIndex, check, exchanges))}
${hint ? html`<p class="hint block"><strong>Hint:</strong> ${hint}</p>` : ''}
${charts.map((series, index) => chartFigure(series, checks, anchorId(runIndex, stepIndex, index)))}
</section>`;
}

function chartFigure(series: RateLimitSeries, checks: readonly CheckItem[], key: string): SafeHtml {
  const check = checks.find((item) => item.blockId === series.blockId);
  const facts = [`${series.allowed} allowed`, `${series.rejected} refused`, ...counterFacts(series)];
  return html`<figure class="chart block">
<figcaption><h4>Rate limit · ${series.name}</h4>
<span class="muted">${facts.join(' · ')}</span>
${check ? statusBadge(check.status) : ''}
<ul class="legend"><li><span class="swatch allowed"></span>allowed (height: remaining)</li>
<li><span class="swatch rejected"></span>429 refused</li><li><span class="swatch other"></span>other status</li>
<li><span aria-hidden="true">✗</span> expectation broke</li></ul></figcaption>
${rateLimitChart(series, key)}
</figure>`;
}

function commandsBlock(step: StepState): SafeHtml | '' {
  const commands = step.items.filter((item): item is CommandItem => item.kind === 'command' && item.purpose === 'run');
  const others = step.items.flatMap((item) => {
    if (item.kind === 'file') return [html`<li>wrote <code>${item.path}</code></li>`];
    if (item.kind === 'capture') return [html`<li><code>${item.name}</code> = <code>${item.value}</code></li>`];
    return [];
  });
  if (commands.length + others.length === 0) return '';
  return html`<div class="block">
${commands.map((command) => {
  const ok = command.status === 'ok';
  const exit = command.exitCode === undefined ? command.status : `exit ${command.exitCode}`;
  const output = command.output.map((line) => (line.stream === 'stderr' ? `[stderr] ${line.line}` : line.line));
  const dropped = command.droppedLines ? [`… ${command.droppedLines} earlier lines not kept`] : [];
  return html`<details class="command"${ok ? '' : html` open`}>
<summary><code>$ ${command.command}</code> · ${statusBadge(command.status)} <span class="muted">${exit}${
    command.durationMs === undefined ? '' : ` · ${formatDuration(command.durationMs)}`
  }</span></summary>
<pre>${[...dropped, ...output].join('\n') || '(no output)'}</pre></details>`;
})}
${others.length ? html`<ul class="muted">${others}</ul>` : ''}
</div>`;
}

function checksTable(
  runIndex: number,
  stepIndex: number,
  checks: readonly CheckItem[],
  notRun: readonly { name: string; source: CheckItem['source'] }[],
): SafeHtml {
  const rows = checks.map((check) => {
    const judged = check.result?.judged === false ? 'not-judged' : check.status;
    const name =
      check.status === 'failed' || check.status === 'error'
        ? html`<a href="#${checkAnchor(runIndex, stepIndex, check)}">${check.name}</a>`
        : check.name;
    const details = [checkFacts(check), sequenceSummary(check), check.result?.note ?? ''].filter(Boolean);
    return html`<tr${check.status === 'failed' || check.status === 'error' ? html` class="broke"` : ''}>
<td>${statusBadge(judged)}</td><th scope="row">${name}</th><td class="muted">${details.join(' · ')}</td></tr>`;
  });
  const missing = notRun.map(
    (block) =>
      html`<tr><td>${statusBadge('not-run')}</td><th scope="row">${block.name}</th>
<td class="muted">${displayPosition(block.source)}</td></tr>`,
  );
  return html`<table class="block checks"><caption>Checks</caption>
<thead><tr><th scope="col">Result</th><th scope="col">Check</th><th scope="col">Details</th></tr></thead>
<tbody>${rows}${missing}</tbody></table>`;
}

function failureArticle(runIndex: number, stepIndex: number, check: CheckItem, exchanges: ExchangeLookup): SafeHtml {
  const result = check.result;
  const anchor = checkAnchor(runIndex, stepIndex, check);
  const failing = result?.expectations.filter((expectation) => !expectation.passed) ?? [];
  const responseIndex = result?.response?.index ?? failing[0]?.responseIndex;
  const list = exchanges(runIndex, stepIndex, check.blockId);
  const exchange = list?.[responseIndex ?? list.length - 1] ?? list?.at(-1);
  return html`<article class="failure" id="${anchor}" aria-labelledby="${anchor}-title">
<h4 id="${anchor}-title">${statusBadge(check.status)} ${check.name}</h4>
<p class="muted mono">${displayPosition(check.source)}${checkFacts(check) ? ` · ${checkFacts(check)}` : ''}</p>
${
  result?.fault
    ? html`<p class="fault"><strong>${result.fault.message}</strong><br>
hint: ${result.fault.hint}</p>`
    : ''
}
${failing.length ? expectationTable(failing) : ''}
${result?.stoppedEarly ? html`<p class="note">${result.stoppedEarly}</p>` : ''}
${result?.note ? html`<p class="note">${result.note}</p>` : ''}
${
  exchange || result?.response
    ? html`<div class="exchange">
${exchange ? requestBlock(exchange, responseIndex, check.repeat) : ''}
${result?.response ? responseBlock(result.response, check.repeat) : ''}
</div>`
    : ''
}
${result?.observed ? html`<h5 class="block">Observed</h5><pre>${JSON.stringify(result.observed, null, 2)}</pre>` : ''}
</article>`;
}

function expectationTable(failing: NonNullable<CheckItem['result']>['expectations']): SafeHtml {
  // Which request of a sequence broke it, when there is a sequence: a column only then.
  const sequence = failing.some((expectation) => expectation.responseIndex !== undefined);
  return html`<table class="expectations block"><caption>Expectations that did not hold</caption>
<thead><tr><th scope="col">Expectation</th>${sequence ? html`<th scope="col" class="num">Request</th>` : ''}
<th scope="col">Expected</th><th scope="col">Actual</th></tr></thead>
<tbody>${failing.map(
    (expectation) => html`<tr class="broke" title="${describeExpectation(expectation)}">
<th scope="row">${expectation.subject}</th>${
      sequence
        ? html`<td class="num">${expectation.responseIndex === undefined ? 'all' : expectation.responseIndex + 1}</td>`
        : ''
    }
<td><code>${expectation.expected}</code></td><td><code>${expectation.actual}</code></td></tr>`,
  )}</tbody></table>`;
}

function checksOf(step: StepState): CheckItem[] {
  return step.items.filter((item): item is CheckItem => item.kind === 'check');
}

function checkAnchor(runIndex: number, stepIndex: number, check: CheckItem): string {
  return anchorId('check', runIndex, stepIndex, check.blockId);
}

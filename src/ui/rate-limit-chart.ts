import type { CheckItem } from '../engine/index.js';
import { cellWidth } from './cell-width.js';
import { consumerSeries, type ConsumerSeries, type RateLimitOutcome } from './rate-limit-consumers.js';
import { lineWidth, span, truncateLine, wrapLine, type Line, type Span } from './styled-text.js';

type Response = CheckItem['responses'][number];

/**
 * A live chart of a rate-limit sequence: one row per check (one per consumer, as lessons write
 * them), a cell per response: █ allowed, ▒ rejected with 429, · anything else. The counts and
 * the last remaining/retry headers are spelled out, so colour is never needed.
 */
export function rateLimitChartLines(checks: readonly CheckItem[], width: number): Line[] {
  const rows = checks.filter((check) => (check.repeat > 1 || check.responses.length > 1) && check.responses.length > 0);
  if (rows.length === 0) return [];
  const cellsWidth = Math.max(...rows.map((check) => Math.max(check.repeat, check.responses.length)));
  // Names get what the cells leave; a longer one takes a line of its own rather than being cut.
  const labelWidth = Math.min(
    Math.max(...rows.map((check) => cellWidth(check.name))),
    Math.max(8, width - 3 - cellsWidth - 2),
  );
  const lines: Line[] = wrapLine(
    [span('Rate limits', { bold: true }), span('  █ allowed  ▒ rejected (429)  · other', { tone: 'muted' })],
    width,
    [span('  ')],
  );
  for (const check of rows) {
    const fits = cellWidth(check.name) <= labelWidth;
    if (!fits) lines.push(...wrapLine([span(`  ${check.name}`)], width, [span('  ')]));
    const label = fits ? check.name + ' '.repeat(labelWidth - cellWidth(check.name)) : ' '.repeat(labelWidth);
    const cells: Span[] = check.responses.map(cell);
    const pending = Math.max(0, check.repeat - check.responses.length);
    const allowed = check.responses.filter((r) => r.status < 400).length;
    const rejected = check.responses.filter((r) => r.status === 429).length;
    const facts = [`${allowed} allowed`, `${rejected} rejected`, ...headerFacts(check.responses.at(-1))].join(' · ');
    const row: Line = [
      span(`  ${label} `),
      ...cells,
      span(' '.repeat(pending), { tone: 'muted' }),
      span(`  ${facts}`, { tone: 'muted' }),
    ];
    // The facts go on under the cells when the row is too wide, never cut.
    lines.push(...wrapLine(row, width, [span(' '.repeat(Math.min(labelWidth + 3, Math.floor(width / 2))))]));
  }
  return lines;
}

function cell(response: Response): Span {
  if (response.status === 429) return span('▒', { tone: 'failure' });
  if (response.status < 400) return span('█', { tone: 'success' });
  return span('·', { tone: 'warning' });
}

function headerFacts(response: Response | undefined): string[] {
  if (!response) return [];
  const headers = new Map(Object.entries(response.rateLimit).map(([name, value]) => [name.toLowerCase(), value]));
  const facts: string[] = [];
  const remainingName = [...headers.keys()].find((name) => /^(x-)?ratelimit-remaining/.test(name));
  const limitName = [...headers.keys()].find(
    (name) =>
      /^(x-)?ratelimit-limit/.test(name) &&
      (!remainingName || name.endsWith(remainingName.replace(/^(x-)?ratelimit-remaining/, ''))),
  );
  if (remainingName)
    facts.push(`remaining ${headers.get(remainingName)}${limitName ? `/${headers.get(limitName)}` : ''}`);
  const retry = headers.get('retry-after');
  if (retry !== undefined) facts.push(`retry in ${retry}s`);
  return facts;
}

const GLYPH: Record<RateLimitOutcome, string> = { allowed: '█', rejected: '▒', other: '░' };
const TONE = { allowed: 'success', rejected: 'failure', other: 'warning' } as const;
const GAP = '  ';
/** The widest a request's cell grows to: wide enough to fill the row, narrow enough to read as one request. */
const MAX_CELL = 12;

/**
 * The presenter's rate-limit chart, the climax of the limits lesson: one row per consumer across
 * the whole width (the credential in full, every request it sent in order as a cell, allowed █ or
 * refused with 429 ▒), what it has left and when its window resets, and a legend. Cells grow to
 * fill the row; with more requests than columns the latest are shown after a `…`.
 */
export function consumerChartLines(checks: readonly CheckItem[], width: number): Line[] {
  const series = consumerSeries(checks);
  if (series.length === 0) return [];
  const labelWidth = Math.max(...series.map((row) => [...row.label].length));
  const facts = series.map(factsOf);
  const factsWidth = Math.max(...facts.map((text) => [...text].length));
  const slots = Math.max(1, ...series.map((row) => row.outcomes.length + row.pending));
  const inline = width - labelWidth - factsWidth - 2 * GAP.length;
  const beside = width - labelWidth - GAP.length;
  const layout = inline >= Math.min(slots, 12) ? 'inline' : beside >= Math.min(slots, 12) ? 'facts-below' : 'stacked';
  const lines: Line[] = legendLines(width);
  series.forEach((row, index) => {
    const text = facts[index] ?? '';
    const label = span(row.label.padEnd(labelWidth), { bold: true });
    if (layout === 'inline') {
      lines.push([label, span(GAP), ...bar(row, slots, inline), span(GAP), muted(text.padStart(factsWidth))]);
    } else if (layout === 'facts-below') {
      lines.push([label, span(GAP), ...bar(row, slots, beside)], ...factLines(text, width));
    } else {
      // Too narrow for the credential beside its cells: it gets a line of its own, whole.
      lines.push([span(row.label, { bold: true })], [span(GAP), ...bar(row, slots, width - GAP.length)]);
      lines.push(...factLines(text, width));
    }
  });
  return lines;
}

function legendLines(width: number): Line[] {
  const title = span('Rate limits per consumer', { bold: true });
  const legend: Line = [
    span(GLYPH.allowed, { tone: TONE.allowed }),
    muted(' allowed  '),
    span(GLYPH.rejected, { tone: TONE.rejected }),
    muted(' rejected (429)  '),
    span(GLYPH.other, { tone: TONE.other }),
    muted(' other'),
  ];
  const room = width - lineWidth([title]) - lineWidth(legend);
  if (room >= 2) return [[title, span(' '.repeat(room)), ...legend]];
  return [[title], truncateLine(legend, width)];
}

/** The facts under a row, at its right edge, broken between facts (never inside one) when they do not fit. */
function factLines(text: string, width: number): Line[] {
  const lines: string[] = [];
  for (const fact of text.split(' · ')) {
    const last = lines.at(-1);
    if (last !== undefined && [...last].length + 3 + [...fact].length <= width)
      lines[lines.length - 1] = `${last} · ${fact}`;
    else lines.push(fact);
  }
  return lines.map((line) => truncateLine([muted(line.padStart(width))], width));
}

function factsOf(row: ConsumerSeries): string {
  return [
    `${row.allowed} allowed`,
    `${row.rejected} rejected`,
    ...(row.remaining !== undefined
      ? [`remaining ${row.remaining}${row.limit !== undefined ? `/${row.limit}` : ''}`]
      : []),
    ...(row.resetSeconds !== undefined ? [`reset in ${row.resetSeconds}s`] : []),
  ].join(' · ');
}

/** Exactly `room` columns: a cell per request, as wide as the longest row allows, then blank. */
function bar(row: ConsumerSeries, slots: number, room: number): Span[] {
  const cell = Math.max(1, Math.min(MAX_CELL, Math.floor(room / slots)));
  const glyphs = cell > 2 ? cell - 1 : cell;
  const fits = row.outcomes.length * cell <= room;
  const shown = fits ? row.outcomes : row.outcomes.slice(row.outcomes.length - (room - 1));
  const spans: Span[] = fits ? [] : [muted('…')];
  for (const outcome of shown)
    spans.push(span(GLYPH[outcome].repeat(glyphs), { tone: TONE[outcome] }), ...(cell > glyphs ? [span(' ')] : []));
  const used = lineWidth(spans);
  if (used < room) spans.push(span(' '.repeat(room - used)));
  return spans;
}

function muted(text: string): Span {
  return span(text, { tone: 'muted' });
}

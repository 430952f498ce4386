import type { CheckItem } from '../engine/index.js';
import { cellWidth } from './cell-width.js';
import { span, wrapLine, type Line, type Span } from './styled-text.js';

type Response = CheckItem['responses'][number];

/**
 * A live chart of a rate-limit sequence: one row per check (one per consumer, as lessons write
 * them), a cell per response: █ allowed, ▒ rejected with 429, · anything else. The counts and
 * the last remaining/retry headers are spelled out, so colour is never needed.
 */
export function rateLimitChartLines(checks: readonly CheckItem[], width: number): Line[] {
  const rows = checks.filter((check) => check.repeat > 1 && check.responses.length > 0);
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

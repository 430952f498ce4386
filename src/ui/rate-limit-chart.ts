import type { CheckItem } from '../engine/index.js';
import { lineWidth, span, truncateLine, type Line, type Span } from './styled-text.js';

type Response = CheckItem['responses'][number];

/**
 * A live chart of a rate-limit sequence: one row per check (one per consumer, as lessons write
 * them), a cell per response: █ allowed, ▒ rejected with 429, · anything else. The counts and
 * the last remaining/retry headers are spelled out, so colour is never needed.
 */
export function rateLimitChartLines(checks: readonly CheckItem[], width: number): Line[] {
  const rows = checks.filter((check) => check.repeat > 1 && check.responses.length > 0);
  if (rows.length === 0) return [];
  const labelWidth = Math.min(24, Math.max(...rows.map((check) => check.name.length)), Math.floor(width / 3));
  const lines: Line[] = [
    [span('Rate limits', { bold: true }), span('  █ allowed  ▒ rejected (429)  · other', { tone: 'muted' })],
  ];
  for (const check of rows) {
    const label =
      check.name.length > labelWidth ? `${check.name.slice(0, labelWidth - 1)}…` : check.name.padEnd(labelWidth);
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
    lines.push(lineWidth(row) > width ? truncateLine(row, width) : row);
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

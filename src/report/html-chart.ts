import type { RateLimitPoint, RateLimitSeries } from '../engine/index.js';
import { html, type SafeHtml } from './html-markup.js';

const WIDTH = 720;
const LEFT = 52;
const RIGHT = 16;
const TOP = 30;
const PLOT = 132;
const BOTTOM = 60;
const HEIGHT = TOP + PLOT + BOTTOM;

/**
 * One rate-limit sequence as a picture: a column per request, in the order they were sent. An
 * allowed request's column is as tall as the `remaining` its response announced (so the counter
 * is seen counting down to the limit line); a 429 is a full, hatched column marked "429"; any other
 * status a dotted one. A response that broke an expectation carries a ✗ above it. Shapes and
 * labels carry the meaning, so the chart reads without colour, and the summary is the image's name.
 */
export function rateLimitChart(series: RateLimitSeries, key: string): SafeHtml {
  const n = Math.max(series.planned, series.points.length, 1);
  const step = (WIDTH - LEFT - RIGHT) / n;
  const barWidth = Math.max(2, Math.min(56, step * 0.72));
  const labelEvery = Math.ceil(n / Math.floor((WIDTH - LEFT - RIGHT) / 26));
  const scale = series.limit;
  const y = (value: number) => TOP + PLOT - (scale ? (Math.min(value, scale) / scale) * PLOT : 0);
  const columns = series.points.map((point) => {
    const x = LEFT + point.index * step + (step - barWidth) / 2;
    const middle = x + barWidth / 2;
    const showLabel = point.index % labelEvery === 0 || point.index === n - 1;
    return html`<g class="column ${point.outcome}${point.passed ? '' : ' broke'}">
<title>${pointTitle(point, series)}</title>
${columnShape(point, x, barWidth, y, key)}
${point.passed ? '' : label('mark-broke', middle, TOP - 14, '✗')}
${showLabel ? label('tick', middle, TOP + PLOT + 16, point.index + 1) : ''}
${showLabel && barWidth >= 22 ? label('status', middle, TOP + PLOT + 32, point.status) : ''}
</g>`;
  });
  const pending = Array.from({ length: Math.max(0, n - series.points.length) }, (_, offset) => {
    const x = LEFT + (series.points.length + offset) * step + (step - barWidth) / 2;
    return html`<rect class="pending" x="${fixed(x)}" y="${TOP}" width="${fixed(barWidth)}" height="${PLOT}" rx="3"/>`;
  });
  const labelId = `chart-${key}-label`;
  return html`<svg class="rate-chart" role="img" aria-labelledby="${labelId}" viewBox="0 0 ${WIDTH} ${HEIGHT}"
 width="${WIDTH}" height="${HEIGHT}" xmlns="http://www.w3.org/2000/svg" data-series="${series.blockId}">
<title id="${labelId}">${chartSummary(series)}</title>
<defs><pattern id="hatch-${key}" width="8" height="8" patternUnits="userSpaceOnUse" patternTransform="rotate(45)">
<rect class="hatch-bg" width="8" height="8"/><line class="hatch-line" x1="0" y1="0" x2="0" y2="8" stroke-width="4"/>
</pattern></defs>
${axes(series, y)}
${pending}
${columns}
<text class="axis-title" x="${LEFT + (WIDTH - LEFT - RIGHT) / 2}" y="${HEIGHT - 2}" text-anchor="middle">request</text>
</svg>`;
}

function columnShape(
  point: RateLimitPoint,
  x: number,
  width: number,
  y: (value: number) => number,
  key: string,
): SafeHtml {
  const full = html`x="${fixed(x)}" y="${TOP}" width="${fixed(width)}" height="${PLOT}" rx="3"`;
  if (point.outcome === 'rejected')
    return html`<rect class="bar rejected" ${full} fill="url(#hatch-${key})"/>
${label('bar-label refused', x + width / 2, TOP - 5, 429)}`;
  if (point.outcome === 'other') return html`<rect class="bar other" ${full}/>`;
  if (point.remaining === undefined) return html`<rect class="bar allowed" ${full}/>`;
  const top = Math.min(y(point.remaining), TOP + PLOT - 3);
  return html`<rect class="bar allowed" x="${fixed(x)}" y="${fixed(top)}" width="${fixed(width)}"
 height="${fixed(TOP + PLOT - top)}" rx="3"/>
${label('bar-label', x + width / 2, top - 6, point.remaining)}`;
}

/** The remaining axis and the limit line, when the responses announce a limit. */
function axes(series: RateLimitSeries, y: (value: number) => number): SafeHtml {
  const base = html`<line class="axis" x1="${LEFT}" y1="${TOP + PLOT}" x2="${WIDTH - RIGHT}" y2="${TOP + PLOT}"/>`;
  if (!series.limit) return base;
  const limitY = fixed(y(series.limit));
  return html`${base}
<line class="limit" x1="${LEFT}" y1="${limitY}" x2="${WIDTH - RIGHT}" y2="${limitY}"/>
<text class="tick" x="${LEFT - 8}" y="${limitY}" dy="4" text-anchor="end">${series.limit}</text>
<text class="tick" x="${LEFT - 8}" y="${TOP + PLOT}" dy="4" text-anchor="end">0</text>
<text class="axis-title" transform="translate(14 ${TOP + PLOT / 2}) rotate(-90)" text-anchor="middle">remaining</text>`;
}

/** "alex: 6 of 6 requests, 5 allowed, 1 refused with 429; remaining 0 of 5 a minute; reset in 39 s". */
export function chartSummary(series: RateLimitSeries): string {
  const sent = series.points.length;
  const counts = [
    `${series.allowed} allowed`,
    `${series.rejected} refused with 429`,
    ...(series.other ? [`${series.other} other`] : []),
  ];
  const parts = [`${series.name}: ${sent} of ${series.planned} requests, ${counts.join(', ')}`];
  const facts = counterFacts(series);
  if (facts.length) parts.push(facts.join(', '));
  const broke = series.points.filter((point) => !point.passed).map((point) => point.index + 1);
  if (broke.length) parts.push(`expectations broke at request ${broke.join(', ')}`);
  return parts.join('; ');
}

/** What the last response left: "remaining 0 of 5 a minute", "reset in 39 s", "retry after 39 s". */
export function counterFacts(series: RateLimitSeries): string[] {
  const last = series.last;
  if (!last) return [];
  const facts: string[] = [];
  if (last.remaining !== undefined)
    facts.push(
      `remaining ${last.remaining}${last.limit !== undefined ? ` of ${last.limit}` : ''}` +
        (series.window ? ` a ${series.window}` : ''),
    );
  if (last.resetSeconds !== undefined) facts.push(`reset in ${last.resetSeconds} s`);
  if (last.retryAfterSeconds !== undefined) facts.push(`retry after ${last.retryAfterSeconds} s`);
  return facts;
}

function pointTitle(point: RateLimitPoint, series: RateLimitSeries): string {
  const what = point.outcome === 'rejected' ? 'refused' : point.outcome === 'allowed' ? 'allowed' : 'other';
  const remaining =
    point.remaining === undefined ? '' : `, remaining ${point.remaining}${series.limit ? ` of ${series.limit}` : ''}`;
  return `request ${point.index + 1}: ${point.status} ${what}${remaining}${point.passed ? '' : ', expectation broke'}`;
}

/** Text centred on x. */
function label(className: string, x: number, y: number, text: string | number): SafeHtml {
  return html`<text class="${className}" x="${fixed(x)}" y="${fixed(y)}" text-anchor="middle">${text}</text>`;
}

function fixed(value: number): string {
  return String(Math.round(value * 10) / 10);
}

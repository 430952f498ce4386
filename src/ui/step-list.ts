import { hasPassed, type StepProgress } from '../engine/model.js';
import { lineWidth, span, truncateLine, type Line, type Span } from './styled-text.js';
import { statusMark } from './status.js';

export interface StepListInput {
  readonly titles: readonly string[];
  readonly statuses: readonly StepProgress[];
  /** The step on screen; -1 or beyond the steps: none (the introduction is on screen). */
  readonly current: number;
  readonly frame: number;
  /** Said instead of "2/5 Title" when no step is on screen ("Introduction"). */
  readonly label?: string;
}

/**
 * Where the learner is, on one line: a mark per step (the current one in brackets, so it shows
 * without colour), then "3/5 Title". With many steps the marks give way to a bar.
 */
export function stepStripLine(input: StepListInput, width: number): Line {
  const { titles, statuses, frame } = input;
  const current = input.label === undefined ? input.current : -1;
  const count = titles.length;
  // The bar counts passes only: a skipped step is not done work.
  const done = statuses.filter((status) => status !== 'running' && hasPassed(status)).length;
  const label: Span[] =
    input.label === undefined
      ? [span(`${current + 1}/${count} `, { bold: true }), span(titles[current] ?? '', { bold: true })]
      : [span(input.label, { bold: true })];
  const marks: Span[] = [];
  statuses.forEach((status, index) => {
    const mark = statusMark(status, frame);
    if (index === current)
      marks.push(
        span('[', { bold: true }),
        span(mark.icon, { tone: mark.tone, bold: true }),
        span(']', { bold: true }),
      );
    else marks.push(span(` ${mark.icon} `, { tone: mark.tone }));
  });
  const strip: Line = [...marks, span('  '), ...label];
  if (lineWidth(strip) <= width) return strip;
  // Too many steps for a mark each: a bar of the share done, then the current step.
  const bar = progressBar(done, count, Math.min(20, Math.max(5, Math.floor(width / 4))));
  return truncateLine([...bar, span(` ${done}/${count} passed  `, { tone: 'muted' }), ...label], width);
}

/** `━━━━───── ` with the done part in the success tone. */
export function progressBar(done: number, total: number, cells: number): Span[] {
  const filled = total === 0 ? 0 : Math.round((done / total) * cells);
  return [span('━'.repeat(filled), { tone: 'success' }), span('─'.repeat(cells - filled), { tone: 'muted' })];
}

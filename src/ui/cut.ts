import { span, type Line } from './styled-text.js';

/**
 * How a screen says it left something out: one wording everywhere (`… 12 more lines`,
 * `… 340 more characters`), so the learner learns it once, and knows `o` shows the rest.
 */
/** What a compact screen leaves out, and where it counts what it left out; the pager passes `full`. */
export interface CutView {
  /** Nothing left out: every line of every body, value and command (the pager's view). */
  readonly full?: boolean;
  /** Counts the pieces left out, so the screen offers the key that shows them. */
  readonly cuts?: { count: number };
  /** Set to the line where the first failed command or check starts, so the screen can open on it. */
  readonly failures?: { first: number | undefined };
  /** The screen shows how the step ended on a line of its own, under the output: leave it out here. */
  readonly endingApart?: boolean;
}

export function moreLines(count: number): string {
  return `… ${count} more ${count === 1 ? 'line' : 'lines'}`;
}

export function moreCharacters(count: number): string {
  return `… ${count} more ${count === 1 ? 'character' : 'characters'}`;
}

/** The marker as a muted line of its own, indented like what it follows. */
export function cutMarkerLine(marker: string, indent = '  '): Line {
  return [span(`${indent}${marker}`, { tone: 'muted' })];
}

/**
 * At most `max` lines of `lines`; when more exist, the last one kept gives way to the marker, so
 * the result is never longer than `max` and says how many lines the full view adds.
 */
export function keepLines(lines: readonly Line[], max: number, indent = '  '): { lines: Line[]; cut: number } {
  if (lines.length <= max) return { lines: lines.slice(), cut: 0 };
  const kept = Math.max(0, max - 1);
  const cut = lines.length - kept;
  return { lines: [...lines.slice(0, kept), cutMarkerLine(moreLines(cut), indent)], cut };
}

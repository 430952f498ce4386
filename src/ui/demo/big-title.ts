import { span, wrapLine, type Line } from '../styled-text.js';
import type { Tone } from '../theme.js';
import { blockTextRows } from './block-font.js';

/** Below this width big letters would break every word: plain bold reads better. */
const NARROW = 40;

/**
 * A title as large as the room allows: the block font when it fits in `maxRows` (3 rows a line),
 * else plain bold text, wrapped. Either way it is the text itself, so it reads without colour.
 */
export function titleLines(text: string, width: number, maxRows: number, tone: Tone = 'heading'): Line[] {
  const rows = width >= NARROW && maxRows >= 3 ? blockTextRows(text, width, Math.floor(maxRows / 3)) : undefined;
  if (rows) return rows.map((row) => [span(row, { tone, bold: true })]);
  return wrapLine([span(text, { tone, bold: true })], width);
}

import type { WorkshopState } from '../workshop/index.js';
import { homeLines, initialSelection } from './home-lines.js';
import type { Line } from './styled-text.js';
import { createTheme, type Theme } from './theme.js';
import { classBarLines } from './class/class-bar.js';
import type { ClassLink } from './index.js';

/**
 * The home screen as ANSI text, from the same pure layout ink renders. Painted the moment the
 * lessons are read, while ink (the slowest thing to load) is still loading: ink's first frame
 * then lands on identical text, so the learner sees the screen at once and never a flicker.
 */
export function firstFrameText(
  state: WorkshopState,
  size: { columns: number; rows: number },
  version: string,
  color: boolean,
  classLink?: ClassLink,
  selected = initialSelection(state),
): string {
  // In a class, the app draws the class line above the screen: so does the first frame.
  const classLines = classLink
    ? classBarLines(classLink, { width: size.columns, now: Date.now(), hand: classLink.news?.hand ?? false })
    : [];
  const lines = homeLines({
    state,
    selected,
    width: size.columns,
    height: size.rows - 1 - classLines.length,
    version,
  });
  return paintLines([...classLines, ...lines], createTheme(color));
}

export function paintLines(lines: readonly Line[], theme: Theme): string {
  return lines.map((line) => paintLine(line, theme)).join('\n');
}

function paintLine(line: Line, theme: Theme): string {
  let out = '';
  for (const part of line) {
    const codes: number[] = [];
    const color = theme.sgrOf(part.tone);
    if (color !== undefined) codes.push(color);
    if (part.bold) codes.push(1);
    if (part.dim) codes.push(2);
    if (part.italic) codes.push(3);
    if (part.underline) codes.push(4);
    if (part.inverse) codes.push(7);
    if (part.strikethrough) codes.push(9);
    out += codes.length ? `\u001B[${codes.join(';')}m${part.text}\u001B[0m` : part.text;
  }
  return `${out}\u001B[K`;
}

import { cellWidth } from './cell-width.js';
import type { Tone } from './theme.js';

/**
 * The screens are built as lines of styled spans, wrapped and cut to the terminal's width before
 * ink sees them. Knowing every line's height up front is what lets a view fit 80×24 exactly,
 * scroll by lines and never overflow.
 */
export interface SpanStyle {
  readonly tone?: Tone;
  readonly bold?: boolean;
  readonly dim?: boolean;
  readonly italic?: boolean;
  readonly underline?: boolean;
  readonly strikethrough?: boolean;
  readonly inverse?: boolean;
}

export interface Span extends SpanStyle {
  readonly text: string;
}

export type Line = readonly Span[];

export const span = (text: string, style: SpanStyle = {}): Span => ({ text, ...style });
export const blankLine: Line = [];

/** Display width in terminal cells (wide characters count two, combining marks none). */
function textWidth(text: string): number {
  return cellWidth(text);
}

export function lineWidth(line: Line): number {
  return line.reduce((total, part) => total + textWidth(part.text), 0);
}

export function lineText(line: Line): string {
  return line.map((part) => part.text).join('');
}

/** Cuts a line to `width` cells, ending in … when something was cut. */
export function truncateLine(line: Line, width: number): Line {
  if (width <= 0) return [];
  if (lineWidth(line) <= width) return line;
  const out: Span[] = [];
  let room = width - 1;
  for (const part of line) {
    if (room <= 0) break;
    const piece = takeCells(part.text, room);
    if (piece) out.push({ ...part, text: piece });
    room -= textWidth(piece);
    if (piece.length < part.text.length) break;
  }
  const last = out.at(-1);
  out.push({ text: '…', ...(last ? styleOf(last) : {}) });
  return out;
}

/** Pads a line with spaces to exactly `width` cells (after truncating it). */
export function fitLine(line: Line, width: number): Line {
  const cut = truncateLine(line, width);
  const gap = width - lineWidth(cut);
  return gap > 0 ? [...cut, { text: ' '.repeat(gap) }] : cut;
}

/**
 * Word-wraps a line to `width` cells. Continuation lines start with `indent` (for list items and
 * quotes); a word longer than a whole line is broken where it must be.
 */
export function wrapLine(line: Line, width: number, indent: Line = []): Line[] {
  const indentWidth = lineWidth(indent);
  if (width <= indentWidth + 1) return [truncateLine(line, Math.max(1, width))];
  const out: Span[][] = [];
  let current: Span[] = [];
  let used = 0;
  const newLine = () => {
    out.push(trimEnd(current));
    current = [...indent];
    used = indentWidth;
  };
  for (const part of line) {
    for (const token of part.text.split(/(\s+)/)) {
      if (token === '') continue;
      const isSpace = /^\s+$/.test(token);
      const leading = isSpace && out.length === 0 && current.every((piece) => piece.text.trim() === '');
      // Spaces are kept as written (aligned columns); a line break inside prose becomes one space.
      let text = !isSpace ? token : token.includes('\n') ? (leading ? '' : ' ') : token.replace(/[^\S ]/g, ' ');
      const w = textWidth(text);
      if (isSpace) {
        // A wrapped line starts at its indent, not with the space that ended the line before.
        if (text && used + w <= width && (out.length === 0 || used > indentWidth)) {
          current.push({ ...part, text });
          used += w;
        }
        continue;
      }
      if (used + w > width && used > indentWidth) newLine();
      while (textWidth(text) > width - used) {
        const piece = takeCells(text, width - used) || ([...text][0] ?? '');
        current.push({ ...part, text: piece });
        newLine();
        text = text.slice(piece.length);
      }
      if (text) {
        current.push({ ...part, text });
        used += textWidth(text);
      }
    }
  }
  out.push(trimEnd(current));
  return out.map(mergeSpans);
}

/** Wraps a plain text line that must keep its spacing (code, command output): breaks at the width, no reflow. */
export function breakLine(line: Line, width: number, indent: Line = []): Line[] {
  const indentWidth = lineWidth(indent);
  if (width <= indentWidth + 1) return [truncateLine(line, Math.max(1, width))];
  const out: Span[][] = [];
  let current: Span[] = [];
  let used = 0;
  for (const part of line) {
    let text = part.text;
    while (text) {
      const room = width - used;
      // A character wider than what is left of an empty line still has to go somewhere.
      const piece = takeCells(text, room) || (used <= indentWidth ? ([...text][0] ?? '') : '');
      if (piece === '') {
        out.push(current);
        current = [...indent];
        used = indentWidth;
        continue;
      }
      current.push({ ...part, text: piece });
      used += textWidth(piece);
      text = text.slice(piece.length);
    }
  }
  out.push(current);
  return out.map(mergeSpans);
}

function takeCells(text: string, cells: number): string {
  let taken = '';
  let used = 0;
  for (const char of text) {
    const w = textWidth(char);
    if (used + w > cells) break;
    taken += char;
    used += w;
  }
  return taken;
}

function trimEnd(spans: Span[]): Span[] {
  const out = spans.slice();
  while (out.at(-1)?.text.trim() === '') out.pop();
  return out;
}

function styleOf(part: Span): SpanStyle {
  const { text: _text, ...style } = part;
  return style;
}

const sameStyle = (a: Span, b: Span) =>
  a.tone === b.tone &&
  a.bold === b.bold &&
  a.dim === b.dim &&
  a.italic === b.italic &&
  a.underline === b.underline &&
  a.strikethrough === b.strikethrough &&
  a.inverse === b.inverse;

/** Joins neighbouring spans of one style, so ink renders fewer nodes. */
export function mergeSpans(line: Line): Line {
  const out: Span[] = [];
  for (const part of line) {
    const last = out.at(-1);
    if (last && sameStyle(last, part)) out[out.length - 1] = { ...last, text: last.text + part.text };
    else if (part.text) out.push(part);
  }
  return out;
}

/** Tabs become spaces and control characters are dropped: they would move the cursor. */
export function sanitize(text: string): string {
  // eslint-disable-next-line no-control-regex
  return text
    .replace(/\t/g, '    ')
    .replace(/\u001B\[[0-9;?]*[ -/]*[@-~]/g, '')
    .replace(/[\u0000-\u0008\u000B-\u001F\u007F]/g, '');
}

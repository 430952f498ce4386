import { cellWidth } from '../../../src/ui/cell-width.js';

/**
 * A frame as a reviewer reads it: the text of every row, and beside it one character per cell
 * saying how that cell is styled. Colour is stripped from the text but kept in the style track,
 * so a status that turns from red to green (or loses its bold) changes the snapshot.
 */
export interface Frame {
  readonly rows: readonly string[];
  /** One character per cell of the same row (see STYLE_LEGEND); blank where the cell is plain. */
  readonly styles: readonly string[];
}

export interface Size {
  readonly columns: number;
  readonly rows: number;
}

export const SIZES: readonly Size[] = [
  { columns: 80, rows: 24 },
  { columns: 120, rows: 35 },
];

export const sizeName = (size: Size) => `${size.columns}x${size.rows}`;

export const STYLE_LEGEND =
  'r red, g green, y yellow, c cyan, m magenta, b blue, k gray (capital: bold); ' +
  '* bold, - dim, _ underline or italic, # inverse, without a colour';

interface Pen {
  color?: string;
  bold: boolean;
  dim: boolean;
  underline: boolean;
  inverse: boolean;
}

const COLORS: Record<number, string> = { 31: 'r', 32: 'g', 33: 'y', 34: 'b', 35: 'm', 36: 'c', 37: 'w', 90: 'k' };

function applySgr(pen: Pen, codes: readonly number[]): Pen {
  const next = { ...pen };
  for (const code of codes.length ? codes : [0]) {
    if (code === 0)
      Object.assign(next, { color: undefined, bold: false, dim: false, underline: false, inverse: false });
    else if (code === 1) next.bold = true;
    else if (code === 2) next.dim = true;
    else if (code === 3 || code === 4) next.underline = true;
    else if (code === 7) next.inverse = true;
    else if (code === 22) Object.assign(next, { bold: false, dim: false });
    else if (code === 23 || code === 24) next.underline = false;
    else if (code === 27) next.inverse = false;
    else if (code === 39) next.color = undefined;
    else if (code in COLORS) next.color = COLORS[code];
    // Bright colours (91-97) read as their plain colour: the track is about meaning, not shade.
    else if (code >= 91 && code <= 97) next.color = COLORS[code - 60];
  }
  return next;
}

function styleChar(pen: Pen): string {
  if (pen.inverse) return '#';
  if (pen.color) return pen.bold ? pen.color.toUpperCase() : pen.color;
  if (pen.bold) return '*';
  if (pen.dim) return '-';
  if (pen.underline) return '_';
  return ' ';
}

const PLAIN: Pen = { bold: false, dim: false, underline: false, inverse: false };

// biome-ignore lint/suspicious/noControlCharactersInRegex: the escape is what we parse
const ESCAPE = /\u001B\[([0-9;]*)([A-Za-z])|\u001B[78]|\u001B\]8;[^\u0007\u001B]*(?:\u0007|\u001B\\)/g;

/** Reads one row of ink's output (SGR colours only) into its text and its style track. */
function readRow(row: string): { text: string; style: string } {
  let pen = PLAIN;
  let text = '';
  let style = '';
  let at = 0;
  const put = (chunk: string) => {
    text += chunk;
    for (const ch of chunk) style += styleChar(pen).repeat(cellWidth(ch));
  };
  for (const match of row.matchAll(ESCAPE)) {
    put(row.slice(at, match.index));
    at = match.index + match[0].length;
    if (match[2] === 'm')
      pen = applySgr(
        pen,
        (match[1] ?? '')
          .split(';')
          .filter(Boolean)
          .map((n) => Number(n)),
      );
  }
  put(row.slice(at));
  return { text: text.replace(/\s+$/, ''), style: style.slice(0, cellWidth(text.replace(/\s+$/, ''))) };
}

/** A frame from ink's output: colours read into the style track, trailing blanks dropped. */
export function readFrame(output: string): Frame {
  const rows = output.split('\n').map(readRow);
  return { rows: rows.map((r) => r.text), styles: rows.map((r) => r.style.replace(/\s+$/, '')) };
}

/** Ports and paths that differ between machines and runs, replaced by stable names. */
export function normalize(text: string): string {
  return text
    .replace(/(127\.0\.0\.1|localhost):\d{4,5}/g, '$1:PORT')
    .replaceAll(process.cwd(), '<repo>')
    .replace(/\/tmp\/[\w.-]+/g, '<tmp>');
}

/**
 * The snapshot file: a header, the screen in a box exactly as wide and tall as the terminal, and
 * the style track of every row that has any style, numbered like the screen's rows.
 */
export function screenDocument(
  title: string,
  frames: readonly { label: string; frame: Frame; cuts?: readonly number[] }[],
  size: Size,
): string {
  const out = [`${title} at ${size.columns}×${size.rows}`, `style track: ${STYLE_LEGEND}`, ''];
  for (const { label, frame, cuts = [] } of frames) {
    out.push(`── ${label}`);
    out.push(`   ┌${'─'.repeat(size.columns)}┐`);
    frame.rows.forEach((row, i) => {
      out.push(
        `${String(i + 1).padStart(2)} │${normalize(row)}${' '.repeat(Math.max(0, size.columns - cellWidth(row)))}│`,
      );
    });
    for (let i = frame.rows.length; i < size.rows; i++) out.push(`   │${' '.repeat(size.columns)}│`);
    out.push(`   └${'─'.repeat(size.columns)}┘`);
    if (cuts.length) out.push(`   ! cut with … and no marker: row${cuts.length > 1 ? 's' : ''} ${cuts.join(', ')}`);
    const styled = frame.styles.map((style, i) => ({ style, i })).filter(({ style }) => style.trim());
    if (styled.length) {
      out.push('   styles');
      for (const { style, i } of styled) out.push(`${String(i + 1).padStart(2)} │${style}`);
    }
    out.push('');
  }
  return out.join('\n');
}

/** Rows of a frame wider than the terminal, or rows beyond its height: each one a bug. */
export function overflow(frame: Frame, size: Size): string[] {
  const problems = frame.rows
    .map((row, i) => ({ row, i, width: cellWidth(row) }))
    .filter(({ width }) => width > size.columns)
    .map(({ i, width }) => `row ${i + 1} is ${width} cells wide`);
  if (frame.rows.length > size.rows) problems.push(`${frame.rows.length} rows on a ${size.rows}-row terminal`);
  return problems;
}

/**
 * Text cut with `…` is fine only when the screen says how much is hidden next to it (`… 3 more
 * lines`, `+40 chars`), so the learner knows there is more to open. A cut is a `…` that fills
 * its column to the edge (right before a table's ` │` or a chart's bars), or ends a row that fills the terminal; a
 * progress word ending in `…` ("saving your progress…") is short and not a cut. The marker must
 * be in the cut's own block (the rows up to a blank one): the text pane's `↓ 12 more lines` says
 * there is more below, not that a cell was cut.
 */
export function unmarkedCuts(frame: Frame, size: Size): number[] {
  const isCut = (row: string) => /…(?= │| +[█▒])/u.test(row) || (/…$/u.test(row) && cellWidth(row) >= size.columns - 1);
  const isMarker = (row: string) =>
    /(?:…|\+)\s?\d+ (?:more )?(?:lines?|chars?|characters|columns?|cells?|rows?)\b|\b\d+ hidden\b/u.test(row);
  const blockAround = (i: number) => {
    let first = i;
    let last = i;
    while (first > 0 && frame.rows[first - 1]?.trim()) first--;
    while (last + 1 < frame.rows.length && frame.rows[last + 1]?.trim()) last++;
    return frame.rows.slice(first, last + 1);
  };
  return frame.rows.flatMap((row, i) => (isCut(row) && !blockAround(i).some(isMarker) ? [i + 1] : []));
}

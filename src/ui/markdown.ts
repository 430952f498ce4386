import { Lexer, type Token, type Tokens } from 'marked';
import {
  blankLine,
  breakLine,
  lineText,
  lineWidth,
  mergeSpans,
  sanitize,
  span,
  truncateLine,
  wrapLine,
  type Line,
  type Span,
  type SpanStyle,
} from './styled-text.js';
import type { Tone } from './theme.js';
import { isMarkedToken } from '../shared/index.js';

/** Turns code into highlighted lines, or undefined for a language it does not know. */
export type Highlighter = (code: string, lang: string) => Line[] | undefined;

export interface MarkdownOptions {
  /** Cells available; lines are wrapped to it. */
  readonly width: number;
  /** Syntax highlighting, once it has loaded; code shows plain until then. */
  readonly highlight?: Highlighter;
}

/**
 * Lesson markdown for the terminal: headings, emphasis, lists, links as `text (url)`, block
 * quotes and GitHub callouts, tables, and code with syntax highlighting, wrapped to the width.
 */
export function markdownLines(markdown: string, options: MarkdownOptions): Line[] {
  return joinBlocks(Lexer.lex(markdown).map((token) => blockLines(token, options)));
}

/** A fenced code block: a bar down the left, an optional title line, long lines broken. */
export function codeBlockLines(
  code: string,
  lang: string,
  options: MarkdownOptions & { readonly title?: Line; readonly tone?: Tone },
): Line[] {
  const bar = span('│ ', { tone: options.tone ?? 'muted' });
  const body =
    options.highlight?.(code, lang) ??
    sanitize(code)
      .split('\n')
      .map((text) => [span(text, { tone: 'code' })]);
  const lines: Line[] = options.title
    ? [truncateLine([span('╭ ', { tone: options.tone ?? 'muted' }), ...options.title], options.width)]
    : [];
  for (const line of body) lines.push(...breakLine([bar, ...line], options.width, [bar]));
  return lines;
}

function joinBlocks(blocks: readonly Line[][]): Line[] {
  const out: Line[] = [];
  for (const block of blocks) {
    if (block.length === 0) continue;
    if (out.length) out.push(blankLine);
    out.push(...block);
  }
  return out;
}

function blockLines(token: Token, options: MarkdownOptions): Line[] {
  const { width } = options;
  if (!isMarkedToken(token))
    return 'text' in token && typeof token.text === 'string' ? paragraphLines([[span(decode(token.text))]], width) : [];
  switch (token.type) {
    case 'space':
    case 'def':
      return [];
    case 'heading':
      return headingLines(token, width);
    case 'paragraph':
    case 'text': {
      return paragraphLines(token.tokens ? inlineSpans(token.tokens) : [[span(decode(token.text))]], width);
    }
    case 'code': {
      return codeBlockLines(token.text, (token.lang ?? '').split(/\s+/)[0] ?? '', options);
    }
    case 'blockquote':
      return quoteLines(token, options);
    case 'list':
      return listLines(token, options);
    case 'table':
      return tableLines(token, width);
    case 'hr':
      return [[span('─'.repeat(Math.min(width, 40)), { tone: 'muted' })]];
    case 'html': {
      const text = stripTags(token.text).trim();
      return text ? paragraphLines([[span(decode(text))]], width) : [];
    }
    default:
      return 'text' in token && typeof token.text === 'string'
        ? paragraphLines([[span(decode(token.text))]], width)
        : [];
  }
}

function headingLines(token: Tokens.Heading, width: number): Line[] {
  const style: SpanStyle = token.depth <= 2 ? { bold: true, tone: 'heading' } : { bold: true };
  const segments = inlineSpans(token.tokens, style);
  const lines = paragraphLines(segments, width);
  // Without colour a top heading would look like bold prose; underline it so it still stands out.
  if (token.depth === 1)
    lines.push([span('═'.repeat(Math.min(width, lineWidth(lines.at(-1) ?? []))), { tone: 'heading' })]);
  return lines;
}

function paragraphLines(segments: readonly Span[][], width: number, indent: Line = []): Line[] {
  return segments.flatMap((segment) => wrapLine(segment, width, indent));
}

const CALLOUTS: Record<string, { readonly icon: string; readonly title: string; readonly tone: Tone }> = {
  NOTE: { icon: 'ℹ', title: 'Note', tone: 'accent' },
  TIP: { icon: '✱', title: 'Tip', tone: 'success' },
  IMPORTANT: { icon: '❢', title: 'Important', tone: 'heading' },
  WARNING: { icon: '!', title: 'Warning', tone: 'warning' },
  CAUTION: { icon: '!', title: 'Caution', tone: 'failure' },
};

function quoteLines(token: Tokens.Blockquote, options: MarkdownOptions): Line[] {
  const marker = /^\s*\[!(NOTE|TIP|IMPORTANT|WARNING|CAUTION)\]\s*\n?/i.exec(token.text);
  const callout = marker ? CALLOUTS[(marker[1] ?? '').toUpperCase()] : undefined;
  const tone: Tone = callout?.tone ?? 'muted';
  const source = marker ? token.text.slice(marker[0].length) : token.text;
  const bar = span('▌ ', { tone });
  const inner = markdownLines(source, { ...options, width: Math.max(10, options.width - 2) });
  const title: Line[] = callout ? [[bar, span(`${callout.icon} ${callout.title}`, { tone, bold: true })]] : [];
  return [
    ...title,
    ...inner.map((line) => [bar, ...(callout ? line : line.map((part) => ({ ...part, italic: true })))]),
  ];
}

function listLines(token: Tokens.List, options: MarkdownOptions): Line[] {
  const start = typeof token.start === 'number' ? token.start : 1;
  const out: Line[] = [];
  token.items.forEach((item, index) => {
    const bullet = token.ordered ? `${start + index}. ` : item.task ? (item.checked ? '☑ ' : '☐ ') : '• ';
    const indent = [span(' '.repeat(bullet.length))];
    const width = Math.max(10, options.width - bullet.length);
    const body = joinItemBlocks(
      item.tokens.map((child) => blockLines(child, { ...options, width })),
      item.loose,
    );
    for (const [lineIndex, line] of body.entries()) {
      out.push(
        lineIndex === 0 ? [span(bullet, { tone: 'accent' }), ...line] : line.length ? [...indent, ...line] : line,
      );
    }
    if (body.length === 0) out.push([span(bullet, { tone: 'accent' })]);
    if (token.loose && index < token.items.length - 1) out.push(blankLine);
  });
  return out;
}

function joinItemBlocks(blocks: readonly Line[][], loose: boolean): Line[] {
  if (loose) return joinBlocks(blocks);
  return blocks.flat();
}

/**
 * A table whose cells wrap inside their columns, at word boundaries (a token longer than its
 * column breaks): at any width every word of every cell is on screen, the columns still aligned.
 */
function tableLines(token: Tokens.Table, width: number): Line[] {
  const cell = (c: Tokens.TableCell): Line => inlineSpans(c.tokens).flat();
  const header = token.header.map(cell);
  const rows = token.rows.map((row) => row.map(cell));
  const columns = header.length;
  const all = [header, ...rows];
  const natural = Array.from({ length: columns }, (_, i) => Math.max(...all.map((row) => lineWidth(row[i] ?? []))));
  const longestWord = Array.from({ length: columns }, (_, i) =>
    Math.max(...all.map((row) => longestWordWidth(row[i] ?? []))),
  );
  const room = Math.max(columns * 3, width - 3 * (columns - 1));
  const widths = columnWidths(natural, longestWord, room);
  const render = (cells: readonly Line[], style: SpanStyle = {}): Line[] => {
    const wrapped = widths.map((w, i) =>
      wrapLine(
        (cells[i] ?? []).map((part) => ({ ...part, ...style })),
        w,
      ),
    );
    const height = Math.max(1, ...wrapped.map((lines) => lines.length));
    return Array.from({ length: height }, (_, row) => {
      const out: Span[] = [];
      widths.forEach((w, i) => {
        const piece = wrapped[i]?.[row] ?? [];
        out.push(...piece);
        // The last column needs no padding: nothing follows it but the end of the line.
        if (i < columns - 1) {
          out.push(span(' '.repeat(Math.max(0, w - lineWidth(piece)))), span(' │ ', { tone: 'muted' }));
        }
      });
      return mergeSpans(out);
    });
  };
  const rule: Line = [span(widths.map((w) => '─'.repeat(w)).join('─┼─'), { tone: 'muted' })];
  return [...render(header, { bold: true }), rule, ...rows.flatMap((row) => render(row))];
}

/**
 * Every column at its natural width if they fit; else the widest gives up cells first, down to
 * its longest word (or a fair share of the room, for a column of long tokens), and only then
 * below it, where its words break.
 */
export function columnWidths(natural: readonly number[], longestWord: readonly number[], room: number): number[] {
  const widths = natural.map((w) => Math.max(1, w));
  const fair = Math.max(3, Math.floor(room / Math.max(1, widths.length)));
  const floors = longestWord.map((w, i) => Math.min(Math.max(3, w), fair, widths[i] ?? 1));
  const total = () => widths.reduce((a, b) => a + b, 0);
  for (const floorOf of [(i: number) => floors[i] ?? 3, () => 3]) {
    while (total() > room) {
      let widest = -1;
      for (let i = 0; i < widths.length; i++) {
        const w = widths[i] ?? 0;
        if (w > floorOf(i) && (widest < 0 || w > (widths[widest] ?? 0))) widest = i;
      }
      if (widest < 0) break;
      widths[widest] = (widths[widest] ?? 1) - 1;
    }
  }
  return widths;
}

function longestWordWidth(line: Line): number {
  let longest = 0;
  for (const word of lineText(line).split(/\s+/)) longest = Math.max(longest, lineWidth([span(word)]));
  return longest;
}

/** Inline tokens as spans; a hard line break (`br`) starts a new segment. */
function inlineSpans(tokens: readonly Token[], style: SpanStyle = {}): Span[][] {
  const segments: Span[][] = [[]];
  const push = (text: string, extra: SpanStyle = {}) => segments.at(-1)?.push(span(text, { ...style, ...extra }));
  for (const token of tokens) {
    if (!isMarkedToken(token)) {
      if ('text' in token && typeof token.text === 'string') push(decode(token.text));
      continue;
    }
    switch (token.type) {
      case 'text':
      case 'escape': {
        if (token.type === 'text' && token.tokens?.length) appendSegments(segments, inlineSpans(token.tokens, style));
        else push(decode(token.text));
        break;
      }
      case 'strong':
        appendSegments(segments, inlineSpans(token.tokens, { ...style, bold: true }));
        break;
      case 'em':
        appendSegments(segments, inlineSpans(token.tokens, { ...style, italic: true }));
        break;
      case 'del':
        appendSegments(segments, inlineSpans(token.tokens, { ...style, strikethrough: true }));
        break;
      case 'codespan':
        push(decode(token.text), { tone: 'code' });
        break;
      case 'link': {
        const link = token;
        const text = inlineSpans(link.tokens, { ...style, tone: 'link', underline: true });
        appendSegments(segments, text);
        const shown = text
          .flat()
          .map((part) => part.text)
          .join('');
        if (shown !== link.href && !link.href.startsWith('#')) push(` (${link.href})`, { tone: 'muted' });
        break;
      }
      case 'image': {
        const image = token;
        push(`[image: ${image.text || image.href}]`, { tone: 'muted' });
        break;
      }
      case 'br':
        segments.push([]);
        break;
      case 'html':
        push(decode(stripTags(token.text)));
        break;
      default:
        if ('text' in token && typeof token.text === 'string') push(decode(token.text));
    }
  }
  return segments;
}

function appendSegments(target: Span[][], more: readonly Span[][]): void {
  more.forEach((segment, index) => {
    if (index === 0) target.at(-1)?.push(...segment);
    else target.push([...segment]);
  });
}

const ENTITIES: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'", nbsp: ' ', '#39': "'" };

function decode(text: string): string {
  return sanitize(
    text.replace(/&(#x[0-9a-f]+|#[0-9]+|[a-z]+);/gi, (whole, name: string) => {
      if (name.startsWith('#x') || name.startsWith('#X')) return String.fromCodePoint(parseInt(name.slice(2), 16));
      if (name.startsWith('#') && name !== '#39') return String.fromCodePoint(Number(name.slice(1)));
      return ENTITIES[name.toLowerCase()] ?? whole;
    }),
  );
}

function stripTags(html: string): string {
  return html.replace(/<[^>]*>/g, '');
}

import { Lexer, type Token, type Tokens } from 'marked';
import { locateFence, type Fence } from './fence.js';
import type { SourceText } from './source-text.js';
import { isMarkedToken } from '../shared/index.js';

/** The lesson body as a flat sequence of what matters for structure, each with its offsets. */
export type MarkdownEvent =
  | {
      readonly kind: 'heading';
      readonly depth: number;
      readonly text: string;
      readonly start: number;
      readonly end: number;
    }
  | { readonly kind: 'fence'; readonly fence: Fence }
  | { readonly kind: 'prose'; readonly start: number; readonly end: number }
  | { readonly kind: 'html'; readonly text: string; readonly start: number; readonly end: number }
  /** A `:::` line in a paragraph of its own (or at a paragraph's edge). */
  | { readonly kind: 'container'; readonly text: string; readonly start: number }
  /** A `:::` line that markdown folded into a list or another block, so it cannot be a container. */
  | { readonly kind: 'stray-container'; readonly start: number };

const CONTAINER_LINE = /^ {0,3}:::/;

/** Lexes `source.text` from `offset` (after the front matter) into events, in document order. */
export function markdownEvents(source: SourceText, offset: number): MarkdownEvent[] {
  const events: MarkdownEvent[] = [];
  let at = offset;
  for (const token of new Lexer().lex(source.text.slice(offset))) {
    events.push(...tokenEvents(source, token, at));
    at += token.raw.length;
  }
  return events;
}

function tokenEvents(source: SourceText, token: Token, start: number): MarkdownEvent[] {
  const end = start + token.raw.length;
  if (!isMarkedToken(token)) return withStrayContainers(source, start, end, [{ kind: 'prose', start, end }]);
  switch (token.type) {
    case 'space':
      return [];
    case 'heading':
      return [{ kind: 'heading', depth: token.depth, text: token.text, start, end }];
    case 'code':
      if (token.codeBlockStyle === 'indented') return [{ kind: 'prose', start, end }];
      return [{ kind: 'fence', fence: locateFence(source, token, start, false) }];
    case 'paragraph':
    case 'html':
      return splitContainerLines(source, token.type, start, end);
    case 'list':
    case 'blockquote':
      return hoistFences(source, token, start, end);
    default:
      return withStrayContainers(source, start, end, [{ kind: 'prose', start, end }]);
  }
}

/** Splits a paragraph or HTML block at `:::` lines, so `::: target=kind` works without blank lines. */
function splitContainerLines(
  source: SourceText,
  type: 'paragraph' | 'html',
  start: number,
  end: number,
): MarkdownEvent[] {
  const events: MarkdownEvent[] = [];
  let runStart = start;
  const flush = (until: number) => {
    if (until <= runStart || source.text.slice(runStart, until).trim() === '') return;
    events.push(
      type === 'html'
        ? { kind: 'html', text: source.text.slice(runStart, until), start: runStart, end: until }
        : { kind: 'prose', start: runStart, end: until },
    );
  };
  for (let lineStart = start; lineStart < end; ) {
    const newline = source.text.indexOf('\n', lineStart);
    const lineEnd = newline === -1 || newline >= end ? end : newline + 1;
    const line = source.text.slice(lineStart, lineEnd).replace(/\n$/, '');
    if (CONTAINER_LINE.test(line)) {
      flush(lineStart);
      events.push({ kind: 'container', text: line.trim(), start: lineStart + (line.length - line.trimStart().length) });
      runStart = lineEnd;
    }
    lineStart = lineEnd;
  }
  flush(end);
  return events;
}

/**
 * A list or quote that holds runnable fences (`sh run` in a numbered list is common) is split
 * around them: the fences become blocks of their own, the rest stays prose.
 */
function hoistFences(source: SourceText, token: Token, start: number, end: number): MarkdownEvent[] {
  const fences: Fence[] = [];
  let cursor = start;
  for (const code of nestedCodeTokens(token)) {
    if (!needsHoisting(code)) continue;
    const fence = locateFence(source, code, cursor, true);
    if (fence.fenceStart < start || fence.fenceStart >= end) continue;
    fences.push(fence);
    cursor = fence.end;
  }
  const events: MarkdownEvent[] = [];
  let proseStart = start;
  for (const fence of fences) {
    if (source.text.slice(proseStart, fence.start).trim() !== '')
      events.push({ kind: 'prose', start: proseStart, end: fence.start });
    events.push({ kind: 'fence', fence });
    proseStart = fence.end;
  }
  if (source.text.slice(proseStart, end).trim() !== '') events.push({ kind: 'prose', start: proseStart, end });
  return withStrayContainers(source, start, end, events);
}

function* nestedCodeTokens(token: Token): Generator<Tokens.Code> {
  const children: Token[] = [];
  if (isMarkedToken(token) && token.type === 'list') for (const item of token.items) children.push(...item.tokens);
  if ('tokens' in token && Array.isArray(token.tokens)) children.push(...token.tokens);
  for (const child of children) {
    if (isMarkedToken(child) && child.type === 'code' && child.codeBlockStyle !== 'indented') yield child;
    else yield* nestedCodeTokens(child);
  }
}

/** Plain display code stays inside its list; anything with a role or attributes becomes a block. */
function needsHoisting(code: Tokens.Code): boolean {
  const info = (code.lang ?? '').trim();
  return /\s/.test(info) || info === 'check' || info === 'vars' || info === 'output';
}

function withStrayContainers(source: SourceText, start: number, end: number, events: MarkdownEvent[]): MarkdownEvent[] {
  const strays: MarkdownEvent[] = [];
  const text = source.text.slice(start, end);
  const pattern = /^ {0,3}:::/gm;
  for (let match = pattern.exec(text); match; match = pattern.exec(text)) {
    const at = start + match.index + (match[0].length - 3);
    const insideFence = events.some(
      (event) => event.kind === 'fence' && at >= event.fence.start && at < event.fence.end,
    );
    if (!insideFence) strays.push({ kind: 'stray-container', start: at });
  }
  return [...strays, ...events];
}

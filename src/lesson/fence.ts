import type { Tokens } from 'marked';
import type { SourceText } from './source-text.js';
import type { SourcePos } from './types.js';

/** A fenced code block with everything needed to point into it. */
export interface Fence {
  /** Offset where the opening fence's line starts. */
  readonly start: number;
  /** Offset just after the closing fence's line. */
  readonly end: number;
  /** Offset of the first backtick (or tilde) of the opening fence. */
  readonly fenceStart: number;
  /** The info string as written after the fence characters. */
  readonly info: string;
  /** Offset of the info string's first character. */
  readonly infoStart: number;
  /** The block's content, without the fences and without the indentation markdown strips. */
  readonly body: string;
  /** Inside a list item or a quote rather than at the top level. */
  readonly nested: boolean;
  /** 1-based line of the body's first line. */
  readonly bodyLine: number;
  /** For each body line, the 0-based column where its text starts in the file. */
  readonly bodyColumns: readonly number[];
}

/**
 * Finds a code token in the source. A top-level token's offset is known; a nested one (in a list
 * or quote) is found by searching for its opening line from `searchFrom`, since marked lexes
 * nested content from text with the list indentation or `>` markers removed.
 */
export function locateFence(source: SourceText, token: Tokens.Code, offset: number, nested: boolean): Fence {
  const rawLines = token.raw.replace(/\n$/, '').split('\n');
  const opening = (rawLines[0] ?? '').trimStart();
  const fenceStart = nested
    ? source.text.indexOf(opening, offset)
    : offset + ((rawLines[0] ?? '').length - opening.length);
  const fenceLine = source.at(fenceStart).line;
  const fenceChars = /^(`{3,}|~{3,})[ \t]*/.exec(opening)?.[0] ?? '';
  const infoStart = fenceStart + fenceChars.length;
  const lineEnd = source.text.indexOf('\n', infoStart);
  const info = source.text.slice(infoStart, lineEnd === -1 ? undefined : lineEnd).trimEnd();
  const lastLine = fenceLine + rawLines.length - 1;
  const end = lastLine >= source.lineCount ? source.text.length : source.lineStart(lastLine + 1);
  const fenceIndent = fenceStart - source.lineStart(fenceLine);
  // Only lines between the fences are body lines, whatever trailing newlines `text` keeps.
  const closed = rawLines.length > 1 && /^\s*(`{3,}|~{3,})\s*$/.test(rawLines[rawLines.length - 1] ?? '');
  const bodyLineCount = rawLines.length - (closed ? 2 : 1);
  const bodyLines = token.text.split('\n').slice(0, bodyLineCount);
  const bodyColumns = bodyLines.map((text, i) => {
    const line = source.lineText(fenceLine + 1 + i);
    return line.endsWith(text) ? line.length - text.length : fenceIndent;
  });
  return {
    start: source.lineStart(fenceLine),
    end,
    fenceStart,
    info,
    infoStart,
    body: token.text,
    nested,
    bodyLine: fenceLine + 1,
    bodyColumns,
  };
}

/** Maps a 0-based line and column inside a fence's body to a position in the file. */
export function bodyPos(source: SourceText, fence: Fence, line: number, column: number): SourcePos {
  const lastLine = Math.max(0, fence.bodyColumns.length - 1);
  const at = Math.min(line, lastLine);
  return source.pos(fence.bodyLine + at, (fence.bodyColumns[at] ?? 0) + column + 1);
}

/** Maps a 0-based offset inside a fence's body to a position in the file. */
export function bodyOffsetPos(source: SourceText, fence: Fence, offset: number): SourcePos {
  const before = fence.body.slice(0, offset);
  const line = before.split('\n').length - 1;
  return bodyPos(source, fence, line, offset - (before.lastIndexOf('\n') + 1));
}

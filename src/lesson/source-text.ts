import type { SourcePos } from './types.js';

/**
 * A lesson's text with a line index, so any offset becomes a 1-based line and column.
 * marked gives tokens without positions; adding up their `raw` lengths gives offsets, and
 * this turns offsets into the positions diagnostics carry.
 */
export class SourceText {
  readonly text: string;
  readonly file: string;
  private readonly lineStarts: number[];

  constructor(text: string, file: string) {
    this.text = text;
    this.file = file;
    this.lineStarts = [0];
    for (let i = text.indexOf('\n'); i !== -1; i = text.indexOf('\n', i + 1)) this.lineStarts.push(i + 1);
  }

  /** The position of a 0-based offset. */
  at(offset: number): SourcePos {
    const line = this.lineOf(offset);
    return { file: this.file, line: line + 1, column: offset - (this.lineStarts[line] ?? 0) + 1 };
  }

  /** The position of a 1-based line and column, for positions computed line by line. */
  pos(line: number, column: number): SourcePos {
    return { file: this.file, line, column };
  }

  /** The text of a 1-based line, without its line break. */
  lineText(line: number): string {
    const start = this.lineStarts[line - 1];
    if (start === undefined) return '';
    const next = this.lineStarts[line];
    return this.text.slice(start, next === undefined ? undefined : next - 1);
  }

  /** The offset where a 1-based line starts. */
  lineStart(line: number): number {
    return this.lineStarts[Math.min(Math.max(line, 1), this.lineStarts.length) - 1] ?? 0;
  }

  get lineCount(): number {
    return this.lineStarts.length;
  }

  private lineOf(offset: number): number {
    let low = 0;
    let high = this.lineStarts.length - 1;
    while (low < high) {
      const mid = (low + high + 1) >> 1;
      if ((this.lineStarts[mid] ?? 0) <= offset) low = mid;
      else high = mid - 1;
    }
    return low;
  }
}

import { cellWidth } from '../../../src/ui/cell-width.js';
import type { Size } from './frame.js';

/**
 * Just enough of a VT100 to read what a screen drawn with escape codes (not ink) looks like:
 * printing with auto-wrap, CR/LF (LF as CR LF, as a terminal's output processing does), cursor
 * positioning and save/restore, erase in line and display, and SGR, kept as ink's SGR text so
 * `readFrame` reads the style track the same way. Anything else is ignored.
 */
export class VirtualTerminal {
  private cells: { ch: string; sgr: string }[][] = [];
  private row = 0;
  private column = 0;
  private sgr = '';
  private saved = { row: 0, column: 0 };

  constructor(private readonly size: Size) {
    this.clear();
  }

  private clear(): void {
    this.cells = Array.from({ length: this.size.rows }, () => this.blankRow());
  }

  private blankRow() {
    return Array.from({ length: this.size.columns }, () => ({ ch: ' ', sgr: '' }));
  }

  private lineFeed(): void {
    if (this.row < this.size.rows - 1) this.row++;
    else {
      this.cells.shift();
      this.cells.push(this.blankRow());
    }
  }

  private print(ch: string): void {
    const width = cellWidth(ch);
    if (width === 0) return;
    if (this.column + width > this.size.columns) {
      this.column = 0;
      this.lineFeed();
    }
    const line = this.cells[this.row];
    if (!line) return;
    line[this.column] = { ch, sgr: this.sgr };
    if (width === 2) line[this.column + 1] = { ch: '', sgr: this.sgr };
    this.column += width;
  }

  private csi(params: string, final: string): void {
    const numbers = params
      .replace(/^\?/, '')
      .split(';')
      .map((n) => (n === '' ? undefined : Number(n)));
    const [first, second] = numbers;
    const line = this.cells[this.row] ?? [];
    switch (final) {
      case 'H':
      case 'f':
        this.row = Math.min(this.size.rows, first ?? 1) - 1;
        this.column = Math.min(this.size.columns, second ?? 1) - 1;
        return;
      case 'J':
        if ((first ?? 0) >= 2) this.clear();
        else for (let r = this.row + 1; r < this.size.rows; r++) this.cells[r] = this.blankRow();
        return;
      case 'K':
        for (let c = first === 2 ? 0 : this.column; c < this.size.columns; c++) line[c] = { ch: ' ', sgr: '' };
        return;
      case 'A':
        this.row = Math.max(0, this.row - (first ?? 1));
        return;
      case 'G':
        this.column = Math.min(this.size.columns, first ?? 1) - 1;
        return;
      case 'm':
        this.sgr = params === '' || params === '0' ? '' : `${this.sgr}\u001B[${params}m`;
        return;
      default:
    }
  }

  write(data: string): void {
    // biome-ignore lint/suspicious/noControlCharactersInRegex: escape codes are what a terminal reads
    const tokens = /\u001B\[([?0-9;]*)([A-Za-z])|\u001B([78])|([\r\n])|([^\u001B\r\n])/gu;
    for (const match of data.matchAll(tokens)) {
      if (match[2]) this.csi(match[1] ?? '', match[2]);
      else if (match[3] === '7') this.saved = { row: this.row, column: this.column };
      else if (match[3] === '8') ({ row: this.row, column: this.column } = this.saved);
      else if (match[4] === '\r') this.column = 0;
      else if (match[4] === '\n') {
        this.column = 0;
        this.lineFeed();
      } else if (match[5]) this.print(match[5]);
    }
  }

  /** The screen as ink-like output: each row's text with SGR codes, for `readFrame`. */
  output(): string {
    return this.cells
      .map((line) => {
        let out = '';
        let pen = '';
        for (const cell of line) {
          if (cell.sgr !== pen) {
            out += `\u001B[0m${cell.sgr}`;
            pen = cell.sgr;
          }
          out += cell.ch;
        }
        return `${out}\u001B[0m`;
      })
      .join('\n');
  }
}

import { StringDecoder } from 'node:string_decoder';

/** Output kept per stream; beyond it the oldest text is dropped (the end is what explains a failure). */
const OUTPUT_CAP_CHARS = 1024 * 1024;

/** A line longer than this (minified JSON, a progress bar without newlines) is passed on in pieces. */
const MAX_LINE_CHARS = 64 * 1024;

/**
 * Collects one output stream: hands each complete line to `onLine` as it arrives and keeps
 * the text, capped to its last `cap` characters.
 */
export class OutputCollector {
  readonly #decoder = new StringDecoder('utf8');
  readonly #cap: number;
  #onLine: ((line: string) => void) | undefined;
  #chunks: string[] = [];
  #length = 0;
  #partial = '';

  constructor(onLine: ((line: string) => void) | undefined, cap = OUTPUT_CAP_CHARS) {
    this.#onLine = onLine;
    this.#cap = cap;
  }

  write(data: Buffer | string): void {
    const text = typeof data === 'string' ? data : this.#decoder.write(data);
    if (text === '') return;
    this.#keep(text);
    if (this.#onLine) this.#emitLines(text);
  }

  /** Flushes a last line without a newline; the collector takes no more lines after this. */
  end(): string {
    const rest = this.#decoder.end();
    if (rest) {
      this.#keep(rest);
      this.#partial += rest;
    }
    if (this.#partial !== '') this.#onLine?.(stripCarriageReturn(this.#partial));
    this.#partial = '';
    this.#onLine = undefined;
    return this.text();
  }

  text(): string {
    const joined = this.#chunks.join('');
    return joined.length > this.#cap ? joined.slice(joined.length - this.#cap) : joined;
  }

  #keep(text: string): void {
    this.#chunks.push(text);
    this.#length += text.length;
    // Drop whole old chunks while what is left still covers the cap.
    while (this.#chunks.length > 1 && this.#length - this.#chunks[0]!.length >= this.#cap) {
      this.#length -= this.#chunks.shift()!.length;
    }
  }

  #emitLines(text: string): void {
    let start = 0;
    for (let newline = text.indexOf('\n'); newline !== -1; newline = text.indexOf('\n', start)) {
      const line = this.#partial + text.slice(start, newline);
      this.#partial = '';
      this.#onLine!(stripCarriageReturn(line));
      start = newline + 1;
    }
    this.#partial += text.slice(start);
    if (this.#partial.length > MAX_LINE_CHARS) {
      this.#onLine!(this.#partial);
      this.#partial = '';
    }
  }
}

function stripCarriageReturn(line: string): string {
  return line.endsWith('\r') ? line.slice(0, -1) : line;
}

import { closeSync, openSync, writeSync } from 'node:fs';

/**
 * asciicast v2, the format asciinema records and plays: a JSON header line, then one JSON array
 * per event, `[seconds, code, data]`. https://docs.asciinema.org/manual/asciicast/v2/
 */
export interface CastHeader {
  readonly version: 2;
  readonly width: number;
  readonly height: number;
  /** Unix time, in seconds, when the recording began. */
  readonly timestamp?: number;
  readonly title?: string;
  readonly env?: Readonly<Record<string, string>>;
  /** Players shorten longer pauses to this many seconds. */
  readonly idle_time_limit?: number;
}

/** `o` output, `i` input, `r` resize ("80x24"), `m` marker (a label players can jump to). */
export type CastEventCode = 'o' | 'i' | 'r' | 'm';

export interface CastEvent {
  /** Seconds since the recording began. */
  readonly time: number;
  readonly code: string;
  readonly data: string;
}

export interface CastWriterOptions {
  /** Masks secrets in everything written: a second line of defence behind the engine's own. */
  readonly redact?: (text: string) => string;
  /** Milliseconds, monotonic (tests pass a manual clock). */
  readonly now?: () => number;
}

/**
 * Writes a recording as the demo goes: the header first, then every event as its own line, each
 * with one write. A crash or a kill leaves every line written so far, which plays as it is.
 */
export class CastWriter {
  private readonly fd: number;
  private readonly started: number;
  private readonly decoder = new TextDecoder('utf-8');
  private lastTime = 0;
  private closed = false;
  /** Set when a write failed (a full disk): recording stops, the talk goes on. */
  failure: Error | undefined;

  private constructor(
    readonly file: string,
    header: Omit<CastHeader, 'version'>,
    private readonly options: CastWriterOptions,
  ) {
    this.fd = openSync(file, 'w', 0o644);
    this.started = this.now();
    const redact = options.redact ?? ((text: string) => text);
    const full: CastHeader = {
      version: 2,
      width: header.width,
      height: header.height,
      timestamp: header.timestamp ?? Math.floor(Date.now() / 1000),
      ...(header.title !== undefined ? { title: redact(header.title) } : {}),
      ...(header.env ? { env: header.env } : {}),
      ...(header.idle_time_limit !== undefined ? { idle_time_limit: header.idle_time_limit } : {}),
    };
    this.line(JSON.stringify(full));
  }

  /** Creates (or replaces) the file and writes the header. Throws when the file cannot be opened. */
  static open(file: string, header: Omit<CastHeader, 'version'>, options: CastWriterOptions = {}): CastWriter {
    return new CastWriter(file, header, options);
  }

  /**
   * What the terminal was sent, as the terminal received it: the tty turns each line feed into
   * CR LF on the way (what asciinema records from its pty), and players write events raw.
   * Bytes are decoded as UTF-8 across chunk boundaries.
   */
  output(data: string | Uint8Array): void {
    const text = typeof data === 'string' ? data : this.decoder.decode(data, { stream: true });
    if (text) this.event('o', crlf(this.redact(text)));
  }

  resize(columns: number, rows: number): void {
    this.event('r', `${columns}x${rows}`);
  }

  /** A point players can jump to, e.g. the start of a step. */
  marker(label: string): void {
    this.event('m', this.redact(label));
  }

  close(): void {
    if (this.closed) return;
    this.closed = true;
    try {
      closeSync(this.fd);
    } catch {
      // Closing a descriptor that already failed has nothing left to lose.
    }
  }

  private event(code: CastEventCode, data: string): void {
    if (this.closed || this.failure) return;
    // Times never go backwards, and six decimals is what asciinema itself writes.
    const time = Math.max(this.lastTime, Math.round((this.now() - this.started) * 1000) / 1_000_000);
    this.lastTime = time;
    this.line(JSON.stringify([time, code, data]));
  }

  private line(text: string): void {
    try {
      writeSync(this.fd, `${text}\n`);
    } catch (error) {
      this.failure = error instanceof Error ? error : new Error(String(error));
    }
  }

  private redact(text: string): string {
    return this.options.redact ? this.options.redact(text) : text;
  }

  private now(): number {
    return this.options.now ? this.options.now() : performance.now();
  }
}

/** Line feeds as a tty sends them (CR LF), leaving any CR LF as it is. */
function crlf(text: string): string {
  // Most frames have no CR at all: a plain replacement is twice as fast as the pattern.
  return text.includes('\r') ? text.replace(/\r?\n/g, '\r\n') : text.replaceAll('\n', '\r\n');
}

import { closeSync, ftruncateSync, mkdirSync, openSync, readFileSync, writeSync } from 'node:fs';
import { dirname } from 'node:path';
import { logRecordSchema, type LogRecord } from './records.js';

export interface LogReadResult {
  readonly records: LogRecord[];
  /** Lines that did not parse (a torn last line after a power cut is cut off; others are counted). */
  readonly skipped: number;
}

/**
 * The class's memory: one JSON record per line, only ever appended. Each append is one write(2)
 * of whole lines, done before the request that caused it is answered, so once a learner has
 * its acknowledgement the record is in the kernel: a `kill -9` of the server loses nothing,
 * and a restart replays the file into the same class.
 */
export class EventLog {
  private fd: number | undefined;

  private constructor(private readonly path: string) {}

  /** Opens (creating) the log for appending and reads back what it holds. */
  static open(path: string): { log: EventLog; read: LogReadResult } {
    mkdirSync(dirname(path), { recursive: true, mode: 0o700 });
    const read = readLog(path, { repair: true });
    const log = new EventLog(path);
    log.fd = openSync(path, 'a', 0o600);
    return { log, read };
  }

  append(records: readonly LogRecord[]): void {
    if (records.length === 0) return;
    if (this.fd === undefined) throw new Error(`the class log ${this.path} is closed`);
    const data = Buffer.from(records.map((record) => `${JSON.stringify(record)}\n`).join(''));
    let written = 0;
    // write(2) may write less than asked for large buffers; loop until every byte is down.
    while (written < data.length) written += writeSync(this.fd, data, written, data.length - written);
  }

  close(): void {
    if (this.fd !== undefined) closeSync(this.fd);
    this.fd = undefined;
  }
}

/** Reads a log without opening it for writing (export, the status of a stopped class). */
export function readLog(path: string, options: { repair?: boolean } = {}): LogReadResult {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return { records: [], skipped: 0 };
    throw error;
  }
  const records: LogRecord[] = [];
  let skipped = 0;
  const lines = text.split('\n');
  const complete = text.endsWith('\n') || text.length === 0;
  if (!complete && options.repair) {
    // A write cut short by a crash leaves a partial last line; drop it so the next append starts clean.
    const keep = Buffer.byteLength(text.slice(0, text.lastIndexOf('\n') + 1));
    const fd = openSync(path, 'r+');
    ftruncateSync(fd, keep);
    closeSync(fd);
  }
  // The last piece is '' after a final newline, or the torn partial line.
  if (!complete) skipped++;
  for (const line of lines.slice(0, -1)) {
    if (!line.trim()) continue;
    try {
      const parsed = logRecordSchema.safeParse(JSON.parse(line));
      if (parsed.success) records.push(parsed.data);
      else skipped++;
    } catch {
      skipped++;
    }
  }
  return { records, skipped };
}

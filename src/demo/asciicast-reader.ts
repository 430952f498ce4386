import { readFile } from 'node:fs/promises';
import type { CastEvent, CastHeader } from './asciicast.js';
import { DemoError } from './errors.js';
import { errorMessage } from '../shared/index.js';

export interface Cast {
  readonly header: CastHeader;
  readonly events: readonly CastEvent[];
  /** The last line was cut short (the recorder was killed mid-write): it was left out. */
  readonly truncated: boolean;
}

const NOT_A_CAST =
  'record one with `kong-workshop demo --record FILE.cast` (or `asciinema rec --output-format asciicast-v2`)';

/** Reads and checks a recording; anything that is not asciicast v2 is refused, pointing at the line. */
export async function readCast(file: string): Promise<Cast> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (error) {
    throw new DemoError(
      'recording-unreadable',
      `cannot read the recording ${file}: ${errorMessage(error)}`,
      'check the path',
    );
  }
  return parseCast(text, file);
}

/** Parses asciicast v2 text, enforcing the format's rules (see docs/demo.md). */
export function parseCast(text: string, file: string): Cast {
  const lines = text.split('\n');
  const header = parseHeader(lines[0] ?? '', file);
  const events: CastEvent[] = [];
  let truncated = false;
  let last = 0;
  for (let index = 1; index < lines.length; index++) {
    const line = lines[index]!;
    if (line.trim() === '') continue;
    const where = `${file}:${index + 1}`;
    let value: unknown;
    try {
      value = JSON.parse(line);
    } catch {
      // Only the very last line may be cut short: the recorder writes whole lines.
      if (index === lines.length - 1 && !text.endsWith('\n')) {
        truncated = true;
        break;
      }
      throw invalid(where, 'is not valid JSON');
    }
    const event = toEvent(value, where);
    if (event.time < last) throw invalid(where, `goes back in time (${event.time} after ${last})`);
    last = event.time;
    events.push(event);
  }
  return { header, events, truncated };
}

function parseHeader(line: string, file: string): CastHeader {
  let value: unknown;
  try {
    value = JSON.parse(line);
  } catch {
    throw new DemoError(
      'not-a-recording',
      `${file} is not an asciicast v2 recording: its first line is not a JSON header`,
      NOT_A_CAST,
    );
  }
  if (!isObject(value))
    throw new DemoError(
      'not-a-recording',
      `${file} is not an asciicast v2 recording: its first line is not a JSON object`,
      NOT_A_CAST,
    );
  if (value.version !== 2) {
    const hint =
      value.version === 3
        ? 'this is asciicast v3: convert it with `asciinema convert -f asciicast-v2 IN OUT`'
        : NOT_A_CAST;
    throw new DemoError(
      'not-a-recording',
      `${file} is not an asciicast v2 recording (version ${JSON.stringify(value.version)})`,
      hint,
    );
  }
  for (const key of ['width', 'height'] as const) {
    const n = value[key];
    if (typeof n !== 'number' || !Number.isInteger(n) || n <= 0)
      throw invalid(`${file}:1`, `has no valid "${key}" in its header (a positive integer)`);
  }
  if (value.timestamp !== undefined && (typeof value.timestamp !== 'number' || !Number.isInteger(value.timestamp)))
    throw invalid(`${file}:1`, 'has a "timestamp" that is not an integer');
  if (value.title !== undefined && typeof value.title !== 'string')
    throw invalid(`${file}:1`, 'has a "title" that is not text');
  if (value.idle_time_limit !== undefined && (typeof value.idle_time_limit !== 'number' || value.idle_time_limit <= 0))
    throw invalid(`${file}:1`, 'has an "idle_time_limit" that is not a positive number');
  if (value.env !== undefined && (!isObject(value.env) || Object.values(value.env).some((v) => typeof v !== 'string')))
    throw invalid(`${file}:1`, 'has an "env" that is not a map of text');
  return value as unknown as CastHeader;
}

function toEvent(value: unknown, where: string): CastEvent {
  if (!Array.isArray(value) || value.length !== 3) throw invalid(where, 'is not an event: [time, code, data]');
  const [time, code, data] = value as [unknown, unknown, unknown];
  if (typeof time !== 'number' || !Number.isFinite(time) || time < 0)
    throw invalid(where, 'has a time that is not a number of seconds');
  if (typeof code !== 'string' || code === '') throw invalid(where, 'has an event code that is not text');
  if (typeof data !== 'string') throw invalid(where, 'has event data that is not text');
  if (code === 'r' && !/^\d+x\d+$/.test(data)) throw invalid(where, `has a resize that is not COLSxROWS: '${data}'`);
  return { time, code, data };
}

function invalid(where: string, problem: string): DemoError {
  return new DemoError(
    'invalid-recording',
    `${where} ${problem}`,
    'the recording is damaged; record it again, or fix that line',
  );
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

import { emitKeypressEvents } from 'node:readline';
import { basename } from 'node:path';
import { DemoError, readCast, ReplayPlayer, systemClock, type Cast, type ReplayState } from '../../demo/index.js';
import { formatDuration } from '../../shared/index.js';
import { CliError, ExitCode } from '../exit-codes.js';

const ALT_SCREEN_ON = '\u001B[?1049h\u001B[H\u001B[2J';
const ALT_SCREEN_OFF = '\u001B[?1049l';
const SHOW_CURSOR = '\u001B[?25h';
const HIDE_CURSOR = '\u001B[?25l';

type Key = { readonly name?: string; readonly ctrl?: boolean; readonly sequence?: string };

/**
 * `demo --replay FILE.cast`: the stage fallback when the network or the gateway fails. A banner
 * says it is a recording before it starts and after it ends, and a REPLAY marker stays on the
 * bottom row the whole time, redrawn after every frame. Space pauses, → skips to the next step.
 */
export async function replayRecording(file: string): Promise<number> {
  let cast: Cast;
  try {
    cast = await readCast(file);
  } catch (error) {
    if (error instanceof DemoError) throw new CliError(ExitCode.Usage, error.message, error.hint);
    throw error;
  }
  const out = process.stdout;
  if (!out.isTTY)
    throw new CliError(
      ExitCode.Usage,
      'a replay needs a terminal to play in',
      'run it in a terminal, or play the file with `asciinema play`',
    );
  const keys = keyStream();
  try {
    out.write(`${ALT_SCREEN_ON}${HIDE_CURSOR}${banner(cast, file, out.columns, out.rows)}\n`);
    if (keys && (await keys.next()) === 'quit') return ExitCode.Ok;
    out.write('\u001B[H\u001B[2J');
    const player = new ReplayPlayer(cast, {
      clock: systemClock,
      write: (data) => out.write(data),
      overlay: (state) => out.write(marker(state, out.columns, out.rows)),
    });
    keys?.on((key) => {
      if (key === 'pause') player.togglePause();
      else if (key === 'skip') player.skipAhead();
      else if (key === 'quit') player.stop();
    });
    await player.play();
  } finally {
    keys?.close();
    out.write(SHOW_CURSOR + ALT_SCREEN_OFF);
  }
  out.write(`■ End of the replay of ${basename(file)}${recordedAt(cast)}: that was a recording, not a live run.\n`);
  return ExitCode.Ok;
}

function banner(cast: Cast, file: string, columns: number, rows: number): string {
  const { width, height } = cast.header;
  const lines = [
    '',
    '  \u001B[7;1m ▶ REPLAY \u001B[0m  \u001B[1mThis is a recording, not a live run.\u001B[0m',
    '',
    ...wrapWords(`${basename(file)}${cast.header.title ? ` · ${cast.header.title}` : ''}`, columns),
    `  recorded${recordedAt(cast)} · ${formatDuration((cast.events.at(-1)?.time ?? 0) * 1000)} · ${width}×${height}`,
    ...(columns !== width || rows !== height
      ? [
          '',
          ...wrapWords(
            `This terminal is ${columns}×${rows}; the recording is ${width}×${height}: ` +
              'resize it for a faithful replay.',
            columns,
          ),
        ]
      : []),
    ...(cast.truncated
      ? [
          '',
          ...wrapWords('The recording ends abruptly (it was cut off while recording): it plays up to there.', columns),
        ]
      : []),
    '',
    '  Enter or space  start',
    '  space           pause, and go on',
    '  →               skip to the next step',
    '  q               stop',
  ];
  return lines.map((line) => `${line}\u001B[K`).join('\n');
}

/**
 * A banner sentence broken between words to fit the terminal, indented like the banner; a word
 * longer than a line (a long file name) is left whole for the terminal to wrap.
 */
export function wrapWords(text: string, columns: number, indent = '  '): string[] {
  const room = Math.max(20, columns - indent.length - 1);
  const lines: string[] = [];
  let line = '';
  for (const word of text.split(/\s+/).filter(Boolean)) {
    if (line && [...line].length + 1 + [...word].length > room) {
      lines.push(indent + line);
      line = word;
    } else line = line ? `${line} ${word}` : word;
  }
  if (line) lines.push(indent + line);
  return lines;
}

// The keys are in the key bar the replay draws in place of the live one (see replayFrame).
function marker(state: ReplayState, columns: number, rows: number): string {
  const label = state.paused ? ' ⏸ REPLAY · PAUSED ' : ' ▶ REPLAY ';
  const facts = [`${clock(state.time)}/${clock(state.duration)}`, ...(state.chapter ? [state.chapter] : [])].join(
    ' · ',
  );
  const text = ` ${facts}`.slice(0, Math.max(0, columns - [...label].length - 1));
  // Save the cursor, draw on the bottom row, restore: the recorded frames never notice.
  return `\u001B7\u001B[${rows};1H\u001B[2K\u001B[7;1m${label}\u001B[0m${text}\u001B8`;
}

function clock(seconds: number): string {
  const whole = Math.floor(seconds);
  return `${Math.floor(whole / 60)}:${String(whole % 60).padStart(2, '0')}`;
}

function recordedAt(cast: Cast): string {
  const at = cast.header.timestamp;
  return at ? ` on ${new Date(at * 1000).toISOString().slice(0, 16).replace('T', ' ')} UTC` : '';
}

type ReplayKey = 'start' | 'pause' | 'skip' | 'quit';

/** Keys from a terminal in raw mode; undefined when stdin is not a terminal (the replay just plays). */
function keyStream():
  | { next(): Promise<ReplayKey>; on(listener: (key: ReplayKey) => void): void; close(): void }
  | undefined {
  const input = process.stdin;
  if (!input.isTTY) return undefined;
  emitKeypressEvents(input);
  input.setRawMode(true);
  input.resume();
  let listener: ((key: ReplayKey) => void) | undefined;
  let waiting: ((key: ReplayKey) => void) | undefined;
  const onKey = (_text: string | undefined, key: Key | undefined) => {
    const name = key?.name;
    const what: ReplayKey | undefined =
      (key?.ctrl && name === 'c') || name === 'q' || name === 'escape'
        ? 'quit'
        : name === 'space'
          ? 'pause'
          : name === 'right' || name === 'n' || name === 'pagedown'
            ? 'skip'
            : name === 'return'
              ? 'start'
              : undefined;
    if (!what) return;
    if (waiting) {
      const resolve = waiting;
      waiting = undefined;
      if (what !== 'skip') resolve(what === 'pause' ? 'start' : what);
      return;
    }
    if (what !== 'start') listener?.(what);
  };
  input.on('keypress', onKey);
  return {
    next: () => new Promise((resolve) => (waiting = resolve)),
    on: (l) => (listener = l),
    close: () => {
      input.off('keypress', onKey);
      input.setRawMode(false);
      input.pause();
    },
  };
}

import { CastWriter, samePosition, TITLE_CARD, type Demo, type DemoPosition } from '../../demo/index.js';
import type { Redactor } from '../../secrets/index.js';

export interface Recording {
  /** The terminal as ink should see it: every write also goes into the recording. */
  readonly stdout: NodeJS.WriteStream;
  readonly writer: CastWriter;
  /** Marks each slide in the recording, so a replay can skip to the next step. */
  follow(demo: Pick<Demo, 'state' | 'subscribe'>): void;
  stop(): void;
}

/**
 * `--record`: tees what is written to the terminal (ink's real frames, with their timing) into
 * an asciicast v2 file, through the talk's Redactor as a second line of defence; terminal
 * resizes become `r` events and each slide an `m` marker.
 */
export function startRecording(file: string, stdout: NodeJS.WriteStream, redactor: Redactor, title: string): Recording {
  const writer = CastWriter.open(
    file,
    {
      width: stdout.columns || 80,
      height: stdout.rows || 24,
      title,
      env: { TERM: process.env.TERM ?? 'xterm-256color', SHELL: process.env.SHELL ?? '/bin/sh' },
    },
    { redact: (text) => redactor.redact(text) },
  );
  const write = (chunk: string | Uint8Array, ...rest: unknown[]) => {
    writer.output(chunk);
    return (stdout.write as (...args: unknown[]) => boolean).call(stdout, chunk, ...rest);
  };
  // Everything else (columns, rows, isTTY, resize events) is the real terminal's, bound to it.
  const teed = new Proxy(stdout, {
    get(target, property) {
      if (property === 'write') return write;
      const value = Reflect.get(target, property, target) as unknown;
      return typeof value === 'function' ? (value as (...args: unknown[]) => unknown).bind(target) : value;
    },
  });
  const onResize = () => writer.resize(stdout.columns, stdout.rows);
  stdout.on('resize', onResize);
  let unsubscribe: (() => void) | undefined;
  return {
    stdout: teed,
    writer,
    follow(demo) {
      let last: DemoPosition | undefined;
      const mark = () => {
        const { position, lessons, phase } = demo.state;
        if (phase !== 'presenting' || (last && samePosition(last, position))) return;
        last = position;
        const lesson = lessons[position.lesson];
        const step = lesson?.steps[position.step];
        writer.marker(
          position.step === TITLE_CARD
            ? `${lesson?.title ?? ''}`
            : `${lesson?.id ?? ''} · ${position.step + 1}. ${step?.title ?? ''}`,
        );
      };
      unsubscribe = demo.subscribe(mark);
      mark();
    },
    stop() {
      unsubscribe?.();
      stdout.off('resize', onResize);
      writer.close();
    },
  };
}

import type { ResultPromise } from 'execa';

/** What a long-running child has printed so far, and a way to wait for a line of it. */
export interface StreamedOutput {
  out(): string;
  err(): string;
  /** Resolves once `text` has appeared `times` times on the stream (stdout unless told). */
  seen(text: string, stream?: 'out' | 'err', times?: number): Promise<void>;
}

export function streamedOutput(child: ResultPromise): StreamedOutput {
  const text = { out: '', err: '' };
  child.stdout?.on('data', (chunk: Buffer) => {
    text.out += chunk.toString();
  });
  child.stderr?.on('data', (chunk: Buffer) => {
    text.err += chunk.toString();
  });
  return {
    out: () => text.out,
    err: () => text.err,
    seen: (wanted, stream = 'out', times = 1) =>
      new Promise<void>((resolve) => {
        const check = () => {
          if (text[stream].split(wanted).length > times) resolve();
          else setTimeout(check, 20);
        };
        check();
      }),
  };
}

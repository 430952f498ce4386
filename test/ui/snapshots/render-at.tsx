import { EventEmitter } from 'node:events';
import chalk from 'chalk';
import { render } from 'ink';
import type { ReactElement } from 'react';
import { createTheme } from '../../../src/ui/theme.js';
import { ThemeContext } from '../../../src/ui/use-theme.js';
import { settle } from '../keys-input.js';
import { type Frame, readFrame, type Size } from './frame.js';

/** A terminal of a fixed size that keeps what ink last drew. */
class FixedStdout extends EventEmitter {
  last = '';
  readonly isTTY = true;
  constructor(
    readonly columns: number,
    readonly rows: number,
  ) {
    super();
  }
  write = (frame: string) => {
    this.last = frame;
    return true;
  };
}

class KeyStdin extends EventEmitter {
  readonly isTTY = true;
  private data: string | null = null;
  write = (data: string) => {
    this.data = data;
    this.emit('readable');
    this.emit('data', data);
  };
  read = () => {
    const { data } = this;
    this.data = null;
    return data;
  };
  setEncoding() {}
  setRawMode() {}
  resume() {}
  pause() {}
  ref() {}
  unref() {}
}

export interface Mounted {
  /** The frame on screen now, after React and ink have settled. */
  frame(): Promise<Frame>;
  /** What ink last wrote, escape codes and all. */
  rawFrame(): Promise<string>;
  /** Types keys as a terminal sends them, waiting for the screen to settle before and after. */
  press(...keys: string[]): Promise<void>;
  unmount(): void;
}

/**
 * Mounts a screen on a terminal of exactly `size`, in colour (the test setup's NO_COLOR is for the
 * other tests; here colour is what the style track records).
 */
export async function mountAt(element: ReactElement, size: Size): Promise<Mounted> {
  chalk.level = 1;
  const stdout = new FixedStdout(size.columns, size.rows);
  const stdin = new KeyStdin();
  const instance = render(<ThemeContext.Provider value={createTheme(true)}>{element}</ThemeContext.Provider>, {
    // The fakes have the parts of a terminal ink uses; it types them as the node streams.
    stdout: stdout as unknown as NodeJS.WriteStream,
    stdin: stdin as unknown as NodeJS.ReadStream,
    debug: true,
    exitOnCtrlC: false,
    patchConsole: false,
  });
  await settle();
  return {
    frame: async () => {
      await settle();
      return readFrame(stdout.last);
    },
    rawFrame: async () => {
      await settle();
      return stdout.last;
    },
    press: async (...keys) => {
      for (const key of keys) {
        await settle();
        stdin.write(key);
      }
      await settle();
    },
    unmount: () => {
      instance.unmount();
      instance.cleanup();
    },
  };
}

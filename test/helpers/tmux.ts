import { execFileSync, spawnSync } from 'node:child_process';
import { setTimeout as sleep } from 'node:timers/promises';

/**
 * A real terminal for end-to-end tests: tmux runs a command in a pane of a given size, the test
 * types keys and reads the screen. Each instance has its own tmux server; kill() ends it.
 */
export class TmuxTerminal {
  private readonly socket = `kw-e2e-${process.pid}-${Math.random().toString(36).slice(2, 8)}`;
  private sessions = 0;
  /** Every screen read, for checks across the whole session (a secret never shown). */
  readonly screens: string[] = [];

  /** Fails with how to get tmux when it is missing: the terminal tests need a real terminal. */
  static require(): void {
    const found = spawnSync('tmux', ['-V'], { encoding: 'utf8' });
    if (found.error || found.status !== 0)
      throw new Error(
        'tmux is not installed, and the terminal end-to-end tests need it: install it (apt-get install tmux)',
      );
  }

  /**
   * Starts `command` (a shell line) in a new session; `APP-EXIT:<code>` is printed when it ends.
   * CI is unset: ink prints only its last frame when it thinks it runs in CI.
   */
  start(
    command: string,
    options: {
      readonly cwd: string;
      readonly env: Record<string, string>;
      readonly columns?: number;
      readonly rows?: number;
    },
  ): string {
    const { cwd, env } = options;
    const name = `s${++this.sessions}`;
    const assignments = Object.entries({ TERM: 'xterm-256color', ...env })
      .map(([key, value]) => `${key}=${shellQuote(value)}`)
      .join(' ');
    const line =
      `cd ${shellQuote(cwd)} && env -u CI -u CONTINUOUS_INTEGRATION -u NO_COLOR ${assignments} ` +
      `${command}; echo APP-EXIT:$?; sleep 600`;
    this.tmux(
      'new-session',
      '-d',
      '-s',
      name,
      '-x',
      String(options.columns ?? 80),
      '-y',
      String(options.rows ?? 24),
      line,
    );
    return name;
  }

  screen(name: string): string {
    const text = this.tmux('capture-pane', '-t', name, '-p');
    this.screens.push(text);
    return text;
  }

  /** Polls until `text` is on the screen; fails showing the screen when it does not come. */
  async waitFor(name: string, text: string | RegExp, timeoutMs = 20_000): Promise<string> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const shown = this.screen(name);
      if (typeof text === 'string' ? shown.includes(text) : text.test(shown)) return shown;
      if (Date.now() > deadline) throw new Error(`timed out waiting for ${String(text)} on the screen:\n${shown}`);
      await sleep(50);
    }
  }

  press(name: string, ...keys: string[]): void {
    this.tmux('send-keys', '-t', name, ...keys);
  }

  kill(): void {
    spawnSync('tmux', ['-L', this.socket, 'kill-server']);
  }

  private tmux(...args: string[]): string {
    return execFileSync('tmux', ['-L', this.socket, ...args], { encoding: 'utf8' });
  }
}

export function shellQuote(text: string): string {
  return `'${text.replaceAll("'", `'\\''`)}'`;
}

export type OutputStream = 'stdout' | 'stderr';

export interface CommandOptions {
  /** The command is killed, with its whole process group, after this long. */
  readonly timeoutMs: number;
  /** Aborting stops the command (its whole process group) and resolves with `cancelled`. */
  readonly signal?: AbortSignal;
  /** Called for each complete line as it arrives (without the newline). */
  readonly onLine?: (stream: OutputStream, line: string) => void;
}

/** How a command ended. Failures are values: nothing here throws because a command failed. */
export interface CommandResult {
  /**
   * Always set by the shell session: as `$?` shows it, so 128 + N when bash was killed by
   * signal N (`signal` then names it). A timed-out or cancelled command ends with 143.
   */
  readonly exitCode: number | undefined;
  readonly signal?: string;
  readonly durationMs: number;
  readonly timedOut: boolean;
  readonly cancelled: boolean;
  /** Full output, capped at 1 MiB per stream (the tail is kept). */
  readonly stdout: string;
  readonly stderr: string;
}

/**
 * A shell that behaves like one terminal session across commands: `export`, `cd`, shell
 * variables and functions set by one command are there for the next.
 */
export interface ShellSession {
  /** The session's current working folder. */
  readonly cwd: string;
  run(command: string, options: CommandOptions): Promise<CommandResult>;
  /** Sets (and exports) a variable for every later command. */
  setVariable(name: string, value: string): void;
  close(): Promise<void>;
}

export interface ShellSessionOptions {
  /** Starting folder. */
  readonly cwd: string;
  /** Environment on top of process.env. */
  readonly env?: Readonly<Record<string, string>>;
}

/** Exit codes, documented in the README. Each says *why* a run did not pass. */
export const ExitCode = {
  /** Everything passed. */
  Ok: 0,
  /** Bad flags or arguments; usage help is printed. */
  Usage: 1,
  /** A lesson file is invalid (see the file:line:col diagnostics). */
  InvalidLesson: 2,
  /** The target or the runtime failed: gateway down, cluster unreachable, command timed out. */
  Fault: 3,
  /** A check failed: the environment is reachable but not in the state the lesson expects. */
  CheckFailed: 4,
} as const;
export type ExitCode = (typeof ExitCode)[keyof typeof ExitCode];

/** An error a command raises to end with a given code and a message (and hint) for the user. */
export class CliError extends Error {
  readonly exitCode: ExitCode;
  readonly hint?: string;
  constructor(exitCode: ExitCode, message: string, hint?: string) {
    super(message);
    this.name = 'CliError';
    this.exitCode = exitCode;
    this.hint = hint;
  }
}

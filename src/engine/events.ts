import type { CheckProgress, CheckResult } from '../checks/index.js';
import type { CheckKind, SourcePos, TargetName } from '../lesson/index.js';

/**
 * Everything a lesson run reports, in order. The TUI, demo mode and the headless reporters
 * all consume this one stream, so the three faces cannot drift apart. Every event has passed
 * through the run's Redactor before anyone sees it: no secret value is ever in one.
 */
export type RunEvent =
  | LessonStarted
  | StepStarted
  | FileWritten
  | CommandStarted
  | OutputLine
  | CommandFinished
  | VariableCaptured
  | CheckStarted
  | CheckProgressed
  | CheckFinished
  | StepFinished
  | LessonFinished;

export type RunMode = 'run' | 'check';

/** passed: every command and check passed. failed: a check failed or a command exited wrongly. */
export type StepStatus = 'passed' | 'failed' | 'error' | 'skipped' | 'cancelled';

export interface LessonStarted {
  readonly type: 'lesson-started';
  readonly lessonId: string;
  readonly title: string;
  readonly file: string;
  readonly target: TargetName;
  readonly targetDescription: string;
  readonly mode: RunMode;
  /** `earlier`: what the step's saved progress says it earned in an earlier session. */
  readonly steps: readonly { readonly id: string; readonly title: string; readonly earlier?: StepStatus }[];
  readonly at: number;
}

export interface StepStarted {
  readonly type: 'step-started';
  readonly step: number;
  readonly stepId: string;
  readonly title: string;
  readonly mode: RunMode;
}

export interface FileWritten {
  readonly type: 'file-written';
  readonly step: number;
  readonly blockId: string;
  readonly path: string;
  readonly source: SourcePos;
}

export interface CommandStarted {
  readonly type: 'command-started';
  readonly step: number;
  readonly blockId: string;
  /** The command after {{VAR}} interpolation, secrets masked. */
  readonly command: string;
  /** `check` when the command belongs to a `check cmd` block. */
  readonly purpose: 'run' | 'check';
  readonly timeoutMs: number;
  readonly source: SourcePos;
}

export interface OutputLine {
  readonly type: 'output';
  readonly step: number;
  readonly blockId: string;
  readonly stream: 'stdout' | 'stderr';
  readonly line: string;
}

export interface CommandFinished {
  readonly type: 'command-finished';
  readonly step: number;
  readonly blockId: string;
  readonly exitCode: number | undefined;
  readonly expectedExit: number;
  readonly signal?: string;
  readonly durationMs: number;
  readonly timedOut: boolean;
  readonly cancelled: boolean;
  /** Exit code as expected, not timed out, not cancelled. */
  readonly ok: boolean;
}

export interface VariableCaptured {
  readonly type: 'variable-captured';
  readonly step: number;
  readonly blockId: string;
  readonly name: string;
  /** Masked when secret. */
  readonly value: string;
  readonly secret: boolean;
}

export interface CheckStarted {
  readonly type: 'check-started';
  readonly step: number;
  readonly blockId: string;
  readonly name: string;
  readonly kind: CheckKind;
  /** Requests in a `repeat` sequence (1 otherwise). */
  readonly repeat: number;
  /** The `eventually` budget, if the check polls. */
  readonly timeoutMs?: number;
  readonly source: SourcePos;
}

export interface CheckProgressed {
  readonly type: 'check-progress';
  readonly step: number;
  readonly blockId: string;
  readonly progress: CheckProgress;
}

export interface CheckFinished {
  readonly type: 'check-finished';
  readonly step: number;
  readonly blockId: string;
  readonly name: string;
  readonly result: CheckResult;
  readonly source: SourcePos;
}

export interface StepFinished {
  readonly type: 'step-finished';
  readonly step: number;
  readonly stepId: string;
  readonly status: StepStatus;
  /**
   * How the step was attempted; `skip` when the learner (or a stopped run) skipped it. Default: the step-started mode.
   */
  readonly attempt?: RunMode | 'skip';
  readonly durationMs: number;
  /** For `error`: what went wrong outside the lesson's control, with a hint. */
  readonly fault?: { readonly code: string; readonly message: string; readonly hint: string };
}

export interface LessonFinished {
  readonly type: 'lesson-finished';
  readonly status: 'passed' | 'failed' | 'error' | 'cancelled';
  readonly durationMs: number;
  readonly counts: Readonly<Record<StepStatus, number>>;
  /** For `error` before any step ran: e.g. a variable no flag or prompt provided. */
  readonly fault?: { readonly code: string; readonly message: string; readonly hint: string };
}

import type { TrustPlan } from '../trust/index.js';
import type { RunFault, RunState, StepProgress } from '../engine/index.js';
import type { Lesson, TargetName } from '../lesson/index.js';

/**
 * Everything the workshop screens show, as one immutable snapshot. The UI renders it and calls
 * the Workshop's actions; it holds no workshop logic of its own.
 */
export interface WorkshopState {
  readonly screen: 'home' | 'lesson';
  readonly target: TargetName;
  /** Targets this installation can run, for switching on the home screen. */
  readonly targets: readonly TargetName[];
  readonly targetStatus: TargetStatus;
  /** One line from `doctor` when something needs attention. */
  readonly doctor?: string;
  readonly lessons: readonly LessonEntry[];
  /** The lesson on screen (screen `lesson`), or the last one open. */
  readonly lesson?: OpenLesson;
  /** What the workshop is doing that the user waits for ("starting the sandbox…"). */
  readonly busy?: string;
  /** A question the user must answer before anything else happens. */
  readonly dialog?: Dialog;
  /** The latest message worth telling; replaced by the next. */
  readonly notice?: Notice;
  /** Set once quit() has finished: progress saved, sessions closed. */
  readonly closed: boolean;
}

export type TargetStatus =
  | { readonly state: 'checking'; readonly line: string }
  | { readonly state: 'ready'; readonly line: string }
  | { readonly state: 'down'; readonly line: string };

/** A lesson on the home screen. */
export interface LessonEntry {
  readonly file: string;
  readonly id: string;
  readonly title: string;
  readonly summary?: string;
  readonly durationMs?: number;
  readonly targets: readonly TargetName[];
  /** Whether it runs on the active target. */
  readonly supported: boolean;
  /** Steps on the active target. */
  readonly stepCount: number;
  readonly progress?: EntryProgress;
  /** Set when the file does not parse: the first error, `file:line:col message`. */
  readonly problem?: string;
}

export interface EntryProgress {
  /** Steps passed (this session or an earlier one). */
  readonly passed: number;
  /** Steps the learner skipped: never counted as passed. */
  readonly skipped: number;
  readonly failed: number;
  readonly lastVisited: string;
}

export type LessonActivity = 'starting' | 'idle' | 'running' | 'checking' | 'rechecking';

export interface OpenLesson {
  /** Projected to the active target. */
  readonly lesson: Lesson;
  /** The engine's view of this session's events. */
  readonly run: RunState;
  /** The step on screen (0-based); 0 while the introduction is. */
  readonly stepIndex: number;
  /** The lesson's introduction is on screen: the page before step 1, shown when the lesson opens afresh. */
  readonly onIntro?: boolean;
  /**
   * What each step has earned, this session or an earlier one: a re-check that finds nothing to
   * check, or a cancelled re-check, does not undo a pass.
   */
  readonly steps: readonly StepProgress[];
  readonly activity: LessonActivity;
  /** Set after the first Ctrl-C while work runs: a second one quits. */
  readonly cancelling: boolean;
  /** The current step's runnable commands as they will run: known values filled in, secrets left as {{NAME}}. */
  readonly previews: Readonly<Record<string, string>>;
  /** Why the lesson could not start (a variable left unanswered, a target fault). */
  readonly fault?: RunFault;
  /** Where the target listens (`PROXY`, `ADMIN`), shown where the lesson first mentions them. */
  readonly addresses?: Readonly<Record<string, string>>;
  /** What the learner picked for the lesson's choices so far: the other options' parts are hidden. */
  readonly picks?: Readonly<Record<string, string>>;
}

export type Dialog = PromptDialog | TrustDialog | ResumeDialog;

export interface PromptDialog {
  readonly kind: 'prompt';
  readonly name: string;
  readonly question: string;
  readonly secret: boolean;
  readonly default?: string;
  /** The lesson's hint on what a good value looks like. */
  readonly hint?: string;
  /** Why the last answer was refused. */
  readonly error?: string;
}

export interface TrustDialog {
  readonly kind: 'trust';
  readonly file: string;
  readonly title: string;
  /** Everything the lesson would do: every command in full, the files it writes and reads, where requests go. */
  readonly plan: TrustPlan;
}

export interface ResumeDialog {
  readonly kind: 'resume';
  readonly title: string;
  readonly stepIndex: number;
  readonly stepTitle: string;
  /** Steps that passed in an earlier session, to re-check. */
  readonly passed: number;
  readonly total: number;
}

export interface Notice {
  readonly level: 'info' | 'success' | 'warning' | 'error';
  readonly text: string;
  readonly hint?: string;
}

import type { RunState } from '../engine/index.js';
import type { Lesson, TargetName } from '../lesson/index.js';
import type { Notice, PromptDialog } from '../workshop/index.js';
import type { DemoPosition } from './positions.js';

/**
 * idle: waiting for the presenter. starting: a lesson's run is opening (variables, shell).
 * running / checking: a step runs (its commands are typed out first) or only its checks run.
 */
export type DemoActivity = 'idle' | 'starting' | 'running' | 'checking';

/** A command being typed out on screen before it runs. */
export interface TypingView {
  readonly lesson: number;
  readonly step: number;
  readonly blockId: string;
  /** As it will run, secrets masked. */
  readonly command: string;
  /** Characters on screen so far (code points). */
  readonly typed: number;
}

/** `--from`: the earlier steps running quietly. */
export interface FastForwardView {
  readonly done: number;
  readonly total: number;
  /** The step running now. */
  readonly current?: DemoPosition;
  /** Where the presentation starts once they have run. */
  readonly target: DemoPosition;
}

export interface AutoAdvanceView {
  readonly delayMs: number;
  /** Time left; undefined while the countdown is not running (busy, failed step, end). */
  readonly remainingMs?: number;
}

/** Everything the presenter view shows, as one immutable snapshot. */
export interface DemoState {
  readonly phase: 'fast-forward' | 'presenting';
  /** Projected to the target. */
  readonly lessons: readonly Lesson[];
  readonly target: TargetName;
  readonly targetDescription: string;
  readonly position: DemoPosition;
  /** The engine's view of each lesson's run, once that lesson has started. */
  readonly runs: readonly (RunState | undefined)[];
  readonly activity: DemoActivity;
  readonly typing?: TypingView;
  /** Space: typing and the auto-advance countdown wait. */
  readonly paused: boolean;
  /** Set with --auto-advance. */
  readonly autoAdvance?: AutoAdvanceView;
  readonly fastForward?: FastForwardView;
  readonly notice?: Notice;
  readonly dialog?: PromptDialog;
  /** Ctrl-C was pressed while work ran: a second one quits. */
  readonly cancelling: boolean;
}

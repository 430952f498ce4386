import type { StepStatus } from '../engine/index.js';
import type { Lesson } from '../lesson/index.js';
import type { Notice } from '../workshop/index.js';
import type { LessonRuns } from './lesson-runs.js';
import { stepsBefore, type DemoPosition } from './positions.js';
import type { FastForwardView } from './types.js';

export interface FastForwardOutcome {
  /** Where presenting starts: the `--from` step, or the step that stopped the way there. */
  readonly position: DemoPosition;
  readonly notice: Notice;
}

/**
 * `--from`: runs every step before the chosen one, quietly and without typing, so the target is
 * in the state that step expects. A step that does not pass stops it there, and the talk opens
 * on that step, with its output, rather than on one whose premise is missing.
 */
export class FastForward {
  private readonly plan: readonly DemoPosition[];
  private done = 0;
  private current: DemoPosition | undefined;
  private stopped = false;

  constructor(
    private readonly lessons: readonly Lesson[],
    private readonly target: DemoPosition,
    private readonly runs: LessonRuns,
    private readonly changed: () => void,
  ) {
    this.plan = stepsBefore(lessons, target);
  }

  get view(): FastForwardView {
    return { done: this.done, total: this.plan.length, current: this.current, target: this.target };
  }

  /** Ctrl-C: the running step is stopped and nothing after it runs. */
  stop(): void {
    this.stopped = true;
  }

  async run(): Promise<FastForwardOutcome> {
    for (const at of this.plan) {
      if (this.stopped) return this.stoppedAt(at);
      this.current = at;
      this.changed();
      const opened = await this.runs.open(at.lesson);
      if (!opened.run)
        return {
          position: at,
          notice: { level: 'error', text: `getting ready stopped: ${opened.fault.message}`, hint: opened.fault.hint },
        };
      const status = await opened.run.runStep(at.step);
      if (status === 'cancelled' || this.stopped) return this.stoppedAt(at);
      if (status !== 'passed' && status !== 'skipped') return this.failedAt(at, status);
      this.done++;
      this.changed();
    }
    this.current = undefined;
    const count = this.plan.length;
    return {
      position: this.target,
      notice: {
        level: 'success',
        text: `Ready: ${count} earlier step${count === 1 ? '' : 's'} ran quietly.`,
        hint: 'Enter runs this one',
      },
    };
  }

  private failedAt(at: DemoPosition, status: StepStatus): FastForwardOutcome {
    return {
      position: at,
      notice: {
        level: 'error',
        text: `Getting ready stopped: “${this.titleOf(at)}” ${
          status === 'failed' ? 'failed its checks' : 'could not ' + 'finish'
        }.`,
        hint: 'its output is below; r runs it again, → moves on',
      },
    };
  }

  private stoppedAt(at: DemoPosition): FastForwardOutcome {
    return {
      position: at,
      notice: {
        level: 'warning',
        text: `Getting ready was stopped at “${this.titleOf(at)}”.`,
        hint: 'the steps before it ran; r runs this one',
      },
    };
  }

  private titleOf(at: DemoPosition): string {
    return this.lessons[at.lesson]?.steps[at.step]?.title ?? '';
  }
}

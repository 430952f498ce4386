import type { PendingCommand } from '../engine/index.js';
import type { DemoClock } from './clock.js';
import { seededRandom } from './random.js';
import type { TypingView } from './types.js';
import { TypingRun } from './typist.js';
import { typingSchedule } from './typing.js';

export interface CommandTypistOptions {
  readonly clock: DemoClock;
  readonly charsPerSecond: number;
  readonly reducedMotion: boolean;
  readonly seed?: number;
  /** Called on every keystroke and when typing starts or ends. */
  readonly changed: () => void;
}

/**
 * Types the demo's commands out, one at a time: what is on screen so far, and the presenter's
 * controls over it (pause, finish at once, stop). One jitter source for the whole talk.
 */
export class CommandTypist {
  private run: TypingRun | undefined;
  private current: TypingView | undefined;
  private readonly random: () => number;

  constructor(private readonly options: CommandTypistOptions) {
    this.random = seededRandom(options.seed ?? 1);
  }

  get view(): TypingView | undefined {
    return this.current;
  }

  get active(): boolean {
    return this.run !== undefined;
  }

  /** Types the command; resolves once Enter is "pressed", or at once with reduced motion or a stop. */
  async type(lesson: number, command: PendingCommand, signal: AbortSignal, paused: boolean): Promise<void> {
    if (this.options.reducedMotion || signal.aborted) return;
    const schedule = typingSchedule(command.command, { ...this.options, random: this.random });
    this.current = { lesson, step: command.step, blockId: command.blockId, command: command.command, typed: 0 };
    const run = new TypingRun(schedule, this.options.clock, (typed) => {
      if (this.current) this.current = { ...this.current, typed };
      this.options.changed();
    });
    this.run = run;
    const stop = () => run.cancel();
    signal.addEventListener('abort', stop, { once: true });
    this.options.changed();
    try {
      await run.start(paused);
    } finally {
      signal.removeEventListener('abort', stop);
      this.run = undefined;
      this.current = undefined;
      this.options.changed();
    }
  }

  pause(): void {
    this.run?.pause();
  }

  resume(): void {
    this.run?.resume();
  }

  /** Enter while typing: the rest of the command at once. */
  finish(): void {
    this.run?.finish();
  }

  cancel(): void {
    this.run?.cancel();
  }
}

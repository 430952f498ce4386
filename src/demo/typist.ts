import type { DemoClock } from './clock.js';
import type { TypingSchedule } from './typing.js';

/**
 * Plays one typing schedule: reports how many characters are on screen after each keystroke,
 * and resolves once the command is typed and Enter "pressed". It can be paused (the presenter
 * stops to explain), finished at once (Enter again), or cancelled (Ctrl-C).
 */
export class TypingRun {
  private typed = 0;
  private timer: unknown;
  private paused = false;
  private settled = false;
  private resolveDone!: () => void;
  readonly done: Promise<void>;

  constructor(
    private readonly schedule: TypingSchedule,
    private readonly clock: DemoClock,
    private readonly onProgress: (typed: number) => void,
  ) {
    this.done = new Promise((resolve) => (this.resolveDone = resolve));
  }

  /** Starts typing (or waits, when the demo is paused). */
  start(paused = false): Promise<void> {
    this.paused = paused;
    if (!paused) this.scheduleNext();
    return this.done;
  }

  get count(): number {
    return this.typed;
  }

  pause(): void {
    if (this.settled || this.paused) return;
    this.paused = true;
    this.clock.clearTimeout(this.timer);
    this.timer = undefined;
  }

  resume(): void {
    if (this.settled || !this.paused) return;
    this.paused = false;
    this.scheduleNext();
  }

  /** Shows the whole command now and presses Enter. */
  finish(): void {
    if (this.settled) return;
    if (this.typed < this.schedule.chars.length) {
      this.typed = this.schedule.chars.length;
      this.onProgress(this.typed);
    }
    this.settle();
  }

  /** Stops typing where it is. */
  cancel(): void {
    this.settle();
  }

  private scheduleNext(): void {
    const { chars, delays, enterPauseMs } = this.schedule;
    if (this.typed >= chars.length) {
      this.timer = enterPauseMs > 0 ? this.clock.setTimeout(() => this.settle(), enterPauseMs) : undefined;
      if (enterPauseMs <= 0) this.settle();
      return;
    }
    const delay = delays[this.typed] ?? 0;
    if (delay <= 0) {
      // Reduced motion: everything at once, one update.
      this.typed = chars.length;
      this.onProgress(this.typed);
      this.scheduleNext();
      return;
    }
    this.timer = this.clock.setTimeout(() => {
      this.timer = undefined;
      this.typed++;
      this.onProgress(this.typed);
      this.scheduleNext();
    }, delay);
  }

  private settle(): void {
    if (this.settled) return;
    this.settled = true;
    this.clock.clearTimeout(this.timer);
    this.timer = undefined;
    this.resolveDone();
  }
}

import type { DemoClock } from './clock.js';

/**
 * The auto-advance countdown: armed when the demo goes idle, it ticks once a second (so the
 * screen can show what is left) and fires when the time is up. Pausing keeps the time left;
 * any key the presenter presses disarms it, and the next idle moment arms it afresh.
 */
export class AutoAdvance {
  private timer: unknown;
  private deadline: number | undefined;
  private left: number | undefined;

  constructor(
    private readonly clock: DemoClock,
    readonly delayMs: number,
    private readonly onTick: (remainingMs: number | undefined) => void,
    private readonly onFire: () => void,
  ) {}

  /** Milliseconds until it fires; undefined when it is not armed. */
  get remainingMs(): number | undefined {
    if (this.left !== undefined) return this.left;
    return this.deadline === undefined ? undefined : Math.max(0, this.deadline - this.clock.now());
  }

  get armed(): boolean {
    return this.deadline !== undefined || this.left !== undefined;
  }

  get paused(): boolean {
    return this.left !== undefined;
  }

  /** Starts the countdown from the full delay (or, paused, holds it there). */
  arm(paused = false): void {
    this.stopTimer();
    this.deadline = undefined;
    this.left = undefined;
    if (paused) this.left = this.delayMs;
    else this.run(this.delayMs);
    this.onTick(this.remainingMs);
  }

  disarm(): void {
    const was = this.armed;
    this.stopTimer();
    this.deadline = undefined;
    this.left = undefined;
    if (was) this.onTick(undefined);
  }

  pause(): void {
    if (this.deadline === undefined) return;
    this.left = this.remainingMs;
    this.deadline = undefined;
    this.stopTimer();
    this.onTick(this.left);
  }

  resume(): void {
    if (this.left === undefined) return;
    const left = this.left;
    this.left = undefined;
    this.run(left);
    this.onTick(this.remainingMs);
  }

  private run(ms: number): void {
    this.deadline = this.clock.now() + ms;
    this.tick();
  }

  private tick(): void {
    const remaining = this.remainingMs ?? 0;
    if (remaining <= 0) {
      this.deadline = undefined;
      this.timer = undefined;
      this.onTick(undefined);
      this.onFire();
      return;
    }
    // Wake on whole seconds of what is left, so the countdown on screen reads 5, 4, 3…
    const step = remaining % 1000 || 1000;
    this.timer = this.clock.setTimeout(() => {
      this.timer = undefined;
      this.onTick(this.remainingMs);
      this.tick();
    }, step);
  }

  private stopTimer(): void {
    if (this.timer !== undefined) this.clock.clearTimeout(this.timer);
    this.timer = undefined;
  }
}

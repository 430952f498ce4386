import type { DemoClock } from '../../src/demo/index.js';

/** Time that moves only when the test says so: typing, countdowns and replays without sleeping. */
export class ManualClock implements DemoClock {
  private time = 0;
  private nextId = 1;
  private readonly timers = new Map<number, { readonly at: number; readonly callback: () => void }>();

  now(): number {
    return this.time;
  }

  setTimeout(callback: () => void, ms: number): unknown {
    const id = this.nextId++;
    this.timers.set(id, { at: this.time + Math.max(0, ms), callback });
    return id;
  }

  clearTimeout(handle: unknown): void {
    this.timers.delete(handle as number);
  }

  /** Timers waiting. */
  get pending(): number {
    return this.timers.size;
  }

  /** Moves time forward, firing every timer that falls due, in order (timers they set included). */
  advance(ms: number): void {
    const end = this.time + ms;
    for (;;) {
      const due = [...this.timers.entries()]
        .filter(([, timer]) => timer.at <= end)
        .sort((a, b) => a[1].at - b[1].at || a[0] - b[0])[0];
      if (!due) break;
      this.timers.delete(due[0]);
      this.time = Math.max(this.time, due[1].at);
      due[1].callback();
    }
    this.time = end;
  }

  /** Fires timers until none is left (or `limitMs` has passed). */
  runAll(limitMs = 3_600_000): void {
    const start = this.time;
    while (this.timers.size && this.time - start < limitMs) {
      const next = Math.min(...[...this.timers.values()].map((timer) => timer.at));
      this.advance(Math.max(0, next - this.time));
    }
  }
}

import type { Cast } from './asciicast-reader.js';
import type { CastEvent } from './asciicast.js';
import type { DemoClock } from './clock.js';
import { replayFrame } from './replay-frame.js';

export interface ReplayOptions {
  readonly clock: DemoClock;
  /** Sends recorded output to the terminal. */
  readonly write: (data: string) => void;
  /** Called after every burst of output: redraws the REPLAY marker the output may have covered. */
  readonly overlay: (state: ReplayState) => void;
}

export interface ReplayState {
  readonly paused: boolean;
  /** Seconds into the recording. */
  readonly time: number;
  readonly duration: number;
  /** The latest marker passed (a step of the talk), if the recording has markers. */
  readonly chapter?: string;
}

// The player owns the alternate screen: a recording's own switches would drop the marker.
// eslint-disable-next-line no-control-regex
const ALT_SCREEN = /\u001B\[\?(?:1049|1047|47)[hl]/g;

/**
 * Plays a recording with its own timing. Space pauses; skipping ahead jumps to the next marker
 * (the next step of the talk) or, in a recording without markers, ends the current wait.
 * Pauses longer than the header's idle_time_limit are shortened to it, as asciinema does.
 */
export class ReplayPlayer {
  private index = 0;
  private time = 0;
  private chapter: string | undefined;
  private paused = false;
  private stopped = false;
  private timer: unknown;
  private waitStarted = 0;
  private waitMs = 0;
  private resolveDone!: () => void;
  readonly done: Promise<void>;
  private readonly duration: number;

  constructor(
    private readonly cast: Cast,
    private readonly options: ReplayOptions,
  ) {
    this.done = new Promise((resolve) => (this.resolveDone = resolve));
    this.duration = cast.events.at(-1)?.time ?? 0;
  }

  play(): Promise<void> {
    this.schedule(this.delayBefore(this.index));
    return this.done;
  }

  get state(): ReplayState {
    return { paused: this.paused, time: this.time, duration: this.duration, chapter: this.chapter };
  }

  togglePause(): void {
    if (this.stopped) return;
    if (this.paused) {
      this.paused = false;
      this.schedule(this.waitMs);
    } else {
      this.paused = true;
      this.waitMs = Math.max(0, this.waitMs - (this.options.clock.now() - this.waitStarted));
      this.clearTimer();
    }
    this.options.overlay(this.state);
  }

  /** Jumps to the next marker, or to the next output when there are no markers ahead. */
  skipAhead(): void {
    if (this.stopped) return;
    this.clearTimer();
    const marker = this.cast.events.findIndex((event, i) => i >= this.index && event.code === 'm');
    const until = marker >= 0 ? marker : this.index;
    this.emitThrough(until);
    if (this.paused) this.waitMs = this.delayBefore(this.index);
    else this.schedule(this.delayBefore(this.index));
  }

  stop(): void {
    if (this.stopped) return;
    this.stopped = true;
    this.clearTimer();
    this.resolveDone();
  }

  private schedule(ms: number): void {
    if (this.stopped || this.paused) return;
    if (this.index >= this.cast.events.length) {
      this.stop();
      return;
    }
    this.waitStarted = this.options.clock.now();
    this.waitMs = ms;
    this.timer = this.options.clock.setTimeout(() => {
      this.timer = undefined;
      // Everything recorded at the same moment goes out together.
      let last = this.index;
      while (
        last + 1 < this.cast.events.length &&
        this.cast.events[last + 1]?.time === this.cast.events[this.index]?.time
      )
        last++;
      this.emitThrough(last);
      this.schedule(this.delayBefore(this.index));
    }, ms);
  }

  private emitThrough(last: number): void {
    let out = '';
    for (; this.index <= last && this.index < this.cast.events.length; this.index++) {
      const event = this.cast.events[this.index];
      if (!event) break;
      this.time = event.time;
      out += this.apply(event);
    }
    if (out) this.options.write(out);
    this.options.overlay(this.state);
  }

  private apply(event: CastEvent): string {
    if (event.code === 'o') return replayFrame(event.data.replace(ALT_SCREEN, ''));
    if (event.code === 'm') this.chapter = event.data;
    return '';
  }

  private delayBefore(index: number): number {
    const event = this.cast.events[index];
    if (!event) return 0;
    const gap = Math.max(0, event.time - this.time);
    const limit = this.cast.header.idle_time_limit;
    return Math.round((limit !== undefined ? Math.min(gap, limit) : gap) * 1000);
  }

  private clearTimer(): void {
    if (this.timer !== undefined) this.options.clock.clearTimeout(this.timer);
    this.timer = undefined;
  }
}

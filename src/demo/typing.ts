/** Characters a second when `--speed` is not given: brisk, still easy to follow from the back row. */
export const DEFAULT_CHARS_PER_SECOND = 40;

export interface TypingOptions {
  readonly charsPerSecond: number;
  /** Types instantly: no per-character delay and no pause before Enter. */
  readonly reducedMotion: boolean;
  /** Source of the jitter, in [0, 1); see seededRandom. */
  readonly random: () => number;
  /** How far a keystroke may stray from the average delay, as a share of it (default 0.4). */
  readonly jitter?: number;
}

export interface TypingSchedule {
  /** The text split into what appears one keystroke at a time (code points). */
  readonly chars: readonly string[];
  /** Milliseconds to wait before each character appears. */
  readonly delays: readonly number[];
  /** The beat between the last character and Enter. */
  readonly enterPauseMs: number;
}

/**
 * When each character of a command appears. People type in bursts: a word goes fast, a space
 * or a pipe costs a little more, a new line a lot more; the jitter keeps it from looking
 * mechanical. The average stays close to the speed asked for.
 */
export function typingSchedule(text: string, options: TypingOptions): TypingSchedule {
  const chars = [...text];
  if (options.reducedMotion) return { chars, delays: chars.map(() => 0), enterPauseMs: 0 };
  const base = 1000 / options.charsPerSecond;
  const jitter = options.jitter ?? 0.4;
  const delays = chars.map((_, index) => {
    const previous = chars[index - 1];
    const pause =
      previous === '\n' ? 3 : previous === ' ' ? 0.35 : previous !== undefined && ',;|&'.includes(previous) ? 0.5 : 0;
    const wobble = 1 + jitter * (options.random() * 2 - 1);
    return Math.max(1, Math.round(base * (wobble + pause)));
  });
  return { chars, delays, enterPauseMs: Math.round(Math.min(400, base * 8)) };
}

/** Total time a schedule takes, Enter included. */
export function scheduleDuration(schedule: TypingSchedule): number {
  return schedule.delays.reduce((sum, delay) => sum + delay, 0) + schedule.enterPauseMs;
}

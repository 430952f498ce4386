import { describe, expect, it } from 'vitest';
import { scheduleDuration, seededRandom, typingSchedule, TypingRun } from '../../src/demo/index.js';
import { ManualClock } from './manual-clock.js';

const command = 'kong-workshop sandbox sync {{FIXTURES}}/deck/key-auth.yaml | tee out.txt\necho done';

describe('seededRandom', () => {
  it('gives the same numbers for the same seed, in [0, 1), and others for another seed', () => {
    const a = seededRandom(42);
    const b = seededRandom(42);
    const first = Array.from({ length: 1000 }, () => a());
    expect(Array.from({ length: 1000 }, () => b())).toEqual(first);
    expect(first.every((n) => n >= 0 && n < 1)).toBe(true);
    expect(new Set(first.map((n) => Math.floor(n * 10))).size).toBe(10);
    const c = seededRandom(43);
    expect(Array.from({ length: 5 }, () => c())).not.toEqual(first.slice(0, 5));
  });
});

describe('typingSchedule', () => {
  const options = { charsPerSecond: 40, reducedMotion: false, random: seededRandom(7) };

  it('is deterministic for a seed, one delay per code point', () => {
    const one = typingSchedule(command, { ...options, random: seededRandom(7) });
    const two = typingSchedule(command, { ...options, random: seededRandom(7) });
    expect(two).toEqual(one);
    expect(one.chars.join('')).toBe(command);
    expect(typingSchedule('✓ é', options).chars).toEqual(['✓', ' ', 'é']);
  });

  it('keeps the average near the speed asked for, each keystroke within the jitter', () => {
    const plain = 'a'.repeat(400);
    const schedule = typingSchedule(plain, { ...options, jitter: 0.4 });
    const average = schedule.delays.reduce((a, b) => a + b, 0) / plain.length;
    expect(average).toBeGreaterThan(25 * 0.9);
    expect(average).toBeLessThan(25 * 1.1);
    expect(Math.min(...schedule.delays)).toBeGreaterThanOrEqual(Math.floor(25 * 0.6));
    expect(Math.max(...schedule.delays)).toBeLessThanOrEqual(Math.ceil(25 * 1.4));
    expect(new Set(schedule.delays).size).toBeGreaterThan(5);
  });

  it('pauses after a word, a pipe and most after a new line, as people type', () => {
    const schedule = typingSchedule('ab cd|ef\ngh', { ...options, jitter: 0 });
    const [a, b, space, c, d, pipe, e, f, newline, g] = schedule.delays;
    expect([a, b, space]).toEqual([25, 25, 25]);
    expect(c).toBe(Math.round(25 * 1.35));
    expect(e).toBe(Math.round(25 * 1.5));
    expect(g).toBe(25 * 4);
    expect([d, pipe, f, newline].every((delay) => delay === 25)).toBe(true);
    expect(schedule.enterPauseMs).toBeGreaterThan(0);
  });

  it('types instantly with reduced motion', () => {
    const schedule = typingSchedule(command, { ...options, reducedMotion: true });
    expect(schedule.delays.every((delay) => delay === 0)).toBe(true);
    expect(scheduleDuration(schedule)).toBe(0);
  });

  it('takes longer at a lower speed', () => {
    const slow = scheduleDuration(typingSchedule(command, { ...options, charsPerSecond: 10, random: seededRandom(1) }));
    const fast = scheduleDuration(typingSchedule(command, { ...options, charsPerSecond: 80, random: seededRandom(1) }));
    expect(slow).toBeGreaterThan(fast * 4);
  });
});

describe('TypingRun', () => {
  function typing(text: string, reducedMotion = false) {
    const clock = new ManualClock();
    const progress: number[] = [];
    const run = new TypingRun(
      typingSchedule(text, { charsPerSecond: 10, reducedMotion, random: seededRandom(3), jitter: 0 }),
      clock,
      (n) => progress.push(n),
    );
    let done = false;
    const finished = run.start().then(() => (done = true));
    return { clock, progress, run, isDone: () => done, finished };
  }

  it('shows one more character per keystroke, then presses Enter after a beat', async () => {
    const { clock, progress, isDone } = typing('ls -l');
    clock.advance(99);
    expect(progress).toEqual([]);
    clock.advance(1);
    expect(progress).toEqual([1]);
    clock.advance(100 * 2 + Math.round(100 * 1.35) + 100);
    expect(progress).toEqual([1, 2, 3, 4, 5]);
    await Promise.resolve();
    expect(isDone()).toBe(false);
    clock.runAll();
    await Promise.resolve();
    expect(isDone()).toBe(true);
  });

  it('holds while paused and goes on from where it was', async () => {
    const { clock, progress, run } = typing('abcdef');
    clock.advance(250);
    expect(progress).toEqual([1, 2]);
    run.pause();
    clock.advance(10_000);
    expect(progress).toEqual([1, 2]);
    run.resume();
    clock.advance(100);
    expect(progress).toEqual([1, 2, 3]);
  });

  it('finishes at once when asked (Enter while typing), and stops for good when cancelled', async () => {
    const first = typing('abcdef');
    first.clock.advance(150);
    first.run.finish();
    await first.finished;
    expect(first.progress).toEqual([1, 6]);
    expect(first.clock.pending).toBe(0);

    const second = typing('abcdef');
    second.clock.advance(150);
    second.run.cancel();
    await second.finished;
    second.clock.runAll();
    expect(second.progress).toEqual([1]);
  });

  it('puts the whole command up in one update with reduced motion', async () => {
    const { progress, finished } = typing('abcdef', true);
    await finished;
    expect(progress).toEqual([6]);
  });
});

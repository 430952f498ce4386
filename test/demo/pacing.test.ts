import { describe, expect, it } from 'vitest';
import { AutoAdvance } from '../../src/demo/index.js';
import { ManualClock } from './manual-clock.js';

function countdown(delayMs: number) {
  const clock = new ManualClock();
  const ticks: (number | undefined)[] = [];
  let fired = 0;
  const auto = new AutoAdvance(
    clock,
    delayMs,
    (remaining) => ticks.push(remaining),
    () => fired++,
  );
  return { clock, ticks, auto, fired: () => fired };
}

describe('AutoAdvance', () => {
  it('counts down in whole seconds and fires once when the time is up', () => {
    const { clock, ticks, auto, fired } = countdown(3000);
    auto.arm();
    expect(ticks).toEqual([3000]);
    clock.advance(2999);
    expect(ticks).toEqual([3000, 2000, 1000]);
    expect(fired()).toBe(0);
    clock.advance(1);
    expect(fired()).toBe(1);
    expect(auto.armed).toBe(false);
    clock.advance(10_000);
    expect(fired()).toBe(1);
  });

  it('keeps the time left while paused, and goes on from there', () => {
    const { clock, auto, fired } = countdown(5000);
    auto.arm();
    clock.advance(3500);
    auto.pause();
    expect(auto.remainingMs).toBe(1500);
    clock.advance(60_000);
    expect(fired()).toBe(0);
    auto.resume();
    clock.advance(1499);
    expect(fired()).toBe(0);
    clock.advance(1);
    expect(fired()).toBe(1);
  });

  it('can be armed paused (the demo is paused), and disarmed by any key', () => {
    const { clock, auto, fired, ticks } = countdown(2000);
    auto.arm(true);
    clock.advance(10_000);
    expect(fired()).toBe(0);
    expect(auto.remainingMs).toBe(2000);
    auto.disarm();
    expect(ticks.at(-1)).toBeUndefined();
    auto.resume();
    clock.advance(10_000);
    expect(fired()).toBe(0);
    auto.arm();
    clock.advance(2000);
    expect(fired()).toBe(1);
  });
});

/** Milliseconds since the epoch. Injected so tests and `sandbox advance` can move time. */
export interface Clock {
  now(): number;
}

export const systemClock: Clock = { now: () => Date.now() };

/**
 * The sandbox's rate-limit clock: a base clock plus an offset that only ever grows.
 * `kong-workshop sandbox advance 60s` adds to the offset so a lesson can show a window reset
 * without waiting a real minute.
 */
export class SandboxClock implements Clock {
  private offset = 0;
  constructor(private readonly base: Clock = systemClock) {}

  now(): number {
    return this.base.now() + this.offset;
  }

  get offsetMs(): number {
    return this.offset;
  }

  advance(ms: number): void {
    if (!Number.isFinite(ms) || ms < 0) throw new RangeError(`cannot advance the clock by ${ms} ms`);
    this.offset += ms;
  }

  reset(): void {
    this.offset = 0;
  }
}

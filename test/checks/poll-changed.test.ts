import { describe, expect, it } from 'vitest';
import { pollUntilDone } from '../../src/checks/index.js';

describe('pollUntilDone with a change notifier', () => {
  it('makes the next attempt as soon as `changed` resolves, not after the interval', async () => {
    let changes = 0;
    const outcome = await pollUntilDone(
      async (n) => ({ done: n === 3, value: n }),
      { timeoutMs: 120_000, intervalMs: 60_000 },
      { changed: async () => void changes++ },
    );
    expect(outcome).toEqual({ value: 3, attempts: 3, cancelled: false });
    expect(changes).toBe(2);
  }, 5_000);

  it('falls back to the interval when `changed` fails, and still honours cancellation', async () => {
    const outcome = await pollUntilDone(
      async (n) => ({ done: n === 2, value: n }),
      { timeoutMs: 10_000, intervalMs: 20 },
      { changed: () => Promise.reject(new Error('watch forbidden')) },
    );
    expect(outcome.attempts).toBe(2);

    const controller = new AbortController();
    const cancelled = pollUntilDone(
      async () => ({ done: false, value: 0 }),
      { timeoutMs: 60_000, intervalMs: 60_000 },
      { signal: controller.signal, changed: () => new Promise(() => {}) },
    );
    controller.abort();
    expect((await cancelled).cancelled).toBe(true);
  }, 5_000);
});

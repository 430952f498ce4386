import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { tempDir } from '../helpers/temp-dirs.js';
import { simulateClass } from './class-load.js';
import { startClassProcess } from './class-helpers.js';

describe('a class of 200 learners on loopback (bounded: 200 × 6 requests, about 10 seconds)', () => {
  it('loses no event, and every view is current within a second of an acknowledgement', async () => {
    const home = tempDir('kw-class-load-');
    const server = await startClassProcess(home, ['--name', 'Load']);
    try {
      // A workshop sends a few events a minute; 200 learners at one request every ~1.5 s is a
      // busy room compressed in time: ~130 requests and ~400 events a second at the server.
      const result = await simulateClass({
        url: server.url,
        code: server.code,
        token: server.instructorToken,
        learners: 200,
        rounds: 6,
        intervalMs: 1_500,
        eventsPerRequest: 3,
      });
      expect(result.rejected).toBe(0);
      expect(result.eventsAccepted).toBe(result.eventsSent);
      expect(result.unseen).toBe(0);
      const total = [...result.finalEvents.values()].reduce((sum, n) => sum + n, 0);
      expect(total).toBe(result.eventsSent);
      expect(Math.max(...result.viewLatencies)).toBeLessThan(1_000);
      // And the log on disk holds every one of them, with the 200 joins.
      const lines = readFileSync(join(home, 'state', 'class', 'events.jsonl'), 'utf8')
        .trim()
        .split('\n');
      expect(lines.length).toBe(200 + result.eventsSent);
    } finally {
      server.process.kill('SIGTERM');
      await server.process;
    }
  }, 60_000);
});

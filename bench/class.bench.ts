import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Agent, request } from 'undici';
import { startClassProcess } from '../test/class/class-helpers.js';
import { simulateClass } from '../test/class/class-load.js';
import { type Bench, type BenchRow, percentile, row } from './lib.js';

const LEARNERS = 200;

/** Requests per second of the cheapest authenticated learner request (GET /api/news: no parsing, no log write). */
async function newsRate(
  url: string,
  code: string,
  learners: readonly { id: string; key: string }[],
  rounds: number,
): Promise<number> {
  const dispatcher = new Agent({ connections: 64 });
  const started = performance.now();
  await Promise.all(
    learners.map(async (learner) => {
      for (let i = 0; i < rounds; i++) {
        const response = await request(`${url}/api/news`, {
          dispatcher,
          headers: { 'x-class-code': code, 'x-learner-id': learner.id, 'x-learner-key': learner.key },
        });
        await response.body.text();
      }
    }),
  );
  const rate = (learners.length * rounds) / ((performance.now() - started) / 1000);
  await dispatcher.close();
  return rate;
}

async function joinAll(url: string, code: string, count: number): Promise<{ id: string; key: string }[]> {
  const out: { id: string; key: string }[] = [];
  for (let i = 0; i < count; i++) {
    const response = await fetch(`${url}/api/join`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-class-code': code },
      body: JSON.stringify({ name: `baseline-${i}` }),
    });
    const body: { learnerId: string; learnerKey: string } = await response.json();
    out.push({ id: body.learnerId, key: body.learnerKey });
  }
  return out;
}

export const bench: Bench = {
  title: 'Class server: events absorbed and view latency at 200 learners',
  async run() {
    const home = mkdtempSync(join(tmpdir(), 'kw-bench-class-'));
    const server = await startClassProcess(home, ['--name', 'Bench']);
    const rows: BenchRow[] = [];
    const notes: string[] = [];
    try {
      const base = { url: server.url, code: server.code, token: server.instructorToken };
      const baselineLearners = await joinAll(server.url, server.code, 50);
      await newsRate(server.url, server.code, baselineLearners, 5); // warm-up
      // Throughput: 200 learners send back to back, one event per request (a request per step change).
      const single = await simulateClass({
        ...base,
        learners: LEARNERS,
        rounds: 15,
        intervalMs: 0,
        eventsPerRequest: 1,
      });
      const singleRate = single.eventsAccepted / (single.durationMs / 1000);
      const baseline = await newsRate(server.url, server.code, baselineLearners, 60);
      rows.push(
        row(
          'events absorbed, 1 event per request, 200 learners',
          singleRate,
          'events/s',
          'GET /api/news requests/s (no write)',
          baseline,
          { min: 0.2 },
        ),
      );
      // A learner back from being offline resends a batch.
      const batched = await simulateClass({
        ...base,
        learners: LEARNERS,
        rounds: 8,
        intervalMs: 0,
        eventsPerRequest: 10,
      });
      rows.push(
        row(
          'events absorbed, 10 events per request',
          batched.eventsAccepted / (batched.durationMs / 1000),
          'events/s',
          'GET /api/news requests/s (no write)',
          baseline,
        ),
      );
      // View latency: a paced room (one request per learner every ~1.5 s) against a single learner.
      const one = await simulateClass({ ...base, learners: 1, rounds: 20, intervalMs: 250, eventsPerRequest: 3 });
      const room = await simulateClass({
        ...base,
        learners: LEARNERS,
        rounds: 6,
        intervalMs: 1_500,
        eventsPerRequest: 3,
      });
      const p95 = (values: readonly number[]) => percentile(values, 95);
      rows.push(
        row(
          'view latency p95, 200 learners',
          p95(room.viewLatencies),
          'ms',
          'p95 with 1 learner',
          p95(one.viewLatencies),
          { max: 5 },
        ),
      );
      const lost = [single, batched, one, room].reduce(
        (sum, r) => sum + (r.eventsSent - r.eventsAccepted) + r.unseen,
        0,
      );
      notes.push(
        `Across ${[single, batched, one, room].reduce((sum, r) => sum + r.eventsSent, 0)} events: ${lost} lost or ` +
          `never shown; slowest view at 200 learners ${Math.max(...room.viewLatencies).toFixed(0)} ms (the promise ` +
          `is 1 s). The server folds bursts into one view every 100 ms, which is most of the 1-learner baseline.`,
      );
    } finally {
      server.process.kill('SIGTERM');
      await server.process;
      rmSync(home, { recursive: true, force: true });
    }
    return {
      title: this.title,
      method:
        '`kong-workshop class start` as a real process on loopback; simulated learners (undici, 64 connections) post ' +
        "step events while an instructor view follows `/api/stream`. Latency: from a request's acknowledgement to " +
        'the first server-sent view that counts its events.',
      rows,
      notes,
    };
  },
};

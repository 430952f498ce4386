// A simulated room: N learners join, then send step events at a workshop's pace (shortened), while
// an instructor's view follows over server-sent events. Used by the load test (bounded, with
// assertions) and by the class benchmark (throughput and view latency). Loopback only.
import { Agent } from 'undici';

export interface LoadOptions {
  readonly url: string;
  readonly code: string;
  readonly token: string;
  readonly learners: number;
  /** Requests each learner sends after joining. */
  readonly rounds: number;
  /** Mean pause between a learner's requests (jittered ±50%); 0 sends back to back. */
  readonly intervalMs: number;
  /** Step events per request (a resend after being offline carries several). */
  readonly eventsPerRequest: number;
}

export interface LoadResult {
  readonly learners: number;
  readonly requests: number;
  readonly eventsSent: number;
  readonly eventsAccepted: number;
  readonly rejected: number;
  readonly durationMs: number;
  /** Per acknowledged request: ms from its acknowledgement to the first view that shows it. */
  readonly viewLatencies: readonly number[];
  /** Requests whose event never showed in a view within the grace period. */
  readonly unseen: number;
  /** The last view: per learner name, how many events it shows. */
  readonly finalEvents: ReadonlyMap<string, number>;
}

const STEPS = Array.from({ length: 12 }, (_, i) => ({ id: `step-${i + 1}`, title: `Step ${i + 1}` }));
const STATUSES = ['running', 'passed', 'running', 'failed', 'running', 'passed'] as const;

export async function simulateClass(options: LoadOptions): Promise<LoadResult> {
  const dispatcher = new Agent({ connections: 64, pipelining: 1, keepAliveTimeout: 10_000 });
  const call = async (path: string, init: { method?: string; headers: Record<string, string>; body?: string }) => {
    const { request } = await import('undici');
    const response = await request(`${options.url}${path}`, {
      dispatcher,
      method: init.method === 'POST' ? 'POST' : 'GET',
      headers: init.headers,
      body: init.body,
    });
    const text = await response.body.text();
    return { status: response.statusCode, body: text };
  };

  // Join in small waves, as a room does.
  const learners: { name: string; id: string; key: string }[] = [];
  for (let wave = 0; wave < options.learners; wave += 20) {
    const joined = await Promise.all(
      Array.from({ length: Math.min(20, options.learners - wave) }, async (_, i) => {
        const name = `learner-${String(wave + i + 1).padStart(3, '0')}`;
        const join = () =>
          call('/api/join', {
            method: 'POST',
            headers: { 'content-type': 'application/json', 'x-class-code': options.code },
            body: JSON.stringify({ name }),
          });
        let answer = await join();
        // The server lets 250 join at once, then 50 a second: a second class on the same server (the
        // bench runs several) waits its turn, as a room's latecomers would.
        for (let tries = 0; answer.status === 429 && tries < 50; tries++) {
          await new Promise((resolve) => setTimeout(resolve, 100));
          answer = await join();
        }
        if (answer.status !== 200) throw new Error(`join ${name}: ${answer.status} ${answer.body}`);
        const parsed: { learnerId: string; learnerKey: string } = JSON.parse(answer.body);
        return { name, id: parsed.learnerId, key: parsed.learnerKey };
      }),
    );
    learners.push(...joined);
  }

  // The instructor's view, followed like the page follows it.
  const seen = new Map<string, number>();
  const waiting: { name: string; count: number; ackAt: number }[] = [];
  const latencies: number[] = [];
  const controller = new AbortController();
  const stream = await fetch(`${options.url}/api/stream`, {
    headers: { authorization: `Bearer ${options.token}` },
    signal: controller.signal,
  });
  if (!stream.ok || !stream.body) throw new Error(`stream: ${stream.status}`);
  const following = (async () => {
    const decoder = new TextDecoder();
    let buffer = '';
    try {
      for await (const chunk of stream.body ?? []) {
        buffer += decoder.decode(chunk, { stream: true });
        let end = buffer.indexOf('\n\n');
        while (end >= 0) {
          const data = buffer
            .slice(0, end)
            .split('\n')
            .find((line) => line.startsWith('data: '));
          buffer = buffer.slice(end + 2);
          if (data) {
            const at = performance.now();
            const view: { learners: { name: string; events: number }[] } = JSON.parse(data.slice(6));
            for (const learner of view.learners) seen.set(learner.name, learner.events);
            for (let i = waiting.length - 1; i >= 0; i--) {
              const probe = waiting[i];
              if (probe && (seen.get(probe.name) ?? 0) >= probe.count) {
                latencies.push(at - probe.ackAt);
                waiting.splice(i, 1);
              }
            }
          }
          end = buffer.indexOf('\n\n');
        }
      }
    } catch {
      // Aborted at the end.
    }
  })();

  let requests = 0;
  let sent = 0;
  let accepted = 0;
  let rejected = 0;
  const started = performance.now();
  await Promise.all(
    learners.map(async (learner, n) => {
      const headers = {
        'content-type': 'application/json',
        'x-class-code': options.code,
        'x-learner-id': learner.id,
        'x-learner-key': learner.key,
      };
      let mine = 0;
      for (let round = 0; round < options.rounds; round++) {
        if (options.intervalMs > 0)
          await new Promise((resolve) => setTimeout(resolve, options.intervalMs * (0.5 + Math.random())));
        const events =
          round === 0
            ? [
                {
                  id: `${n}-lesson`,
                  at: Date.now(),
                  type: 'lesson',
                  lessonId: '03-consumers',
                  title: 'Consumers',
                  steps: STEPS,
                },
              ]
            : Array.from({ length: options.eventsPerRequest }, (_, e) => {
                const index = (round * options.eventsPerRequest + e) % (STEPS.length * STATUSES.length);
                const step = STEPS[Math.floor(index / STATUSES.length)] ?? STEPS[0];
                const status = STATUSES[index % STATUSES.length] ?? 'passed';
                return {
                  id: `${n}-${round}-${e}`,
                  at: Date.now(),
                  type: 'step',
                  lessonId: '03-consumers',
                  stepId: step?.id ?? 'step-1',
                  status,
                  timeOnStepMs: 1000 * round,
                  ...(status === 'failed'
                    ? { check: 'rate limited', expectation: 'status (response 6): expected 429, got 200' }
                    : {}),
                };
              });
        sent += events.length;
        requests++;
        const answer = await call('/api/events', { method: 'POST', headers, body: JSON.stringify({ events }) });
        if (answer.status !== 200) {
          rejected++;
          continue;
        }
        const count: number = JSON.parse(answer.body).accepted;
        accepted += count;
        mine += count;
        waiting.push({ name: learner.name, count: mine, ackAt: performance.now() });
      }
    }),
  );
  const durationMs = performance.now() - started;
  // Whatever is still waiting gets a grace period well past the 1 s promise, then counts as unseen.
  const deadline = performance.now() + 3_000;
  while (waiting.length > 0 && performance.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 20));
  const unseen = waiting.length;
  controller.abort();
  await following;
  await dispatcher.close();
  return {
    learners: learners.length,
    requests,
    eventsSent: sent,
    eventsAccepted: accepted,
    rejected,
    durationMs,
    viewLatencies: latencies,
    unseen,
    finalEvents: new Map(seen),
  };
}

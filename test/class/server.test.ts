import { join } from 'node:path';
import { readFileSync } from 'node:fs';
import { afterEach, describe, expect, it } from 'vitest';
import {
  MAX_BODY_BYTES,
  newJoinCode,
  newSecretToken,
  startClassServer,
  type ClassServer,
  type ClassView,
} from '../../src/class/index.js';
import { tempDir } from '../helpers/temp-dirs.js';
import { instructorGet, learnerHeaders, learnerJoin } from './class-helpers.js';

const servers: ClassServer[] = [];
afterEach(async () => {
  for (const server of servers.splice(0)) await server.close();
});

async function serve(logPath = join(tempDir('kw-class-'), 'events.jsonl')) {
  const config = {
    version: 1 as const,
    id: 'c1',
    name: 'Test class',
    createdAt: Date.now(),
    joinCode: newJoinCode(),
    instructorToken: newSecretToken(),
    stuckMinutes: 5,
  };
  const server = await startClassServer({ config, logPath, host: '127.0.0.1', port: 0 });
  servers.push(server);
  return { server, config, logPath };
}

const step = (lessonId: string, stepId: string, status: string, extra: Record<string, unknown> = {}) => ({
  id: `${stepId}-${status}-${Math.random()}`,
  at: Date.now(),
  type: 'step',
  lessonId,
  stepId,
  status,
  timeOnStepMs: 1000,
  ...extra,
});
const lesson = {
  id: 'l1',
  at: 0,
  type: 'lesson',
  lessonId: '01-setup',
  title: 'Setup',
  steps: [
    { id: 'a', title: 'First' },
    { id: 'b', title: 'Second' },
  ],
};

describe('the class server', () => {
  it('needs the join code to join, and a learner key for every learner request', async () => {
    const { server, config } = await serve();
    const wrong = await fetch(`${server.url}/api/join`, {
      method: 'POST',
      headers: { 'x-class-code': 'AAAA-BBBB-CCCC-DDDD-EEEE' },
      body: '{"name":"x"}',
    });
    expect(wrong.status).toBe(401);
    // As people type it: lower case, no dashes.
    const learner = await learnerJoin(server.url, config.joinCode.toLowerCase().replaceAll('-', ''), 'Ada');
    const noKey = await fetch(`${server.url}/api/events`, {
      method: 'POST',
      headers: { 'x-class-code': config.joinCode, 'x-learner-id': learner.learnerId },
      body: '{"events":[]}',
    });
    expect(noKey.status).toBe(401);
    const badKey = await fetch(`${server.url}/api/events`, {
      method: 'POST',
      headers: { ...learnerHeaders(config.joinCode, learner), 'x-learner-key': newSecretToken() },
      body: '{"events":[]}',
    });
    expect(badKey.status).toBe(401);
    const ok = await fetch(`${server.url}/api/events`, {
      method: 'POST',
      headers: learnerHeaders(config.joinCode, learner),
      body: JSON.stringify({ events: [lesson] }),
    });
    expect(ok.status).toBe(200);
  });

  it('never lets a learner read the class: every view needs the instructor token', async () => {
    const { server, config } = await serve();
    const learner = await learnerJoin(server.url, config.joinCode, 'Ada');
    for (const path of ['/api/view', '/api/stream', '/api/export?format=csv']) {
      const asLearner = await fetch(`${server.url}${path}`, {
        headers: { ...learnerHeaders(config.joinCode, learner), authorization: `Bearer ${config.joinCode}` },
      });
      expect(asLearner.status, path).toBe(401);
    }
    const broadcast = await fetch(`${server.url}/api/broadcast`, {
      method: 'POST',
      headers: learnerHeaders(config.joinCode, learner),
      body: '{"text":"hi"}',
    });
    expect(broadcast.status).toBe(401);
    const news = await fetch(`${server.url}/api/news`, { headers: learnerHeaders(config.joinCode, learner) });
    const body = await news.text();
    expect(body).not.toContain('Ada');
    expect((await instructorGet(server.url, config.instructorToken, '/api/view')).status).toBe(200);
  });

  it('sanitises display names for the terminal and the page', async () => {
    const { server, config } = await serve();
    const joined = await learnerJoin(
      server.url,
      config.joinCode,
      '\u001b[2J\u001b]0;pwned\u0007<b>Bob</b>\u202e\r\nK.',
    );
    expect(joined.name).toBe('b Bob /b K.');
    const long = await learnerJoin(server.url, config.joinCode, 'x'.repeat(100));
    expect([...long.name]).toHaveLength(32);
    const blank = await fetch(`${server.url}/api/join`, {
      method: 'POST',
      headers: { 'x-class-code': config.joinCode },
      body: JSON.stringify({ name: '\u001b[31m\u0007' }),
    });
    expect(blank.status).toBe(400);
  });

  it('refuses bodies over the size limit and learners who send too fast', async () => {
    const { server, config } = await serve();
    const learner = await learnerJoin(server.url, config.joinCode, 'Ada');
    const huge = await fetch(`${server.url}/api/events`, {
      method: 'POST',
      headers: learnerHeaders(config.joinCode, learner),
      body: 'x'.repeat(MAX_BODY_BYTES + 1),
    }).catch(() => undefined);
    // Either a 413 or the connection cut: the server never reads it to the end.
    expect(huge === undefined || huge.status === 413).toBe(true);
    const statuses: number[] = [];
    for (let i = 0; i < 60; i++) {
      const response = await fetch(`${server.url}/api/news`, { headers: learnerHeaders(config.joinCode, learner) });
      statuses.push(response.status);
    }
    expect(statuses).toContain(429);
    expect(statuses.slice(0, 30).every((status) => status === 200)).toBe(true);
  });

  it(
    'counts a resent event once, and folds steps into the view: failing expectation, stuck, hands, ' + 'histogram',
    async () => {
      let now = Date.now();
      const config = {
        version: 1 as const,
        id: 'c1',
        name: 'Clocked',
        createdAt: now,
        joinCode: newJoinCode(),
        instructorToken: newSecretToken(),
        stuckMinutes: 2,
      };
      const server = await startClassServer({
        config,
        logPath: join(tempDir('kw-class-'), 'events.jsonl'),
        host: '127.0.0.1',
        port: 0,
        now: () => now,
      });
      servers.push(server);
      const post = async (learner: { learnerId: string; learnerKey: string }, events: unknown[]) =>
        (
          await fetch(`${server.url}/api/events`, {
            method: 'POST',
            headers: learnerHeaders(config.joinCode, learner),
            body: JSON.stringify({ events }),
          })
        ).json();
      const ada = await learnerJoin(server.url, config.joinCode, 'Ada');
      const bob = await learnerJoin(server.url, config.joinCode, 'Bob');
      const failing = step('01-setup', 'b', 'failed', {
        check: 'no key, no entry',
        expectation: 'status: expected 401, got 200',
      });
      expect(await post(ada, [lesson, step('01-setup', 'a', 'passed')])).toMatchObject({ accepted: 2 });
      expect(await post(bob, [lesson, step('01-setup', 'a', 'passed'), failing])).toMatchObject({ accepted: 3 });
      expect(await post(bob, [failing])).toMatchObject({ accepted: 0, duplicates: 1 });
      expect(await post(ada, [{ id: 'h1', at: now, type: 'hand', up: true }])).toMatchObject({ news: { hand: true } });
      now += 3 * 60_000;
      const view = (await (await instructorGet(server.url, config.instructorToken, '/api/view')).json()) as ClassView;
      expect(view.columns.map((column) => column.label)).toEqual(['1.1', '1.2']);
      expect(view.learners.map((learner) => [learner.name, learner.cells, learner.hand])).toEqual([
        ['Ada', 'p.', true],
        ['Bob', 'pf', false],
      ]);
      expect(view.histogram).toEqual([1, 1]);
      expect(view.failures).toEqual([
        { column: 1, label: '1.2', expectation: 'status: expected 401, got 200', count: 1, of: 2 },
      ]);
      expect(view.learners[1]?.stuck).toMatchObject({ label: '1.2', check: 'no key, no entry', minutes: 3 });
      expect(view.totals).toMatchObject({ learners: 2, hands: 1, stuck: 1 });
    },
  );

  it('reaches a following view within a second of an event (server-sent events)', async () => {
    const { server, config } = await serve();
    const learner = await learnerJoin(server.url, config.joinCode, 'Ada');
    const controller = new AbortController();
    const response = await fetch(`${server.url}/api/stream`, {
      headers: { authorization: `Bearer ${config.instructorToken}` },
      signal: controller.signal,
    });
    const reader = response.body!.getReader();
    const decoder = new TextDecoder();
    let text = '';
    const first = await reader.read();
    text += decoder.decode(first.value);
    expect(text).toContain('"Ada"');
    const sent = performance.now();
    await fetch(`${server.url}/api/events`, {
      method: 'POST',
      headers: learnerHeaders(config.joinCode, learner),
      body: JSON.stringify({ events: [lesson, step('01-setup', 'a', 'passed')] }),
    });
    while (!text.includes('"cells":"p."')) text += decoder.decode((await reader.read()).value);
    expect(performance.now() - sent).toBeLessThan(1000);
    controller.abort();
  });

  it(
    'appends every accepted record to the log before answering, and a new server on the same log resumes the ' +
      'class',
    async () => {
      const { server, config, logPath } = await serve();
      const learner = await learnerJoin(server.url, config.joinCode, 'Ada');
      await fetch(`${server.url}/api/events`, {
        method: 'POST',
        headers: learnerHeaders(config.joinCode, learner),
        body: JSON.stringify({ events: [lesson, step('01-setup', 'a', 'passed')] }),
      });
      const lines = readFileSync(logPath, 'utf8').trim().split('\n');
      expect(lines.map((line) => JSON.parse(line).kind)).toEqual(['joined', 'learner', 'learner']);
      // The log keeps only a hash of the learner's key.
      expect(readFileSync(logPath, 'utf8')).not.toContain(learner.learnerKey);
      await server.close();
      servers.splice(0);
      const again = await startClassServer({ config, logPath, host: '127.0.0.1', port: 0 });
      servers.push(again);
      expect(again.replayed).toBe(3);
      const view = again.model.view(Date.now());
      expect(view.learners.map((l) => [l.name, l.cells])).toEqual([['Ada', 'p.']]);
      // The same learner key still works after the restart.
      const news = await fetch(`${again.url}/api/news`, { headers: learnerHeaders(config.joinCode, learner) });
      expect(news.status).toBe(200);
    },
  );

  it('serves a self-contained page: no external asset, a strict content security policy', async () => {
    const { server } = await serve();
    const response = await fetch(`${server.url}/`);
    const html = await response.text();
    expect(response.headers.get('content-security-policy')).toMatch(
      /default-src 'none'; script-src 'sha256-[A-Za-z0-9+/=]+'/,
    );
    expect(html).not.toMatch(/(src|href)=["']?(https?:)?\/\//);
    expect(html).toContain('prefers-reduced-motion');
    expect(html).toContain('prefers-color-scheme');
  });
});

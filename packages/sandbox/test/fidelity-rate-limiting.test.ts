import { expect } from 'vitest';
import { describeFidelity, echoService, type FidelityCase, type HttpAnswer } from './harness.js';

// Fact sheet §2 (rate-limiting, Kong 3.9, policy local), one row per fact. The sandbox clock is
// a fake one set to 12:00:30 UTC before every case.

const RL_HEADERS = [
  'x-ratelimit-limit-minute',
  'x-ratelimit-remaining-minute',
  'ratelimit-limit',
  'ratelimit-remaining',
  'ratelimit-reset',
  'retry-after',
];

const limited = (config: Record<string, unknown>, extra: Record<string, unknown> = {}) => ({
  services: [echoService({ plugins: [{ name: 'rate-limiting', config }] })],
  ...extra,
});
const withKeys = (plugins: unknown[]) => ({
  services: [echoService({ plugins: [{ name: 'key-auth' }, ...plugins] })],
  consumers: [
    { username: 'alice', keyauth_credentials: [{ key: 'alice-key' }] },
    { username: 'carol', keyauth_credentials: [{ key: 'carol-key' }] },
  ],
});
const header = (answer: HttpAnswer, name: string) => answer.headers.get(name);
const num = (answer: HttpAnswer, name: string) => Number(answer.headers.get(name));

async function times(n: number, call: () => Promise<HttpAnswer>): Promise<HttpAnswer[]> {
  const out: HttpAnswer[] = [];
  for (let i = 0; i < n; i++) out.push(await call());
  return out;
}

const cases: FidelityCase[] = [
  {
    ref: '§2.1',
    fact:
      'config defaults: limit_by consumer, policy local, fault_tolerant, headers shown, 429 "API rate limit ' +
      'exceeded", sync_rate -1',
    async run(sb) {
      const { json } = await sb.admin('POST', '/plugins', { name: 'rate-limiting', config: { minute: 5 } });
      expect(json.config).toMatchObject({
        limit_by: 'consumer',
        policy: 'local',
        fault_tolerant: true,
        hide_client_headers: false,
        error_code: 429,
        error_message: 'API rate limit exceeded',
        sync_rate: -1,
        second: null,
        hour: null,
      });
    },
  },
  {
    ref: '§2.1',
    fact: 'at least one period is required (message in @entity)',
    async run(sb) {
      const answer = await sb.admin('POST', '/plugins', { name: 'rate-limiting', config: {} });
      expect(answer.status).toBe(400);
      expect(answer.json.fields['@entity']).toEqual([
        "at least one of these fields must be non-empty: 'config.second', 'config.minute', 'config.hour', " +
          "'config.day', 'config.month', 'config.year'",
      ]);
    },
  },
  {
    ref: '§2.1',
    fact: 'a longer period may not have a lower limit than a shorter one',
    async run(sb) {
      const answer = await sb.admin('POST', '/plugins', { name: 'rate-limiting', config: { second: 20, hour: 10 } });
      expect(answer.json.fields.config).toBe(
        'The limit for hour(10.0) cannot be lower than the limit for second(20.0)',
      );
    },
  },
  {
    ref: '§2.1',
    fact: 'limit_by header needs header_name; limit_by path needs path',
    async run(sb) {
      const h = await sb.admin('POST', '/plugins', {
        name: 'rate-limiting',
        config: { minute: 1, limit_by: 'header' },
      });
      expect(h.json.fields.config.header_name).toBe('required field missing');
      const p = await sb.admin('POST', '/plugins', { name: 'rate-limiting', config: { minute: 1, limit_by: 'path' } });
      expect(p.json.fields.config.path).toBe('required field missing');
    },
  },
  {
    ref: '§2.1',
    fact: 'policy cluster is refused as in DB-less mode (one_of local, redis); redis is refused by the sandbox',
    async run(sb) {
      const cluster = await sb.admin('POST', '/plugins', {
        name: 'rate-limiting',
        config: { minute: 1, policy: 'cluster' },
      });
      expect([cluster.status, cluster.json.fields.config.policy]).toEqual([400, 'expected one of: local, redis']);
      const redis = await sb.admin('POST', '/plugins', {
        name: 'rate-limiting',
        config: { minute: 1, policy: 'redis', redis: { host: 'localhost' } },
      });
      expect(redis.status).toBe(400);
      expect(redis.json.fields.config.policy).toMatch(/only the 'local' policy/);
    },
  },
  {
    ref: '§2.1',
    fact: 'sync_rate is only valid with redis',
    async run(sb) {
      const answer = await sb.admin('POST', '/plugins', { name: 'rate-limiting', config: { minute: 1, sync_rate: 1 } });
      expect(answer.json.fields.config).toBe('sync_rate can only be used with the redis policy');
    },
  },
  {
    ref: '§2.3',
    fact: 'spec sequence minute=6: six 200s counting 5…0, then 429 with remaining 0',
    async run(sb) {
      await sb.configure(limited({ minute: 6 }));
      const answers = await times(7, () => sb.proxy('/echo'));
      expect(answers.map((a) => a.status)).toEqual([200, 200, 200, 200, 200, 200, 429]);
      expect(answers.map((a) => num(a, 'x-ratelimit-limit-minute'))).toEqual([6, 6, 6, 6, 6, 6, 6]);
      expect(answers.map((a) => num(a, 'x-ratelimit-remaining-minute'))).toEqual([5, 4, 3, 2, 1, 0, 0]);
      expect(answers.map((a) => num(a, 'ratelimit-remaining'))).toEqual([5, 4, 3, 2, 1, 0, 0]);
      expect(answers.every((a) => num(a, 'ratelimit-limit') === 6)).toBe(true);
      expect(answers[6]!.json.message).toBe('API rate limit exceeded');
      expect(answers[6]!.text).toBe(
        `{\n  "message":"API rate limit exceeded",\n  "request_id":"${header(answers[6]!, 'x-kong-request-id')}"\n}`,
      );
    },
  },
  {
    ref: '§2.3',
    fact: 'RateLimit-Reset counts seconds to the end of the fixed UTC window (12:00:30 → 30) and Retry-After equals it',
    async run(sb) {
      await sb.configure(limited({ minute: 1 }));
      expect(num(await sb.proxy('/echo'), 'ratelimit-reset')).toBe(30);
      const blocked = await sb.proxy('/echo');
      expect([blocked.status, num(blocked, 'retry-after'), num(blocked, 'ratelimit-reset')]).toEqual([429, 30, 30]);
    },
  },
  {
    ref: '§2.3',
    fact: 'RateLimit-Reset is never below 1 (last second of the window)',
    async run(sb) {
      sb.clock.ms = Date.parse('2026-03-10T12:00:59.900Z');
      await sb.configure(limited({ minute: 3 }));
      expect(num(await sb.proxy('/echo'), 'ratelimit-reset')).toBe(1);
    },
  },
  {
    ref: '§2.3',
    fact: 'windows are fixed and UTC-aligned: 12:00:59 → 12:01:00 starts a fresh minute',
    async run(sb) {
      sb.clock.ms = Date.parse('2026-03-10T12:00:59Z');
      await sb.configure(limited({ minute: 2 }));
      await times(2, () => sb.proxy('/echo'));
      expect((await sb.proxy('/echo')).status).toBe(429);
      sb.clock.ms = Date.parse('2026-03-10T12:01:00Z');
      const fresh = await sb.proxy('/echo');
      expect([fresh.status, num(fresh, 'ratelimit-remaining'), num(fresh, 'ratelimit-reset')]).toEqual([200, 1, 60]);
    },
  },
  {
    ref: '§2.3',
    fact: 'minute=6, hour=99999: RateLimit-* follow the minute (lowest remaining) and the hour headers are present',
    async run(sb) {
      await sb.configure(limited({ minute: 6, hour: 99999 }));
      const answers = await times(7, () => sb.proxy('/echo'));
      expect(answers.map((a) => num(a, 'ratelimit-remaining'))).toEqual([5, 4, 3, 2, 1, 0, 0]);
      expect(answers.map((a) => num(a, 'ratelimit-limit'))).toEqual([6, 6, 6, 6, 6, 6, 6]);
      expect(header(answers[0]!, 'x-ratelimit-limit-hour')).toBe('99999');
      expect(header(answers[0]!, 'x-ratelimit-remaining-hour')).toBe('99998');
      // On the 429 only the stopping period is decremented.
      expect(header(answers[6]!, 'x-ratelimit-remaining-hour')).toBe('99993');
    },
  },
  {
    ref: '§2.3',
    fact: 'on a tie in remaining, RateLimit-* describe the longer window',
    async run(sb) {
      await sb.configure(limited({ minute: 5, hour: 5 }));
      const answer = await sb.proxy('/echo');
      expect([num(answer, 'ratelimit-remaining'), num(answer, 'ratelimit-reset')]).toEqual([4, 3570]);
    },
  },
  {
    ref: '§2.3',
    fact: 'second=1: 200 with remaining 0, then 429 in the same second, 200 again a second later',
    async run(sb) {
      await sb.configure(limited({ second: 1 }));
      const first = await sb.proxy('/echo');
      expect([first.status, num(first, 'ratelimit-remaining'), num(first, 'x-ratelimit-remaining-second')]).toEqual([
        200, 0, 0,
      ]);
      expect((await sb.proxy('/echo')).status).toBe(429);
      sb.clock.ms += 1000;
      expect((await sb.proxy('/echo')).status).toBe(200);
    },
  },
  {
    ref: '§2.3',
    fact: 'month windows start on the 1st but use a fixed 30-day length for the reset',
    async run(sb) {
      sb.clock.ms = Date.parse('2026-01-15T00:00:00Z');
      await sb.configure(limited({ month: 10 }));
      expect(num(await sb.proxy('/echo'), 'ratelimit-reset')).toBe(2592000 - 14 * 86400);
    },
  },
  {
    ref: '§2.3',
    fact: 'a blocked request does not use up quota: the next window starts from the full limit',
    async run(sb) {
      await sb.configure(limited({ minute: 2, hour: 4 }));
      await times(5, () => sb.proxy('/echo'));
      sb.clock.ms += 60_000;
      const next = await sb.proxy('/echo');
      expect([next.status, num(next, 'x-ratelimit-remaining-hour')]).toEqual([200, 1]);
    },
  },
  {
    ref: '§2.3',
    fact: 'hide_client_headers: no X-RateLimit-*, RateLimit-* or Retry-After on the 200 nor the 429',
    async run(sb) {
      await sb.configure(limited({ minute: 1, hide_client_headers: true }));
      for (const answer of await times(2, () => sb.proxy('/echo')))
        for (const name of RL_HEADERS) expect(header(answer, name)).toBeNull();
    },
  },
  {
    ref: '§2.3',
    fact: 'error_code and error_message replace the 429 and its message',
    async run(sb) {
      await sb.configure(limited({ minute: 1, error_code: 503, error_message: 'slow down' }));
      await sb.proxy('/echo');
      const blocked = await sb.proxy('/echo');
      expect([blocked.status, blocked.json.message]).toEqual([503, 'slow down']);
    },
  },
  {
    ref: '§2.2',
    fact: 'limit_by consumer: each consumer has its own counter',
    async run(sb) {
      await sb.configure(withKeys([{ name: 'rate-limiting', config: { minute: 2 } }]));
      await times(2, () => sb.proxy('/echo', { headers: { apikey: 'alice-key' } }));
      expect((await sb.proxy('/echo', { headers: { apikey: 'alice-key' } })).status).toBe(429);
      expect((await sb.proxy('/echo', { headers: { apikey: 'carol-key' } })).status).toBe(200);
    },
  },
  {
    ref: '§2.2',
    fact: 'limit_by consumer without authentication falls back to the client IP',
    async run(sb) {
      await sb.configure(limited({ minute: 2 }));
      await times(2, () => sb.proxy('/echo'));
      expect((await sb.proxy('/echo')).status).toBe(429);
    },
  },
  {
    ref: '§2.2',
    fact: 'limit_by credential counts per credential',
    async run(sb) {
      await sb.configure(withKeys([{ name: 'rate-limiting', config: { minute: 1, limit_by: 'credential' } }]));
      expect((await sb.proxy('/echo', { headers: { apikey: 'alice-key' } })).status).toBe(200);
      expect((await sb.proxy('/echo', { headers: { apikey: 'alice-key' } })).status).toBe(429);
      expect((await sb.proxy('/echo', { headers: { apikey: 'carol-key' } })).status).toBe(200);
    },
  },
  {
    ref: '§2.2',
    fact: 'limit_by ip: every consumer from one IP shares the counter (X-Real-IP is not trusted by default)',
    async run(sb) {
      await sb.configure(withKeys([{ name: 'rate-limiting', config: { minute: 1, limit_by: 'ip' } }]));
      expect((await sb.proxy('/echo', { headers: { apikey: 'alice-key' } })).status).toBe(200);
      expect((await sb.proxy('/echo', { headers: { apikey: 'carol-key', 'x-real-ip': '10.0.0.9' } })).status).toBe(429);
    },
  },
  {
    ref: '§2.2',
    fact: 'limit_by header: one counter per header value, the IP when the header is missing',
    async run(sb) {
      await sb.configure(limited({ minute: 1, limit_by: 'header', header_name: 'x-tenant' }));
      expect((await sb.proxy('/echo', { headers: { 'x-tenant': 'a' } })).status).toBe(200);
      expect((await sb.proxy('/echo', { headers: { 'x-tenant': 'a' } })).status).toBe(429);
      expect((await sb.proxy('/echo', { headers: { 'x-tenant': 'b' } })).status).toBe(200);
      expect((await sb.proxy('/echo')).status).toBe(200);
      expect((await sb.proxy('/echo')).status).toBe(429);
    },
  },
  {
    ref: '§2.2',
    fact: 'limit_by path: the counter is the path only when it equals config.path exactly, else the IP',
    async run(sb) {
      await sb.configure(limited({ minute: 1, limit_by: 'path', path: '/echo/a' }));
      expect((await sb.proxy('/echo/a')).status).toBe(200);
      expect((await sb.proxy('/echo/a')).status).toBe(429);
      expect((await sb.proxy('/echo/b')).status).toBe(200);
      expect((await sb.proxy('/echo/c')).status).toBe(429);
    },
  },
  {
    ref: '§2.2',
    fact: 'limit_by service: the routes of one service share its counter',
    async run(sb) {
      await sb.configure({
        services: [
          {
            name: 's',
            url: 'http://echo',
            routes: [
              { name: 'a', paths: ['/a'] },
              { name: 'b', paths: ['/b'] },
            ],
            plugins: [{ name: 'rate-limiting', config: { minute: 1, limit_by: 'service' } }],
          },
        ],
      });
      expect((await sb.proxy('/a')).status).toBe(200);
      expect((await sb.proxy('/b')).status).toBe(429);
    },
  },
  {
    ref: '§2.2',
    fact: 'a route-scoped plugin counts per route; a global one shares one counter across services',
    async run(sb) {
      await sb.configure({
        services: [
          {
            name: 's1',
            url: 'http://echo',
            routes: [
              { name: 'r1', paths: ['/one'], plugins: [{ name: 'rate-limiting', config: { minute: 1 } }] },
              { name: 'r2', paths: ['/two'], plugins: [{ name: 'rate-limiting', config: { minute: 1 } }] },
            ],
          },
        ],
      });
      expect((await sb.proxy('/one')).status).toBe(200);
      expect((await sb.proxy('/two')).status).toBe(200);
      await sb.configure({
        services: [
          { name: 's1', url: 'http://echo', routes: [{ name: 'r1', paths: ['/one'] }] },
          { name: 's2', url: 'http://echo', routes: [{ name: 'r3', paths: ['/three'] }] },
        ],
        plugins: [{ name: 'rate-limiting', config: { minute: 6 } }],
      });
      await times(6, () => sb.proxy('/one'));
      const other = await sb.proxy('/three');
      expect([other.status, num(other, 'ratelimit-remaining')]).toEqual([429, 0]);
    },
  },
  {
    ref: '§2.2',
    fact: "with key-auth anonymous, all anonymous requests share the anonymous consumer's counter",
    async run(sb) {
      await sb.configure({
        services: [
          echoService({
            plugins: [
              { name: 'key-auth', config: { anonymous: 'guest' } },
              { name: 'rate-limiting', config: { minute: 1 } },
            ],
          }),
        ],
        consumers: [{ username: 'guest' }],
      });
      expect((await sb.proxy('/echo')).status).toBe(200);
      expect((await sb.proxy('/echo', { headers: { apikey: 'unknown' } })).status).toBe(429);
    },
  },
  {
    ref: '§2.4',
    fact:
      'precedence (spec 04-plugins_triggering): global 1, route+service 2, consumer 3, route+consumer 4, ' +
      'route+service+anonymous 5',
    async run(sb) {
      await sb.configure({
        services: [
          { name: 'global-svc', url: 'http://echo', routes: [{ name: 'global-route', paths: ['/global'] }] },
          { name: 'rs-svc', url: 'http://echo', routes: [{ name: 'rs-route', paths: ['/rs'] }] },
          { name: 'rc-svc', url: 'http://echo', routes: [{ name: 'rc-route', paths: ['/rc'] }] },
          { name: 'anon-svc', url: 'http://echo', routes: [{ name: 'anon-route', paths: ['/anon'] }] },
        ],
        consumers: [
          { username: 'consumer1', keyauth_credentials: [{ key: 'secret1' }] },
          {
            username: 'consumer2',
            keyauth_credentials: [{ key: 'secret2' }],
            plugins: [{ name: 'rate-limiting', config: { hour: 3 } }],
          },
          { username: 'anonymous' },
        ],
        plugins: [
          { name: 'key-auth' },
          { name: 'rate-limiting', config: { hour: 1 } },
          { name: 'rate-limiting', route: 'rs-route', service: 'rs-svc', config: { hour: 2 } },
          { name: 'rate-limiting', route: 'rc-route', consumer: 'consumer2', config: { hour: 4 } },
          { name: 'key-auth', route: 'anon-route', config: { anonymous: 'anonymous' } },
          {
            name: 'rate-limiting',
            route: 'anon-route',
            service: 'anon-svc',
            consumer: 'anonymous',
            config: { hour: 5 },
          },
        ],
      });
      const limit = async (path: string, key?: string) =>
        header(await sb.proxy(path, { headers: key ? { apikey: key } : {} }), 'x-ratelimit-limit-hour');
      expect(await limit('/global', 'secret1')).toBe('1');
      expect(await limit('/rs', 'secret1')).toBe('2');
      expect(await limit('/global', 'secret2')).toBe('3');
      expect(await limit('/rc', 'secret2')).toBe('4');
      expect(await limit('/anon')).toBe('5');
    },
  },
  {
    ref: '§2.4',
    fact: 'a request without a key on a key-auth route gets 401, no rate-limit headers, and uses no quota',
    async run(sb) {
      await sb.configure(withKeys([{ name: 'rate-limiting', config: { minute: 1 } }]));
      const denied = await sb.proxy('/echo');
      expect(denied.status).toBe(401);
      for (const name of RL_HEADERS) expect(header(denied, name)).toBeNull();
      expect((await sb.proxy('/echo', { headers: { apikey: 'alice-key' } })).status).toBe(200);
    },
  },
  {
    ref: 'sandbox',
    fact: 'advancing the sandbox clock (the /_sandbox/clock extension) resets a window',
    async run(sb) {
      await sb.configure(limited({ minute: 1 }));
      await sb.proxy('/echo');
      expect((await sb.proxy('/echo')).status).toBe(429);
      expect((await sb.admin('POST', '/_sandbox/clock/advance', { duration: '60s' })).json.offset_ms).toBe(60_000);
      expect((await sb.proxy('/echo')).status).toBe(200);
    },
  },
];

describeFidelity('rate-limiting fidelity (fact sheet §2)', cases);

import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { echoService, FIDELITY_START, TestSandbox, type FidelityCase } from './harness.js';

// Plugins and entities read from Kong/kong at tag 3.9.1 (each row names the spec or source file):
// upstreams/targets, proxy-cache, ip-restriction, cors, correlation-id, request-transformer,
// response-transformer; and rate-limiting-advanced, a Kong Enterprise plugin imitated for teaching
// (its rows cite Kong's documentation, the source being closed).

const withPlugin = (
  sb: TestSandbox,
  name: string,
  config: Record<string, unknown>,
  extra: Record<string, unknown> = {},
) => sb.configure({ services: [echoService()], plugins: [{ name, config, ...extra }] });

const UUID = '[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}';

const cases: FidelityCase[] = [
  {
    ref: 'kong/db/dao/targets.lua format_target; api/routes/upstreams.lua',
    fact: 'POST /upstreams/{name}/targets stores the target with the default port 8000; the list is nested',
    async run(sb) {
      expect((await sb.admin('POST', '/upstreams', { name: 'example_upstream' })).status).toBe(201);
      const created = await sb.admin('POST', '/upstreams/example_upstream/targets', { target: 'a.test' });
      expect([created.status, created.json.target, created.json.weight]).toEqual([201, 'a.test:8000', 100]);
      const list = await sb.admin('GET', '/upstreams/example_upstream/targets');
      expect(list.json.data.map((t: { target: string }) => t.target)).toEqual(['a.test:8000']);
      const upstream = (await sb.admin('GET', '/upstreams/example_upstream')).json;
      expect([upstream.algorithm, upstream.slots, upstream.hash_on]).toEqual(['round-robin', 10000, 'none']);
      expect(upstream.healthchecks.active.healthy.http_statuses).toEqual([200, 302]);
      // cache_key = { "upstream", "target" }: the same target twice on one upstream is a unique violation.
      const again = await sb.admin('POST', '/upstreams/example_upstream/targets', { target: 'a.test' });
      expect([again.status, again.json.name]).toEqual([409, 'unique constraint violation']);
      const bad = await sb.admin('POST', '/upstreams', { name: '10.0.0.1' });
      expect([bad.status, bad.json.fields.name]).toEqual([400, "Invalid name ('10.0.0.1'); no ip addresses allowed"]);
    },
  },
  {
    ref: 'runloop/balancer round-robin; balancer/init.lua set_host_header',
    fact: 'a service whose host is an upstream takes turns over its targets; Host is the target host (port if not 80)',
    async run(sb) {
      await sb.configure({
        upstreams: [{ name: 'example_upstream', targets: [{ target: 'a.test:80' }, { target: 'b.test:8080' }] }],
        services: [{ name: 's', host: 'example_upstream', routes: [{ name: 'r', paths: ['/mock'] }] }],
      });
      const hosts: string[] = [];
      for (let i = 0; i < 4; i++) hosts.push((await sb.proxy('/mock/headers')).json.headers.host);
      expect(hosts).toEqual(['a.test', 'b.test:8080', 'a.test', 'b.test:8080']);
    },
  },
  {
    ref: 'runloop/balancer/init.lua execute',
    fact: 'an upstream without targets: 503 "failure to get a peer from the ring-balancer"',
    async run(sb) {
      await sb.configure({
        upstreams: [{ name: 'empty' }],
        services: [{ name: 's', host: 'empty', routes: [{ name: 'r', paths: ['/x'] }] }],
      });
      const answer = await sb.proxy('/x');
      expect([answer.status, answer.json.message]).toEqual([503, 'failure to get a peer from the ring-balancer']);
    },
  },
  {
    ref: 'proxy-cache 02-access_spec "caches a simple request"',
    fact: 'Miss then Hit with the same 64-hex X-Cache-Key and the same body; Age on the hit only',
    async run(sb) {
      await withPlugin(sb, 'proxy-cache', { strategy: 'memory' });
      const miss = await sb.proxy('/echo/anything');
      expect(miss.headers.get('x-cache-status')).toBe('Miss');
      expect(miss.headers.get('x-cache-key')).toMatch(/^[0-9a-f]{64}$/);
      expect(miss.headers.get('age')).toBeNull();
      const hit = await sb.proxy('/echo/anything');
      expect([hit.status, hit.headers.get('x-cache-status'), hit.text]).toEqual([200, 'Hit', miss.text]);
      expect(hit.headers.get('x-cache-key')).toBe(miss.headers.get('x-cache-key'));
      expect(hit.headers.get('age')).toBe('0');
      expect(hit.headers.get('content-type')).toBe('application/json');
      // 02-access_spec "displays Kong core headers": a hit is marked proxied.
      expect(hit.headers.get('x-kong-upstream-latency')).toMatch(/^\d+$/);
      expect(hit.headers.get('x-kong-proxy-latency')).toMatch(/^\d+$/);
    },
  },
  {
    ref: 'proxy-cache 02-access_spec "respects cache ttl" / "request method" / "response content type"',
    fact: 'past cache_ttl: Miss (Refresh when storage_ttl kept it); a method or a content type not configured: Bypass',
    async run(sb) {
      await withPlugin(sb, 'proxy-cache', { strategy: 'memory', cache_ttl: 2, content_type: ['text/plain'] });
      expect((await sb.proxy('/echo/a')).headers.get('x-cache-status')).toBe('Bypass');
      await withPlugin(sb, 'proxy-cache', { strategy: 'memory', cache_ttl: 2 });
      expect((await sb.proxy('/echo/a')).headers.get('x-cache-status')).toBe('Miss');
      expect((await sb.proxy('/echo/a')).headers.get('x-cache-status')).toBe('Hit');
      sb.clock.ms += 3000;
      // The memory strategy stores with the ttl, so the entry is gone: Miss.
      expect((await sb.proxy('/echo/a')).headers.get('x-cache-status')).toBe('Miss');
      // Kept longer than cache_ttl (storage_ttl, route-9 of the spec): Refresh.
      await withPlugin(sb, 'proxy-cache', { strategy: 'memory', cache_ttl: 2, storage_ttl: 10 });
      await sb.proxy('/echo/b');
      sb.clock.ms += 3000;
      expect((await sb.proxy('/echo/b')).headers.get('x-cache-status')).toBe('Refresh');
      expect((await sb.proxy('/echo/b')).headers.get('x-cache-status')).toBe('Hit');
      expect((await sb.proxy('/echo/a', { method: 'POST', body: 'x' })).headers.get('x-cache-status')).toBe('Bypass');
    },
  },
  {
    ref: 'proxy-cache 02-access_spec "No X-Cache* neither age headers … without debug header"',
    fact: 'response_headers all false hides X-Cache-*/Age; a Kong-Debug request header shows them',
    async run(sb) {
      const off = { age: false, 'X-Cache-Status': false, 'X-Cache-Key': false };
      await withPlugin(sb, 'proxy-cache', { strategy: 'memory', response_headers: off });
      expect((await sb.proxy('/echo/a')).headers.get('x-cache-status')).toBeNull();
      const quiet = await sb.proxy('/echo/a');
      expect([quiet.headers.get('x-cache-status'), quiet.headers.get('age')]).toEqual([null, null]);
      const debug = await sb.proxy('/echo/a', { headers: { 'kong-debug': '1' } });
      expect(debug.headers.get('x-cache-status')).toBe('Hit');
      expect(debug.headers.get('x-cache-key')).not.toBeNull();
    },
  },
  {
    ref: 'proxy-cache 02-access_spec "uses request params as part of the cache key" / 05-cache_key_spec',
    fact: 'different query strings are different keys; vary_query_params narrows the key to those args',
    async run(sb) {
      await withPlugin(sb, 'proxy-cache', { strategy: 'memory' });
      const a = await sb.proxy('/echo/q?a=1&b=2');
      const b = await sb.proxy('/echo/q?b=2&a=1');
      expect(b.headers.get('x-cache-status')).toBe('Hit');
      expect(b.headers.get('x-cache-key')).toBe(a.headers.get('x-cache-key'));
      expect((await sb.proxy('/echo/q?a=2')).headers.get('x-cache-status')).toBe('Miss');
      await withPlugin(sb, 'proxy-cache', { strategy: 'memory', vary_query_params: ['a'] });
      await sb.proxy('/echo/v?a=1&b=1');
      expect((await sb.proxy('/echo/v?a=1&b=2')).headers.get('x-cache-status')).toBe('Hit');
    },
  },
  {
    ref: 'proxy-cache 03-api_spec "delete a cache entry" / "purge all" / "… non-existing …" / "get a existing cache"',
    fact: 'GET|DELETE /proxy-cache/{key} and /proxy-cache/{plugin}/caches/{key}; DELETE /proxy-cache flushes',
    async run(sb) {
      await withPlugin(sb, 'proxy-cache', { strategy: 'memory' });
      const key = (await sb.proxy('/echo/a')).headers.get('x-cache-key');
      const plugin = (await sb.admin('GET', '/plugins')).json.data[0].id;
      const entry = await sb.admin('GET', `/proxy-cache/${key}`);
      expect([entry.status, entry.json.status, entry.json.version]).toEqual([200, 200, 1]);
      expect((await sb.admin('GET', `/proxy-cache/${plugin}/caches/${key}`)).status).toBe(200);
      expect((await sb.admin('DELETE', `/proxy-cache/${key}`)).status).toBe(204);
      expect((await sb.admin('DELETE', `/proxy-cache/${key}`)).status).toBe(404);
      expect((await sb.admin('GET', `/proxy-cache/${plugin}/caches/${key}`)).status).toBe(404);
      expect((await sb.proxy('/echo/a')).headers.get('x-cache-status')).toBe('Miss');
      expect((await sb.proxy('/echo/a')).headers.get('x-cache-status')).toBe('Hit');
      expect((await sb.admin('DELETE', '/proxy-cache')).status).toBe(204);
      expect((await sb.proxy('/echo/a')).headers.get('x-cache-status')).toBe('Miss');
    },
  },
  {
    ref: 'proxy-cache 03-api_spec "errors if response_code is an empty array" / "… has float value"',
    fact: 'response_code: [] is "length must be at least 1"; [90] is "value should be between 100 and 900"',
    async run(sb) {
      const post = (config: Record<string, unknown>) =>
        sb.admin('POST', '/plugins', { name: 'proxy-cache', config: { strategy: 'memory', ...config } });
      expect((await post({ response_code: [] })).json.fields.config.response_code).toBe('length must be at least 1');
      expect((await post({ response_code: [90] })).json.fields.config.response_code).toEqual([
        'value should be between 100 and 900',
      ]);
    },
  },
  {
    ref: 'ip-restriction 02-access_spec "blocks a request when the IP is denied" / "blocks IP with CIDR"',
    fact: 'deny by address or CIDR: 403 "IP address not allowed: 127.0.0.1"; allow without a match: 403',
    async run(sb) {
      await withPlugin(sb, 'ip-restriction', { deny: ['127.0.0.1'] });
      const denied = await sb.proxy('/echo');
      expect([denied.status, denied.json.message]).toEqual([403, 'IP address not allowed: 127.0.0.1']);
      await withPlugin(sb, 'ip-restriction', { deny: ['127.0.0.0/24'] });
      expect((await sb.proxy('/echo')).status).toBe(403);
      await withPlugin(sb, 'ip-restriction', { allow: ['10.0.0.0/8'] });
      expect((await sb.proxy('/echo')).status).toBe(403);
      await withPlugin(sb, 'ip-restriction', { allow: ['127.0.0.1', '10.0.0.0/8'] });
      expect((await sb.proxy('/echo')).status).toBe(200);
    },
  },
  {
    ref: 'ip-restriction 02-access_spec "… denied with status/message"; schema.lua at_least_one_of, ip_or_cidr',
    fact: 'status and message replace 403 and the text; neither allow nor deny, or a bad CIDR, is refused',
    async run(sb) {
      await withPlugin(sb, 'ip-restriction', { deny: ['127.0.0.1'], status: 401, message: 'Forbidden' });
      const answer = await sb.proxy('/echo');
      expect([answer.status, answer.json.message]).toEqual([401, 'Forbidden']);
      const none = await sb.admin('POST', '/plugins', { name: 'ip-restriction', config: {} });
      expect(none.json.fields['@entity']).toEqual([
        "at least one of these fields must be non-empty: 'config.allow', 'config.deny'",
      ]);
      const bad = await sb.admin('POST', '/plugins', { name: 'ip-restriction', config: { deny: ['1.2.3.4/99'] } });
      expect(bad.json.fields.config.deny).toEqual(["invalid ip or cidr range: '1.2.3.4/99'"]);
    },
  },
  {
    ref: 'cors 01-access_spec preflight "gives appropriate defaults" / "accepts config options"',
    fact: 'a preflight is answered 200, Content-Length 0, the default methods and origin *; options as configured',
    async run(sb) {
      await withPlugin(sb, 'cors', {});
      const preflight = {
        method: 'OPTIONS',
        headers: { origin: 'origin1.test', 'access-control-request-method': 'GET' },
      };
      const answer = await sb.proxy('/echo', preflight);
      expect([answer.status, answer.headers.get('content-length')]).toEqual([200, '0']);
      expect(answer.headers.get('access-control-allow-methods')).toBe(
        'GET,HEAD,PUT,PATCH,POST,DELETE,OPTIONS,TRACE,CONNECT',
      );
      expect(answer.headers.get('access-control-allow-origin')).toBe('*');
      expect(answer.headers.get('vary')).toBeNull();
      await withPlugin(sb, 'cors', {
        origins: ['example.test'],
        methods: ['GET'],
        headers: ['origin', 'type', 'accepts'],
        max_age: 23,
        credentials: true,
      });
      const configured = await sb.proxy('/echo', preflight);
      expect(Object.fromEntries([...configured.headers].filter(([n]) => /^(access-control|vary)/.test(n)))).toEqual({
        'access-control-allow-credentials': 'true',
        'access-control-allow-headers': 'origin,type,accepts',
        'access-control-allow-methods': 'GET',
        'access-control-allow-origin': 'example.test',
        'access-control-max-age': '23',
        vary: 'Origin',
      });
    },
  },
  {
    ref: 'cors 01-access_spec "gives appropriate defaults" / "works with 40x responses returned by another plugin"',
    fact: "a proxied response and another plugin's 401 both carry Access-Control-Allow-Origin: *",
    async run(sb) {
      await sb.configure({ services: [echoService()], plugins: [{ name: 'cors' }, { name: 'key-auth' }] });
      const denied = await sb.proxy('/echo');
      expect([denied.status, denied.headers.get('access-control-allow-origin')]).toEqual([401, '*']);
      await withPlugin(sb, 'cors', { origins: ['http://a.test', 'https://(.*)\\.b\\.test'] });
      const matched = await sb.proxy('/echo', { headers: { origin: 'https://x.b.test' } });
      expect([matched.headers.get('access-control-allow-origin'), matched.headers.get('vary')]).toEqual([
        'https://x.b.test',
        'Origin',
      ]);
      const other = await sb.proxy('/echo', { headers: { origin: 'http://c.test' } });
      expect(other.headers.get('access-control-allow-origin')).toBeNull();
    },
  },
  {
    ref: 'correlation-id 01-access_spec "increments the counter part" / "uses a tracker id" / "echo_downstream"',
    fact: "uuid#counter by default, sent upstream as Kong-Request-ID; a client's id is kept; echo_downstream too",
    async run(sb) {
      await withPlugin(sb, 'correlation-id', {});
      const first = (await sb.proxy('/echo')).json.headers['kong-request-id'];
      const second = (await sb.proxy('/echo')).json.headers['kong-request-id'];
      expect(first).toMatch(new RegExp(`^${UUID}#\\d+$`));
      expect(Number(second.split('#')[1])).toBe(Number(first.split('#')[1]) + 1);
      const kept = await sb.proxy('/echo', { headers: { 'kong-request-id': 'mine' } });
      expect(kept.json.headers['kong-request-id']).toBe('mine');
      await withPlugin(sb, 'correlation-id', { header_name: 'X-Trace', generator: 'tracker', echo_downstream: true });
      const tracked = await sb.proxy('/echo');
      expect(tracked.headers.get('x-trace')).toMatch(/^\d+\.\d+\.\d+\.\d+-\d+-\d+-\d+-\d+-\d{10}\.\d{3}$/);
      expect(tracked.json.headers['x-trace']).toBe(tracked.headers.get('x-trace'));
    },
  },
  {
    ref: 'request-transformer 02-access_spec (remove/rename/replace/add/append headers and querystring)',
    fact: 'headers and query args are removed, renamed, replaced only if present, added only if absent, appended',
    async run(sb) {
      await withPlugin(sb, 'request-transformer', {
        remove: { headers: ['x-to-remove'], querystring: ['q1'] },
        rename: { headers: ['x-old:x-new'] },
        replace: { headers: ['x-replace:new', 'x-absent:no'] },
        add: { headers: ['x-added:a1', 'x-replace:ignored'], querystring: ['q2:v2'] },
        append: { headers: ['x-app:b'] },
      });
      const seen = (
        await sb.proxy('/echo?q1=a&z=1', {
          headers: { 'x-to-remove': '1', 'x-old': 'o', 'x-replace': 'old', 'x-app': 'a' },
        })
      ).json;
      expect(seen.headers['x-to-remove']).toBeUndefined();
      expect([seen.headers['x-new'], seen.headers['x-old']]).toEqual(['o', undefined]);
      expect([seen.headers['x-replace'], seen.headers['x-absent'], seen.headers['x-added']]).toEqual([
        'new',
        undefined,
        'a1',
      ]);
      expect(seen.headers['x-app']).toBe('a, b');
      expect(seen.query).toEqual({ q2: 'v2', z: '1' });
    },
  },
  {
    ref: 'request-transformer 02-access_spec (body, http_method, replace.uri)',
    fact: 'JSON and form bodies are transformed; http_method and replace.uri change the upstream request',
    async run(sb) {
      await withPlugin(sb, 'request-transformer', {
        http_method: 'POST',
        replace: { uri: '/anything' },
        remove: { body: ['secret'] },
        add: { body: ['added:yes'] },
      });
      const seen = (await sb.proxy('/echo/x', { method: 'PUT', json: { secret: 's', keep: 1 } })).json;
      expect([seen.method, seen.path]).toEqual(['POST', '/anything']);
      expect(JSON.parse(seen.body)).toEqual({ keep: 1, added: 'yes' });
    },
  },
  {
    ref: 'response-transformer 02-body_transformer_spec / 03-header_transformer_spec; handler.lua',
    fact: 'headers added/removed/replaced/appended; JSON keys removed, added (json_types cast), appended',
    async run(sb) {
      await withPlugin(sb, 'response-transformer', {
        remove: { headers: ['x-kong-upstream-latency'], json: ['headers'] },
        add: { headers: ['x-extra:1'], json: ['count:5', 'flag:true'], json_types: ['number', 'boolean'] },
        replace: { json: ['method:REPLACED'] },
        append: { headers: ['x-extra:2'], json: ['tags:a'] },
      });
      const answer = await sb.proxy('/echo');
      expect(answer.headers.get('x-kong-upstream-latency')).toBeNull();
      expect(answer.headers.get('x-extra')).toBe('1, 2');
      expect(answer.json.headers).toBeUndefined();
      expect([answer.json.count, answer.json.flag, answer.json.method, answer.json.tags]).toEqual([
        5,
        true,
        'REPLACED',
        ['a'],
      ]);
      expect(answer.headers.get('content-length')).toBe(String(Buffer.byteLength(answer.text)));
    },
  },
  {
    ref: 'rate-limiting-advanced (Enterprise, docs: multiple-rate-limits-window-sizes how-to)',
    fact: 'limit [3] per window_size [30], fixed: the 4th request is 429 (X-RateLimit-*-30, RateLimit-*, Retry-After)',
    async run(sb) {
      await withPlugin(sb, 'rate-limiting-advanced', {
        limit: [3, 100],
        window_size: [30, 3600],
        window_type: 'fixed',
      });
      const statuses: number[] = [];
      let last = await sb.proxy('/echo');
      statuses.push(last.status);
      expect([last.headers.get('x-ratelimit-limit-30'), last.headers.get('x-ratelimit-remaining-30')]).toEqual([
        '3',
        '2',
      ]);
      expect(last.headers.get('x-ratelimit-limit-hour')).toBe('100');
      for (let i = 0; i < 3; i++) {
        last = await sb.proxy('/echo');
        statuses.push(last.status);
      }
      expect(statuses).toEqual([200, 200, 200, 429]);
      expect(last.json.message).toBe('API rate limit exceeded');
      expect([last.headers.get('ratelimit-remaining'), last.headers.get('retry-after')]).toEqual(['0', '30']);
      sb.clock.ms += 30_000;
      expect((await sb.proxy('/echo')).status).toBe(200);
      const mismatch = await sb.admin('POST', '/plugins', {
        name: 'rate-limiting-advanced',
        config: { limit: [1, 2], window_size: [60] },
      });
      expect(mismatch.json.fields.config).toBe('You must provide the same number of windows and limits');
    },
  },
  {
    ref: 'rate-limiting-advanced (Enterprise docs: sliding window, disable_penalty)',
    fact: 'sliding: the previous window counts by its overlap; denied requests count unless disable_penalty',
    async run(sb) {
      await withPlugin(sb, 'rate-limiting-advanced', { limit: [2], window_size: [60] });
      expect((await sb.proxy('/echo')).status).toBe(200);
      expect((await sb.proxy('/echo')).status).toBe(200);
      expect((await sb.proxy('/echo')).status).toBe(429);
      // FIDELITY_START is 30 s into a minute: 45 s later, 15 s into the next window, 3 × 0.75 still count.
      sb.clock.ms += 45_000;
      expect((await sb.proxy('/echo')).status).toBe(429);
      sb.clock.ms += 40_000;
      expect((await sb.proxy('/echo')).status).toBe(200);
    },
  },
  {
    ref: 'rate-limiting-advanced on consumer groups (Enterprise docs: rate limiting tiers)',
    fact: "a plugin per consumer group sets each tier's limit; a consumer gets its group's",
    async run(sb) {
      const tier = (name: string, limit: number) => ({
        name,
        plugins: [
          {
            name: 'rate-limiting-advanced',
            config: { limit: [limit], window_size: [30], window_type: 'fixed', namespace: name },
          },
        ],
      });
      await sb.configure({
        services: [echoService()],
        consumer_groups: [tier('free', 1), tier('premium', 3)],
        consumers: [
          { username: 'amal', keyauth_credentials: [{ key: 'amal-key' }] },
          { username: 'dana', keyauth_credentials: [{ key: 'dana-key' }] },
        ],
        consumer_group_consumers: [
          { consumer_group: 'free', consumer: 'amal' },
          { consumer_group: 'premium', consumer: 'dana' },
        ],
        plugins: [{ name: 'key-auth' }],
      });
      const amal = await sb.proxy('/echo', { headers: { apikey: 'amal-key' } });
      expect(amal.headers.get('x-ratelimit-limit-30')).toBe('1');
      expect((await sb.proxy('/echo', { headers: { apikey: 'amal-key' } })).status).toBe(429);
      const dana = await sb.proxy('/echo', { headers: { apikey: 'dana-key' } });
      expect([dana.status, dana.headers.get('x-ratelimit-limit-30')]).toEqual([200, '3']);
    },
  },
];

describe('fidelity: upstreams and more plugins', () => {
  let sb: TestSandbox;
  beforeAll(async () => {
    sb = await TestSandbox.start({ echoHosts: ['a.test', 'b.test'] });
  });
  afterAll(() => sb.stop());
  beforeEach(async () => {
    sb.clock.ms = FIDELITY_START;
    await sb.admin('POST', '/_sandbox/reset');
  });
  it.each(cases)('$ref $fact', (row) => row.run(sb));
});

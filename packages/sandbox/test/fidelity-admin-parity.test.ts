import { connect } from 'node:net';
import { expect } from 'vitest';
import { describeFidelity, echoService, type FidelityCase, type TestSandbox } from './harness.js';

// Admin API and proxy parity with Kong 3.9 (issue 15 part 1). Every row cites the Kong source or
// spec it was read from, in Kong/kong at tag 3.9.1, and runs against the real sandbox over loopback.

/** A raw HTTP request over a socket, for what fetch cannot send (HTTP/1.0, a Connection list). */
function rawRequest(port: number, text: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const socket = connect(port, '127.0.0.1', () => socket.end(text));
    const chunks: Buffer[] = [];
    socket.on('data', (c: Buffer) => chunks.push(c));
    socket.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    socket.on('error', reject);
  });
}

const portOf = (url: string) => Number(new URL(url).port);

/** The echo's JSON view of what the upstream received, from a raw response. */
function echoed(response: string): { path: string; headers: Record<string, string> } {
  return JSON.parse(response.slice(response.indexOf('\r\n\r\n') + 4));
}

async function form(sb: TestSandbox, path: string, fields: Record<string, string>) {
  return sb.adminRaw(path, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams(fields).toString(),
  });
}

const cases: FidelityCase[] = [
  {
    ref: 'kong/db/dao/init.lua resolve_foreign',
    fact: 'a route names its service by name (JSON {"service":{"name":…}} and form service.name=)',
    async run(sb) {
      const service = await sb.admin('POST', '/services', { name: 'example_service', url: 'http://echo' });
      const json = await sb.admin('POST', '/routes', {
        name: 'r1',
        paths: ['/mock'],
        service: { name: 'example_service' },
      });
      expect(json.status).toBe(201);
      expect(json.json.service).toEqual({ id: service.json.id });
      const encoded = await form(sb, '/routes', { name: 'r2', 'paths[]': '/other', 'service.name': 'example_service' });
      expect(encoded.status).toBe(201);
      expect(encoded.json.service).toEqual({ id: service.json.id });
    },
  },
  {
    ref: 'kong/db/errors.lua foreign_keys_unresolved',
    fact: 'an unknown service name: 400 code 13 "foreign keys unresolved" with the field-level message',
    async run(sb) {
      const { status, json } = await sb.admin('POST', '/routes', { paths: ['/x'], service: { name: 'nope' } });
      expect(status).toBe(400);
      expect(json).toEqual({
        code: 13,
        name: 'foreign keys unresolved',
        message:
          'foreign key unresolved (service.name: the foreign key cannot be resolved with \'{name="nope"}\' for an ' +
          "existing 'services' entity)",
        fields: {
          service: {
            name: "the foreign key cannot be resolved with '{name=\"nope\"}' for an existing 'services' entity",
          },
        },
      });
    },
  },
  {
    ref: 'kong/db/dao/init.lua resolve_foreign',
    fact: 'a plugin names its consumer by username (form consumer.username=)',
    async run(sb) {
      const bob = await sb.admin('POST', '/consumers', { username: 'bob' });
      const plugin = await form(sb, '/plugins', {
        name: 'rate-limiting',
        'config.minute': '5',
        'consumer.username': 'bob',
      });
      expect(plugin.status).toBe(201);
      expect(plugin.json.consumer).toEqual({ id: bob.json.id });
    },
  },
  {
    ref: 'kong/api/routes/config.lua + api_helpers parse_params (multipart)',
    fact: 'POST /config -F config=@kong.yml (a multipart file upload) loads the file',
    async run(sb) {
      const body = new FormData();
      const yaml =
        '_format_version: "3.0"\nservices:\n- name: echo\n  url: http://echo\n  routes:\n  - name: r\n    paths: ' +
        '[/echo]\n';
      body.append('config', new Blob([yaml], { type: 'application/octet-stream' }), 'kong.yml');
      const answer = await sb.adminRaw('/config', { method: 'POST', body });
      expect(answer.status).toBe(201);
      expect((await sb.proxy('/echo')).status).toBe(200);
    },
  },
  {
    ref: 'kong/db/schema/typedefs.lua validate_path_with_regexes',
    fact: 'a route path that is not normalized is refused: "non-normalized path, consider use \'/b\' instead"',
    async run(sb) {
      const { status, json } = await sb.admin('POST', '/routes', { paths: ['/a/../b'] });
      expect(status).toBe(400);
      expect(json.fields.paths).toEqual(["non-normalized path, consider use '/b' instead"]);
      const encoded = await sb.admin('POST', '/routes', { paths: ['/%61bc'] });
      expect(encoded.json.fields.paths).toEqual(["non-normalized path, consider use '/abc' instead"]);
    },
  },
  {
    ref: 'kong/router/utils.lua strip_uri_args + kong/tools/uri.lua normalize',
    fact:
      'the router matches the normalised path: /x/../echo, //echo and /%65cho all reach /echo, and the upstream ' +
      'gets the normalised path',
    async run(sb) {
      await sb.configure({ services: [echoService({ routes: [{ name: 'r', paths: ['/echo'], strip_path: false }] })] });
      for (const path of ['/x/../echo/a', '//echo/a', '/%65cho/a', '/echo/./a']) {
        const response = await rawRequest(
          portOf(sb.sandbox.proxyUrl),
          `GET ${path} HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n`,
        );
        expect(response.startsWith('HTTP/1.1 200')).toBe(true);
        expect(echoed(response).path).toBe('/echo/a');
      }
    },
  },
  {
    ref: 'kong/tools/uri.lua normalize (reserved characters stay encoded)',
    fact: 'a percent-encoded reserved character (%2F) is not decoded, so /echo%2Fa stays one segment',
    async run(sb) {
      await sb.configure({ services: [echoService({ routes: [{ name: 'r', paths: ['/echo'], strip_path: false }] })] });
      const response = await rawRequest(
        portOf(sb.sandbox.proxyUrl),
        'GET /echo%2fa HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n',
      );
      expect(echoed(response).path).toBe('/echo%2Fa');
    },
  },
  {
    ref: 'kong/api/routes/consumers.lua',
    fact:
      'GET /consumers?custom_id=X finds that one consumer; an empty custom_id is 400 "custom_id must be an ' +
      'unempty string"',
    async run(sb) {
      await sb.admin('POST', '/consumers', { username: 'a', custom_id: 'A' });
      const b = await sb.admin('POST', '/consumers', { username: 'b', custom_id: 'B' });
      const found = await sb.admin('GET', '/consumers?custom_id=B');
      expect(found.json).toEqual({ data: [b.json], next: null });
      expect((await sb.admin('GET', '/consumers?custom_id=Z')).json).toEqual({ data: [], next: null });
      const empty = await sb.admin('GET', '/consumers?custom_id=');
      expect([empty.status, empty.json]).toEqual([400, { message: 'custom_id must be an unempty string' }]);
    },
  },
  {
    ref: 'kong/api/routes/kong.lua /schemas/plugins/:name',
    fact:
      'GET /schemas/plugins/{name} gives the plugin schema with config defaults; an unknown one is 404 "No ' +
      "plugin named 'x'\"",
    async run(sb) {
      const { status, json } = await sb.admin('GET', '/schemas/plugins/key-auth');
      expect(status).toBe(200);
      const config = json.fields.find((f: Record<string, unknown>) => 'config' in f).config;
      const keyNames = config.fields.find((f: Record<string, unknown>) => 'key_names' in f).key_names;
      expect(keyNames).toMatchObject({ type: 'array', required: true, default: ['apikey'] });
      const missing = await sb.admin('GET', '/schemas/plugins/nope');
      expect([missing.status, missing.json]).toEqual([404, { message: "No plugin named 'nope'" }]);
    },
  },
  {
    ref: 'kong/api/routes/kong.lua /schemas/:name',
    fact:
      'GET /schemas/{entity} gives its fields in schema order with defaults; an unknown entity is 404 "No entity ' +
      "named 'x'\"",
    async run(sb) {
      const { status, json } = await sb.admin('GET', '/schemas/services');
      expect(status).toBe(200);
      expect(json.fields[0]).toEqual({ id: { type: 'string', uuid: true, auto: true } });
      expect(json.fields).toContainEqual({
        port: { type: 'integer', required: true, default: 80, between: [0, 65535] },
      });
      const missing = await sb.admin('GET', '/schemas/nope');
      expect([missing.status, missing.json]).toEqual([404, { message: "No entity named 'nope'" }]);
    },
  },
  {
    ref: 'kong/api/routes/tags.lua + db tags strategy',
    fact: 'GET /tags lists {entity_name, entity_id, tag} rows; GET /tags/{tag} only that tag',
    async run(sb) {
      const s = await sb.admin('POST', '/services', { name: 's', url: 'http://echo', tags: ['team-a', 'prod'] });
      const c = await sb.admin('POST', '/consumers', { username: 'c', tags: ['team-a'] });
      const all = await sb.admin('GET', '/tags');
      expect(all.json.data).toHaveLength(3);
      const one = await sb.admin('GET', '/tags/team-a');
      expect(one.json).toEqual({
        data: [
          { entity_name: 'services', entity_id: s.json.id, tag: 'team-a' },
          { entity_name: 'consumers', entity_id: c.json.id, tag: 'team-a' },
        ],
        next: null,
      });
    },
  },
  {
    ref: 'kong/api/routes/kong.lua /endpoints',
    fact: 'GET /endpoints lists the Admin API paths with {param} placeholders, sorted segment-wise',
    async run(sb) {
      const { json } = await sb.admin('GET', '/endpoints');
      expect(json.data).toContain('/services/{services}/routes');
      expect(json.data).toContain('/consumers/{consumers}/key-auth/{keyauth_credentials}');
      const index = (p: string) => json.data.indexOf(p);
      // "/" sorts below every character: /services/… before /services-x would, and /status after /services.
      expect(index('/services')).toBeLessThan(index('/services/{services}'));
      expect(index('/services/{services}/routes')).toBeLessThan(index('/status'));
    },
  },
  {
    ref: 'kong/db/errors.lua INVALID_SIZE + kong/db/dao/init.lua validate_size_value',
    fact:
      'an invalid size is 400 code 9 "invalid size": "size must be a number" / "size must be an integer between ' +
      '1 and 1000"',
    async run(sb) {
      const text = await sb.admin('GET', '/services?size=abc');
      expect([text.status, text.json]).toEqual([
        400,
        { code: 9, name: 'invalid size', message: 'size must be a number' },
      ]);
      const big = await sb.admin('GET', '/services?size=1001');
      expect(big.json).toEqual({
        code: 9,
        name: 'invalid size',
        message: 'size must be an integer between 1 and 1000',
      });
    },
  },
  {
    ref: 'kong/api/endpoints.lua get_collection_endpoint',
    fact:
      'the next link is /<collection>?offset=…&tags=…&size=… (tags before size); nested lists carry only the ' +
      'offset',
    async run(sb) {
      const svc = await sb.admin('POST', '/services', { name: 'svc', url: 'http://echo' });
      for (const n of [1, 2, 3])
        await sb.admin('POST', '/services/svc/routes', { name: `r${n}`, paths: [`/r${n}`], tags: ['t'] });
      const page = await sb.admin('GET', '/routes?size=2&tags=t');
      expect(page.json.next).toBe(`/routes?offset=${encodeURIComponent(page.json.offset)}&tags=t&size=2`);
      const nested = await sb.admin('GET', '/services/svc/routes?size=2');
      expect(nested.json.next).toBe(`/services/svc/routes?offset=${encodeURIComponent(nested.json.offset)}`);
      expect(svc.status).toBe(201);
    },
  },
  {
    ref: 'kong/init.lua access.after',
    fact: 'a route without a service: 503 JSON {"message":"no Service found with those values","request_id":…}',
    async run(sb) {
      await sb.admin('POST', '/routes', { name: 'lonely', paths: ['/lonely'] });
      const answer = await sb.proxy('/lonely');
      expect(answer.status).toBe(503);
      expect(answer.headers.get('content-type')).toBe('application/json; charset=utf-8');
      expect(answer.text).toBe(
        `{\n  "message":"no Service found with those values",\n  ` +
          `"request_id":"${answer.headers.get('x-kong-request-id')}"\n}`,
      );
    },
  },
  {
    ref: 'kong/runloop/handler.lua build_router',
    fact: 'routes of a disabled service are not in the router: 404 "no Route matched with those values"',
    async run(sb) {
      await sb.configure({ services: [echoService({ enabled: false })] });
      const answer = await sb.proxy('/echo');
      expect([answer.status, answer.json.message]).toEqual([404, 'no Route matched with those values']);
    },
  },
  {
    ref: 'kong/pdk/private/rate_limiting.lua (headers applied in header_filter)',
    fact: 'a 503 for an unresolvable upstream keeps the rate-limit headers',
    async run(sb) {
      await sb.configure({
        services: [
          {
            name: 'nowhere',
            host: 'no-such-host.invalid',
            routes: [{ name: 'nowhere', paths: ['/nowhere'] }],
            plugins: [{ name: 'rate-limiting', config: { minute: 5 } }],
          },
        ],
      });
      const answer = await sb.proxy('/nowhere');
      expect(answer.status).toBe(503);
      expect(answer.headers.get('x-ratelimit-remaining-minute')).toBe('4');
      expect(answer.headers.get('ratelimit-limit')).toBe('5');
    },
  },
  {
    ref: 'kong/runloop/handler.lua (forwarded_host = var.host) + nginx $host',
    fact: 'X-Forwarded-Host is the Host lower-cased, without the port',
    async run(sb) {
      await sb.configure({ services: [echoService()] });
      const response = await rawRequest(
        portOf(sb.sandbox.proxyUrl),
        'GET /echo HTTP/1.1\r\nHost: Example.COM:8123\r\nConnection: close\r\n\r\n',
      );
      expect(echoed(response).headers['x-forwarded-host']).toBe('example.com');
    },
  },
  {
    ref: 'kong/runloop/handler.lua access.after (clear the headers named in Connection)',
    fact: 'headers the client names in Connection are not forwarded, nor is Proxy',
    async run(sb) {
      await sb.configure({ services: [echoService()] });
      const response = await rawRequest(
        portOf(sb.sandbox.proxyUrl),
        'GET /echo HTTP/1.1\r\nHost: localhost\r\nConnection: close, X-Secret-Hop\r\nX-Secret-Hop: 1\r\nProxy: ' +
          'evil\r\nX-Kept: yes\r\n\r\n',
      );
      const headers = echoed(response).headers;
      expect(headers['x-secret-hop']).toBeUndefined();
      expect(headers.proxy).toBeUndefined();
      expect(headers['x-kept']).toBe('yes');
    },
  },
  {
    ref: 'kong/runloop/handler.lua (kong_inbound_via = http_version() .. " " .. server token)',
    fact: 'an HTTP/1.0 client: the upstream Via names version 1 (Lua prints 1.0 as "1"), not 1.1',
    async run(sb) {
      await sb.configure({ services: [echoService()] });
      const response = await rawRequest(portOf(sb.sandbox.proxyUrl), 'GET /echo HTTP/1.0\r\nHost: localhost\r\n\r\n');
      expect(echoed(response).headers.via).toMatch(/^1 kong\//);
    },
  },
  {
    ref: 'kong/api/routes/health.lua /status (DB-less)',
    fact: 'GET /status: memory, server counters and configuration_hash, and no database key in DB-less mode',
    async run(sb) {
      const { status, json } = await sb.admin('GET', '/status');
      expect(status).toBe(200);
      expect(Object.keys(json).sort()).toEqual(['configuration_hash', 'memory', 'server']);
      expect(Object.keys(json.server).sort()).toEqual([
        'connections_accepted',
        'connections_active',
        'connections_handled',
        'connections_reading',
        'connections_waiting',
        'connections_writing',
        'total_requests',
      ]);
      expect(json.memory.workers_lua_vms[0].http_allocated_gc).toMatch(/^\d+\.\d\d MiB$/);
      expect(json.configuration_hash).toMatch(/^[0-9a-f]{32}$/);
    },
  },
  {
    ref: 'kong/init.lua serve_content + kong/api/api_helpers.lua cors_filter',
    fact: 'the Admin API echoes Origin in Access-Control-Allow-Origin (and * without one), with Allow-Credentials true',
    async run(sb) {
      const withOrigin = await sb.admin('GET', '/services', undefined, { origin: 'http://localhost:3000' });
      expect(withOrigin.headers.get('access-control-allow-origin')).toBe('http://localhost:3000');
      expect(withOrigin.headers.get('access-control-allow-credentials')).toBe('true');
      const without = await sb.admin('GET', '/services');
      expect(without.headers.get('access-control-allow-origin')).toBe('*');
    },
  },
  {
    ref: 'kong/api/routes/kong.lua GET / + kong/meta.lua',
    fact:
      'GET / reports a semantic version (3.9.1) that tools can parse; the sandbox says what it is in fields they ' +
      'do not read',
    async run(sb) {
      const { json } = await sb.admin('GET', '/');
      expect(json.version).toMatch(/^\d+\.\d+\.\d+$/);
      expect(json.configuration.database).toBe('off');
      expect(json.sandbox).toMatch(/not Kong/);
      expect(json.plugins.available_on_server['key-auth']).toEqual({ version: json.version, priority: 1250 });
    },
  },
];

describeFidelity('Admin API and proxy parity with Kong 3.9', cases);

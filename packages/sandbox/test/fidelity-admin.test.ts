import { expect } from 'vitest';
import { describeFidelity, type FidelityCase } from './harness.js';

// Fact sheet §4.1–§4.3 (Admin API entities, status codes, error shapes), one row per fact.

const cases: FidelityCase[] = [
  {
    ref: '§4.1',
    fact: 'services: url shorthand, defaults protocol http, port 80, retries 5, timeouts 60000, enabled',
    async run(sb) {
      const { status, json } = await sb.admin('POST', '/services', { name: 'svc', url: 'https://example.com:8443/v1' });
      expect(status).toBe(201);
      expect(json).toMatchObject({
        protocol: 'https',
        host: 'example.com',
        port: 8443,
        path: '/v1',
        retries: 5,
        connect_timeout: 60000,
        read_timeout: 60000,
        write_timeout: 60000,
        enabled: true,
      });
      expect((await sb.admin('POST', '/services', { name: 'plain', host: 'example.com' })).json).toMatchObject({
        protocol: 'http',
        port: 80,
      });
    },
  },
  {
    ref: '§4.1',
    fact: 'a service needs a host; its port must be 0-65535 (N schema violations)',
    async run(sb) {
      const { status, json } = await sb.admin('POST', '/services', { name: 'bad', port: 70000 });
      expect(status).toBe(400);
      expect(json).toMatchObject({
        code: 2,
        name: 'schema violation',
        fields: { host: 'required field missing', port: 'value should be between 0 and 65535' },
      });
      expect(json.message).toBe(
        '2 schema violations (host: required field missing; port: value should be between 0 and 65535)',
      );
    },
  },
  {
    ref: '§4.1',
    fact: 'routes: defaults protocols [http, https], strip_path true, preserve_host false, 426, v0, regex_priority 0',
    async run(sb) {
      await sb.admin('POST', '/services', { name: 'svc', url: 'http://echo' });
      const { json } = await sb.admin('POST', '/services/svc/routes', { paths: ['/x'] });
      expect(json).toMatchObject({
        protocols: ['http', 'https'],
        strip_path: true,
        preserve_host: false,
        https_redirect_status_code: 426,
        path_handling: 'v0',
        regex_priority: 0,
      });
    },
  },
  {
    ref: '§4.1',
    fact:
      "a route needs a matcher: \"must set one of 'methods', 'hosts', 'headers', 'paths', 'snis' when " +
      "'protocols' is 'https'\"",
    async run(sb) {
      const { status, json } = await sb.admin('POST', '/routes', { name: 'nothing' });
      expect(status).toBe(400);
      expect(json.fields['@entity']).toEqual([
        "must set one of 'methods', 'hosts', 'headers', 'paths', 'snis' when 'protocols' is 'https'",
      ]);
      const http = await sb.admin('POST', '/routes', { name: 'nothing', protocols: ['http'] });
      expect(http.json.fields['@entity']).toEqual([
        "must set one of 'methods', 'hosts', 'headers', 'paths' when 'protocols' is 'http'",
      ]);
    },
  },
  {
    ref: '§4.1',
    fact:
      "consumers need username or custom_id: \"at least one of these fields must be non-empty: 'custom_id', " +
      "'username'\"",
    async run(sb) {
      const { status, json } = await sb.admin('POST', '/consumers', {});
      expect(status).toBe(400);
      expect(json.fields['@entity']).toEqual([
        "at least one of these fields must be non-empty: 'custom_id', 'username'",
      ]);
      expect(json.message).toBe(
        "schema violation (at least one of these fields must be non-empty: 'custom_id', 'username')",
      );
    },
  },
  {
    ref: '§4.3',
    fact: "a duplicate username is 409 unique constraint violation with Kong's message",
    async run(sb) {
      await sb.admin('POST', '/consumers', { username: 'bob' });
      const { status, json } = await sb.admin('POST', '/consumers', { username: 'bob' });
      expect(status).toBe(409);
      expect(json).toEqual({
        code: 5,
        name: 'unique constraint violation',
        message: 'UNIQUE violation detected on \'{username="bob"}\'',
        fields: { username: 'bob' },
      });
    },
  },
  {
    ref: '§4.3',
    fact: 'creating an entity with an id that exists is a 400 primary key violation (code 3)',
    async run(sb) {
      const { json: first } = await sb.admin('POST', '/consumers', { username: 'one' });
      const { status, json } = await sb.admin('POST', '/consumers', { id: first.id, username: 'two' });
      expect([status, json.code, json.message]).toEqual([400, 3, `primary key violation on key '{id="${first.id}"}'`]);
    },
  },
  {
    ref: '§4.1',
    fact: 'custom_id is unique too',
    async run(sb) {
      await sb.admin('POST', '/consumers', { custom_id: 'c1' });
      expect((await sb.admin('POST', '/consumers', { username: 'x', custom_id: 'c1' })).status).toBe(409);
    },
  },
  {
    ref: '§4.3',
    fact: 'a second plugin of the same name and scope is 409 with the cache-key message',
    async run(sb) {
      const consumer = (await sb.admin('POST', '/consumers', { username: 'c' })).json;
      await sb.admin('POST', '/consumers/c/plugins', { name: 'rate-limiting', config: { minute: 1 } });
      const { status, json } = await sb.admin('POST', '/consumers/c/plugins', {
        name: 'rate-limiting',
        config: { minute: 2 },
      });
      expect(status).toBe(409);
      expect(json.message).toBe(
        `UNIQUE violation detected on '{consumer={id="${consumer.id}"},name="rate-limiting",route=null,service=null}'`,
      );
    },
  },
  {
    ref: '§4.1',
    fact: "an unknown plugin: \"plugin 'x' not enabled; add it to the 'plugins' configuration property\"",
    async run(sb) {
      const { status, json } = await sb.admin('POST', '/plugins', { name: 'rewriter' });
      expect(status).toBe(400);
      expect(json.fields.name).toBe("plugin 'rewriter' not enabled; add it to the 'plugins' configuration property");
    },
  },
  {
    ref: '§4.1',
    fact: 'plugins are addressable by instance_name',
    async run(sb) {
      await sb.admin('POST', '/plugins', { name: 'key-auth', instance_name: 'key-auth1' });
      expect((await sb.admin('GET', '/plugins/key-auth1')).json.name).toBe('key-auth');
    },
  },
  {
    ref: '§4.2',
    fact: 'POST /consumers/{c}/key-auth {"key":"1234"} → 201 with key and consumer.id',
    async run(sb) {
      const consumer = (await sb.admin('POST', '/consumers', { username: 'bob' })).json;
      const { status, json } = await sb.admin('POST', '/consumers/bob/key-auth', { key: '1234' });
      expect(status).toBe(201);
      expect(json.key).toBe('1234');
      expect(json.consumer).toEqual({ id: consumer.id });
    },
  },
  {
    ref: '§4.2',
    fact: 'GET /consumers/{c}/key-auth is a list page {"data":[…],"next":null}',
    async run(sb) {
      await sb.admin('POST', '/consumers', { username: 'bob' });
      await sb.admin('POST', '/consumers/bob/key-auth', { key: 'one' });
      const { status, json } = await sb.admin('GET', '/consumers/bob/key-auth');
      expect(status).toBe(200);
      expect(json.next).toBeNull();
      expect(json.data.map((c: { key: string }) => c.key)).toEqual(['one']);
    },
  },
  {
    ref: '§4.2',
    fact: 'DELETE a credential → 204; then, or from another consumer, or a non-UUID unknown value → 404',
    async run(sb) {
      await sb.admin('POST', '/consumers', { username: 'bob' });
      await sb.admin('POST', '/consumers', { username: 'eve' });
      const credential = (await sb.admin('POST', '/consumers/bob/key-auth', { key: 'k' })).json;
      expect((await sb.admin('DELETE', `/consumers/eve/key-auth/${credential.id}`)).status).toBe(404);
      expect((await sb.admin('DELETE', `/consumers/bob/key-auth/${credential.id}`)).status).toBe(204);
      expect((await sb.admin('DELETE', `/consumers/bob/key-auth/${credential.id}`)).status).toBe(404);
      expect((await sb.admin('DELETE', '/consumers/bob/key-auth/not-a-key')).status).toBe(404);
      expect((await sb.admin('GET', `/consumers/bob/key-auth/${credential.id}`)).json).toEqual({
        message: 'Not found',
      });
    },
  },
  {
    ref: '§4.2',
    fact: 'PATCH a credential with {"key":123} → 400 fields {key: "expected a string"}',
    async run(sb) {
      await sb.admin('POST', '/consumers', { username: 'bob' });
      await sb.admin('POST', '/consumers/bob/key-auth', { key: 'k' });
      const { status, json } = await sb.admin('PATCH', '/consumers/bob/key-auth/k', { key: 123 });
      expect(status).toBe(400);
      expect(json.fields).toEqual({ key: 'expected a string' });
    },
  },
  {
    ref: '§4.2',
    fact: 'POST /key-auths without a consumer → 400 "schema violation (consumer: required field missing)"',
    async run(sb) {
      const { status, json } = await sb.admin('POST', '/key-auths', { key: 'x' });
      expect(status).toBe(400);
      expect(json.message).toBe('schema violation (consumer: required field missing)');
    },
  },
  {
    ref: '§4.2',
    fact: 'GET /key-auths/{key}/consumer gives the owner, 404 for an unknown key',
    async run(sb) {
      await sb.admin('POST', '/consumers', { username: 'bob' });
      await sb.admin('POST', '/consumers/bob/key-auth', { key: 'k' });
      expect((await sb.admin('GET', '/key-auths/k/consumer')).json.username).toBe('bob');
      expect((await sb.admin('GET', '/key-auths/nope/consumer')).status).toBe(404);
    },
  },
  {
    ref: '§4.2',
    fact: 'lists page at 100 by default; size and offset walk the pages via next',
    async run(sb) {
      for (const name of ['a', 'b', 'c']) await sb.admin('POST', '/consumers', { username: name });
      const first = await sb.admin('GET', '/consumers?size=2');
      expect(first.json.data).toHaveLength(2);
      expect(first.json.next).toMatch(/^\/consumers\?offset=/);
      const second = await sb.admin('GET', first.json.next);
      expect(second.json.data.map((c: { username: string }) => c.username)).toEqual(['c']);
      expect(second.json.next).toBeNull();
    },
  },
  {
    ref: '§4.2',
    fact:
      'unknown path → 404 {"message":"Not found"}; wrong method → 405 {"message":"Method not allowed"}; bad ' +
      'Content-Type → 415',
    async run(sb) {
      expect((await sb.admin('GET', '/nothing-here')).json).toEqual({ message: 'Not found' });
      const wrong = await sb.admin('DELETE', '/consumers');
      expect([wrong.status, wrong.json]).toEqual([405, { message: 'Method not allowed' }]);
      expect(
        (await sb.adminRaw('/consumers', { method: 'POST', headers: { 'content-type': 'text/csv' }, body: 'a,b' }))
          .status,
      ).toBe(415);
    },
  },
  {
    ref: '§4.2',
    fact: "form bodies work like Kong's (config.minute=5, strings coerced to numbers)",
    async run(sb) {
      const { status, json } = await sb.adminRaw('/plugins', {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        body: 'name=rate-limiting&config.minute=5&config.limit_by=ip',
      });
      expect(status).toBe(201);
      expect(json.config).toMatchObject({ minute: 5, limit_by: 'ip' });
      const lists = await sb.adminRaw('/plugins', {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        body: 'name=key-auth&config.key_names[]=a&config.key_names[]=b&config.hide_credentials=true',
      });
      expect(lists.json.config).toMatchObject({ key_names: ['a', 'b'], hide_credentials: true });
    },
  },
  {
    ref: '§4.2',
    fact: 'PUT creates by name and then replaces; PATCH merges; DELETE of an unknown top-level entity is 204',
    async run(sb) {
      expect((await sb.admin('PUT', '/consumers/dave', { custom_id: 'd1' })).json).toMatchObject({
        username: 'dave',
        custom_id: 'd1',
      });
      expect((await sb.admin('PATCH', '/consumers/dave', { tags: ['t'] })).json).toMatchObject({
        username: 'dave',
        custom_id: 'd1',
        tags: ['t'],
      });
      expect((await sb.admin('PUT', '/consumers/dave', { username: 'dave' })).json.custom_id).toBeNull();
      expect((await sb.admin('DELETE', '/consumers/nobody')).status).toBe(204);
    },
  },
  {
    ref: '§4.3',
    fact: 'deleting a service still used by routes is a foreign key violation; a missing foreign entity too',
    async run(sb) {
      await sb.admin('POST', '/services', { name: 'svc', url: 'http://echo' });
      await sb.admin('POST', '/services/svc/routes', { paths: ['/x'] });
      const blocked = await sb.admin('DELETE', '/services/svc');
      expect([blocked.status, blocked.json.code, blocked.json.message]).toEqual([
        400,
        4,
        "an existing 'routes' entity references this 'services' entity",
      ]);
      const missing = await sb.admin('POST', '/routes', {
        paths: ['/y'],
        service: { id: '00000000-0000-4000-8000-000000000001' },
      });
      expect(missing.json.message).toBe(
        "the foreign key '{id=\"00000000-0000-4000-8000-000000000001\"}' does not reference an existing 'services' " +
          'entity.',
      );
    },
  },
  {
    ref: '§4',
    fact: 'the Admin API answers GET / with node information and /plugins/enabled with the sandbox plugins',
    async run(sb) {
      expect((await sb.admin('GET', '/')).json.tagline).toBe('Welcome to kong');
      // Every plugin the sandbox has (other tables cover each one); the list grows as plugins are added.
      expect((await sb.admin('GET', '/plugins/enabled')).json.enabled_plugins).toEqual(
        expect.arrayContaining([
          'key-auth',
          'basic-auth',
          'acl',
          'rate-limiting',
          'request-termination',
          'proxy-cache',
        ]),
      );
      expect((await sb.admin('GET', '/plugins/enabled')).json.enabled_plugins).toEqual(
        expect.arrayContaining(['jwt', 'hmac-auth', 'oauth2']),
      );
    },
  },
];

describeFidelity('Admin API fidelity (fact sheet §4)', cases);

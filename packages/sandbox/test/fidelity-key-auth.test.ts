import { expect } from 'vitest';
import { describeFidelity, echoService, type FidelityCase } from './harness.js';

/** A parsed JSON answer: tests walk into it freely, and their expectations check its shape. */
// biome-ignore lint/suspicious/noExplicitAny: the one place this test file leaves JSON untyped
type Json = any;

// Fact sheet §1 (key-auth, Kong 3.9), one row per fact. docs/sandbox.md links here.

const keyAuth = (config: Record<string, unknown> = {}) => ({
  services: [echoService({ plugins: [{ name: 'key-auth', config }] })],
  consumers: [
    { username: 'bob', custom_id: 'bob-42', keyauth_credentials: [{ key: 'kong' }] },
    { username: 'no-body' },
  ],
});

const upstream = (answer: { json: Json }) =>
  answer.json as {
    url: string;
    path: string;
    query: Record<string, string>;
    headers: Record<string, string>;
    body?: string;
  };

const cases: FidelityCase[] = [
  {
    ref: '§1.1',
    fact:
      'config defaults: key_names [apikey], hide_credentials false, anonymous null, header and query on, body ' +
      'off, run_on_preflight true, realm null',
    async run(sb) {
      const answer = await sb.admin('POST', '/plugins', { name: 'key-auth' });
      expect(answer.status).toBe(201);
      expect(answer.json.config).toEqual({
        key_names: ['apikey'],
        hide_credentials: false,
        anonymous: null,
        key_in_header: true,
        key_in_query: true,
        key_in_body: false,
        run_on_preflight: true,
        realm: null,
      });
    },
  },
  {
    ref: '§1.1',
    fact: 'a bad key name is a 400 at fields.config.key_names[1]',
    async run(sb) {
      const answer = await sb.admin('POST', '/plugins', { name: 'key-auth', config: { key_names: ['hello\\world'] } });
      expect(answer.status).toBe(400);
      expect(answer.json.fields.config.key_names[0]).toBe(
        "bad header name 'hello\\world', allowed characters are A-Z, a-z, 0-9, '_', and '-'",
      );
    },
  },
  {
    ref: '§1.1',
    fact: 'key-auth cannot be scoped to a consumer (consumer must be null)',
    async run(sb) {
      const consumer = await sb.admin('POST', '/consumers', { username: 'scoped' });
      const answer = await sb.admin('POST', `/consumers/${consumer.json.id}/plugins`, { name: 'key-auth' });
      expect(answer.status).toBe(400);
      expect(answer.json.fields).toEqual({ consumer: 'value must be null' });
    },
  },
  {
    ref: '§1.2',
    fact: 'the key in a header authenticates',
    async run(sb) {
      await sb.configure(keyAuth());
      expect((await sb.proxy('/echo', { headers: { apikey: 'kong' } })).status).toBe(200);
    },
  },
  {
    ref: '§1.2',
    fact: 'the key in the query string authenticates',
    async run(sb) {
      await sb.configure(keyAuth());
      expect((await sb.proxy('/echo?apikey=kong')).status).toBe(200);
    },
  },
  {
    ref: '§1.2',
    fact: 'header matching is case-insensitive (APIKEY matches apikey)',
    async run(sb) {
      await sb.configure(keyAuth());
      expect((await sb.proxy('/echo', { headers: { APIKEY: 'kong' } })).status).toBe(200);
    },
  },
  {
    ref: '§1.2',
    fact: 'with key_names [api_key], both api_key: and api-key: headers authenticate',
    async run(sb) {
      await sb.configure(keyAuth({ key_names: ['api_key'] }));
      expect((await sb.proxy('/echo', { headers: { api_key: 'kong' } })).status).toBe(200);
      expect((await sb.proxy('/echo', { headers: { 'api-key': 'kong' } })).status).toBe(200);
    },
  },
  {
    ref: '§1.2',
    fact: 'the underscore reads as a dash only in the key name: key name api-key does not find an api_key header',
    async run(sb) {
      await sb.configure(keyAuth({ key_names: ['api-key'] }));
      expect((await sb.proxy('/echo', { headers: { 'API-KEY': 'kong' } })).status).toBe(200);
      expect((await sb.proxy('/echo', { headers: { api_key: 'kong' } })).json.message).toBe(
        'No API key found in request',
      );
    },
  },
  {
    ref: '§1.2',
    fact: 'query arg names are exact and case-sensitive',
    async run(sb) {
      await sb.configure(keyAuth());
      expect((await sb.proxy('/echo?APIKEY=kong')).json.message).toBe('No API key found in request');
    },
  },
  {
    ref: '§1.2',
    fact: 'no fallback: a wrong key in the header beats a right key in the query (401 Unauthorized)',
    async run(sb) {
      await sb.configure(keyAuth());
      const answer = await sb.proxy('/echo?apikey=kong', { headers: { apikey: 'wrong' } });
      expect(answer.status).toBe(401);
      expect(answer.json.message).toBe('Unauthorized');
    },
  },
  {
    ref: '§1.2',
    fact: 'no fallback: header=wrong, query=right, body=wrong with all sources on gives 401',
    async run(sb) {
      await sb.configure(keyAuth({ key_in_body: true }));
      const answer = await sb.proxy('/echo?apikey=kong', {
        headers: { apikey: 'wrong', 'content-type': 'application/x-www-form-urlencoded' },
        body: 'apikey=wrong',
      });
      expect(answer.status).toBe(401);
    },
  },
  {
    ref: '§1.2',
    fact: 'key_in_header=false ignores the header and uses the query',
    async run(sb) {
      await sb.configure(keyAuth({ key_in_header: false }));
      expect((await sb.proxy('/echo?apikey=kong', { headers: { apikey: 'wrong' } })).status).toBe(200);
      expect((await sb.proxy('/echo', { headers: { apikey: 'kong' } })).status).toBe(401);
    },
  },
  {
    ref: '§1.2',
    fact: 'key_in_query=false ignores the query',
    async run(sb) {
      await sb.configure(keyAuth({ key_in_query: false }));
      expect((await sb.proxy('/echo?apikey=kong')).json.message).toBe('No API key found in request');
    },
  },
  {
    ref: '§1.2',
    fact: 'key_in_body reads form, JSON and multipart bodies',
    async run(sb) {
      await sb.configure(keyAuth({ key_in_body: true }));
      expect(
        (
          await sb.proxy('/echo', {
            headers: { 'content-type': 'application/x-www-form-urlencoded' },
            body: 'apikey=kong',
          })
        ).status,
      ).toBe(200);
      expect((await sb.proxy('/echo', { json: { apikey: 'kong' } })).status).toBe(200);
      const form = new FormData();
      form.append('apikey', 'kong');
      expect((await sb.proxy('/echo', { body: form })).status).toBe(200);
    },
  },
  {
    ref: '§1.2',
    fact: 'a body key is ignored while key_in_body is off',
    async run(sb) {
      await sb.configure(keyAuth());
      expect((await sb.proxy('/echo', { json: { apikey: 'kong' } })).json.message).toBe('No API key found in request');
    },
  },
  {
    ref: '§1.2',
    fact: 'a bare ?apikey (no value) is 401 No API key found in request',
    async run(sb) {
      await sb.configure(keyAuth());
      const answer = await sb.proxy('/echo?apikey');
      expect([answer.status, answer.json.message]).toEqual([401, 'No API key found in request']);
    },
  },
  {
    ref: '§1.2',
    fact: 'an empty apikey header is 401 No API key found in request',
    async run(sb) {
      await sb.configure(keyAuth());
      const answer = await sb.proxy('/echo', { headers: { apikey: '' } });
      expect([answer.status, answer.json.message]).toEqual([401, 'No API key found in request']);
    },
  },
  {
    ref: '§1.2',
    fact: 'duplicate keys (query, form field, JSON array) are 401 Duplicate API key found',
    async run(sb) {
      await sb.configure(keyAuth({ key_in_body: true }));
      expect((await sb.proxy('/echo?apikey=kong&apikey=kong')).json.message).toBe('Duplicate API key found');
      expect(
        (
          await sb.proxy('/echo', {
            headers: { 'content-type': 'application/x-www-form-urlencoded' },
            body: 'apikey=kong&apikey=kong',
          })
        ).json.message,
      ).toBe('Duplicate API key found');
      const json = await sb.proxy('/echo', { json: { apikey: ['kong', 'kong'] } });
      expect([json.status, json.json.message]).toEqual([401, 'Duplicate API key found']);
    },
  },
  {
    ref: '§1.2',
    fact: 'a repeated apikey header is 401 Duplicate API key found',
    async run(sb) {
      await sb.configure(keyAuth());
      const { request } = await import('undici');
      const response = await request(`${sb.sandbox.proxyUrl}/echo`, { headers: ['apikey', 'kong', 'apikey', 'kong'] });
      const body = (await response.body.json()) as { message: string };
      expect([response.statusCode, body.message]).toEqual([401, 'Duplicate API key found']);
    },
  },
  {
    ref: '§1.2',
    fact: 'apikey[]= and apikey[1]= form fields are not the key',
    async run(sb) {
      await sb.configure(keyAuth({ key_in_body: true }));
      for (const body of ['apikey[]=kong', 'apikey[1]=kong']) {
        const answer = await sb.proxy('/echo', {
          headers: { 'content-type': 'application/x-www-form-urlencoded' },
          body,
        });
        expect(answer.json.message).toBe('No API key found in request');
      }
    },
  },
  {
    ref: '§1.2',
    fact: 'key_in_body with an unsupported Content-Type (text/plain) is 401 No API key found in request',
    async run(sb) {
      await sb.configure(keyAuth({ key_in_body: true }));
      const answer = await sb.proxy('/echo', { headers: { 'content-type': 'text/plain' }, body: 'apikey=kong' });
      expect([answer.status, answer.json.message]).toEqual([401, 'No API key found in request']);
    },
  },
  {
    ref: '§1.2',
    fact: 'key_names are tried in order; the first name present wins',
    async run(sb) {
      await sb.configure(keyAuth({ key_names: ['first', 'second'] }));
      expect((await sb.proxy('/echo', { headers: { second: 'kong' } })).status).toBe(200);
      expect((await sb.proxy('/echo', { headers: { first: 'wrong', second: 'kong' } })).status).toBe(401);
    },
  },
  {
    ref: '§1.3',
    fact: 'no key: 401, exact JSON template with request_id, WWW-Authenticate: Key, application/json; charset=utf-8',
    async run(sb) {
      await sb.configure(keyAuth());
      const answer = await sb.proxy('/echo');
      const id = answer.headers.get('x-kong-request-id');
      expect(answer.status).toBe(401);
      expect(answer.headers.get('www-authenticate')).toBe('Key');
      expect(answer.headers.get('content-type')).toBe('application/json; charset=utf-8');
      expect(answer.text).toBe(`{\n  "message":"No API key found in request",\n  "request_id":"${id}"\n}`);
    },
  },
  {
    ref: '§1.3',
    fact: 'an unknown key: 401 Unauthorized (3.6+ wording) with WWW-Authenticate: Key',
    async run(sb) {
      await sb.configure(keyAuth());
      const answer = await sb.proxy('/echo', { headers: { apikey: '12' } });
      expect([answer.status, answer.json.message, answer.headers.get('www-authenticate')]).toEqual([
        401,
        'Unauthorized',
        'Key',
      ]);
    },
  },
  {
    ref: '§1.3',
    fact: 'realm set: WWW-Authenticate: Key realm="test-realm" on every key-auth 401',
    async run(sb) {
      await sb.configure(keyAuth({ realm: 'test-realm' }));
      for (const headers of [{}, { apikey: 'nope' }] as Record<string, string>[])
        expect((await sb.proxy('/echo', { headers })).headers.get('www-authenticate')).toBe('Key realm="test-realm"');
      expect((await sb.proxy('/echo?apikey=a&apikey=b')).headers.get('www-authenticate')).toBe(
        'Key realm="test-realm"',
      );
    },
  },
  {
    ref: '§1.3',
    fact:
      'anonymous naming a missing consumer: 500 "anonymous consumer … is configured but doesn\'t exist", no ' +
      'WWW-Authenticate',
    async run(sb) {
      await sb.configure(keyAuth({ anonymous: 'ghost' }));
      const answer = await sb.proxy('/echo');
      expect([answer.status, answer.json.message, answer.headers.get('www-authenticate')]).toEqual([
        500,
        "anonymous consumer ghost is configured but doesn't exist",
        null,
      ]);
    },
  },
  {
    ref: '§1.3',
    fact: 'the error format follows Accept: text/plain and text/html templates',
    async run(sb) {
      await sb.configure(keyAuth());
      const plain = await sb.proxy('/echo', { headers: { accept: 'text/plain' } });
      expect(plain.text).toBe(`No API key found in request\nrequest_id: ${plain.headers.get('x-kong-request-id')}\n`);
      expect(plain.headers.get('content-type')).toBe('text/plain; charset=utf-8');
      const html = await sb.proxy('/echo', { headers: { accept: 'text/html' } });
      expect(html.text).toContain('<p>No API key found in request.</p>');
    },
  },
  {
    ref: '§1.4',
    fact:
      'success sends X-Consumer-ID, -Custom-ID, -Username and X-Credential-Identifier (the credential id) ' +
      'upstream, no X-Anonymous-Consumer',
    async run(sb) {
      await sb.configure(keyAuth());
      const credential = (await sb.admin('GET', '/key-auths/kong')).json;
      const consumer = (await sb.admin('GET', '/consumers/bob')).json;
      const seen = upstream(await sb.proxy('/echo', { headers: { apikey: 'kong' } })).headers;
      expect(seen['x-consumer-id']).toBe(consumer.id);
      expect(seen['x-consumer-custom-id']).toBe('bob-42');
      expect(seen['x-consumer-username']).toBe('bob');
      expect(seen['x-credential-identifier']).toBe(credential.id);
      expect(seen['x-anonymous-consumer']).toBeUndefined();
    },
  },
  {
    ref: '§1.4',
    fact: 'consumer headers a client sends are replaced or cleared, never passed through',
    async run(sb) {
      await sb.configure({
        services: [echoService({ plugins: [{ name: 'key-auth' }] })],
        consumers: [{ username: 'plain', keyauth_credentials: [{ key: 'k' }] }],
      });
      const seen = upstream(
        await sb.proxy('/echo', {
          headers: {
            apikey: 'k',
            'x-consumer-username': 'admin',
            'x-consumer-custom-id': 'forged',
            'x-anonymous-consumer': 'true',
          },
        }),
      ).headers;
      expect(seen['x-consumer-username']).toBe('plain');
      expect(seen['x-consumer-custom-id']).toBeUndefined();
      expect(seen['x-anonymous-consumer']).toBeUndefined();
    },
  },
  {
    ref: '§1.5',
    fact: 'hide_credentials strips the query arg and keeps the other args in order',
    async run(sb) {
      await sb.configure(keyAuth({ hide_credentials: true }));
      expect(upstream(await sb.proxy('/echo/request?c=value1&b=value2&apikey=kong&a=value3')).url).toBe(
        '/request?c=value1&b=value2&a=value3',
      );
    },
  },
  {
    ref: '§1.5',
    fact: 'hide_credentials=false leaves the URI untouched',
    async run(sb) {
      await sb.configure(keyAuth());
      expect(upstream(await sb.proxy('/echo/request?c=value1&b=value2&apikey=kong&a=value3')).url).toBe(
        '/request?c=value1&b=value2&apikey=kong&a=value3',
      );
    },
  },
  {
    ref: '§1.5',
    fact: 'hide_credentials removes a percent-encoded arg name (api%6B%65%79)',
    async run(sb) {
      await sb.configure(keyAuth({ hide_credentials: true }));
      expect(upstream(await sb.proxy('/echo/request?c=value1&api%6B%65%79=kong&a=value3')).url).toBe(
        '/request?c=value1&a=value3',
      );
    },
  },
  {
    ref: '§1.5',
    fact: 'hide_credentials strips the header',
    async run(sb) {
      await sb.configure(keyAuth({ hide_credentials: true }));
      const seen = upstream(await sb.proxy('/echo', { headers: { apikey: 'kong' } }));
      expect(seen.headers.apikey).toBeUndefined();
      expect(seen.headers['x-consumer-username']).toBe('bob');
    },
  },
  {
    ref: '§1.5',
    fact: 'hide_credentials with key_in_body removes the field from form, JSON and multipart bodies (same MIME type)',
    async run(sb) {
      await sb.configure(keyAuth({ hide_credentials: true, key_in_body: true }));
      const urlencoded = upstream(
        await sb.proxy('/echo', {
          headers: { 'content-type': 'application/x-www-form-urlencoded' },
          body: 'apikey=kong&other=1',
        }),
      );
      expect(urlencoded.body).toBe('other=1');
      const json = upstream(await sb.proxy('/echo', { json: { apikey: 'kong', other: 1 } }));
      expect(JSON.parse(json.body!)).toEqual({ other: 1 });
      expect(json.headers['content-type']).toBe('application/json');
      const form = new FormData();
      form.append('apikey', 'kong');
      form.append('note', 'kept');
      const multipart = upstream(await sb.proxy('/echo', { body: form }));
      expect(multipart.headers['content-type']).toMatch(/^multipart\/form-data; boundary=/);
      expect(multipart.body).toContain('name="note"\r\n\r\nkept');
      expect(multipart.body).not.toContain('name="apikey"');
      expect(Number(multipart.headers['content-length'])).toBe(Buffer.byteLength(multipart.body!));
    },
  },
  {
    ref: '§1.6',
    fact:
      'anonymous by username: no key proxies as that consumer with X-Anonymous-Consumer: true, no ' +
      'X-Credential-Identifier',
    async run(sb) {
      await sb.configure(keyAuth({ anonymous: 'no-body' }));
      const answer = await sb.proxy('/echo');
      expect(answer.status).toBe(200);
      const seen = upstream(answer).headers;
      expect(seen['x-anonymous-consumer']).toBe('true');
      expect(seen['x-consumer-username']).toBe('no-body');
      expect(seen['x-credential-identifier']).toBeUndefined();
    },
  },
  {
    ref: '§1.6',
    fact: 'anonymous by consumer id works too, and a wrong key also falls back to it',
    async run(sb) {
      await sb.configure(keyAuth());
      const anonymous = (await sb.admin('GET', '/consumers/no-body')).json.id as string;
      const plugin = (await sb.admin('GET', '/plugins')).json.data[0];
      await sb.admin('PATCH', `/plugins/${plugin.id}`, { config: { anonymous } });
      const seen = upstream(await sb.proxy('/echo', { headers: { apikey: 'wrong' } })).headers;
      expect(seen['x-consumer-username']).toBe('no-body');
      expect(upstream(await sb.proxy('/echo', { headers: { apikey: 'kong' } })).headers['x-consumer-username']).toBe(
        'bob',
      );
    },
  },
  {
    ref: '§1.7',
    fact: 'run_on_preflight=false lets OPTIONS through without a key',
    async run(sb) {
      await sb.configure(keyAuth({ run_on_preflight: false }));
      expect((await sb.proxy('/echo', { method: 'OPTIONS' })).status).toBe(200);
      expect((await sb.proxy('/echo')).status).toBe(401);
    },
  },
  {
    ref: '§1.7',
    fact: 'by default OPTIONS without a key is 401 No API key found in request',
    async run(sb) {
      await sb.configure(keyAuth());
      const answer = await sb.proxy('/echo', { method: 'OPTIONS' });
      expect([answer.status, answer.json.message]).toEqual([401, 'No API key found in request']);
    },
  },
  {
    ref: '§1.8',
    fact: 'a credential key is generated when omitted, different each time; a duplicate key is a 409',
    async run(sb) {
      await sb.admin('POST', '/consumers', { username: 'gen' });
      const a = await sb.admin('POST', '/consumers/gen/key-auth', {});
      const b = await sb.admin('POST', '/consumers/gen/key-auth', {});
      expect([a.status, b.status]).toEqual([201, 201]);
      expect(a.json.key).toMatch(/^\S{20,}$/);
      expect(a.json.key).not.toBe(b.json.key);
      const dup = await sb.admin('POST', '/consumers/gen/key-auth', { key: a.json.key });
      expect(dup.status).toBe(409);
      expect(dup.json.message).toBe(`UNIQUE violation detected on '{key="${a.json.key}"}'`);
    },
  },
  {
    ref: '§1.8',
    fact: 'a credential can be addressed by key or by id',
    async run(sb) {
      await sb.configure(keyAuth());
      const byKey = await sb.admin('GET', '/key-auths/kong');
      const byId = await sb.admin('GET', `/key-auths/${byKey.json.id}`);
      expect(byId.json.key).toBe('kong');
    },
  },
  {
    ref: '§1.8',
    fact: 'a credential with a ttl stops authenticating once it expires, and GET gives 404 (sandbox clock)',
    async run(sb) {
      await sb.configure({
        services: [echoService({ plugins: [{ name: 'key-auth' }] })],
        consumers: [{ username: 'temp' }],
      });
      sb.clock.ms = Date.now();
      await sb.admin('POST', '/consumers/temp/key-auth', { key: 'short-lived', ttl: 5 });
      expect((await sb.proxy('/echo', { headers: { apikey: 'short-lived' } })).status).toBe(200);
      sb.sandbox.advanceClock(6000);
      expect((await sb.proxy('/echo', { headers: { apikey: 'short-lived' } })).json.message).toBe('Unauthorized');
      expect((await sb.admin('GET', '/key-auths/short-lived')).status).toBe(404);
    },
  },
  {
    ref: '§1.8',
    fact: 'deleting a consumer deletes its credentials (cascade)',
    async run(sb) {
      await sb.configure(keyAuth());
      expect((await sb.admin('DELETE', '/consumers/bob')).status).toBe(204);
      expect((await sb.admin('GET', '/key-auths/kong')).status).toBe(404);
      expect((await sb.proxy('/echo', { headers: { apikey: 'kong' } })).status).toBe(401);
    },
  },
];

describeFidelity('key-auth fidelity (fact sheet §1)', cases);

import { createHash } from 'node:crypto';
import { expect } from 'vitest';
import { describeFidelity, echoService, type FidelityCase, type TestSandbox } from './harness.js';

// The basic-auth plugin and its basicauth_credentials, from Kong/kong at tag 3.9.1:
// kong/plugins/basic-auth/{access,crypto,daos,schema}.lua and spec/03-plugins/10-basic-auth/
// {02-api,03-access}_spec.lua. Rows name the spec case.

const basic = (user: string, password: string) => `Basic ${Buffer.from(`${user}:${password}`).toString('base64')}`;

/** bob (credential user123 / password123, and user321 / a:b:c) behind basic-auth with realm test-realm. */
async function setup(sb: TestSandbox, config: Record<string, unknown> = { realm: 'test-realm' }): Promise<void> {
  await sb.configure({
    services: [echoService({ plugins: [{ name: 'basic-auth', config }] })],
    consumers: [
      {
        username: 'bob',
        basicauth_credentials: [
          { username: 'user123', password: 'password123' },
          { username: 'user321', password: 'a:b:c' },
        ],
      },
      { username: 'no-body' },
    ],
  });
}

const cases: FidelityCase[] = [
  {
    ref: '02-api_spec "creates a basic-auth credential" / "hashes the password"',
    fact:
      'POST /consumers/{c}/basic-auth → 201; the stored password is sha1(password .. consumer id) in hex, ' +
      'whitespace kept',
    async run(sb) {
      const bob = await sb.admin('POST', '/consumers', { username: 'bob' });
      const created = await sb.admin('POST', '/consumers/bob/basic-auth', { username: 'bob', password: ' kong ' });
      expect(created.status).toBe(201);
      expect(created.json.consumer).toEqual({ id: bob.json.id });
      expect(created.json.password).toBe(createHash('sha1').update(` kong ${bob.json.id}`).digest('hex'));
      const missing = await sb.admin('POST', '/consumers/bob/basic-auth', {});
      expect(missing.json.fields).toEqual({ username: 'required field missing', password: 'required field missing' });
      expect((await sb.admin('POST', '/consumers/bob/basic-auth', { username: 'bob', password: 'x' })).status).toBe(
        409,
      );
      expect((await sb.admin('GET', '/consumers/bob/basic-auth/bob')).json.id).toBe(created.json.id);
      expect((await sb.admin('GET', `/basic-auths/${created.json.id}/consumer`)).json.username).toBe('bob');
    },
  },
  {
    ref: '03-access_spec "returns Unauthorized on missing credentials"',
    fact:
      'no Authorization: 401 "Unauthorized" with WWW-Authenticate: Basic realm="service" by default (or the ' +
      'configured realm)',
    async run(sb) {
      await setup(sb, {});
      const answer = await sb.proxy('/echo');
      expect([answer.status, answer.json.message]).toEqual([401, 'Unauthorized']);
      expect(answer.headers.get('www-authenticate')).toBe('Basic realm="service"');
    },
  },
  {
    ref:
      '03-access_spec "returns 401 Unauthorized on invalid credentials / password only / username only / valid ' +
      'Base64"',
    fact: 'a wrong password, a missing part, or a mangled value: 401 with Basic realm="test-realm"',
    async run(sb) {
      await setup(sb);
      for (const authorization of [
        basic('user123', 'wrong'),
        'Basic OnBhc3N3b3JkMTIz',
        'Basic dXNlcjEyMzo=',
        'Basic adXNlcjEyMzpwYXNzd29yZDEyMw==',
      ]) {
        const answer = await sb.proxy('/echo', { headers: { authorization } });
        expect([answer.status, answer.json.message]).toEqual([401, 'Unauthorized']);
        expect(answer.headers.get('www-authenticate')).toBe('Basic realm="test-realm"');
      }
    },
  },
  {
    ref:
      '03-access_spec "authenticates valid credentials" / "with a password containing \':\'" / "sends Consumer ' +
      'headers"',
    fact: 'valid credentials pass, a password may contain ":", and X-Credential-Identifier is the credential username',
    async run(sb) {
      await setup(sb);
      const ok = await sb.proxy('/echo', { headers: { authorization: basic('user123', 'password123') } });
      expect(ok.status).toBe(200);
      expect(ok.json.headers['x-consumer-username']).toBe('bob');
      expect(ok.json.headers['x-credential-identifier']).toBe('user123');
      const colon = await sb.proxy('/echo', { headers: { authorization: basic('user321', 'a:b:c') } });
      expect(colon.json.headers['x-credential-identifier']).toBe('user321');
      const proxyAuth = await sb.proxy('/echo', {
        headers: { 'proxy-authorization': basic('user123', 'password123') },
      });
      expect(proxyAuth.status).toBe(200);
    },
  },
  {
    ref: '03-access_spec "false sends key to upstream" / "true doesn\'t send key to upstream"',
    fact: 'hide_credentials removes Authorization upstream; without it the header is passed on',
    async run(sb) {
      await setup(sb, { realm: 'test-realm', hide_credentials: true });
      const hidden = await sb.proxy('/echo', { headers: { authorization: basic('user123', 'password123') } });
      expect(hidden.json.headers.authorization).toBeUndefined();
      await setup(sb);
      const kept = await sb.proxy('/echo', { headers: { authorization: basic('user123', 'password123') } });
      expect(kept.json.headers.authorization).toBe(basic('user123', 'password123'));
    },
  },
  {
    ref: '03-access_spec "works with wrong credentials and anonymous"',
    fact: 'with anonymous set, wrong credentials continue as the anonymous consumer (X-Anonymous-Consumer: true)',
    async run(sb) {
      await setup(sb, { realm: 'test-realm', anonymous: 'no-body' });
      const answer = await sb.proxy('/echo', { headers: { authorization: basic('user123', 'nope') } });
      expect(answer.status).toBe(200);
      expect(answer.json.headers['x-anonymous-consumer']).toBe('true');
      expect(answer.json.headers['x-consumer-username']).toBe('no-body');
      expect(answer.json.headers['x-credential-identifier']).toBeUndefined();
    },
  },
  {
    ref: 'declarative (05-declarative_spec, _transform)',
    fact: 'a declarative credential is hashed on load, so GET shows the hash and the plain password authenticates',
    async run(sb) {
      await setup(sb);
      const credential = await sb.admin('GET', '/basic-auths/user123');
      const bob = await sb.admin('GET', '/consumers/bob');
      expect(credential.json.password).toBe(createHash('sha1').update(`password123${bob.json.id}`).digest('hex'));
    },
  },
];

describeFidelity('basic-auth fidelity (Kong 3.9.1 basic-auth plugin)', cases);

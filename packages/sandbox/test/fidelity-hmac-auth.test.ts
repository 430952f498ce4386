import { createHash, createHmac } from 'node:crypto';
import { expect } from 'vitest';
import { describeFidelity, echoService, FIDELITY_START, type FidelityCase, type TestSandbox } from './harness.js';

// The hmac-auth plugin and its hmacauth_credentials, from Kong/kong at tag 3.9.1:
// kong/plugins/hmac-auth/{access,daos,schema}.lua and spec/03-plugins/19-hmac-auth/{02-api,03-access}_spec.lua.

const SIGNATURE_NOT_VALID = 'HMAC signature cannot be verified';
const DATE = new Date(FIDELITY_START).toUTCString();

/** bob with credential bob / secret, behind hmac-auth with `config`. */
async function setup(sb: TestSandbox, config: Record<string, unknown> = { realm: 'test-realm' }): Promise<void> {
  await sb.configure({
    services: [echoService({ plugins: [{ name: 'hmac-auth', config }] })],
    consumers: [{ username: 'bob', hmacauth_credentials: [{ username: 'bob', secret: 'secret' }] }],
  });
}

function signature(lines: readonly string[], secret = 'secret', algorithm = 'sha256'): string {
  return createHmac(algorithm, secret).update(lines.join('\n')).digest('base64');
}

const auth = (sig: string, headers = 'date', algorithm = 'hmac-sha256', username = 'bob') =>
  `hmac username="${username}", algorithm="${algorithm}", headers="${headers}", signature="${sig}"`;

const cases: FidelityCase[] = [
  {
    ref: '02-api_spec "creates a hmac-auth credential" / "creates a hmac-auth credential with a random secret"',
    fact: 'POST /consumers/{c}/hmac-auth → 201; no secret → a generated one; username unique (409); by username',
    async run(sb) {
      await sb.admin('POST', '/consumers', { username: 'bob' });
      const created = await sb.admin('POST', '/consumers/bob/hmac-auth', { username: 'bob' });
      expect(created.status).toBe(201);
      expect(created.json.secret).toMatch(/^[A-Za-z0-9]{32}$/);
      expect((await sb.admin('POST', '/consumers/bob/hmac-auth', { username: 'bob' })).status).toBe(409);
      const missing = await sb.admin('POST', '/consumers/bob/hmac-auth', {});
      expect(missing.json.fields).toEqual({ username: 'required field missing' });
      expect((await sb.admin('GET', '/hmac-auths/bob')).json.id).toBe(created.json.id);
      expect((await sb.admin('GET', '/hmac-auths/bob/consumer')).json.username).toBe('bob');
    },
  },
  {
    ref: '03-access_spec "should not be authorized when the hmac credentials are missing"',
    fact: 'no Authorization: 401 "Unauthorized" (Kong error template), WWW-Authenticate: hmac realm="test-realm"',
    async run(sb) {
      await setup(sb);
      const answer = await sb.proxy('/echo', { headers: { date: DATE } });
      expect([answer.status, answer.json.message]).toEqual([401, 'Unauthorized']);
      expect(answer.json.request_id).toMatch(/^[0-9a-f]+$/);
      expect(answer.headers.get('www-authenticate')).toBe('hmac realm="test-realm"');
    },
  },
  {
    ref: '03-access_spec "should not be authorized when date header is missing" / "x-date malformed"',
    fact: 'no valid Date or X-Date within clock_skew: 401 "… a valid date or x-date header is required …"',
    async run(sb) {
      await setup(sb, {});
      const message = `${SIGNATURE_NOT_VALID}, a valid date or x-date header is required for HMAC Authentication`;
      const variants: Record<string, string>[] = [
        { authorization: 'hmac :dXNlcm5hbWU6cGFzc3dvcmQ=' },
        { authorization: auth('x'), 'x-date': 'wrong date' },
        { authorization: auth('x'), date: new Date(FIDELITY_START - 301_000).toUTCString() },
      ];
      for (const headers of variants) {
        const answer = await sb.proxy('/echo', { headers });
        expect([answer.status, answer.json.message]).toEqual([401, message]);
        expect(answer.headers.get('www-authenticate')).toBe('hmac');
      }
    },
  },
  {
    ref: '03-access_spec "should not be authorized when the HMAC signature is wrong" / "wrong username" / algorithm',
    fact: 'unparseable header, unknown username, unsupported algorithm, enforced header unused: "cannot be verified"',
    async run(sb) {
      await setup(sb, { realm: 'test-realm', algorithms: ['hmac-sha256'], enforce_headers: ['date'] });
      const sig = signature([`date: ${DATE}`]);
      for (const authorization of [
        'asd',
        auth(sig, 'date', 'hmac-sha256', 'alice'),
        auth(signature([`date: ${DATE}`], 'secret', 'sha1'), 'date', 'hmac-sha1'),
        auth(signature(['content-md5:']), 'content-md5'),
      ]) {
        const answer = await sb.proxy('/echo', { headers: { date: DATE, authorization } });
        expect([answer.status, answer.json.message]).toEqual([401, SIGNATURE_NOT_VALID]);
      }
    },
  },
  {
    ref: '03-access_spec "should not be authorized when the HMAC signature is not properly base64 encoded"',
    fact: 'a signature that is not base64, or signs other content: 401 "HMAC signature does not match"',
    async run(sb) {
      await setup(sb);
      for (const sig of ['not base64!', signature([`date: ${DATE}`], 'other')]) {
        const answer = await sb.proxy('/echo', { headers: { date: DATE, authorization: auth(sig) } });
        expect([answer.status, answer.json.message]).toEqual([401, 'HMAC signature does not match']);
      }
    },
  },
  {
    ref: '03-access_spec "should pass with GET" / "should pass the right headers to the upstream server"',
    fact: 'a valid signature over date: 200; X-Consumer-Username, X-Credential-Identifier = credential username',
    async run(sb) {
      await setup(sb);
      const authorization = auth(signature([`date: ${DATE}`]));
      const answer = await sb.proxy('/echo', { headers: { date: DATE, authorization } });
      expect(answer.status).toBe(200);
      expect(answer.json.headers.authorization).toBe(authorization);
      expect(answer.json.headers['x-consumer-username']).toBe('bob');
      expect(answer.json.headers['x-credential-identifier']).toBe('bob');
    },
  },
  {
    ref: '03-access_spec "should pass with GET with request-line" / "@request-target" / "x-date header"',
    fact: 'request-line (`GET /echo?a=1 HTTP/1.1`) and @request-target (`get /echo?a=1`) are signed; X-Date works',
    async run(sb) {
      await setup(sb);
      const lines = [`x-date: ${DATE}`, 'GET /echo?a=1 HTTP/1.1', '@request-target: get /echo?a=1'];
      const authorization = auth(signature(lines), 'x-date request-line @request-target');
      const answer = await sb.proxy('/echo?a=1', { headers: { 'x-date': DATE, authorization } });
      expect(answer.status).toBe(200);
    },
  },
  {
    ref: '03-access_spec "should pass with GET and proxy-authorization" / hide_credentials',
    fact: 'Proxy-Authorization is read first; hide_credentials removes the header that was used',
    async run(sb) {
      await setup(sb, { hide_credentials: true });
      const proxyAuthorization = auth(signature([`date: ${DATE}`]));
      const answer = await sb.proxy('/echo', {
        headers: { date: DATE, 'proxy-authorization': proxyAuthorization, authorization: 'hello' },
      });
      expect(answer.status).toBe(200);
      expect(answer.json.headers['proxy-authorization']).toBeUndefined();
      expect(answer.json.headers.authorization).toBe('hello');
    },
  },
  {
    ref: '03-access_spec "should return 401 when body validation enabled and no digest header is present" / digest',
    fact: 'validate_request_body: a body needs Digest: SHA-256=<base64 sha256>, else 401 "does not match"',
    async run(sb) {
      await setup(sb, { validate_request_body: true });
      const authorization = auth(signature([`date: ${DATE}`]));
      const body = 'hello=world';
      const headers = { date: DATE, authorization, 'content-type': 'application/x-www-form-urlencoded' };
      const noDigest = await sb.proxy('/echo', { method: 'POST', body, headers });
      expect([noDigest.status, noDigest.json.message]).toEqual([401, 'HMAC signature does not match']);
      const digest = `SHA-256=${createHash('sha256').update(body).digest('base64')}`;
      const ok = await sb.proxy('/echo', { method: 'POST', body, headers: { ...headers, digest } });
      expect(ok.status).toBe(200);
      expect((await sb.proxy('/echo', { headers: { date: DATE, authorization } })).status).toBe(200);
    },
  },
  {
    ref: '03-access_spec "should pass with valid credentials and anonymous"',
    fact: 'anonymous: no credentials → the anonymous consumer; valid ones → bob',
    async run(sb) {
      await sb.configure({
        services: [echoService({ plugins: [{ name: 'hmac-auth', config: { anonymous: 'guest' } }] })],
        consumers: [
          { username: 'bob', hmacauth_credentials: [{ username: 'bob', secret: 'secret' }] },
          { username: 'guest' },
        ],
      });
      const guest = await sb.proxy('/echo');
      expect(guest.json.headers['x-consumer-username']).toBe('guest');
      expect(guest.json.headers['x-anonymous-consumer']).toBe('true');
      const authorization = auth(signature([`date: ${DATE}`]));
      const bob = await sb.proxy('/echo', { headers: { date: DATE, authorization } });
      expect(bob.json.headers['x-consumer-username']).toBe('bob');
    },
  },
];

describeFidelity('hmac-auth plugin (Kong 3.9.1)', cases);

import { createHmac, generateKeyPairSync, sign } from 'node:crypto';
import { expect } from 'vitest';
import { describeFidelity, echoService, FIDELITY_START, type FidelityCase, type TestSandbox } from './harness.js';

// The jwt plugin and its jwt_secrets, from Kong/kong at tag 3.9.1: kong/plugins/jwt/{handler,jwt_parser,
// daos,schema}.lua and spec/03-plugins/16-jwt/{02-api,03-access}_spec.lua. Rows name the spec case.

const b64url = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');

/** jwt_parser.lua encode_token: header.claims signed with HS256/384/512 or RS256. */
function encode(claims: Record<string, unknown>, key: string | Buffer, alg = 'HS256'): string {
  const data = `${b64url({ typ: 'JWT', alg })}.${b64url(claims)}`;
  const digest = `sha${alg.slice(2)}`;
  const signature = alg.startsWith('HS')
    ? createHmac(digest, key).update(data).digest()
    : sign(digest, Buffer.from(data), key);
  return `${data}.${signature.toString('base64url')}`;
}

const rsa = generateKeyPairSync('rsa', { modulusLength: 2048 });
const RSA_PUBLIC = rsa.publicKey.export({ type: 'spki', format: 'pem' }).toString();
const RSA_PRIVATE = rsa.privateKey.export({ type: 'pkcs8', format: 'pem' }).toString();
const NOW = Math.floor(FIDELITY_START / 1000);

/** jwt_tests_consumer with an HS256 secret (key "tests-key") and an RS256 one, behind jwt with `config`. */
async function setup(sb: TestSandbox, config: Record<string, unknown> = {}): Promise<void> {
  await sb.configure({
    services: [echoService({ plugins: [{ name: 'jwt', config }] })],
    consumers: [
      {
        username: 'jwt_tests_consumer',
        jwt_secrets: [
          { key: 'tests-key', secret: 'tests-secret' },
          { key: 'rsa-key', algorithm: 'RS256', rsa_public_key: RSA_PUBLIC },
          { key: 'b64-key', secret: Buffer.from('the real secret').toString('base64url') },
        ],
      },
      { username: 'no-body' },
    ],
  });
}

const bearer = (token: string) => ({ authorization: `Bearer ${token}` });

const cases: FidelityCase[] = [
  {
    ref: '02-api_spec "creates a jwt secret" / "does not fail when `secret` … is missing"',
    fact: 'POST /consumers/{c}/jwt → 201, key and secret generated (32 letters and digits), algorithm HS256',
    async run(sb) {
      const bob = await sb.admin('POST', '/consumers', { username: 'bob' });
      const created = await sb.admin('POST', '/consumers/bob/jwt', {});
      expect(created.status).toBe(201);
      expect(created.json.consumer).toEqual({ id: bob.json.id });
      expect(created.json.algorithm).toBe('HS256');
      expect(created.json.secret).toMatch(/^[A-Za-z0-9]{32}$/);
      expect(created.json.key).toMatch(/^[A-Za-z0-9]{32}$/);
      expect((await sb.admin('GET', `/jwts/${created.json.key}`)).json.id).toBe(created.json.id);
      expect((await sb.admin('GET', `/jwts/${created.json.id}/consumer`)).json.username).toBe('bob');
      const given = await sb.admin('POST', '/consumers/bob/jwt', { key: 'bob2', secret: 'tooshort' });
      expect([given.json.key, given.json.secret]).toEqual(['bob2', 'tooshort']);
      expect((await sb.admin('GET', '/consumers/bob/jwt')).json.data).toHaveLength(2);
    },
  },
  {
    ref: '02-api_spec "fails with missing `rsa_public_key` … / an invalid rsa_public_key for RS256"',
    fact: "RS256 without a key: 400, fields rsa_public_key 'required field missing' (or 'invalid key') + @entity",
    async run(sb) {
      await sb.admin('POST', '/consumers', { username: 'bob' });
      const missing = await sb.admin('POST', '/consumers/bob/jwt', { key: 'bob5', algorithm: 'RS256' });
      expect(missing.status).toBe(400);
      expect(missing.json.fields).toEqual({
        rsa_public_key: 'required field missing',
        '@entity': ["failed conditional validation given value of field 'algorithm'"],
      });
      const invalid = await sb.admin('POST', '/consumers/bob/jwt', {
        key: 'bob5',
        algorithm: 'RS256',
        rsa_public_key: 'test',
      });
      expect(invalid.json.fields.rsa_public_key).toBe('invalid key');
      const posted = await sb.admin('POST', '/consumers/bob/jwt', {
        key: 'bob4',
        algorithm: 'RS256',
        rsa_public_key: RSA_PUBLIC,
      });
      expect(posted.status).toBe(201);
    },
  },
  {
    ref: '03-access_spec "returns 401 Unauthorized if no JWT is found in the request" / OPTIONS',
    fact: 'no token: 401 {"message":"Unauthorized"} (kong.response.exit, no request_id), WWW-Authenticate: Bearer',
    async run(sb) {
      await setup(sb);
      for (const method of ['GET', 'OPTIONS']) {
        const answer = await sb.proxy('/echo', { method });
        expect(answer.status).toBe(401);
        expect(answer.text).toBe('{"message":"Unauthorized"}');
        expect(answer.headers.get('www-authenticate')).toBe('Bearer');
        expect(answer.headers.get('content-type')).toBe('application/json; charset=utf-8');
      }
    },
  },
  {
    ref: '03-access_spec "returns 401 if the claims do not contain the key" / "a valid key" / "iss does not match"',
    fact: 'no iss, an empty iss, an unknown iss: the three messages, with Bearer error="invalid_token"',
    async run(sb) {
      await setup(sb);
      const expectations: [Record<string, unknown>, string][] = [
        [{}, "No mandatory 'iss' in claims"],
        [{ iss: '' }, "Invalid 'iss' in claims"],
        [{ iss: 'nope' }, "No credentials found for given 'iss'"],
      ];
      for (const [claims, message] of expectations) {
        const answer = await sb.proxy('/echo', { headers: bearer(encode(claims, 'tests-secret')) });
        expect([answer.status, answer.json]).toEqual([401, { message }]);
        expect(answer.headers.get('www-authenticate')).toBe('Bearer error="invalid_token"');
      }
    },
  },
  {
    ref: '03-access_spec "returns 401 Unauthorized if the signature is invalid" / "the alg does not match"',
    fact: 'a wrong secret: "Invalid signature"; an HS256 token for an RS256 secret: "Invalid algorithm"',
    async run(sb) {
      await setup(sb);
      const wrong = await sb.proxy('/echo', { headers: bearer(encode({ iss: 'tests-key' }, 'other')) });
      expect([wrong.status, wrong.json]).toEqual([401, { message: 'Invalid signature' }]);
      const alg = await sb.proxy('/echo', { headers: bearer(encode({ iss: 'rsa-key' }, 'x')) });
      expect([alg.status, alg.json]).toEqual([401, { message: 'Invalid algorithm' }]);
    },
  },
  {
    ref: '03-access_spec "returns a 401 if the JWT in the cookie is corrupted" / "reject if multiple different tokens"',
    fact: 'garbage: "Bad token; invalid JSON"; two different tokens (query and header): "Multiple tokens provided"',
    async run(sb) {
      await setup(sb, { cookie_names: ['silly'], realm: 'test-jwt' });
      const corrupted = await sb.proxy('/echo', { headers: { cookie: 'silly=a.b.c; path=/' } });
      expect([corrupted.status, corrupted.text]).toEqual([401, '{"message":"Bad token; invalid JSON"}']);
      expect(corrupted.headers.get('www-authenticate')).toBe('Bearer realm="test-jwt" error="invalid_token"');
      const token = encode({ iss: 'tests-key' }, 'tests-secret');
      const both = await sb.proxy(`/echo?jwt=${token}`, { headers: { authorization: 'Bearer invalid.jwt.token' } });
      expect([both.status, both.json]).toEqual([401, { message: 'Multiple tokens provided' }]);
      const same = await sb.proxy(`/echo?jwt=${token}`, { headers: bearer(token) });
      expect(same.status).toBe(200);
    },
  },
  {
    ref: '03-access_spec HS256 "proxies the request with token and consumer headers if it was verified"',
    fact: 'a valid HS256 token: 200; upstream gets Authorization, X-Consumer-Username, X-Credential-Identifier = key',
    async run(sb) {
      await setup(sb);
      const token = encode({ iss: 'tests-key' }, 'tests-secret');
      const answer = await sb.proxy('/echo', { headers: bearer(token) });
      expect(answer.status).toBe(200);
      expect(answer.json.headers.authorization).toBe(`Bearer ${token}`);
      expect(answer.json.headers['x-consumer-username']).toBe('jwt_tests_consumer');
      expect(answer.json.headers['x-credential-identifier']).toBe('tests-key');
      expect(answer.json.headers['x-anonymous-consumer']).toBeUndefined();
    },
  },
  {
    ref: '03-access_spec "finds the JWT if given in URL parameters / a custom URL parameter / the cookie crumble"',
    fact: 'the token is found in ?jwt=, in a configured uri_param_names, in cookie_names, and in header_names',
    async run(sb) {
      await setup(sb, {
        uri_param_names: ['token', 'jwt'],
        cookie_names: ['crumble'],
        header_names: ['CustomAuthorization'],
      });
      const token = encode({ iss: 'tests-key' }, 'tests-secret');
      expect((await sb.proxy(`/echo?jwt=${token}`)).status).toBe(200);
      expect((await sb.proxy(`/echo?token=${token}`)).status).toBe(200);
      expect((await sb.proxy('/echo', { headers: { cookie: `crumble=${token}; path=/` } })).status).toBe(200);
      expect((await sb.proxy('/echo', { headers: { customauthorization: `Bearer ${token}` } })).status).toBe(200);
      // header_names replaces the default: Authorization is no longer read.
      expect((await sb.proxy('/echo', { headers: bearer(token) })).status).toBe(401);
    },
  },
  {
    ref: '03-access_spec "proxies the request if secret key is stored in a field other than iss"',
    fact: 'key_claim_name: aud reads the key from `aud` (then from the token header)',
    async run(sb) {
      await setup(sb, { key_claim_name: 'aud' });
      const answer = await sb.proxy('/echo', { headers: bearer(encode({ aud: 'tests-key' }, 'tests-secret')) });
      expect(answer.json.headers['x-credential-identifier']).toBe('tests-key');
      const none = await sb.proxy('/echo', { headers: bearer(encode({ iss: 'tests-key' }, 'tests-secret')) });
      expect(none.json).toEqual({ message: "No mandatory 'aud' in claims" });
    },
  },
  {
    ref: '03-access_spec "proxies the request if secret is base64"',
    fact: 'secret_is_base64: the stored secret is base64url-decoded before verifying',
    async run(sb) {
      await setup(sb, { secret_is_base64: true });
      const token = encode({ iss: 'b64-key' }, 'the real secret');
      expect((await sb.proxy('/echo', { headers: bearer(token) })).status).toBe(200);
    },
  },
  {
    ref: '03-access_spec RS256 "verifies JWT" / "identifies Consumer"',
    fact: 'an RS256 token signed with the private key verifies against rsa_public_key',
    async run(sb) {
      await setup(sb);
      const token = encode({ iss: 'rsa-key' }, RSA_PRIVATE, 'RS256');
      const answer = await sb.proxy('/echo', { headers: bearer(token) });
      expect(answer.status).toBe(200);
      expect(answer.json.headers['x-credential-identifier']).toBe('rsa-key');
      const other = generateKeyPairSync('rsa', { modulusLength: 2048 }).privateKey;
      const forged = encode({ iss: 'rsa-key' }, other.export({ type: 'pkcs8', format: 'pem' }).toString(), 'RS256');
      expect((await sb.proxy('/echo', { headers: bearer(forged) })).json).toEqual({ message: 'Invalid signature' });
    },
  },
  {
    ref: '03-access_spec "JWT private claims checks": "requires the checked fields" / `exp` / `nbf`',
    fact:
      'claims_to_verify: {"exp":"must be a number"…}, {"exp":"token expired"}, {"nbf":"token not valid yet"}; ' +
      'the sandbox clock decides',
    async run(sb) {
      await setup(sb, { claims_to_verify: ['nbf', 'exp'] });
      const call = async (claims: Record<string, unknown>) =>
        sb.proxy('/echo', { headers: bearer(encode({ iss: 'tests-key', ...claims }, 'tests-secret')) });
      const missing = await call({});
      expect([missing.status, missing.json]).toEqual([401, { nbf: 'must be a number', exp: 'must be a number' }]);
      expect(missing.headers.get('www-authenticate')).toBe('Bearer error="invalid_token"');
      expect((await call({ nbf: NOW, exp: NOW })).text).toBe('{"exp":"token expired"}');
      expect((await call({ nbf: NOW + 10, exp: NOW + 60 })).text).toBe('{"nbf":"token not valid yet"}');
      expect((await call({ nbf: NOW, exp: NOW + 60 })).status).toBe(200);
      sb.clock.ms += 61_000;
      expect((await call({ nbf: NOW, exp: NOW + 60 })).text).toBe('{"exp":"token expired"}');
    },
  },
  {
    ref: '03-access_spec "returns 401 if the token exceeds the maximum allowed expiration limit"',
    fact: 'maximum_expiration 300: exp further away → {"exp":"exceeds maximum allowed expiration"}; needs exp verified',
    async run(sb) {
      await setup(sb, { claims_to_verify: ['exp'], maximum_expiration: 300 });
      const far = encode({ iss: 'tests-key', exp: NOW + 600 }, 'tests-secret');
      expect((await sb.proxy(`/echo?jwt=${far}`)).text).toBe('{"exp":"exceeds maximum allowed expiration"}');
      const near = encode({ iss: 'tests-key', exp: NOW + 100 }, 'tests-secret');
      expect((await sb.proxy(`/echo?jwt=${near}`)).status).toBe(200);
      const refused = await sb.admin('POST', '/plugins', { name: 'jwt', config: { maximum_expiration: 300 } });
      expect(refused.status).toBe(400);
      expect(refused.json.fields['@entity']).toEqual([
        "failed conditional validation given value of field 'config.maximum_expiration'",
      ]);
    },
  },
  {
    ref: '03-access_spec config.anonymous "works with wrong credentials and anonymous" / run_on_preflight',
    fact: 'anonymous by username: no token → 200 as no-body with X-Anonymous-Consumer; run_on_preflight=false skips',
    async run(sb) {
      await setup(sb, { anonymous: 'no-body', run_on_preflight: false });
      const answer = await sb.proxy('/echo');
      expect(answer.status).toBe(200);
      expect(answer.json.headers['x-anonymous-consumer']).toBe('true');
      expect(answer.json.headers['x-consumer-username']).toBe('no-body');
      expect(answer.json.headers['x-credential-identifier']).toBeUndefined();
    },
  },
  {
    ref: 'deck file: consumers[].jwt_secrets',
    fact: 'a deck file (sandbox sync) carries jwt_secrets under a consumer, kept by key',
    async run(sb) {
      const file = {
        _format_version: '3.0',
        services: [echoService({ plugins: [{ name: 'jwt' }] })],
        consumers: [{ username: 'alex', jwt_secrets: [{ key: 'alex-key', secret: 's3cret' }] }],
      };
      const synced = await sb.admin('POST', '/_sandbox/sync', { content: file });
      expect(synced.status).toBe(200);
      expect((await sb.admin('GET', '/jwts/alex-key')).json.secret).toBe('s3cret');
      const token = encode({ iss: 'alex-key' }, 's3cret');
      expect((await sb.proxy('/echo', { headers: bearer(token) })).json.headers['x-consumer-username']).toBe('alex');
    },
  },
];

describeFidelity('jwt plugin (Kong 3.9.1)', cases);

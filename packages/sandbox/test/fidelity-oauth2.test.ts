import { Agent, request } from 'undici';
import { expect } from 'vitest';
import { describeFidelity, echoService, type FidelityCase, type TestSandbox } from './harness.js';

// The oauth2 plugin's client credentials and password grants, token validation and
// oauth2_credentials, from Kong/kong at tag 3.9.1: kong/plugins/oauth2/{access,daos,schema,secret}.lua
// and spec/03-plugins/25-oauth2/{01-schema,02-api,03-access}_spec.lua. The token endpoint wants HTTPS,
// so these rows use the sandbox's HTTPS proxy (self-signed, like Kong's default certificate).

// The sandbox's certificate is self-signed: these calls skip verification, as `curl -k` does.
const insecure = new Agent({ connect: { rejectUnauthorized: false } });

interface Answer {
  readonly status: number;
  readonly headers: Record<string, string | string[] | undefined>;
  readonly text: string;
  // biome-ignore lint/suspicious/noExplicitAny: parsed JSON, walked by the expectations
  readonly json: any;
}

async function https(
  sb: TestSandbox,
  path: string,
  options: { method?: string; json?: unknown; headers?: Record<string, string> } = {},
): Promise<Answer> {
  const response = await request(`${sb.sandbox.proxyTlsUrl}${path}`, {
    method: options.method ?? (options.json === undefined ? 'GET' : 'POST'),
    dispatcher: insecure,
    headers: { ...(options.json === undefined ? {} : { 'content-type': 'application/json' }), ...options.headers },
    ...(options.json === undefined ? {} : { body: JSON.stringify(options.json) }),
  });
  const text = await response.body.text();
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    json = undefined;
  }
  return { status: response.statusCode, headers: response.headers, text, json };
}

/** bob's application clientid123 / secret123 (hashed) behind oauth2 (client credentials, scopes email and profile). */
async function setup(sb: TestSandbox, config: Record<string, unknown> = {}): Promise<void> {
  await sb.configure({
    services: [
      echoService({
        plugins: [
          {
            name: 'oauth2',
            config: {
              scopes: ['email', 'profile'],
              enable_client_credentials: true,
              provision_key: 'provision123',
              token_expiration: 5,
              ...config,
            },
          },
        ],
      }),
    ],
    consumers: [
      {
        username: 'bob',
        // As the spec's client1: a hashed secret and one redirect_uri.
        oauth2_credentials: [
          {
            name: 'testapp',
            client_id: 'clientid123',
            client_secret: 'secret123',
            hash_secret: true,
            redirect_uris: ['http://google.test/kong'],
          },
        ],
      },
      { username: 'guest' },
    ],
  });
}

const GRANT = { client_id: 'clientid123', client_secret: 'secret123', grant_type: 'client_credentials' };

const cases: FidelityCase[] = [
  {
    ref: '01-schema_spec "does not require `scopes` when `mandatory_scope` is false" / "errors with no flow"',
    fact: 'no flow enabled: 400 "at least one of these fields must be true: …"; provision_key generated',
    async run(sb) {
      const none = await sb.admin('POST', '/plugins', { name: 'oauth2', config: {} });
      expect(none.status).toBe(400);
      expect(none.json.fields.config).toBe(
        'at least one of these fields must be true: enable_authorization_code, enable_implicit_grant, ' +
          'enable_client_credentials, enable_password_grant',
      );
      const made = await sb.admin('POST', '/plugins', { name: 'oauth2', config: { enable_client_credentials: true } });
      expect(made.status).toBe(201);
      expect(made.json.config.provision_key).toMatch(/^[A-Za-z0-9]{32}$/);
      expect(made.json.config.token_expiration).toBe(7200);
    },
  },
  {
    ref: '02-api_spec "creates a oauth2 credential" / "creates oauth2 credentials with hash_secret"',
    fact: 'POST /consumers/{c}/oauth2 → 201, client_id and client_secret generated; hash_secret stores a PBKDF2 hash',
    async run(sb) {
      await sb.admin('POST', '/consumers', { username: 'bob' });
      const created = await sb.admin('POST', '/consumers/bob/oauth2', { name: 'Test APP' });
      expect(created.status).toBe(201);
      expect(created.json.client_id).toMatch(/^[A-Za-z0-9]{32}$/);
      expect(created.json.client_secret).toMatch(/^[A-Za-z0-9]{32}$/);
      expect([created.json.client_type, created.json.hash_secret]).toEqual(['confidential', false]);
      const hashed = await sb.admin('POST', '/consumers/bob/oauth2', { name: 'x', hash_secret: true });
      expect(hashed.json.client_secret).toMatch(/^\$pbkdf2-sha512\$i=10000,l=32\$[^$]+\$[^$]+$/);
      const bad = await sb.admin('POST', '/consumers/bob/oauth2', { name: 'x', redirect_uris: ['not-a-url'] });
      expect(bad.json.fields).toEqual({ redirect_uris: ["cannot parse 'not-a-url'"] });
      expect((await sb.admin('GET', `/oauth2/${created.json.client_id}`)).json.id).toBe(created.json.id);
    },
  },
  {
    ref: '03-access_spec Client Credentials "fails when not under HTTPS"',
    fact: 'the token endpoint over plain HTTP: 400 {"error":"access_denied","error_description":"You must use HTTPS"}',
    async run(sb) {
      await setup(sb);
      const answer = await sb.proxy('/echo/oauth2/token', { json: GRANT });
      expect(answer.status).toBe(400);
      expect(answer.json).toEqual({ error: 'access_denied', error_description: 'You must use HTTPS' });
    },
  },
  {
    ref: '03-access_spec Client Credentials "… regardless of method - without realm"',
    fact: 'GET /oauth2/token: 405 invalid_method, with the description in WWW-Authenticate too',
    async run(sb) {
      await setup(sb);
      const answer = await https(sb, '/echo/oauth2/token');
      expect(answer.status).toBe(405);
      expect(answer.json).toEqual({
        error: 'invalid_method',
        error_description: 'The HTTP method GET is invalid for the token endpoint',
      });
      expect(answer.headers['www-authenticate']).toBe(
        'Bearer error="invalid_method" error_description="The HTTP method GET is invalid for the token endpoint"',
      );
    },
  },
  {
    ref: '03-access_spec Client Credentials "returns an error when client_secret is not sent" / grant_type',
    fact: 'no secret: 400 invalid_client; no grant_type: 400 unsupported_grant_type; Cache-Control: no-store',
    async run(sb) {
      await setup(sb);
      const noSecret = await https(sb, '/echo/oauth2/token', {
        json: { client_id: 'clientid123', grant_type: 'client_credentials' },
      });
      expect([noSecret.status, noSecret.json]).toEqual([
        400,
        { error: 'invalid_client', error_description: 'Invalid client authentication' },
      ]);
      expect([noSecret.headers['cache-control'], noSecret.headers.pragma]).toEqual(['no-store', 'no-cache']);
      const noGrant = await https(sb, '/echo/oauth2/token', {
        json: { client_id: 'clientid123', client_secret: 'secret123' },
      });
      expect([noGrant.status, noGrant.json]).toEqual([
        400,
        { error: 'unsupported_grant_type', error_description: 'Invalid grant_type' },
      ]);
    },
  },
  {
    ref: '03-access_spec Client Credentials "fails when setting authenticated_userid and … invalid provision_key"',
    fact: 'authenticated_userid with a wrong provision_key: 400 invalid_provision_key',
    async run(sb) {
      await setup(sb);
      const answer = await https(sb, '/echo/oauth2/token', {
        json: { ...GRANT, authenticated_userid: 'user123', provision_key: 'nope' },
      });
      expect([answer.status, answer.json]).toEqual([
        400,
        { error: 'invalid_provision_key', error_description: 'Invalid provision_key' },
      ]);
    },
  },
  {
    ref: '03-access_spec Client Credentials "returns success" / "with authorization header" / wrong header',
    fact: 'a token: 200 {access_token (32), token_type bearer, expires_in}; Basic client auth works; a wrong one: 401',
    async run(sb) {
      await setup(sb);
      const answer = await https(sb, '/echo/oauth2/token', { json: { ...GRANT, scope: 'email' } });
      expect(answer.status).toBe(200);
      expect(answer.json.token_type).toBe('bearer');
      expect(answer.json.expires_in).toBe(5);
      expect(answer.json.access_token).toMatch(/^[A-Za-z0-9]{32}$/);
      expect(answer.json.refresh_token).toBeUndefined();
      const basic = `Basic ${Buffer.from('clientid123:secret123').toString('base64')}`;
      const viaHeader = await https(sb, '/echo/oauth2/token', {
        json: { grant_type: 'client_credentials' },
        headers: { authorization: basic },
      });
      expect(viaHeader.status).toBe(200);
      const wrong = await https(sb, '/echo/oauth2/token', {
        json: { grant_type: 'client_credentials' },
        headers: { authorization: 'Basic Y2xpZW50aWQxMjM6c2VjcmV0MTI0' },
      });
      expect([wrong.status, wrong.json.error]).toEqual([401, 'invalid_client']);
      expect(wrong.headers['www-authenticate']).toBe('Basic realm="OAuth2.0"');
      const scope = await https(sb, '/echo/oauth2/token', { json: { ...GRANT, scope: 'admin' } });
      expect(scope.json).toEqual({ error: 'invalid_scope', error_description: '"admin" is an invalid scope' });
    },
  },
  {
    ref: '03-access_spec Client Credentials "sets the right upstream headers"',
    fact:
      'the token on the route: 200 with X-Consumer-Username, X-Authenticated-Scope, X-Authenticated-UserId, ' +
      'X-Credential-Identifier = client_id',
    async run(sb) {
      await setup(sb);
      const token = await https(sb, '/echo/oauth2/token', {
        json: { ...GRANT, scope: 'email', authenticated_userid: 'hello', provision_key: 'provision123' },
      });
      const answer = await sb.proxy(`/echo/request?access_token=${token.json.access_token}`);
      expect(answer.status).toBe(200);
      expect(answer.json.headers['x-consumer-username']).toBe('bob');
      expect(answer.json.headers['x-authenticated-scope']).toBe('email');
      expect(answer.json.headers['x-authenticated-userid']).toBe('hello');
      expect(answer.json.headers['x-credential-identifier']).toBe('clientid123');
      const bearer = await sb.proxy('/echo', { headers: { authorization: `Bearer ${token.json.access_token}` } });
      expect(bearer.status).toBe(200);
    },
  },
  {
    ref: '03-access_spec "returns 401 … access token is missing / invalid or has expired"',
    fact:
      'no token: 401 invalid_request "The access token is missing", WWW-Authenticate: Bearer; an unknown or ' +
      'expired one: 401 invalid_token with error= and error_description= in WWW-Authenticate',
    async run(sb) {
      await setup(sb);
      const missing = await sb.proxy('/echo');
      expect([missing.status, missing.json]).toEqual([
        401,
        { error: 'invalid_request', error_description: 'The access token is missing' },
      ]);
      expect(missing.headers.get('www-authenticate')).toBe('Bearer');
      const invalid = await sb.proxy('/echo?access_token=nope');
      expect([invalid.status, invalid.json]).toEqual([
        401,
        { error: 'invalid_token', error_description: 'The access token is invalid or has expired' },
      ]);
      expect(invalid.headers.get('www-authenticate')).toBe(
        'Bearer error="invalid_token" error_description="The access token is invalid or has expired"',
      );
      const token = await https(sb, '/echo/oauth2/token', { json: GRANT });
      sb.clock.ms += 6_000;
      const expired = await sb.proxy(`/echo?access_token=${token.json.access_token}`);
      expect([expired.status, expired.json.error]).toEqual([401, 'invalid_token']);
    },
  },
  {
    ref: '03-access_spec Password Grant "returns success" / refresh_token',
    fact: 'the password grant needs the provision key and a redirect_uri; it returns a refresh token that refreshes',
    async run(sb) {
      await sb.configure({
        services: [
          echoService({
            plugins: [{ name: 'oauth2', config: { enable_password_grant: true, provision_key: 'provision123' } }],
          }),
        ],
        consumers: [
          {
            username: 'bob',
            oauth2_credentials: [
              { name: 'app', client_id: 'cid', client_secret: 'cs', redirect_uris: ['http://google.test/'] },
            ],
          },
        ],
      });
      const grant = { client_id: 'cid', client_secret: 'cs', grant_type: 'password', authenticated_userid: 'id123' };
      const noKey = await https(sb, '/echo/oauth2/token', { json: grant });
      expect(noKey.json.error).toBe('invalid_provision_key');
      const issued = await https(sb, '/echo/oauth2/token', { json: { ...grant, provision_key: 'provision123' } });
      expect(issued.status).toBe(200);
      expect(issued.json.refresh_token).toMatch(/^[A-Za-z0-9]{32}$/);
      const refreshed = await https(sb, '/echo/oauth2/token', {
        json: {
          client_id: 'cid',
          client_secret: 'cs',
          grant_type: 'refresh_token',
          refresh_token: issued.json.refresh_token,
        },
      });
      expect(refreshed.status).toBe(200);
      expect(refreshed.json.access_token).not.toBe(issued.json.access_token);
      expect((await sb.proxy(`/echo?access_token=${issued.json.access_token}`)).status).toBe(401);
    },
  },
  {
    ref: '03-access_spec "works with wrong credentials and anonymous"',
    fact: 'anonymous: no token → the anonymous consumer, X-Anonymous-Consumer: true',
    async run(sb) {
      await setup(sb, { anonymous: 'guest' });
      const answer = await sb.proxy('/echo');
      expect(answer.status).toBe(200);
      expect(answer.json.headers['x-consumer-username']).toBe('guest');
      expect(answer.json.headers['x-anonymous-consumer']).toBe('true');
    },
  },
  {
    ref: 'deck file: consumers[].oauth2_credentials (deck has no tokens)',
    fact:
      'sandbox sync keeps issued tokens while their credential stays, and never lists them; removing the ' +
      'consumer takes its tokens along (cascade)',
    async run(sb) {
      const file = {
        _format_version: '3.0',
        // Values Kong generates (provision_key, secrets) are stated: left out, each load makes new ones.
        services: [
          echoService({
            plugins: [{ name: 'oauth2', config: { enable_client_credentials: true, provision_key: 'pk' } }],
          }),
        ],
        consumers: [{ username: 'bob', oauth2_credentials: [{ name: 'app', client_id: 'cid', client_secret: 'cs' }] }],
      };
      expect((await sb.admin('POST', '/_sandbox/sync', { content: file })).status).toBe(200);
      const grant = { client_id: 'cid', client_secret: 'cs', grant_type: 'client_credentials' };
      const token = (await https(sb, '/echo/oauth2/token', { json: grant })).json.access_token;
      const again = await sb.admin('POST', '/_sandbox/sync', { content: file });
      expect(again.json.changes).toEqual([]);
      expect((await sb.proxy(`/echo?access_token=${token}`)).status).toBe(200);
      expect((await sb.admin('GET', '/oauth2_tokens')).json.data).toHaveLength(1);
      await sb.admin('POST', '/_sandbox/sync', { content: { ...file, consumers: [] } });
      expect((await sb.admin('GET', '/oauth2_tokens')).json.data).toHaveLength(0);
    },
  },
];

describeFidelity('oauth2 plugin (Kong 3.9.1)', cases);

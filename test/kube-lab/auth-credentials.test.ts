import { createHmac } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ECHO, LabSandbox } from '../../packages/kube-lab/test/lab-harness.js';

// KIC's jwt, hmac-auth and oauth2 credential Secrets (konghq.com/credential label; fields from
// internal/admission/validation/consumers/credentials/vars.go, built as kongstate/credentials.go does).
const CONSUMER = `
apiVersion: configuration.konghq.com/v1
kind: KongPlugin
metadata: { name: jwt-auth }
plugin: jwt
---
apiVersion: v1
kind: Secret
metadata: { name: alice-jwt, labels: { konghq.com/credential: jwt } }
stringData: { key: alice-issuer, secret: alice-jwt-secret }
---
apiVersion: v1
kind: Secret
metadata: { name: alice-hmac, labels: { konghq.com/credential: hmac-auth } }
stringData: { username: alice, secret: alice-hmac-secret }
---
apiVersion: v1
kind: Secret
metadata: { name: alice-app, labels: { konghq.com/credential: oauth2 } }
stringData:
  name: alice-app
  client_id: alice-client
  client_secret: s3cret
  redirect_uris: "https://a.test,https://b.test"
---
apiVersion: v1
kind: Secret
metadata: { name: broken-jwt, labels: { konghq.com/credential: jwt } }
stringData: { secret: no-key }
---
apiVersion: configuration.konghq.com/v1
kind: KongConsumer
metadata: { name: alice, annotations: { kubernetes.io/ingress.class: kong } }
username: alice
credentials: [alice-jwt, alice-hmac, alice-app]
---
apiVersion: configuration.konghq.com/v1
kind: KongConsumer
metadata: { name: carol, annotations: { kubernetes.io/ingress.class: kong } }
username: carol
credentials: [broken-jwt]
`;

const b64url = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');

let lab: LabSandbox;
beforeAll(async () => {
  lab = await LabSandbox.start();
  await lab.apply(ECHO);
  await lab.apply(CONSUMER);
  await lab.annotate('networking.k8s.io/v1', 'Ingress', 'echo', { 'konghq.com/plugins': 'jwt-auth' });
});
afterAll(() => lab.stop());

describe('jwt, hmac-auth and oauth2 credential Secrets on the kube lab', () => {
  it('makes each credential, with KIC defaults (algorithm HS256, redirect_uris split on commas)', async () => {
    const jwt = await lab.admin('/jwts/alice-issuer');
    expect([jwt.algorithm, jwt.secret]).toEqual(['HS256', 'alice-jwt-secret']);
    expect((await lab.admin('/hmac-auths/alice')).secret).toBe('alice-hmac-secret');
    const app = await lab.admin('/oauth2/alice-client');
    expect(app.redirect_uris).toEqual(['https://a.test', 'https://b.test']);
    expect(app.name).toBe('alice-app');
  });

  it('authenticates a token signed with the Secret (the jwt KongPlugin on the Ingress)', async () => {
    const data = `${b64url({ typ: 'JWT', alg: 'HS256' })}.${b64url({ iss: 'alice-issuer' })}`;
    const token = `${data}.${createHmac('sha256', 'alice-jwt-secret').update(data).digest('base64url')}`;
    const answer = await lab.proxy('/echo', { authorization: `Bearer ${token}` });
    expect(answer.status).toBe(200);
    expect(answer.json.headers['x-consumer-username']).toBe('alice');
  });

  it("reports KIC's message for a jwt Secret without a key", async () => {
    const events = await lab.events('carol');
    expect(events.map((e) => e.message).join('\n')).toContain(
      'credential "broken-jwt" failure: failed to provision credential: jwt-auth for is invalid: no key',
    );
  });
});

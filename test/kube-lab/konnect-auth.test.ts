import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LabSandbox } from '../../packages/kube-lab/test/lab-harness.js';
import { checkLab, k8sCheck } from './runner-checks.js';

// The Kong operator's KonnectAPIAuthConfiguration as kong-behaviour.md §7 describes it, with the
// sandbox playing Konnect: its token is the valid one, its organization the one reported.

const KONNECT = 'konnect.konghq.com/v1alpha1';
let lab: LabSandbox;
beforeAll(async () => {
  lab = await LabSandbox.start();
});
afterAll(() => lab.stop());

const inline = (name: string, token: string, serverURL = 'us.api.konghq.com') => `
apiVersion: ${KONNECT}
kind: KonnectAPIAuthConfiguration
metadata: { name: ${name} }
spec: { type: token, token: ${token}, serverURL: ${JSON.stringify(serverURL)} }
`;

const secretRef = (name: string, secret: string) => `
apiVersion: ${KONNECT}
kind: KonnectAPIAuthConfiguration
metadata: { name: ${name} }
spec:
  type: secretRef
  secretRef: { name: ${secret} }
  serverURL: us.api.konghq.com
`;

const tokenSecret = (name: string, token: string, labels: Record<string, string>) => `
apiVersion: v1
kind: Secret
metadata:
  name: ${name}
  labels: ${JSON.stringify(labels)}
stringData: { token: ${token} }
`;

async function condition(name: string): Promise<Record<string, unknown> | undefined> {
  const object = await lab.get(KONNECT, 'KonnectAPIAuthConfiguration', name);
  return ((object?.status as { conditions?: Record<string, unknown>[] } | undefined)?.conditions ?? []).find(
    (c) => c.type === 'APIAuthValid',
  );
}

describe('KonnectAPIAuthConfiguration in the kube lab', () => {
  it(
    'with the sandbox token inline: APIAuthValid=True "Token is valid", the organization and https server ' + 'URL',
    async () => {
      await lab.apply(inline('inline-good', lab.sandbox.token));
      const object = await lab.get(KONNECT, 'KonnectAPIAuthConfiguration', 'inline-good');
      expect(await condition('inline-good')).toMatchObject({
        status: 'True',
        reason: 'Valid',
        message: 'Token is valid',
        observedGeneration: 1,
      });
      expect(object?.status).toMatchObject({
        organizationID: expect.stringMatching(/^[0-9a-f-]{36}$/),
        serverURL: 'https://us.api.konghq.com',
      });
      const me = await (
        await fetch(`${lab.sandbox.adminUrl}/_sandbox/organizations/me`, {
          headers: { authorization: `Bearer ${lab.sandbox.token}` },
        })
      ).json();
      expect((object?.status as { organizationID: string } | undefined)?.organizationID).toBe(me.id);
    },
  );

  it(
    'with a wrong token: APIAuthValid=False / Invalid, the SDK error Konnect answers with, no ' + 'organization',
    async () => {
      await lab.apply(inline('inline-bad', 'kpat_this-is-not-the-sandbox-token'));
      const found = await condition('inline-bad');
      expect(found).toMatchObject({ status: 'False', reason: 'Invalid', observedGeneration: 1 });
      expect(JSON.parse(String(found?.message))).toMatchObject({
        status: 401,
        title: 'Unauthenticated',
        instance: expect.stringMatching(/^kong:trace:\d+$/),
        detail: 'A valid token is required',
      });
      const object = await lab.get(KONNECT, 'KonnectAPIAuthConfiguration', 'inline-bad');
      expect(object?.status).not.toHaveProperty('organizationID');
      expect(object?.status).toMatchObject({ serverURL: 'https://us.api.konghq.com' });
    },
  );

  it(
    'with a Secret labelled konghq.com/credential=konnect and konghq.com/secret=true: "Token from Secret ' +
      'kong/<name> is valid"',
    async () => {
      await lab.apply(
        tokenSecret('konnect-token', lab.sandbox.token, {
          'konghq.com/credential': 'konnect',
          'konghq.com/secret': 'true',
        }),
      );
      await lab.apply(secretRef('by-secret', 'konnect-token'));
      expect(await condition('by-secret')).toMatchObject({
        status: 'True',
        reason: 'Valid',
        message: 'Token from Secret kong/konnect-token is valid',
      });
    },
  );

  it('with a Secret lacking konghq.com/credential: konnect: the reconciler error', async () => {
    await lab.apply(tokenSecret('unlabelled-token', lab.sandbox.token, { 'konghq.com/secret': 'true' }));
    await lab.apply(secretRef('unlabelled', 'unlabelled-token'));
    expect(await condition('unlabelled')).toMatchObject({
      status: 'False',
      reason: 'Invalid',
      message: 'secret kong/unlabelled-token does not have label konghq.com/credential: konnect',
    });
  });

  it('with a Secret lacking konghq.com/secret: "true": invisible to the operator 2.x cache, so not found', async () => {
    await lab.apply(tokenSecret('uncached-token', lab.sandbox.token, { 'konghq.com/credential': 'konnect' }));
    await lab.apply(secretRef('uncached', 'uncached-token'));
    expect(await condition('uncached')).toMatchObject({
      status: 'False',
      reason: 'Invalid',
      message: 'failed to get Secret kong/uncached-token: secrets "uncached-token" not found',
    });
  });

  it('turns valid when the missing Secret arrives (the reconciler watches konnect Secrets)', async () => {
    await lab.apply(secretRef('late', 'late-token'));
    expect(await condition('late')).toMatchObject({
      status: 'False',
      message: 'failed to get Secret kong/late-token: secrets "late-token" not found',
    });
    await lab.apply(
      tokenSecret('late-token', lab.sandbox.token, { 'konghq.com/credential': 'konnect', 'konghq.com/secret': 'true' }),
    );
    expect(await condition('late')).toMatchObject({
      status: 'True',
      message: 'Token from Secret kong/late-token is valid',
    });
  });

  it('answers check k8s like a cluster running the operator, columns included', async () => {
    const result = await checkLab(
      lab,
      k8sCheck(`
resource: KonnectAPIAuthConfiguration/inline-good
expect:
  condition: { type: APIAuthValid, reason: Valid, message: Token is valid }
  fields:
    .status.organizationID: { matches: "^[0-9a-f-]{36}$" }
    .status.serverURL: https://us.api.konghq.com
`),
    );
    expect(result.status).toBe('passed');
    const table = await lab.client.send(
      'GET',
      '/apis/konnect.konghq.com/v1alpha1/namespaces/kong/konnectapiauthconfigurations/inline-good',
      { accept: 'application/json;as=Table;v=v1;g=meta.k8s.io' },
    );
    const body = table.body as { columnDefinitions: { name: string }[]; rows: { cells: unknown[] }[] };
    expect(body.columnDefinitions.map((c) => c.name)).toEqual(['Name', 'Valid', 'OrgID', 'ServerURL', 'Age']);
    expect(body.rows[0]!.cells).toEqual([
      'inline-good',
      'True',
      expect.stringMatching(/^[0-9a-f-]{36}$/),
      'https://us.api.konghq.com',
      expect.stringMatching(/^\d+s$/),
    ]);
  });

  it('refuses what the CRD refuses, with the API server messages', async () => {
    const [prefix] = await lab.apply(inline('bad-prefix', 'not_a_konnect_token'));
    expect(prefix).toMatchObject({ status: 422 });
    expect((prefix!.body as { message: string }).message).toBe(
      'KonnectAPIAuthConfiguration.konnect.konghq.com "bad-prefix" is invalid: <nil>: Invalid value: "object": ' +
        'Konnect tokens have to start with spat_ or kpat_',
    );
    const [plainHttp] = await lab.apply(inline('plain-http', lab.sandbox.token, 'http://us.api.konghq.com'));
    expect((plainHttp!.body as { message: string }).message).toContain(
      'spec.serverURL: Invalid value: "string": Server URL must use HTTPs if specifying scheme',
    );
    const [moved] = await lab.apply(inline('inline-good', lab.sandbox.token, 'eu.api.konghq.com'));
    expect((moved!.body as { message: string }).message).toContain('Server URL is immutable');
  });
});

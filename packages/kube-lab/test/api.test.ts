import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LabClient } from '../src/index.js';
import { LabSandbox } from './lab-harness.js';

/** A parsed JSON answer: tests walk into it freely, and their expectations check its shape. */
// biome-ignore lint/suspicious/noExplicitAny: the one place this test file leaves JSON untyped
type Json = any;

// The lab's Kubernetes API as kubectl and client-node use it: discovery, auth, CRUD, the patch
// types, generation, selectors, Tables and Status errors.

const KC = '/apis/configuration.konghq.com/v1/namespaces/kong/kongconsumers';
const consumer = (name: string, extra: Record<string, unknown> = {}) => ({
  apiVersion: 'configuration.konghq.com/v1',
  kind: 'KongConsumer',
  metadata: { name, annotations: { 'kubernetes.io/ingress.class': 'kong' } },
  username: name,
  ...extra,
});

let lab: LabSandbox;
beforeAll(async () => {
  lab = await LabSandbox.start();
});
afterAll(() => lab.stop());

const send = (method: string, path: string, body?: unknown, contentType?: string) =>
  lab.client.send(method, path, { body, contentType });

describe('the kube lab API: discovery and auth', () => {
  it('answers discovery like a cluster with KIC and the operator installed', async () => {
    expect((await send('GET', '/version')).body).toMatchObject({
      major: '1',
      gitVersion: expect.stringMatching(/^v1\./),
    });
    const groups = (await send('GET', '/apis')).body as {
      groups: { name: string; preferredVersion: { groupVersion: string } }[];
    };
    expect(groups.groups.map((g) => g.preferredVersion.groupVersion)).toEqual(
      expect.arrayContaining([
        'configuration.konghq.com/v1',
        'konnect.konghq.com/v1alpha1',
        'networking.k8s.io/v1',
        'apps/v1',
        'gateway.networking.k8s.io/v1',
      ]),
    );
    const kong = (await send('GET', '/apis/configuration.konghq.com/v1')).body as {
      resources: { name: string; kind: string; shortNames?: string[] }[];
    };
    expect(kong.resources.find((r) => r.name === 'kongconsumers')).toMatchObject({
      kind: 'KongConsumer',
      shortNames: ['kc'],
    });
    expect(kong.resources.map((r) => r.name)).toContain('kongconsumers/status');
    expect((await send('GET', '/apis/example.com/v1')).status).toBe(404);
  });

  it('wants the sandbox token as a bearer token, with a Status 401 otherwise', async () => {
    const stranger = new LabClient(
      lab.sandbox.kubeUrl!,
      'kpat_wrong',
      (await import('node:fs')).readFileSync(`${lab.dir}/kube-lab.crt`, 'utf8'),
    );
    try {
      const answer = await stranger.send('GET', KC);
      expect(answer).toMatchObject({
        status: 401,
        body: { kind: 'Status', status: 'Failure', reason: 'Unauthorized', code: 401 },
      });
      expect((await stranger.send('GET', '/healthz')).status).toBe(200);
    } finally {
      await stranger.close();
    }
  });

  it('accepts a browser login access token, as the Admin API does', async () => {
    // The device login, as `sandbox login` and `sandbox approve` run it against the Admin API.
    const admin = async (path: string, body: unknown, token?: string) => {
      const answer = await fetch(`${lab.sandbox.adminUrl}/_sandbox${path}`, {
        method: 'POST',
        headers: { 'Content-Type': 'application/json', ...(token ? { Authorization: `Bearer ${token}` } : {}) },
        body: JSON.stringify(body),
      });
      return (await answer.json().catch(() => ({}))) as Json;
    };
    const { device_code, user_code } = await admin('/oauth/device/authorize', {});
    await admin('/device-approvals', { user_code }, lab.sandbox.token);
    const { access_token } = await admin('/oauth/device/token', { device_code });
    expect(access_token).toEqual(expect.stringMatching(/^eyJ/));
    const ca = (await import('node:fs')).readFileSync(`${lab.dir}/kube-lab.crt`, 'utf8');
    const loggedIn = new LabClient(lab.sandbox.kubeUrl!, access_token, ca);
    // An HMAC-SHA256 signature is 43 base64url letters, and the last one carries only 4 bits: changing its spare
    // low bits still decodes to the same bytes, so that forgery must be refused as well as a plain wrong letter.
    const last = access_token.at(-1) ?? 'A';
    const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';
    const index = alphabet.indexOf(last);
    const forgeries = [
      `${access_token.slice(0, -1)}${alphabet[index ^ 1]}`,
      `${access_token.slice(0, -1)}${alphabet[(index + 16) % 64]}`,
    ];
    try {
      expect((await loggedIn.send('GET', KC)).status).toBe(200);
      for (const forgery of forgeries) {
        const forged = new LabClient(lab.sandbox.kubeUrl!, forgery, ca);
        try {
          expect((await forged.send('GET', KC)).status).toBe(401);
        } finally {
          await forged.close();
        }
      }
    } finally {
      await loggedIn.close();
    }
  });

  it(
    'serves the seeded cluster: namespaces, the kong IngressClass, CRDs, the chart Deployments ' + 'Available',
    async () => {
      const namespaces = (await send('GET', '/api/v1/namespaces')).body as { items: { metadata: { name: string } }[] };
      expect(namespaces.items.map((n) => n.metadata.name)).toEqual([
        'default',
        'kube-system',
        'kube-public',
        'kube-node-lease',
        'kong',
      ]);
      expect(
        (
          await send(
            'GET',
            '/apis/apiextensions.k8s.io/v1/customresourcedefinitions/kongplugins.configuration.konghq.com',
          )
        ).status,
      ).toBe(200);
      const gateway = (await send('GET', '/apis/apps/v1/namespaces/kong/deployments/kong-gateway')).body as {
        status: { conditions: { type: string; status: string }[] };
      };
      expect(gateway.status.conditions).toContainEqual(expect.objectContaining({ type: 'Available', status: 'True' }));
    },
  );
});

describe('the kube lab API: writes', () => {
  it('creates (201), refuses a duplicate (409 AlreadyExists), and finds nothing with a NotFound Status', async () => {
    expect((await send('POST', KC, consumer('create-me'))).status).toBe(201);
    expect((await send('POST', KC, consumer('create-me'))).body).toMatchObject({
      reason: 'AlreadyExists',
      code: 409,
      message: 'kongconsumers.configuration.konghq.com "create-me" already exists',
    });
    expect((await send('GET', `${KC}/nobody`)).body).toMatchObject({
      kind: 'Status',
      reason: 'NotFound',
      code: 404,
      message: 'kongconsumers.configuration.konghq.com "nobody" not found',
      details: { name: 'nobody', group: 'configuration.konghq.com', kind: 'kongconsumers' },
    });
  });

  it('refuses an object in a namespace that does not exist', async () => {
    const answer = await send(
      'POST',
      '/apis/configuration.konghq.com/v1/namespaces/nowhere/kongconsumers',
      consumer('lost'),
    );
    expect(answer.body).toMatchObject({ reason: 'NotFound', message: 'namespaces "nowhere" not found' });
  });

  it('keeps metadata.generation for spec changes only, and status out of object writes', async () => {
    const created = (await send('POST', KC, consumer('gen'))).body as Json;
    expect(created.metadata.generation).toBe(1);
    const annotated = (
      await send('PATCH', `${KC}/gen`, { metadata: { labels: { team: 'a' } } }, 'application/merge-patch+json')
    ).body as Json;
    expect(annotated.metadata.generation).toBe(1);
    const changed = (
      await send('PATCH', `${KC}/gen`, { custom_id: 'c-1', status: { conditions: [] } }, 'application/merge-patch+json')
    ).body as Json;
    expect(changed.metadata.generation).toBe(2);
    expect(changed.status.conditions).not.toEqual([]);
    expect(Number(changed.metadata.resourceVersion)).toBeGreaterThan(Number(annotated.metadata.resourceVersion));
  });

  it('applies JSON patches, and refuses strategic merge patches on custom resources (415)', async () => {
    await send('POST', KC, consumer('jp'));
    const patched = await send(
      'PATCH',
      `${KC}/jp`,
      [{ op: 'add', path: '/credentials', value: ['k'] }],
      'application/json-patch+json',
    );
    expect((patched.body as Json).credentials).toEqual(['k']);
    const failed = await send(
      'PATCH',
      `${KC}/jp`,
      [{ op: 'test', path: '/username', value: 'other' }],
      'application/json-patch+json',
    );
    expect(failed.status).toBe(422);
    expect((await send('PATCH', `${KC}/jp`, { username: 'x' }, 'application/strategic-merge-patch+json')).status).toBe(
      415,
    );
  });

  it('merges strategic merge patches on built-in kinds by their merge keys', async () => {
    await send('POST', '/apis/apps/v1/namespaces/kong/deployments', {
      apiVersion: 'apps/v1',
      kind: 'Deployment',
      metadata: { name: 'smp' },
      spec: {
        selector: { matchLabels: { app: 'smp' } },
        template: {
          metadata: { labels: { app: 'smp' } },
          spec: {
            containers: [
              { name: 'a', image: 'a:1' },
              { name: 'b', image: 'b:1' },
            ],
          },
        },
      },
    });
    const patched = await send(
      'PATCH',
      '/apis/apps/v1/namespaces/kong/deployments/smp',
      { spec: { template: { spec: { containers: [{ name: 'b', image: 'b:2' }] } } } },
      'application/strategic-merge-patch+json',
    );
    expect((patched.body as Json).spec.template.spec.containers).toEqual([
      { name: 'a', image: 'a:1' },
      { name: 'b', image: 'b:2' },
    ]);
  });

  it('server-side applies: creates, then removes what the same manager stopped applying', async () => {
    const apply = (body: unknown) => send('PATCH', `${KC}/ssa?fieldManager=me`, body, 'application/apply-patch+yaml');
    expect((await apply(consumer('ssa', { credentials: ['a'], custom_id: 'ssa-1' }))).status).toBe(201);
    const second = (await apply(consumer('ssa', { credentials: ['b'] }))).body as Json;
    expect(second.credentials).toEqual(['b']);
    expect(second).not.toHaveProperty('custom_id');
    expect(second.metadata.managedFields).toEqual([expect.objectContaining({ manager: 'me', operation: 'Apply' })]);
    expect((await send('PATCH', `${KC}/ssa`, consumer('ssa'), 'application/apply-patch+yaml')).status).toBe(400);
  });

  it('turns stringData into base64 data on Secrets', async () => {
    const secret = (
      await send('POST', '/api/v1/namespaces/kong/secrets', {
        apiVersion: 'v1',
        kind: 'Secret',
        metadata: { name: 's' },
        stringData: { key: 'hello' },
      })
    ).body as Json;
    expect(secret).toMatchObject({ type: 'Opaque', data: { key: Buffer.from('hello').toString('base64') } });
    expect(secret).not.toHaveProperty('stringData');
  });

  it('refuses unknown fields under fieldValidation=Strict, warns under Warn, and applies CEL rules', async () => {
    const strict = await send('POST', `${KC}?fieldValidation=Strict`, {
      ...consumer('typo'),
      spec: { username: 'typo' },
    });
    expect(strict.body).toMatchObject({
      code: 400,
      message:
        'KongConsumer in version "v1" cannot be handled as a KongConsumer: strict decoding error: unknown field ' +
        '"spec.username"',
    });
    const warned = await send('POST', `${KC}?fieldValidation=Warn`, { ...consumer('typo'), nickname: 'x' });
    expect(warned.status).toBe(201);
    expect(warned.warnings).toEqual(['unknown field "nickname"']);
    expect(warned.body).not.toHaveProperty('nickname');
    const { username: _u, ...nameless } = consumer('nameless');
    expect((await send('POST', KC, nameless)).body).toMatchObject({
      code: 422,
      reason: 'Invalid',
      message:
        'KongConsumer.configuration.konghq.com "nameless" is invalid: <nil>: Invalid value: "object": Need to ' +
        'provide either username or custom_id',
    });
  });

  it('deletes with a 200 and the object, then 404', async () => {
    await send('POST', KC, consumer('gone'));
    expect((await send('DELETE', `${KC}/gone`)).body).toMatchObject({
      kind: 'KongConsumer',
      metadata: { name: 'gone' },
    });
    expect((await send('DELETE', `${KC}/gone`)).status).toBe(404);
  });
});

describe('the kube lab API: reads', () => {
  it('lists with label and field selectors', async () => {
    await send(
      'POST',
      KC,
      consumer('sel-a', { metadata: { name: 'sel-a', labels: { tier: 'gold' }, annotations: {} } }),
    );
    await send(
      'POST',
      KC,
      consumer('sel-b', { metadata: { name: 'sel-b', labels: { tier: 'silver' }, annotations: {} } }),
    );
    const names = async (query: string) =>
      ((await send('GET', `${KC}?${query}`)).body as { items: { metadata: { name: string } }[] }).items.map(
        (i) => i.metadata.name,
      );
    expect(await names('labelSelector=tier%3Dgold')).toEqual(['sel-a']);
    expect(await names(`labelSelector=${encodeURIComponent('tier in (gold,silver)')}`)).toEqual(['sel-a', 'sel-b']);
    expect(await names('fieldSelector=metadata.name%3Dsel-b')).toEqual(['sel-b']);
    expect(await names('labelSelector=tier%21%3Dgold,tier')).toEqual(['sel-b']);
  });

  it(
    'prints Tables with the CRDs printer columns (KongConsumer USERNAME AGE PROGRAMMED, KongPlugin PLUGIN-TYPE AGE ' +
      'PROGRAMMED)',
    async () => {
      await send('POST', '/apis/configuration.konghq.com/v1/namespaces/kong/kongplugins', {
        apiVersion: 'configuration.konghq.com/v1',
        kind: 'KongPlugin',
        metadata: { name: 'kp' },
        plugin: 'key-auth',
      });
      await lab.sandbox.flush();
      const table = async (path: string) =>
        (
          await lab.client.send('GET', path, {
            accept: 'application/json;as=Table;v=v1;g=meta.k8s.io,application/json',
          })
        ).body as Json;
      const consumers = await table(`${KC}/create-me`);
      expect(
        consumers.columnDefinitions.map((c: { name: string; priority: number }) => `${c.name}:${c.priority}`),
      ).toEqual(['Name:0', 'Username:0', 'Age:0', 'Programmed:0']);
      expect(consumers.rows[0].cells).toEqual(['create-me', 'create-me', expect.stringMatching(/^\d+s$/), 'True']);
      expect(consumers.rows[0].object).toMatchObject({
        kind: 'PartialObjectMetadata',
        metadata: { name: 'create-me' },
      });
      const plugins = await table('/apis/configuration.konghq.com/v1/namespaces/kong/kongplugins');
      expect(
        plugins.columnDefinitions.map((c: { name: string; priority: number }) => `${c.name}:${c.priority}`),
      ).toEqual(['Name:0', 'Plugin-Type:0', 'Age:0', 'Disabled:1', 'Config:1', 'Programmed:0']);
      expect(plugins.rows[0].cells).toEqual(['kp', 'key-auth', expect.any(String), null, null, null]);
    },
  );
});

import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ECHO, LabSandbox } from '../../packages/kube-lab/test/lab-harness.js';
import { checkLab, k8sCheck } from './runner-checks.js';

// Kong Ingress Controller in the lab, as kong-behaviour.md §6 and KIC 3.x's translator describe it.

const KIC = 'configuration.konghq.com/v1';
let lab: LabSandbox;
beforeEach(async () => {
  lab = await LabSandbox.start();
  await lab.apply(ECHO);
});
afterEach(() => lab.stop());

const plugin = (name: string, type: string, config: Record<string, unknown> = {}) => `
apiVersion: ${KIC}
kind: KongPlugin
metadata: { name: ${name} }
plugin: ${type}
config: ${JSON.stringify(config)}
`;
const consumer = (
  name: string,
  credentials: string[],
  annotations: Record<string, string> = { 'kubernetes.io/ingress.class': 'kong' },
) => `
apiVersion: ${KIC}
kind: KongConsumer
metadata:
  name: ${name}
  annotations: ${JSON.stringify(annotations)}
username: ${name}
credentials: ${JSON.stringify(credentials)}
`;
const keySecret = (
  name: string,
  key: string,
  labels: Record<string, string> = { 'konghq.com/credential': 'key-auth' },
) => `
apiVersion: v1
kind: Secret
metadata: { name: ${name}, labels: ${JSON.stringify(labels)} }
stringData: { key: ${key} }
`;

async function programmed(name: string): Promise<Record<string, unknown> | undefined> {
  const object = await lab.get(KIC, 'KongConsumer', name);
  return ((object?.status as { conditions?: Record<string, unknown>[] } | undefined)?.conditions ?? []).find(
    (c) => c.type === 'Programmed',
  );
}

describe('Kong Ingress Controller in the kube lab', () => {
  it('puts a KongPlugin named on an Ingress on its routes, and never sets Programmed on the KongPlugin', async () => {
    await lab.apply(plugin('key-auth', 'key-auth'));
    await lab.annotate('networking.k8s.io/v1', 'Ingress', 'echo', { 'konghq.com/plugins': 'key-auth' });
    expect((await lab.proxy('/echo')).status).toBe(401);
    const [route] = (await lab.admin('/routes')).data;
    expect(route).toMatchObject({
      name: 'kong.echo.echo..1027',
      paths: ['/echo'],
      strip_path: true,
      preserve_host: true,
    });
    const plugins = (await lab.admin('/plugins')).data;
    expect(plugins.map((p: { route: { id: string } }) => p.route.id)).toEqual([route.id]);
    const kongPlugin = await lab.get(KIC, 'KongPlugin', 'key-auth');
    expect(kongPlugin).not.toHaveProperty('status');
    const check = await checkLab(lab, k8sCheck('resource: KongPlugin/key-auth\nexpect:\n  exists: true'));
    expect(check.status).toBe('passed');
  });

  it(
    'ignores a credential Secret without konghq.com/credential: the consumer works without it and says ' + 'why',
    async () => {
      await lab.apply(plugin('key-auth', 'key-auth'));
      await lab.annotate('v1', 'Service', 'echo', { 'konghq.com/plugins': 'key-auth' });
      await lab.apply(keySecret('bob-key', 'bob-secret', {}));
      await lab.apply(consumer('bob', ['bob-key']));
      expect((await lab.proxy('/echo', { apikey: 'bob-secret' })).status).toBe(401);
      expect(await programmed('bob')).toMatchObject({
        status: 'False',
        reason: 'Invalid',
        message: 'Object failed to be configured in Kong - see its attached Events for more information.',
        observedGeneration: 1,
      });
      expect(await lab.events('bob')).toEqual([
        {
          type: 'Warning',
          reason: 'KongConfigurationTranslationFailed',
          message:
            'credential "bob-key" failure: could not load credential from Secret: Secret kong/bob-key used as ' +
            'credential, but lacks konghq.com/credential label',
          count: 1,
        },
        {
          type: 'Warning',
          reason: 'KongConfigurationTranslationFailed',
          message: 'credential "bob-key" failure: failed to provision credential: unsupported credential type: ""',
          count: 1,
        },
      ]);
      expect((await lab.admin('/consumers')).data.map((c: { username: string }) => c.username)).toEqual(['bob']);

      await lab.apply(keySecret('bob-key', 'bob-secret'));
      expect((await lab.proxy('/echo', { apikey: 'bob-secret' })).status).toBe(200);
      expect(await programmed('bob')).toMatchObject({ status: 'True', reason: 'Programmed' });
    },
  );

  it('needs no konghq.com/secret label on KIC credential Secrets (only the operator cache filters on it)', async () => {
    await lab.apply(keySecret('plain-key', 'plain-secret'));
    await lab.apply(consumer('plain', ['plain-key']));
    expect(await programmed('plain')).toMatchObject({ status: 'True' });
    expect((await lab.admin('/consumers/plain/key-auth')).data.map((k: { key: string }) => k.key)).toEqual([
      'plain-secret',
    ]);
  });

  it('leaves a KongConsumer without the kong class alone: the CRD default status, nothing in Kong', async () => {
    await lab.apply(keySecret('nobody-key', 'nobody-secret'));
    await lab.apply(consumer('nobody', ['nobody-key'], {}));
    expect(await programmed('nobody')).toEqual({
      type: 'Programmed',
      status: 'Unknown',
      reason: 'Pending',
      message: 'Waiting for controller',
      lastTransitionTime: '1970-01-01T00:00:00Z',
    });
    expect((await lab.admin('/consumers')).data).toEqual([]);
  });

  it('takes configuration back out when the objects are deleted', async () => {
    await lab.apply(plugin('key-auth', 'key-auth'));
    await lab.annotate('v1', 'Service', 'echo', { 'konghq.com/plugins': 'key-auth' });
    await lab.apply(keySecret('alex-key', 'alex-secret'));
    await lab.apply(consumer('alex', ['alex-key']));
    expect((await lab.proxy('/echo', { apikey: 'alex-secret' })).status).toBe(200);
    await lab.delete(KIC, 'KongConsumer', 'alex');
    expect((await lab.proxy('/echo', { apikey: 'alex-secret' })).status).toBe(401);
    expect((await lab.admin('/consumers')).data).toEqual([]);
    await lab.delete(KIC, 'KongPlugin', 'key-auth');
    expect((await lab.proxy('/echo')).status).toBe(200);
    expect(await lab.events('echo')).toEqual([
      expect.objectContaining({
        reason: 'KongConfigurationTranslationFailed',
        message: 'referenced KongPlugin or KongClusterPlugin "key-auth" does not exist',
      }),
    ]);
    await lab.delete('networking.k8s.io/v1', 'Ingress', 'echo');
    expect((await lab.proxy('/echo')).status).toBe(404);
    expect((await lab.admin('/services')).data).toEqual([]);
  });

  it('limits each consumer with the rate-limiting KongPlugin named on it', async () => {
    await lab.apply(plugin('key-auth', 'key-auth'));
    await lab.apply(plugin('five', 'rate-limiting', { minute: 5, policy: 'local' }));
    await lab.annotate('networking.k8s.io/v1', 'Ingress', 'echo', { 'konghq.com/plugins': 'key-auth' });
    await lab.apply(keySecret('alex-key', 'alex-secret'));
    await lab.apply(
      consumer('alex', ['alex-key'], { 'kubernetes.io/ingress.class': 'kong', 'konghq.com/plugins': 'five' }),
    );
    const answer = await fetch(`${lab.sandbox.proxyUrl}/echo`, { headers: { apikey: 'alex-secret' } });
    expect(answer.headers.get('x-ratelimit-limit-minute')).toBe('5');
    const limit = (await lab.admin('/plugins')).data.find((p: { name: string }) => p.name === 'rate-limiting');
    expect(limit).toMatchObject({ consumer: { id: expect.any(String) }, route: null, service: null });
  });

  it('reports a configuration Kong refuses on the object at fault, and keeps the last good one', async () => {
    await lab.apply(plugin('key-auth', 'key-auth'));
    await lab.annotate('networking.k8s.io/v1', 'Ingress', 'echo', { 'konghq.com/plugins': 'key-auth,broken' });
    expect((await lab.proxy('/echo')).status).toBe(401);
    await lab.apply(plugin('broken', 'rate-limiting', { policy: 'local' }));
    // Kong refused the new configuration: the last good one (key-auth, no rate limit) stays.
    const answer = await fetch(`${lab.sandbox.proxyUrl}/echo`);
    expect(answer.status).toBe(401);
    expect((await lab.admin('/plugins')).data.map((p: { name: string }) => p.name)).toEqual(['key-auth']);
    expect(await lab.events('broken')).toEqual([
      expect.objectContaining({
        type: 'Warning',
        reason: 'KongConfigurationApplyFailed',
        message: expect.stringMatching(
          /^invalid plugin:.*at least one of these fields must be non-empty: 'config.second', 'config.minute'/,
        ),
      }),
    ]);
  });

  it('refuses to take over an entity it did not make, saying so on the object, without quoting keys', async () => {
    const made = await fetch(`${lab.sandbox.adminUrl}/consumers`, {
      method: 'POST',
      headers: { authorization: `Bearer ${lab.sandbox.token}`, 'content-type': 'application/json' },
      body: JSON.stringify({ username: 'carol' }),
    });
    expect(made.status).toBe(201);
    await lab.apply(keySecret('carol-key', 'carol-secret'));
    await lab.apply(consumer('carol', ['carol-key']));
    const [event] = await lab.events('carol');
    expect(event).toMatchObject({
      type: 'Warning',
      reason: 'KongConfigurationApplyFailed',
      message: expect.stringContaining(
        `UNIQUE violation detected on '{username="carol"}': the sandbox has one the lab does not manage`,
      ),
    });
    expect(JSON.stringify(await lab.events('carol-key'))).not.toContain('carol-secret');
    expect((await lab.admin('/consumers/carol/key-auth')).data).toEqual([]);
  });

  it('needs the kong class on a KongClusterPlugin, and applies a global one everywhere', async () => {
    const cluster = (annotations: Record<string, string>) => `
apiVersion: ${KIC}
kind: KongClusterPlugin
metadata:
  name: everywhere
  labels: { global: "true" }
  annotations: ${JSON.stringify(annotations)}
plugin: key-auth
`;
    await lab.apply(cluster({}));
    expect((await lab.proxy('/echo')).status).toBe(200);
    await lab.apply(cluster({ 'kubernetes.io/ingress.class': 'kong' }));
    expect((await lab.proxy('/echo')).status).toBe(401);
    expect((await lab.admin('/plugins')).data[0]).toMatchObject({
      name: 'key-auth',
      service: null,
      route: null,
      consumer: null,
    });
  });

  it('routes an HTTPRoute of a Gateway whose class KIC controls, and reports per-parent status', async () => {
    await lab.apply(`
apiVersion: gateway.networking.k8s.io/v1
kind: GatewayClass
metadata: { name: kong, annotations: { konghq.com/gatewayclass-unmanaged: "true" } }
spec: { controllerName: konghq.com/kic-gateway-controller }
---
apiVersion: gateway.networking.k8s.io/v1
kind: Gateway
metadata: { name: kong }
spec:
  gatewayClassName: kong
  listeners: [{ name: proxy, port: 80, protocol: HTTP }]
---
apiVersion: gateway.networking.k8s.io/v1
kind: HTTPRoute
metadata: { name: echo-route, annotations: { konghq.com/strip-path: "true", konghq.com/plugins: key-auth } }
spec:
  parentRefs: [{ name: kong }]
  rules:
    - matches: [{ path: { type: PathPrefix, value: /route } }]
      backendRefs: [{ name: echo, port: 1027 }]
`);
    await lab.apply(plugin('key-auth', 'key-auth'));
    expect((await lab.proxy('/route')).status).toBe(401);
    const route = await lab.get('gateway.networking.k8s.io/v1', 'HTTPRoute', 'echo-route');
    const status = route?.status as
      | { parents: { controllerName: string; conditions: { type: string; status: string; reason: string }[] }[] }
      | undefined;
    const [parent] = status?.parents ?? [];
    expect(parent!.controllerName).toBe('konghq.com/kic-gateway-controller');
    expect(parent!.conditions.map((c) => [c.type, c.status, c.reason])).toEqual([
      ['Accepted', 'True', 'Accepted'],
      ['ResolvedRefs', 'True', 'ResolvedRefs'],
      ['Programmed', 'True', 'ConfiguredInGateway'],
    ]);
    const check = await checkLab(
      lab,
      k8sCheck(
        `resource: HTTPRoute/echo-route\nexpect:\n  fields:\n    ` +
          `'{.status.parents[0].conditions[?(@.type=="Programmed")].status}': "True"`,
      ),
    );
    expect(check.status).toBe('passed');
    expect((await lab.admin('/services')).data.map((s: { name: string }) => s.name)).toContain(
      'httproute.kong.svc.kong.echo.1027',
    );
  });

  it('puts back its configuration when something else replaces the gateway configuration', async () => {
    await lab.apply(plugin('key-auth', 'key-auth'));
    await lab.annotate('networking.k8s.io/v1', 'Ingress', 'echo', { 'konghq.com/plugins': 'key-auth' });
    const replaced = await fetch(`${lab.sandbox.adminUrl}/config`, {
      method: 'POST',
      headers: { authorization: `Bearer ${lab.sandbox.token}`, 'content-type': 'application/json' },
      body: JSON.stringify({ _format_version: '3.0' }),
    });
    expect(replaced.status).toBe(201);
    await lab.sandbox.flush();
    expect((await lab.proxy('/echo')).status).toBe(401);
  });
});

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ECHO, LabSandbox } from '../../packages/kube-lab/test/lab-harness.js';
import { checkLab, k8sCheck } from './runner-checks.js';

// The acceptance case of the issue: the manifests of /work/shared/seeds/002 (the KIC get-started
// "Key Authentication" page) applied to the sandbox's lab behave as on a kind cluster.
// The page's entity_example blocks render, for KIC, as the KongPlugin and KongConsumer below,
// with the plugin attached as the page's tldr does: `kubectl annotate service echo konghq.com/plugins=key-auth`.
const KEY_AUTH_PLUGIN = `
apiVersion: configuration.konghq.com/v1
kind: KongPlugin
metadata:
  name: key-auth
  namespace: kong
plugin: key-auth
`;
const SEED_SECRET = `
apiVersion: v1
kind: Secret
metadata:
   name: alex-key-auth
   namespace: kong
   labels:
      konghq.com/credential: key-auth
stringData:
   key: hello_world
`;
const SEED_CONSUMER = `
apiVersion: configuration.konghq.com/v1
kind: KongConsumer
metadata:
  name: alex
  namespace: kong
  annotations:
    kubernetes.io/ingress.class: kong
username: alex
credentials:
  - alex-key-auth
`;

const KEY = 'hello_world';

let lab: LabSandbox;
beforeAll(async () => {
  lab = await LabSandbox.start();
  await lab.apply(ECHO);
});
afterAll(() => lab.stop());

describe('seeds/002 on the kube lab', () => {
  it('routes /echo to the echo service before any plugin', async () => {
    expect((await lab.proxy('/echo')).status).toBe(200);
  });

  it('gives 401 without a key once key-auth is annotated on the echo Service', async () => {
    await lab.apply(KEY_AUTH_PLUGIN);
    await lab.annotate('v1', 'Service', 'echo', { 'konghq.com/plugins': 'key-auth' });
    const answer = await lab.proxy('/echo');
    expect(answer.status).toBe(401);
    expect(answer.json.message).toBe('No API key found in request');
  });

  it('gives 200 with apikey: hello_world once the credential Secret and KongConsumer exist', async () => {
    await lab.apply(SEED_SECRET);
    await lab.apply(SEED_CONSUMER);
    expect((await lab.proxy('/echo', { apikey: KEY })).status).toBe(200);
    expect((await lab.proxy('/echo', { apikey: 'nope' })).status).toBe(401);
  });

  it('reports the KongConsumer Programmed=True, read through client-node by check k8s', async () => {
    const result = await checkLab(
      lab,
      k8sCheck(`
resource: KongConsumer/alex
expect:
  condition:
    type: Programmed
    status: "True"
    reason: Programmed
    message: Object was successfully configured in Kong.
`),
    );
    expect(result.status).toBe('passed');
    expect(result.expectations.map((e) => [e.subject, e.passed])).toEqual([
      ['exists', true],
      ['condition Programmed', true],
      ['reason', true],
      ['message', true],
      ['observedGeneration', true],
    ]);
  });

  it(
    'configures the gateway as KIC names it: service kong.echo.1027, the plugin on it, alex with the ' + 'key',
    async () => {
      const services = await lab.admin('/services');
      expect(services.data.map((s: { name: string; host: string }) => [s.name, s.host])).toEqual([
        ['kong.echo.1027', 'echo.kong.1027.svc'],
      ]);
      const plugins = await lab.admin('/plugins');
      expect(plugins.data).toHaveLength(1);
      expect(plugins.data[0]).toMatchObject({
        name: 'key-auth',
        service: { id: services.data[0].id },
        route: null,
        consumer: null,
      });
      expect(plugins.data[0].tags).toEqual(
        expect.arrayContaining([
          'k8s-name:key-auth',
          'k8s-namespace:kong',
          'k8s-kind:KongPlugin',
          'k8s-group:configuration.konghq.com',
          'k8s-version:v1',
        ]),
      );
      const keys = await lab.admin('/consumers/alex/key-auth');
      expect(keys.data.map((k: { key: string }) => k.key)).toEqual([KEY]);
    },
  );
});

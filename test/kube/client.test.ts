import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { delimiter, join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { connectKube, isKubeError, type KubeError, type WatchEvent } from '../../src/kube/index.js';
import { startFakeKubeApi, type FakeKubeApi } from './fake-api-server.js';
import { PROGRAMMED, gatewayPod, kongConsumer, kongPlugin } from './fixtures.js';

let api: FakeKubeApi;
const scratch = mkdtempSync(join(tmpdir(), 'kw-kube-client-'));

beforeAll(async () => {
  api = await startFakeKubeApi([
    kongConsumer({ name: 'alex', conditions: [{ ...PROGRAMMED.ok, observedGeneration: 1 }] }),
    kongPlugin({ name: 'key-auth', plugin: 'key-auth' }),
    gatewayPod(),
  ]);
});
afterAll(async () => {
  await api.close();
  rmSync(scratch, { recursive: true, force: true });
});

const access = () => ({ kubeconfig: api.kubeconfigPath, context: 'kind-kind', namespace: 'kong' });

async function rejection(promise: Promise<unknown>): Promise<KubeError> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  if (!isKubeError(error)) throw new Error(`expected a KubeError, got ${String(error)}`);
  return error;
}

describe('KubeClient against the fake API server', () => {
  it('reads an object as raw JSON, with its status, through discovery', async () => {
    const client = await connectKube(access());
    const { resource, object } = await client.get({
      apiVersion: 'configuration.konghq.com/v1',
      kind: 'KongConsumer',
      name: 'alex',
    });
    expect(resource).toMatchObject({ plural: 'kongconsumers', namespaced: true, group: 'configuration.konghq.com' });
    expect(object?.metadata?.namespace).toBe('kong');
    const status = object?.status as { conditions: { type: string; status: string }[] } | undefined;
    expect(status?.conditions[0]).toMatchObject({
      type: 'Programmed',
      status: 'True',
    });
    // creationTimestamp stays a string: no typed model conversion on the way.
    expect(typeof object?.metadata?.creationTimestamp).toBe('string');
  });

  it('returns undefined for a missing object and asks discovery once per group version', async () => {
    const client = await connectKube(access());
    const before = api.requests.filter((r) => r === 'GET /apis/configuration.konghq.com/v1').length;
    const { object } = await client.get({
      apiVersion: 'configuration.konghq.com/v1',
      kind: 'KongPlugin',
      name: 'nope',
    });
    expect(object).toBeUndefined();
    await client.get({ apiVersion: 'configuration.konghq.com/v1', kind: 'KongPlugin', name: 'key-auth' });
    expect(api.requests.filter((r) => r === 'GET /apis/configuration.konghq.com/v1').length).toBe(before);
  });

  it('says which CRDs to install when the cluster does not serve a group', async () => {
    const bare = await startFakeKubeApi([], { withoutGroups: ['konnect.konghq.com'] });
    try {
      const client = await connectKube({ kubeconfig: bare.kubeconfigPath, namespace: 'kong' });
      const error = await rejection(
        client.get({ apiVersion: 'konnect.konghq.com/v1alpha1', kind: 'KonnectAPIAuthConfiguration', name: 'auth' }),
      );
      expect(error.code).toBe('kube-unknown-kind');
      expect(error.hint).toContain('kong/kong-operator');
    } finally {
      await bare.close();
    }
  });

  it('lists by label selector', async () => {
    const client = await connectKube(access());
    const { items } = await client.list({
      apiVersion: 'v1',
      kind: 'Pod',
      namespace: 'kong',
      labelSelector: 'app.kubernetes.io/name=gateway',
    });
    expect(items.map((p) => p.metadata?.name)).toEqual(['kong-gateway-5d8c7f9b6d-x7k2p']);
    const none = await client.list({
      apiVersion: 'v1',
      kind: 'Pod',
      namespace: 'kong',
      labelSelector: 'app.kubernetes.io/name=nothing',
    });
    expect(none.items).toEqual([]);
  });

  it('watches: current state as ADDED, then changes as they happen', async () => {
    const client = await connectKube(access());
    const events: WatchEvent[] = [];
    let seen!: () => void;
    const modified = new Promise<void>((resolve) => (seen = resolve));
    const handle = await client.watch(
      {
        apiVersion: 'configuration.konghq.com/v1',
        kind: 'KongConsumer',
        namespace: 'kong',
        fieldSelector: 'metadata.name=alex',
      },
      (event) => {
        events.push(event);
        if (event.type === 'MODIFIED') seen();
      },
    );
    await expect.poll(() => events.length).toBe(1);
    api.setObject(kongConsumer({ name: 'alex', conditions: [{ ...PROGRAMMED.invalid, observedGeneration: 1 }] }));
    await modified;
    handle.close();
    await handle.done;
    expect(events.map((e) => e.type)).toEqual(['ADDED', 'MODIFIED']);
    expect(events[1]!.object.status).toMatchObject({ conditions: [{ reason: 'Invalid' }] });
  });

  it('classifies refused credentials as kube-forbidden', async () => {
    const client = await connectKube(access());
    api.setAuth('unauthorized');
    try {
      expect((await rejection(client.version())).code).toBe('kube-forbidden');
      api.setAuth('forbidden');
      const error = await rejection(client.list({ apiVersion: 'v1', kind: 'Pod', namespace: 'kong' }));
      expect(error).toMatchObject({ code: 'kube-forbidden', status: 403 });
    } finally {
      api.setAuth('ok');
    }
  });

  it('classifies a server that is gone as kube-unreachable, with the address in the message', async () => {
    const gone = await startFakeKubeApi();
    const kubeconfig = join(scratch, 'gone.yaml');
    writeFileSync(kubeconfig, readFileSync(gone.kubeconfigPath));
    await gone.close();
    const client = await connectKube({ kubeconfig, namespace: 'kong' });
    const error = await rejection(client.version({ timeoutMs: 2000 }));
    expect(error.code).toBe('kube-unreachable');
    expect(error.message).toContain(gone.url);
    expect(error.hint).toContain('kind get clusters');
  });

  it('names the contexts it has when the one asked for is missing', async () => {
    const error = await rejection(
      connectKube({ kubeconfig: api.kubeconfigPath, context: 'kind-workshop', namespace: 'kong' }),
    );
    expect(error.code).toBe('kube-context-missing');
    expect(error.hint).toContain('kind-kind');
    expect(error.hint).toContain('kind create cluster --name workshop');
  });

  it('reports a missing kubeconfig file as kube-config', async () => {
    const error = await rejection(connectKube({ kubeconfig: join(scratch, 'missing'), namespace: 'kong' }));
    expect(error.code).toBe('kube-config');
    expect(error.hint).toContain('kind create cluster');
  });

  it('merges a KUBECONFIG list like kubectl: contexts from every file', async () => {
    const other = join(scratch, 'other.yaml');
    writeFileSync(other, 'apiVersion: v1\nkind: Config\nclusters: []\nusers: []\ncontexts: []\n');
    const client = await connectKube({
      kubeconfig: [join(scratch, 'absent'), other, api.kubeconfigPath].join(delimiter),
      context: 'kind-kind',
      namespace: 'kong',
    });
    expect((await client.version()).gitVersion).toBe('v1.32.2');
  });
});
afterEach(() => api.setAuth('ok'));

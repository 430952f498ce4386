import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { request } from 'undici';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TARGET_VARIABLES } from '../../src/lesson/index.js';
import { TargetError, kindSettings, kindTarget, type TargetSession } from '../../src/targets/index.js';
import { startFakeKubeApi, type FakeKubeApi } from '../kube/fake-api-server.js';
import { kicInstall, proxyService, type FakeObject } from '../kube/fixtures.js';

let proxy: Server;
let proxyPort: number;
let api: FakeKubeApi;
const scratch = mkdtempSync(join(tmpdir(), 'kw-kind-'));

beforeAll(async () => {
  proxy = createServer((_req, res) => {
    res.writeHead(401, { 'content-type': 'application/json', 'www-authenticate': 'Key' });
    res.end('{"message":"No API key found in request"}');
  });
  await new Promise<void>((resolve) => proxy.listen(0, '127.0.0.1', resolve));
  proxyPort = (proxy.address() as AddressInfo).port;
  api = await startFakeKubeApi(kicInstall());
  api.routePortForward((_ns, _pod, port) => (port === 8000 ? { host: '127.0.0.1', port: proxyPort } : undefined));
});
afterAll(async () => {
  await api.close();
  await new Promise((resolve) => proxy.close(resolve));
  rmSync(scratch, { recursive: true, force: true });
});

function prepare(settings: Record<string, string | undefined>, log: string[] = []): Promise<TargetSession> {
  return kindTarget.prepare({
    vars: {},
    settings: { kubeconfig: api.kubeconfigPath, ...settings },
    log: (line) => log.push(line),
  });
}

async function failure(promise: Promise<unknown>): Promise<TargetError> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(TargetError);
  return error as TargetError;
}

describe('kind target', () => {
  it('port-forwards the Kong proxy and exposes exactly the kind variables', async () => {
    const session = await prepare({});
    try {
      expect(Object.keys(session.vars).sort()).toEqual([...TARGET_VARIABLES.kind].sort());
      expect(session.vars).toMatchObject({ NAMESPACE: 'kong', KUBE_CONTEXT: 'kind-kind', CLUSTER: 'kind' });
      expect(session.vars.PROXY).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
      const response = await request(`${session.vars.PROXY}/echo`);
      expect(response.statusCode).toBe(401);
      expect(await response.body.json()).toEqual({ message: 'No API key found in request' });
      expect(session.kube).toEqual({ kubeconfig: api.kubeconfigPath, context: 'kind-kind', namespace: 'kong' });
      expect(session.env).toEqual({ KUBECONFIG: api.kubeconfigPath });
      expect(session.description).toContain('port-forward to kong/kong-gateway-proxy');
    } finally {
      await session.close();
      await session.close(); // idempotent
    }
    await expect(request(session.vars.PROXY!)).rejects.toThrow(/ECONNREFUSED/);
  });

  it('takes the kubeconfig from KUBECONFIG without passing it on to the shell', () => {
    const settings = kindSettings({}, { KUBECONFIG: '/tmp/a:/tmp/b', HOME: '/home/learner' });
    expect(settings).toMatchObject({
      kubeconfig: '/tmp/a:/tmp/b',
      explicitKubeconfig: undefined,
      context: 'kind-kind',
      namespace: 'kong',
      proxyService: 'kong-gateway-proxy',
    });
    expect(kindSettings({}, { HOME: '/home/learner' }).kubeconfig).toBe('/home/learner/.kube/config');
    expect(kindSettings({ cluster: 'workshop' }, {}).context).toBe('kind-workshop');
    expect(kindSettings({ cluster: 'workshop', context: 'other' }, {}).context).toBe('other');
  });

  it('uses the context of a named cluster', async () => {
    const named = await startFakeKubeApi(kicInstall(), { context: 'kind-workshop' });
    named.routePortForward(() => ({ host: '127.0.0.1', port: proxyPort }));
    try {
      const session = await kindTarget.prepare({
        vars: {},
        settings: { kubeconfig: named.kubeconfigPath, cluster: 'workshop' },
        log: () => {},
      });
      expect(session.vars).toMatchObject({ CLUSTER: 'workshop', KUBE_CONTEXT: 'kind-workshop' });
      await session.close();
    } finally {
      await named.close();
    }
  });

  it('uses --proxy-url as given, without looking for the service', async () => {
    const session = await prepare({ proxyUrl: 'http://localhost:8080/', proxyService: 'does-not-exist' });
    expect(session.vars.PROXY).toBe('http://localhost:8080');
    expect(session.description).toContain('--proxy-url');
    await session.close();
  });

  it("prefers the service's external address when it answers", async () => {
    const service = proxyService({ name: 'kong-lb', externalIp: '127.0.0.1' }) as FakeObject & {
      spec: { ports: { port: number }[] };
    };
    service.spec.ports[0]!.port = proxyPort;
    api.setObject(service);
    const session = await prepare({ proxyService: 'kong-lb' });
    expect(session.vars.PROXY).toBe(`http://127.0.0.1:${proxyPort}`);
    expect(session.description).toContain('external address');
    await session.close();
  });

  it('warns when kubectl would talk to another context than the checks', async () => {
    const kubeconfig = join(scratch, 'two-contexts.yaml');
    writeFileSync(
      kubeconfig,
      readFileSync(api.kubeconfigPath, 'utf8').replace('current-context: kind-kind', 'current-context: prod'),
    );
    const log: string[] = [];
    const session = await prepare({ kubeconfig }, log);
    await session.close();
    expect(log.join('\n')).toContain('kubectl config use-context kind-kind');
  });

  it('fails with a TargetError and a hint when the cluster is down', async () => {
    const gone = await startFakeKubeApi();
    const kubeconfig = join(scratch, 'gone.yaml');
    writeFileSync(kubeconfig, readFileSync(gone.kubeconfigPath));
    await gone.close();
    const error = await failure(prepare({ kubeconfig }));
    expect(error.code).toBe('kube-unreachable');
    expect(error.hint).toContain('docker start kind-control-plane');
  });

  it('fails with a TargetError when the context does not exist', async () => {
    const error = await failure(prepare({ cluster: 'workshop' }));
    expect(error.code).toBe('kube-context-missing');
    expect(error.message).toContain('kind-workshop');
    expect(error.hint).toContain('kind create cluster --name workshop');
  });

  it('opens {{PROXY}} before Kong is installed, so the setup lesson can install it, and says how', async () => {
    const empty = await startFakeKubeApi();
    const lines: string[] = [];
    const session = await kindTarget.prepare({
      vars: {},
      settings: { kubeconfig: empty.kubeconfigPath },
      log: (line) => lines.push(line),
    });
    try {
      expect(session.vars.PROXY).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
      expect(session.description).toContain('(port-forward to kong/kong-gateway-proxy, once it has a ready pod)');
      expect(lines.join('\n')).toContain('helm install kong kong/ingress -n kong --create-namespace');
    } finally {
      await session.close();
      await empty.close();
    }
  });
});

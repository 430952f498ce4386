import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { request } from 'undici';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { connectKube, isKubeError, openServiceProxy, type ServiceProxy } from '../../src/kube/index.js';
import { startFakeKubeApi, type FakeKubeApi } from './fake-api-server.js';
import { gatewayPod, kicInstall, proxyService, type FakeObject } from './fixtures.js';

// A stand-in for the Kong proxy inside the pod: what the port-forward must reach.
let proxy: Server;
let proxyPort: number;
let api: FakeKubeApi;
const opened: ServiceProxy[] = [];

beforeAll(async () => {
  proxy = createServer((req, res) => {
    res.writeHead(404, { 'content-type': 'application/json', server: 'kong/3.9.1' });
    res.end(JSON.stringify({ message: 'no Route matched with those values', path: req.url }));
  });
  await new Promise<void>((resolve) => proxy.listen(0, '127.0.0.1', resolve));
  proxyPort = (proxy.address() as AddressInfo).port;
  api = await startFakeKubeApi(kicInstall());
  api.routePortForward((namespace, pod, port) =>
    namespace === 'kong' && pod.startsWith('kong-gateway-') && port === 8000
      ? { host: '127.0.0.1', port: proxyPort }
      : undefined,
  );
});
afterEach(async () => {
  await Promise.all(opened.splice(0).map((p) => p.close()));
});
afterAll(async () => {
  await api.close();
  await new Promise((resolve) => proxy.close(resolve));
});

async function open(
  options: { service?: string; log?: (line: string) => void; waitForService?: boolean } = {},
): Promise<ServiceProxy> {
  const client = await connectKube({ kubeconfig: api.kubeconfigPath, context: 'kind-kind', namespace: 'kong' });
  const result = await openServiceProxy(client, {
    namespace: 'kong',
    service: options.service ?? 'kong-gateway-proxy',
    log: options.log,
    waitForService: options.waitForService,
  });
  opened.push(result);
  return result;
}

async function get(url: string): Promise<{ status: number; body: string }> {
  const response = await request(url);
  return { status: response.statusCode, body: await response.body.text() };
}

describe('openServiceProxy', () => {
  it('forwards 127.0.0.1:<ephemeral> to the ready gateway pod, container port 8000', async () => {
    const forward = await open();
    expect(forward).toMatchObject({ kind: 'port-forward', pod: 'kong-gateway-5d8c7f9b6d-x7k2p', targetPort: 8000 });
    expect(forward.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    const first = await get(`${forward.url}/echo`);
    expect(first.status).toBe(404);
    expect(JSON.parse(first.body)).toEqual({ message: 'no Route matched with those values', path: '/echo' });
    // Each connection gets its own websocket; several at once must not mix up their bytes.
    const paths = ['/a', '/b', '/c', '/d'];
    const bodies = await Promise.all(paths.map((path) => get(`${forward.url}${path}`)));
    expect(bodies.map((b) => JSON.parse(b.body).path)).toEqual(paths);
    expect(api.requests).toContain(
      'UPGRADE /api/v1/namespaces/kong/pods/kong-gateway-5d8c7f9b6d-x7k2p/portforward?ports=8000',
    );
  });

  it('stops listening when closed', async () => {
    const forward = await open();
    await get(forward.url);
    await forward.close();
    await expect(get(forward.url)).rejects.toThrow(/ECONNREFUSED/);
  });

  it('moves to a new ready pod when the forwarded one is replaced', async () => {
    const lines: string[] = [];
    const forward = await open({ log: (line) => lines.push(line) });
    api.deleteObject('v1', 'Pod', 'kong-gateway-5d8c7f9b6d-x7k2p', 'kong');
    api.setObject(gatewayPod({ name: 'kong-gateway-5d8c7f9b6d-n3w9q' }));
    try {
      expect((await get(`${forward.url}/after`)).status).toBe(404);
      expect(forward.kind === 'port-forward' && forward.pod).toBe('kong-gateway-5d8c7f9b6d-n3w9q');
      expect(lines.join('\n')).toContain('now forwarding to kong-gateway-5d8c7f9b6d-n3w9q');
    } finally {
      api.deleteObject('v1', 'Pod', 'kong-gateway-5d8c7f9b6d-n3w9q', 'kong');
      api.setObject(gatewayPod());
    }
  });

  it('passes on what the kubelet reports when the pod refuses the connection', async () => {
    const lines: string[] = [];
    const forward = await open({ log: (line) => lines.push(line) });
    api.routePortForward(() => undefined);
    try {
      await expect(get(forward.url)).rejects.toThrow();
      expect(lines.join('\n')).toContain('connection refused');
    } finally {
      api.routePortForward((_ns, _pod, port) => (port === 8000 ? { host: '127.0.0.1', port: proxyPort } : undefined));
    }
  });

  it('uses the external address instead when the service has one that answers', async () => {
    const service = proxyService({ name: 'kong-lb', externalIp: '127.0.0.1' }) as FakeObject & {
      spec: { ports: { port: number }[] };
    };
    service.spec.ports[0]!.port = proxyPort;
    api.setObject(service);
    const external = await open({ service: 'kong-lb' });
    expect(external).toMatchObject({ kind: 'external', url: `http://127.0.0.1:${proxyPort}` });
    expect((await get(`${external.url}/x`)).status).toBe(404);
  });

  it('falls back to a port-forward when the external address does not answer', async () => {
    const lines: string[] = [];
    api.setObject(proxyService({ name: 'kong-unreachable-lb', externalIp: '127.0.0.1' })); // port 80: nothing listens
    const forward = await open({ service: 'kong-unreachable-lb', log: (line) => lines.push(line) });
    expect(forward.kind).toBe('port-forward');
    expect(lines.join('\n')).toContain('does not answer from here');
  });

  it('explains a missing service and a service without ready pods', async () => {
    const missing = await open({ service: 'kong-proxy' }).catch((e: unknown) => e);
    expect(isKubeError(missing, 'kube-not-found') && missing.hint).toContain('kubectl get svc -n kong');

    api.setObject(gatewayPod({ ready: false }));
    try {
      const notReady = await open().catch((e: unknown) => e);
      expect(isKubeError(notReady, 'kube-no-ready-pod')).toBe(true);
      expect((notReady as Error).message).toContain('none ready');
      expect((notReady as { hint: string }).hint).toContain(
        'kubectl wait --for=condition=Ready pod -l app.kubernetes.io/name=gateway',
      );
    } finally {
      api.setObject(gatewayPod());
    }
  });

  it(
    'with waitForService, listens before Kong is installed and forwards once the service has a ready ' + 'pod',
    async () => {
      api.deleteObject('v1', 'Service', 'kong-gateway-proxy', 'kong');
      api.setObject(gatewayPod({ ready: false }));
      try {
        const lines: string[] = [];
        const forward = await open({ waitForService: true, log: (line) => lines.push(line) });
        expect(forward).toMatchObject({ kind: 'port-forward', pod: undefined });
        expect(lines.join('\n')).toContain('kong/kong-gateway-proxy is not there yet');
        // Nothing to forward to yet: the connection is closed rather than left hanging.
        await expect(get(`${forward.url}/echo`)).rejects.toThrow();

        api.setObject(proxyService());
        api.setObject(gatewayPod());
        const reached = await get(`${forward.url}/echo`);
        expect(reached.status).toBe(404);
        expect(forward).toMatchObject({ pod: 'kong-gateway-5d8c7f9b6d-x7k2p', targetPort: 8000 });
      } finally {
        api.setObject(proxyService());
        api.setObject(gatewayPod());
      }
    },
  );
});

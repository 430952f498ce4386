import { spawn } from 'node:child_process';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  renderDoctorText,
  runDoctor,
  summarizeDoctor,
  type DoctorItem,
  type DoctorReport,
  type Platform,
} from '../../src/doctor/index.js';
import { statePaths } from '../../src/state/index.js';
import { startFakeKubeApi, type FakeKubeApi } from '../kube/fake-api-server.js';
import { gatewayPod, kicInstall } from '../kube/fixtures.js';
import { REAL_OUTPUT, fakeBin } from './fake-tools.js';

const linux: Platform = { os: 'linux', arch: 'amd64', debian: true };

let kong: Server;
let kongPort: number;
let api: FakeKubeApi;

beforeAll(async () => {
  kong = createServer((_req, res) => {
    res.writeHead(404, { 'content-type': 'application/json', server: 'kong/3.9.1' });
    res.end('{"message":"no Route matched with those values"}');
  });
  await new Promise<void>((resolve) => kong.listen(0, '127.0.0.1', resolve));
  kongPort = (kong.address() as AddressInfo).port;
  api = await startFakeKubeApi(kicInstall(), { withoutGroups: ['konnect.konghq.com'] });
  api.routePortForward((_ns, _pod, port) => (port === 8000 ? { host: '127.0.0.1', port: kongPort } : undefined));
});
afterAll(async () => {
  await api.close();
  await new Promise((resolve) => kong.close(resolve));
});

const item = (report: DoctorReport, id: string): DoctorItem => {
  const found = report.items.find((i) => i.id === id);
  if (!found) throw new Error(`no item ${id} in ${report.items.map((i) => i.id).join(', ')}`);
  return found;
};

describe('doctor for the kind target', () => {
  it('passes with the tools and a healthy cluster, warning about what is optional or old', async () => {
    const bin = fakeBin({
      docker: REAL_OUTPUT.docker(true),
      kind: REAL_OUTPUT.kind,
      kubectl: REAL_OUTPUT.kubectlOld,
      helm: REAL_OUTPUT.helm,
    });
    const report = await runDoctor(
      { target: 'kind', env: { PATH: bin, HOME: bin, KUBECONFIG: api.kubeconfigPath } },
      linux,
    );
    expect(report.ok).toBe(true);
    expect(item(report, 'tool:kind')).toMatchObject({
      status: 'pass',
      required: true,
      detail: `v0.27.0 (${bin}/kind)`,
    });
    expect(item(report, 'tool:kubectl')).toMatchObject({
      status: 'warn',
      detail: expect.stringContaining("Debian's kubernetes-client package is 1.20"),
    });
    // Only what kind needs: the konnect target's deck is not an item here.
    expect(report.items.some((i) => i.id === 'tool:deck')).toBe(false);
    expect(item(report, 'tool:curl')).toMatchObject({ status: 'warn', fix: 'sudo apt-get install -y curl' });
    expect(item(report, 'docker-daemon')).toMatchObject({ status: 'pass', detail: 'running (Engine v27.3.1)' });
    expect(item(report, 'kube-context')).toMatchObject({
      status: 'pass',
      detail: `context kind-kind at ${api.url} (Kubernetes v1.32.2)`,
    });
    expect(item(report, 'kubectl-context')).toMatchObject({
      status: 'pass',
      detail: 'kind-kind, the same cluster the checks use',
    });
    expect(item(report, 'kong-pods')).toMatchObject({
      status: 'pass',
      detail: expect.stringContaining('2 ready in kong'),
    });
    expect(item(report, 'crd:kongplugins.configuration.konghq.com')).toMatchObject({
      status: 'pass',
      detail: 'kongplugins.configuration.konghq.com (v1)',
    });
    expect(item(report, 'crd:konnectapiauthconfigurations.konnect.konghq.com')).toMatchObject({
      status: 'warn',
      required: false,
      fix: expect.stringContaining('helm upgrade --install kong-operator kong/kong-operator'),
    });
    expect(item(report, 'proxy')).toMatchObject({
      status: 'pass',
      detail: expect.stringMatching(
        /^http:\/\/127\.0\.0\.1:\d+ answered 404, server kong\/3\.9\.1 \(port-forward to kong\/kong-gateway-proxy/,
      ),
    });
    expect(summarizeDoctor(report)).toMatch(/^Ready for the kind target/);
  });

  it('fails, naming each missing tool with its install command, when the machine is not set up', async () => {
    const bin = fakeBin({ docker: REAL_OUTPUT.docker(false) });
    const report = await runDoctor({ target: 'kind', env: { PATH: bin, HOME: bin } }, linux);
    expect(report.ok).toBe(false);
    expect(item(report, 'tool:kind')).toMatchObject({
      status: 'fail',
      detail: 'not found on PATH',
      fix: expect.stringContaining('releases/latest/download/kind-linux-amd64'),
    });
    expect(item(report, 'tool:kubectl')).toMatchObject({
      status: 'fail',
      fix: expect.stringContaining('https://dl.k8s.io/release/'),
    });
    expect(item(report, 'tool:helm')).toMatchObject({ status: 'fail', fix: expect.stringContaining('get-helm-3') });
    expect(item(report, 'docker-daemon')).toMatchObject({
      status: 'fail',
      detail: expect.stringContaining('Is the docker daemon running?'),
      fix: expect.stringContaining('systemctl start docker'),
    });
    expect(item(report, 'kube-context')).toMatchObject({
      status: 'fail',
      fix: expect.stringContaining('kind create cluster --name kind'),
    });
    // Nothing that needs the cluster is reported when the cluster is not there.
    expect(report.items.some((i) => i.id === 'kong-pods' || i.id === 'proxy')).toBe(false);
    expect(summarizeDoctor(report)).toContain('Not ready for the kind target: kind, kubectl, helm and 2 more');
  });

  it('says which Kong pods are not ready and how to wait for them', async () => {
    api.setObject(gatewayPod({ ready: false }));
    const bin = fakeBin({});
    try {
      const report = await runDoctor(
        { target: 'kind', env: { PATH: bin, HOME: bin }, settings: { kubeconfig: api.kubeconfigPath } },
        linux,
      );
      expect(item(report, 'kong-pods')).toMatchObject({
        status: 'fail',
        detail: expect.stringContaining(
          '1 of 2 ready in kong; waiting: kong-gateway-5d8c7f9b6d-x7k2p (ContainersNotReady)',
        ),
        fix: expect.stringContaining('kubectl wait --for=condition=Ready pod --all -n kong'),
      });
      expect(item(report, 'proxy')).toMatchObject({ status: 'fail', detail: expect.stringContaining('none ready') });
      expect(item(report, 'kubectl-context').status).toBe('pass');
    } finally {
      api.setObject(gatewayPod());
    }
  });

  it('warns when plain kubectl would talk to another cluster than the checks', async () => {
    const kubeconfig = join(process.env.KONG_WORKSHOP_HOME!, 'prod-current.yaml');
    writeFileSync(
      kubeconfig,
      readFileSync(api.kubeconfigPath, 'utf8').replace('current-context: kind-kind', 'current-context: prod'),
    );
    const bin = fakeBin({});
    const report = await runDoctor({ target: 'kind', env: { PATH: bin, HOME: bin, KUBECONFIG: kubeconfig } }, linux);
    expect(item(report, 'kube-context').status).toBe('pass');
    expect(item(report, 'kubectl-context')).toMatchObject({
      status: 'warn',
      required: false,
      detail: expect.stringContaining('kubectl uses prod'),
      fix: 'kubectl config use-context kind-kind',
    });
  });

  it('asks discovery about the CRDs when reading CRD objects is not allowed', async () => {
    api.forbidPaths((path) => path.startsWith('/apis/apiextensions.k8s.io/'));
    try {
      const bin = fakeBin({});
      const report = await runDoctor(
        { target: 'kind', env: { PATH: bin, HOME: bin, KUBECONFIG: api.kubeconfigPath } },
        linux,
      );
      expect(item(report, 'crd:kongconsumers.configuration.konghq.com')).toMatchObject({
        status: 'pass',
        detail: 'KongConsumer is served (configuration.konghq.com/v1)',
      });
      expect(item(report, 'crd:konnectapiauthconfigurations.konnect.konghq.com')).toMatchObject({
        status: 'warn',
        detail: expect.stringContaining('is not installed'),
      });
    } finally {
      api.forbidPaths(() => false);
    }
  });

  it("fails a lesson's tool older than its stated minimum, with the upgrade command for the platform", async () => {
    const bin = fakeBin({ deck: REAL_OUTPUT.deckOld, curl: REAL_OUTPUT.curl });
    const mac: Platform = { os: 'darwin', arch: 'arm64', debian: false };
    const report = await runDoctor(
      {
        target: 'gateway',
        env: { PATH: bin, HOME: bin },
        requiredTools: [
          { name: 'deck', minimum: '1.36' },
          { name: 'curl', minimum: '7.76' },
        ],
      },
      mac,
    );
    expect(item(report, 'tool:deck')).toMatchObject({
      status: 'fail',
      required: true,
      detail: `v1.27.1 (${bin}/deck) is older than v1.36, the oldest the lessons' commands work with`,
      fix: 'brew upgrade kong/deck/deck',
    });
    expect(item(report, 'tool:curl')).toMatchObject({ status: 'pass', detail: `v7.88.1 (${bin}/curl)` });
    expect(report.ok).toBe(false);
  });

  it("makes a lesson's own tools required", async () => {
    const bin = fakeBin({});
    const report = await runDoctor(
      { target: 'sandbox', env: { PATH: bin, HOME: bin }, requiredTools: [{ name: 'jq' }], sandboxPorts: [] },
      linux,
    );
    expect(item(report, 'tool:jq')).toMatchObject({
      status: 'fail',
      required: true,
      fix: 'install jq and make sure it is on your PATH',
    });
    expect(report.ok).toBe(false);
  });
});

describe('doctor for the sandbox target', () => {
  async function listen(): Promise<Server> {
    const server = createServer((_req, res) => res.end('ok'));
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    return server;
  }
  const portOf = (server: Server) => (server.address() as AddressInfo).port;

  it('needs nothing but Node: a stopped sandbox and missing tools are warnings', async () => {
    const bin = fakeBin({});
    const report = await runDoctor(
      {
        target: 'sandbox',
        env: { PATH: bin, HOME: bin, KONG_WORKSHOP_HOME: process.env.KONG_WORKSHOP_HOME },
        sandboxPorts: [],
      },
      linux,
    );
    expect(report.ok).toBe(true);
    expect(report.items.filter((i) => i.status === 'fail')).toEqual([]);
    expect(item(report, 'sandbox')).toMatchObject({ status: 'warn', fix: 'kong-workshop sandbox start' });
  });

  it('recognises a running sandbox from its runtime file, and its ports as its own', async () => {
    const sandbox = await listen();
    const other = await listen();
    const free = await listen();
    const freePort = portOf(free);
    await new Promise((resolve) => free.close(resolve));
    const home = join(process.env.KONG_WORKSHOP_HOME!, 'running');
    mkdirSync(statePaths({ KONG_WORKSHOP_HOME: home }).sandboxDir, { recursive: true });
    const url = `http://127.0.0.1:${portOf(sandbox)}`;
    writeFileSync(
      join(statePaths({ KONG_WORKSHOP_HOME: home }).sandboxDir, 'runtime.json'),
      JSON.stringify({
        pid: process.pid,
        proxyUrl: url,
        adminUrl: url,
        echoUrl: url,
        auth: true,
        startedAt: new Date().toISOString(),
      }),
    );
    try {
      const report = await runDoctor(
        {
          target: 'sandbox',
          env: { PATH: '', KONG_WORKSHOP_HOME: home },
          sandboxPorts: [portOf(sandbox), portOf(other), freePort],
        },
        linux,
      );
      expect(item(report, 'sandbox')).toMatchObject({
        status: 'pass',
        detail: expect.stringContaining(`running (pid ${process.pid})`),
      });
      expect(item(report, `port:${portOf(sandbox)}`)).toMatchObject({
        status: 'pass',
        detail: 'used by the kong-workshop sandbox',
      });
      expect(item(report, `port:${portOf(other)}`)).toMatchObject({
        status: 'warn',
        fix: expect.stringContaining(`lsof -nP -iTCP:${portOf(other)} -sTCP:LISTEN`),
      });
      expect(item(report, `port:${freePort}`)).toMatchObject({ status: 'pass', detail: 'free' });
    } finally {
      await Promise.all([sandbox, other].map((s) => new Promise((resolve) => s.close(resolve))));
    }
  });

  it('treats a runtime file whose process is gone as not running', async () => {
    const child = spawn(process.execPath, ['-e', '0']);
    const pid = child.pid!;
    await new Promise((resolve) => child.once('exit', resolve));
    const home = join(process.env.KONG_WORKSHOP_HOME!, 'stale');
    mkdirSync(statePaths({ KONG_WORKSHOP_HOME: home }).sandboxDir, { recursive: true });
    writeFileSync(
      join(statePaths({ KONG_WORKSHOP_HOME: home }).sandboxDir, 'runtime.json'),
      JSON.stringify({ pid, proxyUrl: 'http://127.0.0.1:8000', adminUrl: 'http://127.0.0.1:8001' }),
    );
    const report = await runDoctor(
      { target: 'sandbox', env: { PATH: '', KONG_WORKSHOP_HOME: home }, sandboxPorts: [] },
      linux,
    );
    expect(item(report, 'sandbox')).toMatchObject({
      status: 'warn',
      detail: expect.stringContaining(`the process ${pid} in its runtime file is gone`),
    });
  });
});

describe('doctor text', () => {
  it('reads well without colour: a symbol per item, fixes under failures', async () => {
    const bin = fakeBin({ docker: REAL_OUTPUT.docker(true) });
    const report = await runDoctor({ target: 'kind', env: { PATH: bin, HOME: bin } }, linux);
    const text = renderDoctorText(report, { color: false });
    expect(text).not.toMatch(/\u001B\[/);
    expect(text).toMatch(/^ {2}✖ kind +not found on PATH$/m);
    expect(text).toMatch(/^ +fix: curl -Lo \.\/kind /m);
    expect(text).toMatch(/^ {2}✔ docker +v27\.3\.1/m);
    expect(text.trimEnd().split('\n').at(-1)).toMatch(/^Not ready for the kind target/);
    expect(renderDoctorText(report, { color: true })).toContain('\u001B[31m✖\u001B[0m');
  });
});

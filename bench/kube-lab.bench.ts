import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { RunningSandbox } from '@kong-workshop/sandbox';
import { startWorkshopSandbox } from '../src/sandbox-host/index.js';
import { LabClient } from '@kong-workshop/kube-lab';
import { row, timePaired, type Bench } from './lib.js';

// What the kube lab costs and how fast it converges, each against the same run's baseline: the
// sandbox without its lab, and the same change made through Kong's own Admin API.

const ANNOTATIONS = '/apis/networking.k8s.io/v1/namespaces/kong/ingresses/echo';

export const bench: Bench = {
  title: 'The kube lab: start-up cost and time from a Kubernetes change to the proxy',
  async run() {
    const dir = mkdtempSync(join(tmpdir(), 'kw-bench-lab-'));
    try {
      const start = (kubeLab: boolean) => async () => {
        const sandbox = await startWorkshopSandbox({
          proxyPort: 0,
          adminPort: 0,
          kubePort: 0,
          persist: false,
          advertise: false,
          stateDir: dir,
          kubeLab,
        });
        await sandbox.stop();
      };
      const startup = await timePaired(start(true), start(false));

      const sandbox = await startWorkshopSandbox({
        proxyPort: 0,
        adminPort: 0,
        kubePort: 0,
        persist: false,
        advertise: false,
        stateDir: dir,
      });
      const client = new LabClient(sandbox.kubeUrl!, sandbox.token, readFileSync(join(dir, 'kube-lab.crt'), 'utf8'));
      try {
        await setUp(client, sandbox);
        let protectedNow = false;
        // One annotation toggles key-auth on the route; time until the proxy answers accordingly.
        const viaKubernetes = async () => {
          protectedNow = !protectedNow;
          await client.send('PATCH', ANNOTATIONS, {
            body: { metadata: { annotations: { 'konghq.com/plugins': protectedNow ? 'key-auth' : null } } },
            contentType: 'application/merge-patch+json',
          });
          await until(sandbox, '/echo', protectedNow ? 401 : 200);
        };
        let adminPlugin: string | undefined;
        const viaAdminApi = async () => {
          if (adminPlugin) {
            await admin(sandbox, 'DELETE', `/plugins/${adminPlugin}`);
            adminPlugin = undefined;
            await until(sandbox, '/admin-echo', 200);
          } else {
            adminPlugin = (
              (await admin(sandbox, 'POST', '/routes/admin-echo/plugins', { name: 'key-auth' })) as { id: string }
            ).id;
            await until(sandbox, '/admin-echo', 401);
          }
        };
        const converge = await timePaired(viaKubernetes, viaAdminApi, 20);
        return {
          title: this.title,
          method:
            'In-process sandboxes on ephemeral ports. Start-up: `startSandbox` then `stop`, with and without the ' +
            "kube lab, alternated 15 times after 2 warm-ups. Convergence: a merge patch of the echo Ingress's " +
            '`konghq.com/plugins` (KIC translates and reloads the whole configuration) until the proxy answers 401 ' +
            'or 200, alternated with adding or deleting a key-auth plugin on a route made through the Admin API ' +
            'until the proxy does the same; medians.',
          rows: [
            row('start and stop a sandbox with its kube lab', startup.a, 'ms', 'without the lab', startup.b),
            row(
              'Kubernetes annotation → proxy behaviour',
              converge.a,
              'ms',
              'Admin API plugin → proxy behaviour',
              converge.b,
            ),
          ],
          notes: [
            `The lab adds about ${Math.round(startup.a - startup.b)} ms to a start (its TLS listener, seeding and ` +
              `first sync; the certificate is made once and kept).`,
            `A change through Kubernetes reaches the proxy in about ${Math.round(converge.a)} ms, most of it the ` +
              `controller's ${25} ms debounce that folds a multi-document apply into one sync; real KIC syncs every ` +
              `few seconds.`,
          ],
        };
      } finally {
        await client.close();
        await sandbox.stop();
      }
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  },
};

async function setUp(client: LabClient, sandbox: RunningSandbox): Promise<void> {
  const apply = (path: string, body: Record<string, unknown>) =>
    client.send('PATCH', `${path}?fieldManager=bench`, { body, contentType: 'application/apply-patch+yaml' });
  await apply('/apis/configuration.konghq.com/v1/namespaces/kong/kongplugins/key-auth', {
    apiVersion: 'configuration.konghq.com/v1',
    kind: 'KongPlugin',
    metadata: { name: 'key-auth' },
    plugin: 'key-auth',
  });
  await apply('/api/v1/namespaces/kong/services/echo', {
    apiVersion: 'v1',
    kind: 'Service',
    metadata: { name: 'echo' },
    spec: { ports: [{ port: 80 }] },
  });
  await apply(ANNOTATIONS, {
    apiVersion: 'networking.k8s.io/v1',
    kind: 'Ingress',
    metadata: { name: 'echo' },
    spec: {
      ingressClassName: 'kong',
      rules: [
        {
          http: {
            paths: [
              { path: '/echo', pathType: 'Prefix', backend: { service: { name: 'echo', port: { number: 80 } } } },
            ],
          },
        },
      ],
    },
  });
  await admin(sandbox, 'POST', '/services', { name: 'admin-echo', url: 'http://echo' });
  await admin(sandbox, 'POST', '/services/admin-echo/routes', { name: 'admin-echo', paths: ['/admin-echo'] });
  await until(sandbox, '/echo', 200);
  await until(sandbox, '/admin-echo', 200);
}

async function admin(sandbox: RunningSandbox, method: string, path: string, body?: unknown): Promise<unknown> {
  const response = await fetch(`${sandbox.adminUrl}${path}`, {
    method,
    headers: { authorization: `Bearer ${sandbox.token}`, 'content-type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await response.text();
  return text ? JSON.parse(text) : undefined;
}

async function until(sandbox: RunningSandbox, path: string, status: number): Promise<void> {
  for (let i = 0; i < 2000; i++) {
    const response = await fetch(`${sandbox.proxyUrl}${path}`);
    await response.arrayBuffer();
    if (response.status === status) return;
    await new Promise((resolve) => setTimeout(resolve, 1));
  }
  throw new Error(`the proxy never answered ${status}`);
}

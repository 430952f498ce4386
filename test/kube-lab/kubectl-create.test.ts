import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { execa } from 'execa';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { findExecutable } from '../../src/doctor/tools.js';
import { LabSandbox } from '../../packages/kube-lab/test/lab-harness.js';

// kubectl's imperative commands against the kube lab: `create secret|namespace|configmap|deployment`
// send protobuf bodies for built-in kinds, `scale` uses the scale subresource, and a bare `get`
// reads the kubeconfig context's namespace, `default` as on kind.

let lab: LabSandbox;
let kubectl: string;
let cache: string;
beforeAll(async () => {
  const found =
    process.env.KONG_WORKSHOP_TEST_KUBECTL ?? findExecutable('kubectl', process.env, { os: process.platform });
  if (!found)
    throw new Error('kubectl is not installed (Debian: apt-get install -y kubernetes-client); .ci/run installs it');
  kubectl = found;
  lab = await LabSandbox.start();
  cache = mkdtempSync(join(tmpdir(), 'kw-kubectl-cache-'));
}, 180_000);
afterAll(async () => {
  await lab.stop();
  rmSync(cache, { recursive: true, force: true });
});

/** kubectl with the lab's kubeconfig and no -n: the context's namespace applies. */
const run = (args: readonly string[], input?: string) =>
  execa(kubectl, ['--kubeconfig', lab.kube.kubeconfig, '--cache-dir', cache, ...args], {
    reject: false,
    timeout: 60_000,
    ...(input === undefined ? {} : { input }),
  });

describe('kubectl create and scale against the kube lab', () => {
  it('uses the context namespace default, like kind', async () => {
    const context = await run(['config', 'view', '--minify', '-o', 'jsonpath={.contexts[0].context.namespace}']);
    expect(context.stdout).toBe('default');
  });

  it('finds a KonnectAPIAuthConfiguration made in default with a bare get (seed 001)', async () => {
    const secret = await run([
      'create',
      'secret',
      'generic',
      'konnect-api-auth-secret',
      `--from-literal=token=${lab.sandbox.token}`,
    ]);
    expect(secret.exitCode).toBe(0);
    await run([
      'label',
      'secret',
      'konnect-api-auth-secret',
      'konghq.com/credential=konnect',
      'konghq.com/secret=true',
    ]);
    const applied = await run(
      ['apply', '-f', '-'],
      'apiVersion: konnect.konghq.com/v1alpha1\nkind: KonnectAPIAuthConfiguration\nmetadata:\n  name: ' +
        'konnect-api-auth\nspec:\n  type: secretRef\n  secretRef: { name: konnect-api-auth-secret }\n  serverURL: ' +
        'us.api.konghq.com\n',
    );
    expect(applied.stdout).toBe('konnectapiauthconfiguration.konnect.konghq.com/konnect-api-auth created');
    const got = await run([
      'get',
      'konnectapiauthconfiguration',
      'konnect-api-auth',
      '-o',
      'jsonpath={.metadata.namespace}',
    ]);
    expect([got.exitCode, got.stdout]).toEqual([0, 'default']);
  });

  it('creates a generic Secret with labels readable as JSON', async () => {
    const created = await run(['create', 'secret', 'generic', 'alex-key', '--from-literal=key=hello_world']);
    expect([created.exitCode, created.stderr, created.stdout]).toEqual([0, '', 'secret/alex-key created']);
    const key = await run(['get', 'secret', 'alex-key', '-o', 'jsonpath={.data.key}']);
    expect(Buffer.from(key.stdout, 'base64').toString()).toBe('hello_world');
    const labelled = await run(['label', 'secret', 'alex-key', 'konghq.com/credential=key-auth']);
    expect(labelled.stdout).toBe('secret/alex-key labeled');
  });

  it('creates a namespace and a configmap in it', async () => {
    expect((await run(['create', 'namespace', 'team-a'])).stdout).toBe('namespace/team-a created');
    const cm = await run(['create', 'configmap', 'settings', '-n', 'team-a', '--from-literal=mode=demo']);
    expect([cm.exitCode, cm.stderr, cm.stdout]).toEqual([0, '', 'configmap/settings created']);
    expect((await run(['get', 'configmap', 'settings', '-n', 'team-a', '-o', 'jsonpath={.data.mode}'])).stdout).toBe(
      'demo',
    );
  });

  it('creates a deployment and scales it', async () => {
    const created = await run(['create', 'deployment', 'web', '--image=kong/httpbin:0.1.0', '--replicas=1']);
    expect([created.exitCode, created.stderr, created.stdout]).toEqual([0, '', 'deployment.apps/web created']);
    const image = await run(['get', 'deployment', 'web', '-o', 'jsonpath={.spec.template.spec.containers[0].image}']);
    expect(image.stdout).toBe('kong/httpbin:0.1.0');
    const scaled = await run(['scale', 'deployment', 'web', '--replicas=3']);
    expect([scaled.exitCode, scaled.stderr, scaled.stdout]).toEqual([0, '', 'deployment.apps/web scaled']);
    expect((await run(['get', 'deployment', 'web', '-o', 'jsonpath={.spec.replicas}'])).stdout).toBe('3');
  });
});

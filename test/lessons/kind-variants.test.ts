import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { evaluateK8sCheck } from '../../src/checks/index.js';
import {
  interpolate,
  interpolateDeep,
  parseLessonFile,
  projectLesson,
  type K8sCheckSpec,
  type Lesson,
} from '../../src/lesson/index.js';
import type { KubeAccess } from '../../src/targets/index.js';
import { repoRoot } from '../helpers/cli.js';
import { startFakeKubeApi, type FakeKubeApi } from '../kube/fake-api-server.js';
import { applyCommands, MODEL_ORGANIZATION_ID, reconcile, shellWords } from './kind-model.js';

// The kind variants cannot run here (no cluster), so this replays them against the fake
// Kubernetes API: each lesson's kubectl commands in order, then the status Kong Ingress
// Controller and the Kong operator would write, then the lesson's own `check k8s` blocks,
// evaluated by the real evaluator over HTTP. It proves the fixtures, the commands and the checks
// fit together and encode the fact sheet (two Secret labels, the secretRef message, …).

const NAMESPACE = 'kong';
const vars: Record<string, string> = {
  NAMESPACE,
  FIXTURES: join(repoRoot, 'fixtures'),
  KONNECT_PAT: `kpat_${'x'.repeat(45)}`,
  KONNECT_API_HOST: 'eu.api.konghq.com',
};
const lookup = (name: string) => vars[name];

/** What the `kong/ingress` chart leaves behind: the two Deployments setup checks. */
const chartDeployment = (name: string) => ({
  apiVersion: 'apps/v1',
  kind: 'Deployment',
  metadata: { name, namespace: NAMESPACE, generation: 1 },
  spec: { replicas: 1 },
  status: {
    observedGeneration: 1,
    conditions: [
      {
        type: 'Available',
        status: 'True',
        reason: 'MinimumReplicasAvailable',
        message: 'Deployment has minimum availability.',
      },
    ],
  },
});

let api: FakeKubeApi;
let kube: KubeAccess;
let lessons: Lesson[];

beforeAll(async () => {
  api = await startFakeKubeApi([chartDeployment('kong-controller'), chartDeployment('kong-gateway')]);
  kube = { kubeconfig: api.kubeconfigPath, context: api.context, namespace: NAMESPACE };
  const dir = join(repoRoot, 'lessons');
  lessons = [];
  for (const name of readdirSync(dir)
    .filter((n) => n.endsWith('.md'))
    .sort()) {
    const { lesson } = await parseLessonFile(join(dir, name));
    if (lesson?.targets.includes('kind')) lessons.push(projectLesson(lesson, 'kind'));
  }
});
afterAll(() => api.close());

/** Every object a kind lesson touches, so the controllers can look at them after each command. */
const WATCHED = [
  { apiVersion: 'apps/v1', kind: 'Deployment', name: 'echo' },
  { apiVersion: 'configuration.konghq.com/v1', kind: 'KongConsumer', name: 'alex' },
  { apiVersion: 'configuration.konghq.com/v1', kind: 'KongConsumer', name: 'sam' },
  { apiVersion: 'konnect.konghq.com/v1alpha1', kind: 'KonnectAPIAuthConfiguration', name: 'konnect-auth-inline' },
  { apiVersion: 'konnect.konghq.com/v1alpha1', kind: 'KonnectAPIAuthConfiguration', name: 'konnect-auth-secret' },
];

async function k8sCheck(spec: K8sCheckSpec) {
  // Without eventually: the model has already reconciled, so the first look must pass.
  const { eventually: _eventually, ...once } = interpolateDeep(spec, lookup);
  return evaluateK8sCheck(once as K8sCheckSpec, { kube });
}

describe('the kind variants, replayed against a model cluster', () => {
  it('run every lesson in order: each kubectl command applies, and every k8s check then passes', async () => {
    expect(lessons.map((l) => l.id)).toEqual([
      'setup',
      'auth-configuration',
      'key-auth',
      'consumers',
      'per-consumer-limits',
    ]);
    let checked = 0;
    for (const lesson of lessons) {
      for (const step of lesson.steps) {
        for (const block of step.blocks) {
          // A block without kubectl (lesson 4's countdown) cannot change the cluster.
          if (block.type === 'run' && /\bkubectl\b/.test(block.command)) {
            applyCommands(api, interpolate(block.command, lookup), vars);
            reconcile(api, NAMESPACE, WATCHED);
          } else if (block.type === 'check' && block.spec.kind === 'k8s') {
            const result = await k8sCheck(block.spec);
            expect(
              result.status,
              `${lesson.id} › ${step.title} › ${block.name}: ` +
                `${JSON.stringify(result.expectations.filter((e) => !e.passed))}`,
            ).toBe('passed');
            checked++;
          }
        }
      }
    }
    expect(checked).toBe(11);
    // The token made it into the cluster only through sed, and the region host with it.
    const secret = api.getObject('v1', 'Secret', 'konnect-token', NAMESPACE)!;
    expect(Buffer.from((secret.data as { token: string }).token, 'base64').toString()).toBe(vars.KONNECT_PAT);
    expect(
      api.getObject('konnect.konghq.com/v1alpha1', 'KonnectAPIAuthConfiguration', 'konnect-auth-secret', NAMESPACE)
        ?.status,
    ).toMatchObject({
      organizationID: MODEL_ORGANIZATION_ID,
      serverURL: 'https://eu.api.konghq.com',
    });
  });

  it(
    'the Secret check fails for a Secret with only the credential label, as kong-operator 2.x would ignore ' + 'it',
    async () => {
      const secret = api.getObject('v1', 'Secret', 'konnect-token', NAMESPACE)!;
      const { 'konghq.com/secret': _dropped, ...oneLabel } = secret.metadata.labels!;
      api.setObject({ ...secret, metadata: { ...secret.metadata, labels: oneLabel } });
      reconcile(api, NAMESPACE, WATCHED);
      const lesson = lessons.find((l) => l.id === 'auth-configuration')!;
      const checks = lesson.steps.flatMap((s) => s.blocks).filter((b) => b.type === 'check' && b.spec.kind === 'k8s');
      const results = await Promise.all(
        checks.map((b) => (b.type === 'check' ? k8sCheck(b.spec as K8sCheckSpec) : undefined)),
      );
      expect(results.map((r) => r?.status)).toEqual(['passed', 'failed', 'failed']);
      api.setObject(secret);
      reconcile(api, NAMESPACE, WATCHED);
    },
  );

  it('the secretRef check insists on the message that names the Secret, not "Token is valid"', async () => {
    const auth = api.getObject(
      'konnect.konghq.com/v1alpha1',
      'KonnectAPIAuthConfiguration',
      'konnect-auth-secret',
      NAMESPACE,
    )!;
    const status = auth.status as { conditions: Record<string, unknown>[] };
    api.setObject({
      ...auth,
      status: { ...status, conditions: [{ ...status.conditions[0], message: 'Token is valid' }] },
    });
    const lesson = lessons.find((l) => l.id === 'auth-configuration')!;
    const check = lesson.steps
      .flatMap((s) => s.blocks)
      .find((b) => b.type === 'check' && b.name === 'the operator accepts the token from the Secret');
    const result = await k8sCheck((check as { spec: K8sCheckSpec }).spec);
    expect(result.status).toBe('failed');
    expect(result.expectations.find((e) => e.subject === 'message')).toMatchObject({
      passed: false,
      actual: 'Token is valid',
    });
  });

  it('reads shell words the way bash would for the forms the lessons use', () => {
    expect(
      shellWords(`sed -e "s/kpat_REPLACE_ME/$KONNECT_PAT/" -e "s/us\\.api/x/" f.yaml | kubectl apply -n kong -f -`, {
        KONNECT_PAT: 'kpat_1',
      }),
    ).toEqual([
      'sed',
      '-e',
      's/kpat_REPLACE_ME/kpat_1/',
      '-e',
      's/us\\.api/x/',
      'f.yaml',
      '|',
      'kubectl',
      'apply',
      '-n',
      'kong',
      '-f',
      '-',
    ]);
  });
});

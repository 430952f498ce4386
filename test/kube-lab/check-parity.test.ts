import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { evaluateK8sCheck, type CheckResult } from '../../src/checks/index.js';
import type { K8sCheckSpec } from '../../src/lesson/index.js';
import type { KubeAccess } from '../../src/targets/index.js';
import { startFakeKubeApi, type FakeKubeApi } from '../kube/fake-api-server.js';
import { PROGRAMMED, credentialSecret, kongConsumer, kongPlugin, konnectAuth, proxyService } from '../kube/fixtures.js';
import { LabSandbox } from '../../packages/kube-lab/test/lab-harness.js';
import { k8sCheck } from './runner-checks.js';

// One table of `check k8s` blocks, evaluated through client-node against the fake API server
// the tests use for kind (objects built the way KIC and the operator leave them) and against the
// kube lab (the same situation made by applying manifests). Both must give the same verdicts,
// expectation by expectation: lessons' kind checks run unchanged on the kind-lab target.

interface Row {
  readonly what: string;
  readonly check: string;
  readonly status: CheckResult['status'];
  /** For what lint refuses to write, but the evaluator must still answer the same. */
  readonly tweak?: (spec: K8sCheckSpec) => K8sCheckSpec;
}

const ROWS: readonly Row[] = [
  {
    what: 'a programmed KongConsumer',
    check:
      'resource: KongConsumer/alex\nexpect:\n  condition: { type: Programmed, reason: Programmed, message: { ' +
      'contains: successfully } }',
    status: 'passed',
  },
  {
    what: 'a KongConsumer that is not Invalid',
    check: 'resource: KongConsumer/alex\nexpect:\n  condition: { type: Programmed, status: "False", reason: Invalid }',
    status: 'failed',
  },
  {
    what: "a KongConsumer's fields",
    check:
      "resource: KongConsumer/alex\nexpect:\n  fields:\n    .username: alex\n    '{.credentials[0]}': alex-key-auth",
    status: 'passed',
  },
  {
    what: 'a KongPlugin that exists',
    check: 'resource: KongPlugin/key-auth\nexpect:\n  fields:\n    .plugin: key-auth',
    status: 'passed',
  },
  {
    what: 'Programmed on a KongPlugin, which KIC never sets (lint refuses the check)',
    check: 'resource: KongPlugin/key-auth',
    status: 'failed',
    tweak: (spec) => ({
      ...spec,
      condition: { type: 'Programmed', status: 'True', source: { file: 'check.md', line: 1, column: 1 } },
    }),
  },
  {
    what: 'a valid KonnectAPIAuthConfiguration with a Secret',
    check:
      'resource: KonnectAPIAuthConfiguration/konnect-api-auth\nexpect:\n  condition: { type: APIAuthValid, reason: ' +
      'Valid, message: Token from Secret kong/konnect-api-auth-secret is valid }\n  fields:\n    ' +
      '.status.organizationID: { matches: "^[0-9a-f-]{36}$" }\n    .status.serverURL: https://us.api.konghq.com',
    status: 'passed',
  },
  {
    what: 'a KonnectAPIAuthConfiguration with a bad token',
    check:
      'resource: KonnectAPIAuthConfiguration/bad-token\nexpect:\n  condition: { type: APIAuthValid, status: "False", ' +
      'reason: Invalid }',
    status: 'passed',
  },
  {
    what: 'the same, expected valid',
    check: 'resource: KonnectAPIAuthConfiguration/bad-token\nexpect:\n  condition: APIAuthValid',
    status: 'failed',
  },
  {
    what: "a credential Secret's label",
    check:
      "resource: Secret/alex-key-auth\nexpect:\n  fields:\n    '{.metadata.labels.konghq\\.com/credential}': key-auth",
    status: 'passed',
  },
  {
    what: 'an object that is not there',
    check: 'resource: KongConsumer/nobody\nexpect:\n  exists: false',
    status: 'passed',
  },
  { what: 'an object expected but missing', check: 'resource: KongConsumer/nobody', status: 'failed' },
  {
    what: "the chart's proxy Service",
    check:
      "resource: Service/kong-gateway-proxy\nexpect:\n  fields:\n    '{.spec.ports[0].name}': kong-proxy\n    " +
      '.spec.type: LoadBalancer',
    status: 'passed',
  },
];

let fake: FakeKubeApi;
let fakeKube: KubeAccess;
let lab: LabSandbox;

beforeAll(async () => {
  fake = await startFakeKubeApi([
    kongConsumer({
      name: 'alex',
      credentials: ['alex-key-auth'],
      conditions: [{ ...PROGRAMMED.ok, observedGeneration: 1 }],
    }),
    kongPlugin({ name: 'key-auth', plugin: 'key-auth' }),
    konnectAuth({ state: 'valid' }),
    konnectAuth({ name: 'bad-token', state: 'invalid' }),
    credentialSecret({ name: 'alex-key-auth', key: 'hello_world' }),
    proxyService(),
  ]);
  fakeKube = { kubeconfig: fake.kubeconfigPath, context: fake.context, namespace: 'kong' };
  lab = await LabSandbox.start();
  await lab.apply(`
apiVersion: configuration.konghq.com/v1
kind: KongPlugin
metadata: { name: key-auth }
plugin: key-auth
---
apiVersion: v1
kind: Secret
metadata: { name: alex-key-auth, labels: { konghq.com/credential: key-auth } }
stringData: { key: hello_world }
---
apiVersion: configuration.konghq.com/v1
kind: KongConsumer
metadata: { name: alex, annotations: { kubernetes.io/ingress.class: kong } }
username: alex
credentials: [alex-key-auth]
---
apiVersion: v1
kind: Secret
metadata: { name: konnect-api-auth-secret, labels: { konghq.com/credential: konnect, konghq.com/secret: "true" } }
stringData: { token: ${lab.sandbox.token} }
---
apiVersion: konnect.konghq.com/v1alpha1
kind: KonnectAPIAuthConfiguration
metadata: { name: konnect-api-auth }
spec: { type: secretRef, secretRef: { name: konnect-api-auth-secret }, serverURL: us.api.konghq.com }
---
apiVersion: konnect.konghq.com/v1alpha1
kind: KonnectAPIAuthConfiguration
metadata: { name: bad-token }
spec: { type: token, token: kpat_not-the-right-one, serverURL: us.api.konghq.com }
`);
});
afterAll(async () => {
  await fake.close();
  await lab.stop();
});

const verdicts = (result: CheckResult) => ({
  status: result.status,
  expectations: result.expectations.map((e) => `${e.subject}: ${e.passed ? 'ok' : 'failed'}`),
  note: result.observed?.note,
});

describe('check k8s: the fake API server and the kube lab agree', () => {
  it.each(ROWS)('$what', async (row) => {
    const spec = (row.tweak ?? ((s: K8sCheckSpec) => s))(k8sCheck(row.check));
    const [onFake, onLab] = await Promise.all([
      evaluateK8sCheck(spec, { kube: fakeKube }),
      evaluateK8sCheck(spec, { kube: lab.kube }),
    ]);
    expect(onFake.status).toBe(row.status);
    expect(verdicts(onLab)).toEqual(verdicts(onFake));
  });
});

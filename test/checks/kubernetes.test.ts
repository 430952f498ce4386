import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { evaluateK8sCheck, type CheckProgress } from '../../src/checks/index.js';
import type { K8sCheckSpec, Matcher, PollPolicy, ValueExpectation } from '../../src/lesson/index.js';
import type { KubeAccess } from '../../src/targets/index.js';
import { startFakeKubeApi, type FakeKubeApi } from '../kube/fake-api-server.js';
import {
  ORGANIZATION_ID,
  PROGRAMMED,
  credentialSecret,
  kongConsumer,
  kongPlugin,
  konnectAuth,
} from '../kube/fixtures.js';

const source = { file: 'lessons/konnect.md', line: 42, column: 1 };
const expectation = (...matchers: Matcher[]): ValueExpectation => ({ matchers, source });
const equals = (value: unknown) => expectation({ op: 'equals', value });

const AUTH_REF = {
  apiVersion: 'konnect.konghq.com/v1alpha1',
  kind: 'KonnectAPIAuthConfiguration',
  name: 'konnect-api-auth',
};

function spec(overrides: Partial<K8sCheckSpec> = {}): K8sCheckSpec {
  return { kind: 'k8s', resource: AUTH_REF, exists: true, fields: [], ...overrides };
}

const apiAuthValid = (reason = 'Valid'): K8sCheckSpec['condition'] => ({
  type: 'APIAuthValid',
  status: 'True',
  reason: equals(reason),
  source,
});

let api: FakeKubeApi;
let kube: KubeAccess;

beforeAll(async () => {
  api = await startFakeKubeApi([konnectAuth({ state: 'valid' })]);
  kube = { kubeconfig: api.kubeconfigPath, context: 'kind-kind', namespace: 'kong' };
});
afterAll(() => api.close());

describe('check k8s: conditions', () => {
  it('passes when APIAuthValid=True with reason Valid, at the current generation', async () => {
    const result = await evaluateK8sCheck(spec({ condition: apiAuthValid() }), { kube });
    expect(result.status).toBe('passed');
    expect(result.expectations.map((e) => [e.subject, e.passed])).toEqual([
      ['exists', true],
      ['condition APIAuthValid', true],
      ['reason', true],
      ['observedGeneration', true],
    ]);
    expect(result.attempts).toBe(1);
  });

  it('fails with the actual conditions shown when the operator says Invalid', async () => {
    api.setObject(konnectAuth({ name: 'bad-token', state: 'invalid' }));
    const result = await evaluateK8sCheck(
      spec({ resource: { ...AUTH_REF, name: 'bad-token' }, condition: apiAuthValid() }),
      { kube },
    );
    expect(result.status).toBe('failed');
    const byName = Object.fromEntries(result.expectations.map((e) => [e.subject, e]));
    expect(byName['condition APIAuthValid']).toMatchObject({
      passed: false,
      expected: 'True',
      actual: 'False',
      source,
    });
    expect(byName.reason).toMatchObject({ passed: false, expected: 'Valid', actual: 'Invalid' });
    expect(result.observed).toMatchObject({
      object: 'KonnectAPIAuthConfiguration kong/bad-token',
      generation: 1,
      conditions: [
        {
          type: 'APIAuthValid',
          status: 'False',
          reason: 'Invalid',
          message: 'failed to get organization info from Konnect: Unauthorized',
          observedGeneration: 1,
        },
      ],
    });
  });

  it('does not pass a stale condition (generation 2, observedGeneration 1)', async () => {
    api.setObject(konnectAuth({ name: 'stale', state: 'valid', generation: 2, observedGeneration: 1 }));
    const result = await evaluateK8sCheck(
      spec({ resource: { ...AUTH_REF, name: 'stale' }, condition: apiAuthValid() }),
      { kube },
    );
    expect(result.status).toBe('failed');
    expect(result.expectations.find((e) => e.subject === 'condition APIAuthValid')?.passed).toBe(true);
    expect(result.expectations.find((e) => e.subject === 'observedGeneration')).toMatchObject({
      passed: false,
      expected: '2 (metadata.generation)',
      actual: '1',
    });
    expect(result.observed).toMatchObject({ generation: 2, conditions: [{ observedGeneration: 1 }] });
  });

  it('reports a wrong reason on its own line', async () => {
    api.setObject(
      kongConsumer({ name: 'pending', generation: 3, conditions: [{ ...PROGRAMMED.pending, observedGeneration: 3 }] }),
    );
    const result = await evaluateK8sCheck(
      spec({
        resource: { apiVersion: 'configuration.konghq.com/v1', kind: 'KongConsumer', name: 'pending' },
        condition: {
          type: 'Programmed',
          status: 'False',
          reason: equals('Invalid'),
          message: expectation({ op: 'contains', value: 'failed' }),
          source,
        },
      }),
      { kube },
    );
    expect(result.status).toBe('failed');
    expect(
      result.expectations.filter((e) => !e.passed).map((e) => `${e.subject}: ${e.expected} ≠ ${e.actual}`),
    ).toEqual(['reason: Invalid ≠ Pending', 'message: contains "failed" ≠ Object is pending configuration in Kong.']);
  });

  it('waits for a condition that arrives two seconds later, and passes', async () => {
    const ref = { ...AUTH_REF, name: 'arriving' };
    api.setObject(konnectAuth({ name: 'arriving', state: 'waiting' }));
    const timer = setTimeout(() => api.setObject(konnectAuth({ name: 'arriving', state: 'valid' })), 2000);
    const progress: CheckProgress[] = [];
    try {
      const eventually: PollPolicy = { timeoutMs: 15_000, intervalMs: 500 };
      const result = await evaluateK8sCheck(spec({ resource: ref, condition: apiAuthValid(), eventually }), {
        kube,
        onProgress: (p) => progress.push(p),
      });
      expect(result.status).toBe('passed');
      expect(result.attempts).toBeGreaterThan(1);
      expect(progress.filter((p) => p.type === 'attempt')).toHaveLength(result.attempts);
      expect(progress.some((p) => p.type === 'attempt' && p.lastFailure === 'no APIAuthValid condition yet')).toBe(
        true,
      );
    } finally {
      clearTimeout(timer);
    }
  });

  it('is woken by a watch as soon as the object changes, long before the next poll', async () => {
    api.setObject(konnectAuth({ name: 'watched', state: 'none' }));
    const timer = setTimeout(() => api.setObject(konnectAuth({ name: 'watched', state: 'valid' })), 300);
    try {
      // The interval is longer than this test's own timeout: only the watch can make it pass in time.
      const result = await evaluateK8sCheck(
        spec({
          resource: { ...AUTH_REF, name: 'watched' },
          condition: apiAuthValid(),
          eventually: { timeoutMs: 60_000, intervalMs: 60_000 },
        }),
        { kube },
      );
      expect(result.status).toBe('passed');
      expect(
        api.requests.some(
          (r) =>
            r.includes('/konnectapiauthconfigurations?') &&
            r.includes('watch=true') &&
            r.includes('metadata.name%3Dwatched'),
        ),
      ).toBe(true);
    } finally {
      clearTimeout(timer);
    }
  }, 10_000);

  it('keeps polling when the watch is refused, without asking for it again', async () => {
    api.setObject(konnectAuth({ name: 'no-watch', state: 'none' }));
    api.refuseWatches(true);
    const timer = setTimeout(() => api.setObject(konnectAuth({ name: 'no-watch', state: 'valid' })), 600);
    try {
      const result = await evaluateK8sCheck(
        spec({
          resource: { ...AUTH_REF, name: 'no-watch' },
          condition: apiAuthValid(),
          eventually: { timeoutMs: 15_000, intervalMs: 150 },
        }),
        { kube },
      );
      expect(result.status).toBe('passed');
      expect(result.attempts).toBeGreaterThan(2);
      expect(
        api.requests.filter((r) => r.includes('watch=true') && r.includes('metadata.name%3Dno-watch')),
      ).toHaveLength(1);
    } finally {
      clearTimeout(timer);
      api.refuseWatches(false);
    }
  });

  it('says Kong Ingress Controller never sets Programmed on a KongPlugin', async () => {
    api.setObject(kongPlugin({ name: 'key-auth', plugin: 'key-auth' }));
    const result = await evaluateK8sCheck(
      spec({
        resource: { apiVersion: 'configuration.konghq.com/v1', kind: 'KongPlugin', name: 'key-auth' },
        condition: { type: 'Programmed', status: 'True', source },
      }),
      { kube },
    );
    expect(result.status).toBe('failed');
    expect(result.observed?.note).toMatch(/never sets Programmed on a KongPlugin/);
  });

  it('stops waiting when cancelled', async () => {
    const controller = new AbortController();
    setTimeout(() => controller.abort(), 300);
    const result = await evaluateK8sCheck(
      spec({ resource: { ...AUTH_REF, name: 'never' }, eventually: { timeoutMs: 20_000, intervalMs: 200 } }),
      { kube, signal: controller.signal },
    );
    expect(result).toMatchObject({ status: 'error', fault: { code: 'cancelled' } });
  });
});

describe('check k8s: existence and fields', () => {
  it('fails for a missing resource, and passes when absence is expected', async () => {
    const missing = await evaluateK8sCheck(spec({ resource: { ...AUTH_REF, name: 'nope' } }), { kube });
    expect(missing).toMatchObject({
      status: 'failed',
      expectations: [{ subject: 'exists', expected: 'present', actual: '(absent)' }],
      observed: { found: false },
    });
    const absent = await evaluateK8sCheck(spec({ resource: { ...AUTH_REF, name: 'nope' }, exists: false }), { kube });
    expect(absent.status).toBe('passed');
    const present = await evaluateK8sCheck(spec({ exists: false }), { kube });
    expect(present).toMatchObject({
      status: 'failed',
      expectations: [{ subject: 'exists', expected: 'absent', actual: 'present' }],
    });
  });

  it('checks JSONPath fields and shows the values that differ', async () => {
    const result = await evaluateK8sCheck(
      spec({
        fields: [
          {
            path: '{.status.organizationID}',
            expect: expectation({ op: 'matches', pattern: '^[0-9a-f-]{36}$', flags: '' }),
          },
          { path: '{.status.conditions[?(@.type=="APIAuthValid")].status}', expect: equals('True') },
          { path: '{.spec.serverURL}', expect: equals('eu.api.konghq.com') },
        ],
      }),
      { kube },
    );
    expect(result.status).toBe('failed');
    expect(result.expectations.map((e) => [e.subject, e.passed])).toEqual([
      ['exists', true],
      ['field {.status.organizationID}', true],
      ['field {.status.conditions[?(@.type=="APIAuthValid")].status}', true],
      ['field {.spec.serverURL}', false],
    ]);
    expect(result.observed?.fields).toEqual({ '{.spec.serverURL}': 'us.api.konghq.com' });
    expect(JSON.stringify(result.observed)).not.toContain(ORGANIZATION_ID);
  });

  it('never shows Secret data, only whether it matched', async () => {
    api.setObject(credentialSecret({ name: 'alex-key', key: 'hello_world' }));
    const result = await evaluateK8sCheck(
      spec({
        resource: { apiVersion: 'v1', kind: 'Secret', name: 'alex-key' },
        fields: [{ path: '{.data.key}', expect: equals('bm9wZQ==') }],
      }),
      { kube },
    );
    expect(result.status).toBe('failed');
    const text = JSON.stringify(result);
    expect(text).not.toContain(Buffer.from('hello_world').toString('base64'));
    expect(result.expectations[1]).toMatchObject({ actual: '(set, hidden)' });
  });

  it('fails, naming what to install, when the cluster does not serve the kind', async () => {
    const bare = await startFakeKubeApi([], { withoutGroups: ['konnect.konghq.com'] });
    try {
      const result = await evaluateK8sCheck(spec({ condition: apiAuthValid() }), {
        kube: { ...kube, kubeconfig: bare.kubeconfigPath },
      });
      expect(result.status).toBe('failed');
      expect(result.expectations[0]?.actual).toMatch(/does not serve konnect\.konghq\.com\/v1alpha1/);
      expect(result.observed?.hint).toMatch(/kong-operator/);
    } finally {
      await bare.close();
    }
  });
});

describe('check k8s: faults', () => {
  it('is an error with kube-unreachable and a hint when the API server is gone', async () => {
    const gone = await startFakeKubeApi();
    const kubeconfig = join(process.env.KONG_WORKSHOP_HOME!, 'gone-kubeconfig');
    writeFileSync(kubeconfig, readFileSync(gone.kubeconfigPath));
    await gone.close();
    const result = await evaluateK8sCheck(spec({ eventually: { timeoutMs: 20_000, intervalMs: 500 } }), {
      kube: { ...kube, kubeconfig },
    });
    expect(result.status).toBe('error');
    expect(result.fault).toMatchObject({ code: 'kube-unreachable' });
    expect(result.fault?.message).toContain(gone.url);
    expect(result.fault?.hint).toContain('kong-workshop doctor --target kind');
    // An unreachable cluster is not worth waiting out the whole budget for.
    expect(result.attempts).toBe(1);
  });

  it('is an error with kube-forbidden when the credentials are refused', async () => {
    api.setAuth('forbidden');
    try {
      const result = await evaluateK8sCheck(spec(), { kube });
      expect(result).toMatchObject({ status: 'error', fault: { code: 'kube-forbidden' } });
      expect(result.fault?.hint).toContain('kind export kubeconfig');
    } finally {
      api.setAuth('ok');
    }
  });

  it('is an error when the target has no cluster or the context is missing', async () => {
    expect(await evaluateK8sCheck(spec(), {})).toMatchObject({
      status: 'error',
      fault: { code: 'kube-unreachable', hint: expect.stringContaining('--target kind') },
    });
    const wrong = await evaluateK8sCheck(spec(), { kube: { ...kube, context: 'kind-other' } });
    expect(wrong).toMatchObject({
      status: 'error',
      fault: { code: 'kube-unreachable', message: expect.stringContaining('kind-other') },
    });
  });
});

import { describe, expect, it } from 'vitest';
import {
  checkKubectlJsonPath as checkJsonPath,
  compileKubectlJsonPath as compileJsonPath,
  selectKubectlValue as selectValue,
} from '../../src/lesson/kubectl-jsonpath.js';

const consumer = {
  apiVersion: 'configuration.konghq.com/v1',
  kind: 'KongConsumer',
  metadata: { name: 'alex', generation: 2, labels: { 'app.kubernetes.io/name': 'demo', tier: 'gold' } },
  credentials: ['alex-key-auth', 'alex-acl'],
  status: {
    conditions: [
      { type: 'Programmed', status: 'True', reason: 'Programmed', observedGeneration: 2 },
      { type: 'Accepted', status: 'False', reason: 'Pending', observedGeneration: 1 },
    ],
  },
  spec: { replicas: 3, ports: [{ port: 80 }, { port: 443 }, { port: 8100 }] },
};

const value = (path: string) => selectValue(compileJsonPath(path), consumer);

describe('kubectl JSONPath subset', () => {
  it('reads fields with and without the template braces', () => {
    expect(value('{.metadata.name}')).toBe('alex');
    expect(value('.metadata.name')).toBe('alex');
    expect(value('{$.spec.replicas}')).toBe(3);
    expect(value(' { .metadata.generation } ')).toBe(2);
  });

  it('filters a condition by type, as kubectl wait --for=jsonpath does', () => {
    expect(value('{.status.conditions[?(@.type=="Programmed")].status}')).toBe('True');
    expect(value("{.status.conditions[?(@.type=='Accepted')].reason}")).toBe('Pending');
    expect(value('{.status.conditions[?(@.observedGeneration < 2)].type}')).toBe('Accepted');
    expect(value('{.status.conditions[?(@.status != "True")].type}')).toBe('Accepted');
    expect(value('{.status.conditions[?(@.reason)].type}')).toEqual(['Programmed', 'Accepted']);
    expect(value('{.status.conditions[?(@.type=="Ready")].status}')).toBeUndefined();
  });

  it('escapes dots in label keys, or uses quoted keys', () => {
    expect(value('{.metadata.labels.app\\.kubernetes\\.io/name}')).toBe('demo');
    expect(value("{.metadata.labels['app.kubernetes.io/name']}")).toBe('demo');
    expect(value('{.metadata.labels["tier","nope"]}')).toBe('gold');
  });

  it('indexes, slices, unions and wildcards arrays', () => {
    expect(value('{.credentials[0]}')).toBe('alex-key-auth');
    expect(value('{.credentials[-1]}')).toBe('alex-acl');
    expect(value('{.credentials[5]}')).toBeUndefined();
    expect(value('{.spec.ports[*].port}')).toEqual([80, 443, 8100]);
    expect(value('{.spec.ports[0,2].port}')).toEqual([80, 8100]);
    expect(value('{.spec.ports[1:].port}')).toEqual([443, 8100]);
    expect(value('{.spec.ports[0:3:2].port}')).toEqual([80, 8100]);
    expect(value('{.metadata.labels.*}')).toEqual(['demo', 'gold']);
  });

  it('descends recursively', () => {
    expect(value('{..port}')).toEqual([80, 443, 8100]);
    expect(value('{..observedGeneration}')).toEqual([2, 1]);
  });

  it('treats a missing field as absent, not as an error (kubectl get -o jsonpath does too)', () => {
    expect(value('{.status.organizationID}')).toBeUndefined();
    expect(value('{.metadata.name.first}')).toBeUndefined();
  });

  it('refuses what it does not support, saying where', () => {
    expect(checkJsonPath('{.status.conditions[?(@.type=="Ready")].status}')).toBeUndefined();
    expect(checkJsonPath('{range .items[*]}{.metadata.name}{end}')).toMatch(/range\/end/);
    expect(checkJsonPath('{.status.conditions[0}')).toMatch(/missing \]/);
    expect(checkJsonPath('{.status}x')).toMatch(/closing \}/);
    expect(checkJsonPath('{.a[?(@.b == Ready)]}')).toMatch(/quoted string/);
    expect(checkJsonPath('{.a[?(b == "x")]}')).toMatch(/starts with @/);
    expect(checkJsonPath('')).toMatch(/empty/);
    expect(checkJsonPath('{status}')).toMatch(/column 2/);
  });
});

import type { K8sCheckSpec } from '../lesson/index.js';
import { conditionsOf, describeObject, type KubeCondition, type KubeObject, type ResourceInfo } from '../kube/index.js';
import { compileKubectlJsonPath, selectKubectlValue } from '../lesson/index.js';
import { describeExpectation, matchValue } from './matchers.js';
import type { ExpectationResult } from './types.js';
import { errorMessage } from '../shared/index.js';

/** What one look at the cluster found. */
export type Observation =
  | {
      readonly kind: 'object';
      readonly resource: ResourceInfo;
      readonly namespace?: string;
      readonly object: KubeObject | undefined;
    }
  /** The cluster does not serve the apiVersion/kind (its CRD is not installed). */
  | { readonly kind: 'unknown-kind'; readonly message: string; readonly hint: string };

export interface Judgement {
  readonly passed: boolean;
  readonly expectations: readonly ExpectationResult[];
  /** The object as found, for the failure report: conditions, generations, differing fields. */
  readonly observed: Readonly<Record<string, unknown>>;
  /** One line on why it did not pass (shown with the next attempt and in reports). */
  readonly failure?: string;
}

/** Compares what was found with what the check expects. Pure: no I/O. */
export function judgeObject(spec: K8sCheckSpec, observation: Observation): Judgement {
  const { kind, name } = spec.resource;
  const label = describeObject(
    kind,
    name,
    observation.kind === 'object' ? observation.namespace : spec.resource.namespace,
  );
  if (observation.kind === 'unknown-kind') {
    const actual = `(absent: ${observation.message})`;
    return spec.exists
      ? {
          passed: false,
          expectations: [existence(false, 'present', actual)],
          observed: { object: label, found: false, reason: observation.message, hint: observation.hint },
          failure: observation.message,
        }
      : { passed: true, expectations: [existence(true, 'absent', actual)], observed: { object: label, found: false } };
  }
  const object = observation.object;
  if (!object) {
    return spec.exists
      ? {
          passed: false,
          expectations: [existence(false, 'present', '(absent)')],
          observed: { object: label, found: false },
          failure: `${label} not found`,
        }
      : {
          passed: true,
          expectations: [existence(true, 'absent', '(absent)')],
          observed: { object: label, found: false },
        };
  }
  const deleting = object.metadata?.deletionTimestamp ? ' (being deleted)' : '';
  if (!spec.exists) {
    return {
      passed: false,
      expectations: [existence(false, 'absent', `present${deleting}`)],
      observed: summary(label, object, {}),
      failure: `${label} still exists${deleting}`,
    };
  }

  const expectations: ExpectationResult[] = [existence(true, 'present', `present${deleting}`)];
  const failures: string[] = [];
  const note = spec.condition ? judgeCondition(spec, object, expectations, failures) : undefined;
  const differing = judgeFields(spec, observation.resource, object, expectations, failures);
  return {
    passed: failures.length === 0,
    expectations,
    observed: summary(label, object, differing, note),
    failure: failures[0],
  };
}

function judgeCondition(
  spec: K8sCheckSpec,
  object: KubeObject,
  out: ExpectationResult[],
  failures: string[],
): string | undefined {
  const expected = spec.condition!;
  const found = conditionsOf(object).find((c) => c.type === expected.type);
  out.push({
    subject: `condition ${expected.type}`,
    passed: found?.status === expected.status,
    expected: expected.status,
    actual: found?.status ?? '(absent)',
    source: expected.source,
  });
  if (!found) {
    failures.push(`no ${expected.type} condition yet`);
    return neverSetNote(spec);
  }
  if (found.status !== expected.status) failures.push(describeCondition(found));
  for (const [subject, expectation, actual] of [
    ['reason', expected.reason, found.reason],
    ['message', expected.message, found.message],
  ] as const) {
    if (!expectation) continue;
    const outcome = matchValue(actual, expectation, 'text');
    out.push({ subject, ...outcome, source: expectation.source });
    if (!outcome.passed)
      failures.push(`${expected.type} ${subject} is ${outcome.actual}, expected ${outcome.expected}`);
  }
  // A condition written for an older generation says nothing about the object as it is now.
  const observedGeneration = found.observedGeneration ?? statusObservedGeneration(object);
  const generation = object.metadata?.generation;
  if (observedGeneration !== undefined && generation !== undefined) {
    const current = observedGeneration === generation;
    out.push({
      subject: 'observedGeneration',
      passed: current,
      expected: `${generation} (metadata.generation)`,
      actual: String(observedGeneration),
      source: expected.source,
    });
    if (!current)
      failures.unshift(
        `${expected.type} is from generation ${observedGeneration}; the object is at generation ${generation}, so ` +
          `its status is stale`,
      );
  }
  return undefined;
}

function judgeFields(
  spec: K8sCheckSpec,
  resource: ResourceInfo,
  object: KubeObject,
  out: ExpectationResult[],
  failures: string[],
): Record<string, unknown> {
  const differing: Record<string, unknown> = {};
  // Secret data must not end up in reports: say whether it matched, never what it is.
  const hidden = resource.group === '' && resource.kind === 'Secret';
  for (const field of spec.fields) {
    const subject = `field ${field.path}`;
    let value: unknown;
    try {
      value = selectKubectlValue(compileKubectlJsonPath(field.path), object);
    } catch (error) {
      out.push({
        subject,
        passed: false,
        expected: describeExpectation(field.expect),
        actual: `(invalid JSONPath: ${errorMessage(error)})`,
        source: field.expect.source,
      });
      failures.push(`${field.path} is not a JSONPath this runner understands`);
      continue;
    }
    const outcome = matchValue(value, field.expect, 'json');
    const actual = hidden ? (value === undefined ? '(absent)' : '(set, hidden)') : outcome.actual;
    out.push({ subject, passed: outcome.passed, expected: outcome.expected, actual, source: field.expect.source });
    if (!outcome.passed) {
      differing[field.path] = hidden ? actual : value;
      failures.push(`${field.path} is ${actual}, expected ${outcome.expected}`);
    }
  }
  return differing;
}

function existence(passed: boolean, expected: 'present' | 'absent', actual: string): ExpectationResult {
  return { subject: 'exists', passed, expected, actual };
}

function statusObservedGeneration(object: KubeObject): number | undefined {
  const value = (object.status as { observedGeneration?: unknown } | undefined)?.observedGeneration;
  return typeof value === 'number' ? value : undefined;
}

function describeCondition(condition: KubeCondition): string {
  return (
    `${condition.type} is ` +
    condition.status +
    (condition.reason ? ` (${condition.reason})` : '') +
    (condition.message ? `: ${condition.message}` : '')
  );
}

// kong-behaviour.md §6: KIC's KongPlugin reconciler never writes status, despite the CRD's
// Programmed printer column. Saying so beats a silent timeout.
function neverSetNote(spec: K8sCheckSpec): string | undefined {
  const { kind, apiVersion } = spec.resource;
  if (
    spec.condition?.type === 'Programmed' &&
    apiVersion.startsWith('configuration.konghq.com/') &&
    (kind === 'KongPlugin' || kind === 'KongClusterPlugin')
  ) {
    return (
      `Kong Ingress Controller never sets Programmed on a ${kind}; check the plugin's effect through the proxy ` +
      `instead`
    );
  }
  return undefined;
}

function summary(
  label: string,
  object: KubeObject,
  differing: Record<string, unknown>,
  note?: string,
): Record<string, unknown> {
  const observedGeneration = statusObservedGeneration(object);
  return {
    object: label,
    found: true,
    generation: object.metadata?.generation,
    ...(observedGeneration !== undefined ? { observedGeneration } : {}),
    conditions: conditionsOf(object).map(({ type, status, reason, message, observedGeneration: og }) => ({
      type,
      status,
      reason,
      message,
      observedGeneration: og,
    })),
    ...(Object.keys(differing).length ? { fields: differing } : {}),
    ...(note ? { note } : {}),
  };
}

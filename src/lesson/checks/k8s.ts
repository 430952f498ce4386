import * as z from 'zod';
import { expectationSchema, toExpectation } from '../expectation.js';
import { eventuallySchema } from '../schema-common.js';
import { checkKubectlJsonPath } from '../kubectl-jsonpath.js';
import { didYouMean } from '../suggest.js';
import type { ConditionExpectation, FieldExpectation, K8sCheckSpec, K8sResourceRef } from '../types.js';
import type { CheckRead } from './http.js';
import { KINDS_WITHOUT_CONDITIONS, KNOWN_KINDS, knownKind } from './known-kinds.js';
import { validateCheck, type CheckReader } from './read-check.js';

const resourceObjectSchema = z.strictObject({
  apiVersion: z.string().optional(),
  kind: z.string(),
  name: z.string(),
  namespace: z.string().optional(),
});
const conditionObjectSchema = z.strictObject({
  type: z.string(),
  status: z.union([z.string(), z.boolean()]).optional(),
  reason: expectationSchema('one-of').optional(),
  message: expectationSchema('one-of').optional(),
});

export const k8sCheckSchema = z.strictObject({
  name: z.string().optional(),
  resource: z.union([z.string(), resourceObjectSchema]),
  expect: z
    .strictObject({
      exists: z.boolean().optional(),
      condition: z.union([z.string(), conditionObjectSchema]).optional(),
      fields: z.record(z.string(), expectationSchema('equals')).optional(),
    })
    .optional(),
  eventually: eventuallySchema.optional(),
});

type Input = z.output<typeof k8sCheckSchema>;

/** A Kubernetes check (` ```check k8s `). */
export function readK8sCheck(reader: CheckReader): CheckRead<K8sCheckSpec> {
  const input = validateCheck(k8sCheckSchema, reader, 'Kubernetes check');
  if (!input) return { defines: [] };
  const before = reader.sink.errorCount;
  const resource = readResource(input.resource, reader);
  const exists = input.expect?.exists ?? true;
  const condition = input.expect?.condition === undefined ? undefined : readCondition(input.expect.condition, reader);
  const fields = readFields(input.expect?.fields ?? {}, reader);
  if (!exists && (condition || fields.length > 0)) {
    reader.error(
      ['expect', 'exists'],
      'invalid-check',
      'an absent resource has no conditions or fields to check',
      'drop condition and fields, or expect exists: true',
    );
  }
  if (resource && condition?.type === 'Programmed' && KINDS_WITHOUT_CONDITIONS.includes(resource.kind)) {
    const path =
      typeof input.expect?.condition === 'string' ? ['expect', 'condition'] : ['expect', 'condition', 'type'];
    reader.error(
      path,
      'kongplugin-programmed',
      `Kong Ingress Controller never sets Programmed on a ${resource.kind}: this check would wait forever`,
      "probe the proxy instead: an HTTP check that expects the plugin's effect (e.g. status 401) with eventually",
    );
  }
  if (!resource || reader.sink.errorCount > before) return { defines: [] };
  const spec: K8sCheckSpec = {
    kind: 'k8s',
    resource,
    exists,
    ...(condition ? { condition } : {}),
    fields,
    ...(input.eventually ? { eventually: input.eventually } : {}),
  };
  return { spec, name: input.name ?? k8sCheckName(resource, exists, condition), defines: [] };
}

function readResource(input: Input['resource'], reader: CheckReader): K8sResourceRef | undefined {
  if (typeof input === 'string') {
    const match = /^([A-Za-z][A-Za-z0-9]*)\/([^\s/]+)$/.exec(input.trim());
    // Names may hold {{VARIABLES}}; only a literal name can be checked against Kubernetes' rules.
    if (!match || (!(match[2] ?? '').includes('{{') && !/^[a-z0-9]([-a-z0-9.]*[a-z0-9])?$/.test(match[2] ?? ''))) {
      reader.error(
        ['resource'],
        'invalid-check',
        `'${input}' is not Kind/name`,
        'write resource: KongConsumer/alex, or the map form with apiVersion, kind, name, namespace',
      );
      return undefined;
    }
    const kind = resolveKind(match[1] ?? '', ['resource'], reader);
    return kind ? { apiVersion: KNOWN_KINDS[kind]?.apiVersion ?? '', kind, name: match[2] ?? '' } : undefined;
  }
  if (input.apiVersion)
    return {
      apiVersion: input.apiVersion,
      kind: input.kind,
      name: input.name,
      ...(input.namespace ? { namespace: input.namespace } : {}),
    };
  const kind = resolveKind(input.kind, ['resource', 'kind'], reader);
  return kind
    ? {
        apiVersion: KNOWN_KINDS[kind]?.apiVersion ?? '',
        kind,
        name: input.name,
        ...(input.namespace ? { namespace: input.namespace } : {}),
      }
    : undefined;
}

function resolveKind(kind: string, path: readonly PropertyKey[], reader: CheckReader): string | undefined {
  const known = knownKind(kind);
  if (known) return known;
  reader.error(
    path,
    'unknown-kind',
    `'${kind}' is not a kind the shorthand knows`,
    `${didYouMean(kind, Object.keys(KNOWN_KINDS))}Other kinds need the map form with apiVersion and kind`,
  );
  return undefined;
}

function readCondition(
  input: NonNullable<NonNullable<Input['expect']>['condition']>,
  reader: CheckReader,
): ConditionExpectation | undefined {
  if (typeof input === 'string') return { type: input, status: 'True', source: reader.at(['expect', 'condition']) };
  const status =
    input.status === undefined
      ? 'True'
      : typeof input.status === 'boolean'
        ? input.status
          ? 'True'
          : 'False'
        : input.status;
  if (!['True', 'False', 'Unknown'].includes(status)) {
    reader.error(
      ['expect', 'condition', 'status'],
      'invalid-check',
      `condition status '${status}' is not True, False or Unknown`,
      'Kubernetes condition statuses are the text "True", "False" or "Unknown"',
    );
    return undefined;
  }
  return {
    type: input.type,
    status,
    ...(input.reason !== undefined
      ? { reason: toExpectation(input.reason, 'one-of', reader.at(['expect', 'condition', 'reason'])) }
      : {}),
    ...(input.message !== undefined
      ? { message: toExpectation(input.message, 'one-of', reader.at(['expect', 'condition', 'message'])) }
      : {}),
    source: reader.at(['expect', 'condition']),
  };
}

function readFields(record: Record<string, unknown>, reader: CheckReader): FieldExpectation[] {
  const out: FieldExpectation[] = [];
  for (const [key, value] of Object.entries(record)) {
    const path = key.startsWith('{') ? key : key.startsWith('.') ? `{${key}}` : undefined;
    if (!path?.endsWith('}')) {
      reader.sink.error(
        reader.keyAt(['expect', 'fields', key]),
        'invalid-check',
        `'${key}' is not a JSONPath`,
        'write kubectl-style JSONPath: "{.status.organizationID}" (quote it in YAML)',
      );
      continue;
    }
    const problem = checkKubectlJsonPath(path);
    if (problem) {
      reader.sink.error(
        reader.keyAt(['expect', 'fields', key]),
        'invalid-json-path',
        `bad kubectl JSONPath ${JSON.stringify(key)}: ${problem}`,
        'fields take kubectl JSONPath, as in kubectl get -o jsonpath="{.status.conditions[0].reason}"',
      );
      continue;
    }
    out.push({ path, expect: toExpectation(value as never, 'equals', reader.at(['expect', 'fields', key])) });
  }
  return out;
}

function k8sCheckName(resource: K8sResourceRef, exists: boolean, condition: ConditionExpectation | undefined): string {
  const ref = `${resource.kind}/${resource.name}`;
  if (!exists) return `${ref} is absent`;
  if (condition)
    return condition.status === 'True' ? `${ref} is ${condition.type}` : `${ref} ${condition.type}=${condition.status}`;
  return `${ref} exists`;
}

import { CRD_CHECKS, defaultStatus, pruneUnknownFields } from './crd-rules.js';
import { type KindInfo, servedKind } from './kinds.js';
import type { ObjectStore } from './object-store.js';
import { badRequest, invalid, namespaceNotFound, type Cause } from './status-errors.js';
import { isRecord, type LabObject } from './types.js';
import { recordsOf, stringMapOf } from '@kong-workshop/common';

/** How the API server treats unknown fields (`?fieldValidation=`; kubectl sends Strict). */
export type FieldValidation = 'Strict' | 'Warn' | 'Ignore';

export interface Admitted {
  readonly object: LabObject;
  /** `Warning` headers for the client (unknown fields under fieldValidation=Warn). */
  readonly warnings: readonly string[];
}

const DNS_SUBDOMAIN = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;
const DNS_LABEL = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;
const NAMESPACES = servedKind('v1', 'Namespace');

/**
 * What the API server does to an object before it stores it: names, the namespace must exist,
 * defaults of the built-in kinds, the CRDs' schemas (unknown fields pruned, or refused under
 * Strict) and CEL rules. Throws an ApiStatusError (422 Invalid, 404, 400) with the server's
 * messages.
 */
export function admit(
  kind: KindInfo,
  input: LabObject,
  old: LabObject | undefined,
  store: ObjectStore,
  validation: FieldValidation,
): Admitted {
  const object = structuredClone(input);
  const name = object.metadata?.name ?? '';
  const causes: Cause[] = [];
  if (!isRecord(object.metadata)) throw badRequest(`Object '${kind.kind}' is missing 'metadata'`);
  if (!name)
    causes.push({
      reason: 'FieldValueRequired',
      field: 'metadata.name',
      message: 'Required value: name or generateName is required',
    });
  else if (!(kind.kind === 'Namespace' ? DNS_LABEL : DNS_SUBDOMAIN).test(name) || name.length > 253) {
    causes.push({
      reason: 'FieldValueInvalid',
      field: 'metadata.name',
      message:
        `Invalid value: "${name}": a lowercase RFC 1123 subdomain must consist of lower case alphanumeric ` +
        `characters, '-' or '.', and must start and end with an alphanumeric character (e.g. 'example.com', regex ` +
        `used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*')`,
    });
  }
  for (const field of ['labels', 'annotations'] as const) {
    const map = object.metadata[field];
    if (map !== undefined && (!isRecord(map) || Object.values(map).some((v) => typeof v !== 'string'))) {
      throw badRequest(
        `${kind.kind} in version "${kind.version}" cannot be handled as a ${kind.kind}: json: cannot unmarshal into ` +
          `Go struct field ObjectMeta.metadata.${field} of type string`,
      );
    }
  }
  if (
    kind.namespaced &&
    !old &&
    object.metadata.namespace &&
    !store.get(NAMESPACES, undefined, object.metadata.namespace)
  )
    throw namespaceNotFound(object.metadata.namespace);

  const warnings: string[] = [];
  const crd = CRD_CHECKS[kind.kind];
  if (crd) {
    const unknown = pruneUnknownFields(object, crd);
    if (unknown.length && validation === 'Strict') {
      throw badRequest(
        `${kind.kind} in version "${kind.version}" cannot be handled as a ${kind.kind}: strict decoding error: ` +
          `${unknown.map((f) => `unknown field "${f}"`).join(', ')}`,
      );
    }
    if (validation === 'Warn') warnings.push(...unknown.map((f) => `unknown field "${f}"`));
    causes.push(...crd.validate(object, old));
  } else {
    causes.push(...builtInDefaults(kind, object));
  }
  if (causes.length) throw invalid(kind, name, causes);
  if (!old) defaultStatus(object);
  return { object, warnings };
}

/** The defaults and checks of the built-in kinds the lessons use. */
function builtInDefaults(kind: KindInfo, object: LabObject): Cause[] {
  switch (kind.kind) {
    case 'Secret':
      return secretDefaults(object);
    case 'Service':
      serviceDefaults(object);
      return [];
    case 'Deployment':
      return deploymentDefaults(object);
    case 'Ingress':
      return ingressChecks(object);
    case 'Namespace':
      object.spec = { finalizers: ['kubernetes'] };
      object.status = { phase: 'Active' };
      return [];
    default:
      return [];
  }
}

function secretDefaults(object: LabObject): Cause[] {
  object.type ??= 'Opaque';
  const data: Record<string, string> = stringMapOf(object.data);
  const causes: Cause[] = [];
  for (const [key, value] of Object.entries(data)) {
    if (typeof value !== 'string' || !/^[A-Za-z0-9+/]*={0,2}$/.test(value))
      causes.push({
        reason: 'FieldValueInvalid',
        field: `data[${key}]`,
        message: 'Invalid value: "<secret contents redacted>": illegal base64 data',
      });
  }
  if (isRecord(object.stringData)) {
    for (const [key, value] of Object.entries(object.stringData))
      data[key] = Buffer.from(String(value)).toString('base64');
    delete object.stringData;
  }
  if (Object.keys(data).length) object.data = data;
  return causes;
}

let nextClusterIp = 11;

/** The object's spec, made an empty one first when it is missing or not an object. */
function specOf(object: LabObject): Record<string, unknown> {
  if (isRecord(object.spec)) return object.spec;
  const spec: Record<string, unknown> = {};
  object.spec = spec;
  return spec;
}

function serviceDefaults(object: LabObject): void {
  const spec = specOf(object);
  spec.type ??= 'ClusterIP';
  if (spec.clusterIP === undefined) {
    const ip = `10.96.${Math.floor(nextClusterIp / 250)}.${(nextClusterIp++ % 250) + 1}`;
    spec.clusterIP = ip;
    spec.clusterIPs = [ip];
  }
  spec.sessionAffinity ??= 'None';
  spec.ipFamilies ??= ['IPv4'];
  spec.ipFamilyPolicy ??= 'SingleStack';
  spec.internalTrafficPolicy ??= 'Cluster';
  if (Array.isArray(spec.ports)) {
    spec.ports = spec.ports.map((port: Record<string, unknown>) => ({
      protocol: 'TCP',
      targetPort: port.port,
      ...port,
    }));
  }
  object.status ??= { loadBalancer: {} };
}

function deploymentDefaults(object: LabObject): Cause[] {
  const spec = specOf(object);
  spec.replicas ??= 1;
  spec.revisionHistoryLimit ??= 10;
  spec.progressDeadlineSeconds ??= 600;
  spec.strategy ??= { type: 'RollingUpdate', rollingUpdate: { maxSurge: '25%', maxUnavailable: '25%' } };
  const selector =
    isRecord(spec.selector) && isRecord(spec.selector.matchLabels)
      ? (spec.selector.matchLabels as Record<string, string>)
      : undefined;
  if (!selector) return [{ reason: 'FieldValueRequired', field: 'spec.selector', message: 'Required value' }];
  const template =
    isRecord(spec.template) && isRecord(spec.template.metadata)
      ? (spec.template.metadata.labels as Record<string, string> | undefined)
      : undefined;
  if (!template || Object.entries(selector).some(([k, v]) => template[k] !== v)) {
    return [
      {
        reason: 'FieldValueInvalid',
        field: 'spec.template.metadata.labels',
        message: `Invalid value: map[string]string{${Object.entries(template ?? {})
          .map(([k, v]) => `"${k}":"${v}"`)
          .join(', ')}}: \`selector\` does not match template \`labels\``,
      },
    ];
  }
  return [];
}

function ingressChecks(object: LabObject): Cause[] {
  const causes: Cause[] = [];
  const rules = recordsOf(isRecord(object.spec) ? object.spec.rules : undefined);
  rules.forEach((rule, r) => {
    const paths = recordsOf(isRecord(rule.http) ? rule.http.paths : undefined);
    paths.forEach((path, p) => {
      const at = `spec.rules[${r}].http.paths[${p}]`;
      if (path.pathType === undefined)
        causes.push({
          reason: 'FieldValueRequired',
          field: `${at}.pathType`,
          message: 'Required value: pathType must be specified',
        });
      else if (!['Exact', 'Prefix', 'ImplementationSpecific'].includes(String(path.pathType))) {
        causes.push({
          reason: 'FieldValueNotSupported',
          field: `${at}.pathType`,
          message:
            `Unsupported value: "${String(path.pathType)}": supported values: "Exact", ` +
            `"ImplementationSpecific", "Prefix"`,
        });
      }
      if (!isRecord(path.backend))
        causes.push({ reason: 'FieldValueRequired', field: `${at}.backend`, message: 'Required value' });
    });
  });
  return causes;
}

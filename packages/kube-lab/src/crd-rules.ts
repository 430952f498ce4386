import type { Cause } from './status-errors.js';
import { isRecord, type LabObject } from './types.js';

// The schemas and CEL rules of the Kong CRDs, with the API server's messages for them
// (kong-operator api/configuration/v1 kongplugin_types.go, kongclusterplugin_types.go,
// kongconsumer_types.go; api/konnect/v1alpha1 konnect_apiauthconfiguration_types.go and its CRD
// config/crd/kong-operator/konnect.konghq.com_konnectapiauthconfigurations.yaml).

export interface CrdCheck {
  /** Top-level fields the schema knows; anything else is an unknown field (pruned). */
  readonly fields: readonly string[];
  /** Known fields of `spec`, when the kind has one. */
  readonly specFields?: readonly string[];
  readonly validate: (object: LabObject, old: LabObject | undefined) => Cause[];
}

const invalidObject = (field: string, message: string): Cause => ({
  reason: 'FieldValueInvalid',
  field,
  message: `Invalid value: "object": ${message}`,
});
const required = (field: string): Cause => ({ reason: 'FieldValueRequired', field, message: 'Required value' });
const has = (object: Record<string, unknown> | undefined, key: string) =>
  object !== undefined && object[key] !== undefined && object[key] !== null;

const COMMON = ['apiVersion', 'kind', 'metadata', 'status'];

const PLUGIN: CrdCheck = {
  fields: [
    ...COMMON,
    'consumerRef',
    'disabled',
    'config',
    'configFrom',
    'configPatches',
    'plugin',
    'run_on',
    'protocols',
    'ordering',
    'instance_name',
  ],
  validate(object, old) {
    const causes: Cause[] = [];
    if (typeof object.plugin !== 'string' || object.plugin === '') causes.push(required('plugin'));
    if (has(object, 'config') && has(object, 'configFrom'))
      causes.push(invalidObject('<nil>', 'Using both config and configFrom fields is not allowed.'));
    if (has(object, 'configFrom') && has(object, 'configPatches'))
      causes.push(invalidObject('<nil>', 'Using both configFrom and configPatches fields is not allowed.'));
    if (old && old.plugin !== object.plugin) causes.push(invalidObject('<nil>', 'The plugin field is immutable'));
    if (object.config !== undefined && !isRecord(object.config))
      causes.push({
        reason: 'FieldValueInvalid',
        field: 'config',
        message:
          `Invalid value: "${typeof object.config}": config in body must be of type object: ` +
          `"${typeof object.config}"`,
      });
    return causes;
  },
};

const CONSUMER: CrdCheck = {
  fields: [...COMMON, 'username', 'custom_id', 'credentials', 'consumerGroups', 'spec'],
  specFields: ['controlPlaneRef', 'tags'],
  validate(object) {
    return has(object, 'username') || has(object, 'custom_id')
      ? []
      : [invalidObject('<nil>', 'Need to provide either username or custom_id')];
  },
};

// CEL's isURL(): an absolute URL with a scheme; a bare host name is not one.
const isUrl = (value: string) => /^[a-zA-Z][a-zA-Z0-9+.-]*:\/\/[^/]/.test(value);
const HOSTNAME =
  /^(([a-zA-Z0-9]|[a-zA-Z0-9][a-zA-Z0-9-]*[a-zA-Z0-9]).)*([A-Za-z0-9]|[A-Za-z0-9][A-Za-z0-9-]*[A-Za-z0-9])$/;

const KONNECT_AUTH: CrdCheck = {
  fields: [...COMMON, 'spec'],
  specFields: ['type', 'token', 'secretRef', 'serverURL'],
  validate(object, old) {
    const spec = isRecord(object.spec) ? object.spec : undefined;
    if (!spec) return [required('spec')];
    const causes: Cause[] = [];
    if (spec.type === undefined) causes.push(required('spec.type'));
    else if (spec.type !== 'token' && spec.type !== 'secretRef') {
      causes.push({
        reason: 'FieldValueNotSupported',
        field: 'spec.type',
        message: `Unsupported value: "${String(spec.type)}": supported values: "token", "secretRef"`,
      });
    }
    if (typeof spec.serverURL !== 'string') causes.push(required('spec.serverURL'));
    else {
      const url = spec.serverURL;
      const serverUrlRule = (message: string) =>
        causes.push({
          reason: 'FieldValueInvalid',
          field: 'spec.serverURL',
          message: `Invalid value: "string": ${message}`,
        });
      if (url.length === 0) serverUrlRule('Server URL is required');
      const oldSpec = old && isRecord(old.spec) ? old.spec : undefined;
      if (oldSpec && oldSpec.serverURL !== url) serverUrlRule('Server URL is immutable');
      if (isUrl(url) && !url.toLowerCase().startsWith('https://'))
        serverUrlRule('Server URL must use HTTPs if specifying scheme');
      if (url.length > 0 && !isUrl(url) && !HOSTNAME.test(url))
        serverUrlRule('Server URL must satisfy hostname (RFC 1123) regex if not a valid absolute URL');
    }
    if (spec.type === 'token' && !(typeof spec.token === 'string' && spec.token.length > 0))
      causes.push(invalidObject('spec', 'spec.token is required if auth type is set to token'));
    if (spec.type === 'secretRef' && !has(spec, 'secretRef'))
      causes.push(invalidObject('spec', 'spec.secretRef is required if auth type is set to secretRef'));
    if (has(spec, 'token') && has(spec, 'secretRef'))
      causes.push(invalidObject('spec', 'spec.token and spec.secretRef cannot be set at the same time'));
    if (
      spec.type === 'token' &&
      typeof spec.token === 'string' &&
      spec.token.length > 0 &&
      !spec.token.startsWith('spat_') &&
      !spec.token.startsWith('kpat_')
    ) {
      causes.push(invalidObject('<nil>', 'Konnect tokens have to start with spat_ or kpat_'));
    }
    const oldToken = old && isRecord(old.spec) ? old.spec.token : undefined;
    if (spec.type === 'token' && oldToken !== undefined && !has(spec, 'token'))
      causes.push(invalidObject('<nil>', 'Token is required once set'));
    return causes;
  },
};

const NO_RULES = (fields: readonly string[]): CrdCheck => ({ fields: [...COMMON, ...fields], validate: () => [] });

export const CRD_CHECKS: Readonly<Record<string, CrdCheck>> = {
  KongPlugin: PLUGIN,
  KongClusterPlugin: PLUGIN,
  KongConsumer: CONSUMER,
  KongConsumerGroup: {
    fields: [...COMMON, 'spec'],
    specFields: ['name', 'controlPlaneRef', 'tags'],
    validate: () => [],
  },
  KonnectAPIAuthConfiguration: KONNECT_AUTH,
  KonnectGatewayControlPlane: NO_RULES(['spec']),
  KonnectExtension: NO_RULES(['spec']),
  GatewayClass: NO_RULES(['spec']),
  Gateway: NO_RULES(['spec']),
  HTTPRoute: NO_RULES(['spec']),
};

/** Paths of fields the schema does not know (`spec.username`), removed as the API server prunes them. */
export function pruneUnknownFields(object: LabObject, check: CrdCheck): string[] {
  const unknown: string[] = [];
  for (const key of Object.keys(object)) {
    if (!check.fields.includes(key)) {
      unknown.push(key);
      delete object[key];
    }
  }
  if (check.specFields && isRecord(object.spec)) {
    for (const key of Object.keys(object.spec)) {
      if (!check.specFields.includes(key)) {
        unknown.push(`spec.${key}`);
        delete object.spec[key];
      }
    }
  }
  return unknown;
}

/**
 * The CRDs' status defaults: KongConsumer's whole `status` defaults to a Programmed condition
 * "Waiting for controller" (kongconsumer_types.go `+kubebuilder:default`), so a consumer KIC
 * ignores shows that; KongPlugin's default sits inside `status`, which KIC never writes.
 */
export function defaultStatus(object: LabObject): void {
  // KonnectExtension's default is the same placeholder on its Ready condition (konnect_extension_types.go).
  const defaulted = { KongConsumer: 'Programmed', KongConsumerGroup: 'Programmed', KonnectExtension: 'Ready' }[
    object.kind
  ];
  if (defaulted && object.status === undefined) {
    object.status = {
      conditions: [
        {
          type: defaulted,
          status: 'Unknown',
          reason: 'Pending',
          message: 'Waiting for controller',
          lastTransitionTime: '1970-01-01T00:00:00Z',
        },
      ],
    };
  }
}

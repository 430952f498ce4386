import { AGE_COLUMN, KIND_COLUMNS, type Column } from './columns.js';

/** One kind the lab's API server serves, described as discovery and `kubectl` need it. */
export interface KindInfo {
  readonly group: string;
  readonly version: string;
  readonly kind: string;
  readonly plural: string;
  readonly singular: string;
  readonly namespaced: boolean;
  readonly shortNames?: readonly string[];
  readonly categories?: readonly string[];
  /** Served by a CustomResourceDefinition (a CRD object exists; strategic merge patch is refused). */
  readonly crd: boolean;
  /** Has a `/status` subresource: writes to the object leave status alone, and the reverse. */
  readonly statusSubresource: boolean;
  /** Has a `/scale` subresource (autoscaling/v1 Scale over spec.replicas): what `kubectl scale` uses. */
  readonly scaleSubresource?: boolean;
  /** Keeps `metadata.generation`, bumped when anything but metadata and status changes. */
  readonly generation: boolean;
  /** Printer columns after NAME. */
  readonly columns: readonly Column[];
}

type Trait = 'namespaced' | 'crd' | 'status' | 'scale' | 'generation';

/**
 * One row of the table below: the traits say which of KindInfo's booleans hold, so each row shows only what sets
 * the kind apart (the singular is always the lower-cased kind, as Kubernetes derives it).
 */
const kind = (
  apiVersion: string,
  kindName: string,
  plural: string,
  traits: readonly Trait[],
  names: { shortNames?: readonly string[]; categories?: readonly string[] } = {},
): KindInfo => {
  const slash = apiVersion.lastIndexOf('/');
  return {
    group: slash < 0 ? '' : apiVersion.slice(0, slash),
    version: apiVersion.slice(slash + 1),
    kind: kindName,
    plural,
    singular: kindName.toLowerCase(),
    namespaced: traits.includes('namespaced'),
    ...names,
    crd: traits.includes('crd'),
    statusSubresource: traits.includes('status'),
    ...(traits.includes('scale') ? { scaleSubresource: true } : {}),
    generation: traits.includes('generation'),
    columns: KIND_COLUMNS[kindName] ?? [AGE_COLUMN],
  };
};

const ALL = ['all'];
const GATEWAY_API = ['gateway-api'];
const KONG = ['kong-ingress-controller', 'kong'];
const CUSTOM = ['namespaced', 'crd', 'status', 'generation'] as const;
const CLUSTER_CUSTOM = ['crd', 'status', 'generation'] as const;

/** Everything the lab serves: what Kong Ingress Controller, the Kong operator and the lessons use. */
export const LAB_KINDS: readonly KindInfo[] = [
  kind('v1', 'Namespace', 'namespaces', ['status'], { shortNames: ['ns'] }),
  kind('v1', 'Secret', 'secrets', ['namespaced']),
  kind('v1', 'ConfigMap', 'configmaps', ['namespaced'], { shortNames: ['cm'] }),
  kind('v1', 'Service', 'services', ['namespaced', 'status'], { shortNames: ['svc'], categories: ALL }),
  kind('v1', 'Pod', 'pods', ['namespaced', 'status'], { shortNames: ['po'], categories: ALL }),
  kind('v1', 'Event', 'events', ['namespaced'], { shortNames: ['ev'] }),
  kind('apps/v1', 'Deployment', 'deployments', ['namespaced', 'status', 'scale', 'generation'], {
    shortNames: ['deploy'],
    categories: ALL,
  }),
  kind('networking.k8s.io/v1', 'Ingress', 'ingresses', ['namespaced', 'status', 'generation'], {
    shortNames: ['ing'],
  }),
  kind('networking.k8s.io/v1', 'IngressClass', 'ingressclasses', ['generation']),
  kind('apiextensions.k8s.io/v1', 'CustomResourceDefinition', 'customresourcedefinitions', ['status', 'generation'], {
    shortNames: ['crd', 'crds'],
    categories: ['api-extensions'],
  }),
  kind('gateway.networking.k8s.io/v1', 'GatewayClass', 'gatewayclasses', CLUSTER_CUSTOM, {
    shortNames: ['gc'],
    categories: GATEWAY_API,
  }),
  kind('gateway.networking.k8s.io/v1', 'Gateway', 'gateways', CUSTOM, { shortNames: ['gtw'], categories: GATEWAY_API }),
  kind('gateway.networking.k8s.io/v1', 'HTTPRoute', 'httproutes', CUSTOM, { categories: GATEWAY_API }),
  kind('configuration.konghq.com/v1', 'KongPlugin', 'kongplugins', CUSTOM, {
    shortNames: ['kp'],
    categories: ['kong-ingress-controller'],
  }),
  kind('configuration.konghq.com/v1', 'KongClusterPlugin', 'kongclusterplugins', CLUSTER_CUSTOM, {
    shortNames: ['kcp'],
    categories: KONG,
  }),
  kind('configuration.konghq.com/v1', 'KongConsumer', 'kongconsumers', CUSTOM, {
    shortNames: ['kc'],
    categories: KONG,
  }),
  kind('configuration.konghq.com/v1beta1', 'KongConsumerGroup', 'kongconsumergroups', CUSTOM, {
    shortNames: ['kcg'],
    categories: KONG,
  }),
  kind('konnect.konghq.com/v1alpha1', 'KonnectAPIAuthConfiguration', 'konnectapiauthconfigurations', CUSTOM, {
    categories: ['kong', 'konnect'],
  }),
  kind('konnect.konghq.com/v1alpha2', 'KonnectGatewayControlPlane', 'konnectgatewaycontrolplanes', CUSTOM, {
    categories: ['kong', 'konnect'],
  }),
  kind('konnect.konghq.com/v1alpha2', 'KonnectExtension', 'konnectextensions', CUSTOM, {
    categories: ['kong', 'konnect'],
  }),
];

export const apiVersionOf = (info: Pick<KindInfo, 'group' | 'version'>): string =>
  info.group ? `${info.group}/${info.version}` : info.version;

const byApiVersionKind = new Map(LAB_KINDS.map((k) => [`${apiVersionOf(k)}|${k.kind}`, k]));
const byGroupPlural = new Map(LAB_KINDS.map((k) => [`${k.group}|${k.version}|${k.plural}`, k]));

export function kindOf(apiVersion: string, kindName: string): KindInfo | undefined {
  return byApiVersionKind.get(`${apiVersion}|${kindName}`);
}

/** A kind the lab always serves (its own controllers' kinds, the seed objects'); throws for any other. */
export function servedKind(apiVersion: string, kindName: string): KindInfo {
  const kind = kindOf(apiVersion, kindName);
  if (!kind) throw new Error(`kube-lab: ${apiVersion} ${kindName} is not a kind the lab serves`);
  return kind;
}

export function kindByPlural(group: string, version: string, plural: string): KindInfo | undefined {
  return byGroupPlural.get(`${group}|${version}|${plural}`);
}

/** `kongconsumers.configuration.konghq.com`, as error messages name a resource. */
export const qualifiedResource = (info: KindInfo): string =>
  info.group ? `${info.plural}.${info.group}` : info.plural;

/**
 * A kind the lab knows from a name a person types: `KongConsumer`, `kongconsumers`, `kc`,
 * `kongconsumer.configuration.konghq.com` (kubectl's resource arguments).
 */
export function kindFromArgument(argument: string): KindInfo | undefined {
  const [name, ...groupParts] = argument.toLowerCase().split('.');
  const group = groupParts.join('.');
  return LAB_KINDS.find(
    (k) =>
      (!group || k.group === group || `${k.version}.${k.group}` === group) &&
      [k.kind.toLowerCase(), k.plural, k.singular, ...(k.shortNames ?? [])].includes(name!),
  );
}

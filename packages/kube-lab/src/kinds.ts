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

const kind = (info: Omit<KindInfo, 'columns'> & { columns?: readonly Column[] }): KindInfo => ({
  ...info,
  columns: info.columns ?? KIND_COLUMNS[info.kind] ?? [AGE_COLUMN],
});

const KIC_CATEGORIES = ['kong-ingress-controller'];

/** Everything the lab serves: what Kong Ingress Controller, the Kong operator and the lessons use. */
export const LAB_KINDS: readonly KindInfo[] = [
  kind({
    group: '',
    version: 'v1',
    kind: 'Namespace',
    plural: 'namespaces',
    singular: 'namespace',
    namespaced: false,
    shortNames: ['ns'],
    crd: false,
    statusSubresource: true,
    generation: false,
  }),
  kind({
    group: '',
    version: 'v1',
    kind: 'Secret',
    plural: 'secrets',
    singular: 'secret',
    namespaced: true,
    crd: false,
    statusSubresource: false,
    generation: false,
  }),
  kind({
    group: '',
    version: 'v1',
    kind: 'ConfigMap',
    plural: 'configmaps',
    singular: 'configmap',
    namespaced: true,
    shortNames: ['cm'],
    crd: false,
    statusSubresource: false,
    generation: false,
  }),
  kind({
    group: '',
    version: 'v1',
    kind: 'Service',
    plural: 'services',
    singular: 'service',
    namespaced: true,
    shortNames: ['svc'],
    categories: ['all'],
    crd: false,
    statusSubresource: true,
    generation: false,
  }),
  kind({
    group: '',
    version: 'v1',
    kind: 'Pod',
    plural: 'pods',
    singular: 'pod',
    namespaced: true,
    shortNames: ['po'],
    categories: ['all'],
    crd: false,
    statusSubresource: true,
    generation: false,
  }),
  kind({
    group: '',
    version: 'v1',
    kind: 'Event',
    plural: 'events',
    singular: 'event',
    namespaced: true,
    shortNames: ['ev'],
    crd: false,
    statusSubresource: false,
    generation: false,
  }),
  kind({
    group: 'apps',
    version: 'v1',
    kind: 'Deployment',
    plural: 'deployments',
    singular: 'deployment',
    namespaced: true,
    shortNames: ['deploy'],
    categories: ['all'],
    crd: false,
    statusSubresource: true,
    scaleSubresource: true,
    generation: true,
  }),
  kind({
    group: 'networking.k8s.io',
    version: 'v1',
    kind: 'Ingress',
    plural: 'ingresses',
    singular: 'ingress',
    namespaced: true,
    shortNames: ['ing'],
    crd: false,
    statusSubresource: true,
    generation: true,
  }),
  kind({
    group: 'networking.k8s.io',
    version: 'v1',
    kind: 'IngressClass',
    plural: 'ingressclasses',
    singular: 'ingressclass',
    namespaced: false,
    crd: false,
    statusSubresource: false,
    generation: true,
  }),
  kind({
    group: 'apiextensions.k8s.io',
    version: 'v1',
    kind: 'CustomResourceDefinition',
    plural: 'customresourcedefinitions',
    singular: 'customresourcedefinition',
    namespaced: false,
    shortNames: ['crd', 'crds'],
    categories: ['api-extensions'],
    crd: false,
    statusSubresource: true,
    generation: true,
  }),
  kind({
    group: 'gateway.networking.k8s.io',
    version: 'v1',
    kind: 'GatewayClass',
    plural: 'gatewayclasses',
    singular: 'gatewayclass',
    namespaced: false,
    shortNames: ['gc'],
    categories: ['gateway-api'],
    crd: true,
    statusSubresource: true,
    generation: true,
  }),
  kind({
    group: 'gateway.networking.k8s.io',
    version: 'v1',
    kind: 'Gateway',
    plural: 'gateways',
    singular: 'gateway',
    namespaced: true,
    shortNames: ['gtw'],
    categories: ['gateway-api'],
    crd: true,
    statusSubresource: true,
    generation: true,
  }),
  kind({
    group: 'gateway.networking.k8s.io',
    version: 'v1',
    kind: 'HTTPRoute',
    plural: 'httproutes',
    singular: 'httproute',
    namespaced: true,
    categories: ['gateway-api'],
    crd: true,
    statusSubresource: true,
    generation: true,
  }),
  kind({
    group: 'configuration.konghq.com',
    version: 'v1',
    kind: 'KongPlugin',
    plural: 'kongplugins',
    singular: 'kongplugin',
    namespaced: true,
    shortNames: ['kp'],
    categories: KIC_CATEGORIES,
    crd: true,
    statusSubresource: true,
    generation: true,
  }),
  kind({
    group: 'configuration.konghq.com',
    version: 'v1',
    kind: 'KongClusterPlugin',
    plural: 'kongclusterplugins',
    singular: 'kongclusterplugin',
    namespaced: false,
    shortNames: ['kcp'],
    categories: [...KIC_CATEGORIES, 'kong'],
    crd: true,
    statusSubresource: true,
    generation: true,
  }),
  kind({
    group: 'configuration.konghq.com',
    version: 'v1',
    kind: 'KongConsumer',
    plural: 'kongconsumers',
    singular: 'kongconsumer',
    namespaced: true,
    shortNames: ['kc'],
    categories: [...KIC_CATEGORIES, 'kong'],
    crd: true,
    statusSubresource: true,
    generation: true,
  }),
  kind({
    group: 'configuration.konghq.com',
    version: 'v1beta1',
    kind: 'KongConsumerGroup',
    plural: 'kongconsumergroups',
    singular: 'kongconsumergroup',
    namespaced: true,
    shortNames: ['kcg'],
    categories: [...KIC_CATEGORIES, 'kong'],
    crd: true,
    statusSubresource: true,
    generation: true,
  }),
  kind({
    group: 'konnect.konghq.com',
    version: 'v1alpha1',
    kind: 'KonnectAPIAuthConfiguration',
    plural: 'konnectapiauthconfigurations',
    singular: 'konnectapiauthconfiguration',
    namespaced: true,
    categories: ['kong', 'konnect'],
    crd: true,
    statusSubresource: true,
    generation: true,
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

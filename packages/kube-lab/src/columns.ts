import { isRecord, type LabObject } from './types.js';
import { recordsOf } from '@kong-workshop/common';

/** A printer column, as a Table's columnDefinitions entry plus how to fill its cell. */
export interface Column {
  readonly name: string;
  readonly type: 'string' | 'integer' | 'date' | 'boolean' | 'number';
  readonly format?: string;
  readonly description: string;
  /** 0 is shown by default, 1 only with `-o wide`. */
  readonly priority: number;
  /** The cell; undefined prints as an empty cell, as kubectl shows a CRD column with no value. */
  readonly cell: (object: LabObject, now: number) => unknown;
}

const at = (object: unknown, ...path: (string | number)[]): unknown => {
  let value = object;
  for (const key of path) {
    if (Array.isArray(value) && typeof key === 'number') value = value[key];
    else if (isRecord(value) && typeof key === 'string') value = value[key];
    else return undefined;
  }
  return value;
};

/** `.status.conditions[?(@.type=="X")].status`, the JSONPath the Kong CRDs' columns use. */
const conditionStatus = (object: LabObject, type: string): string | undefined => {
  const conditions = at(object, 'status', 'conditions');
  if (!Array.isArray(conditions)) return undefined;
  const found = conditions.find((c) => isRecord(c) && c.type === type) as Record<string, unknown> | undefined;
  return typeof found?.status === 'string' ? found.status : undefined;
};

/** apimachinery's duration.HumanDuration, what `AGE` shows: 45s, 3m12s, 5h, 12d. */
function humanDuration(ms: number): string {
  const seconds = Math.floor(ms / 1000);
  if (seconds < -1) return '<invalid>';
  if (seconds < 0) return '0s';
  if (seconds < 120) return `${seconds}s`;
  const minutes = Math.floor(seconds / 60);
  if (minutes < 10) return seconds % 60 === 0 ? `${minutes}m` : `${minutes}m${seconds % 60}s`;
  if (minutes < 180) return `${minutes}m`;
  const hours = Math.floor(minutes / 60);
  if (hours < 8) return minutes % 60 === 0 ? `${hours}h` : `${hours}h${minutes % 60}m`;
  if (hours < 48) return `${hours}h`;
  if (hours < 24 * 8) return hours % 24 === 0 ? `${hours / 24}d` : `${Math.floor(hours / 24)}d${hours % 24}h`;
  if (hours < 24 * 365 * 2) return `${Math.floor(hours / 24)}d`;
  const days = Math.floor(hours / 24);
  if (hours < 24 * 365 * 8) return days % 365 === 0 ? `${days / 365}y` : `${Math.floor(days / 365)}y${days % 365}d`;
  return `${Math.floor(days / 365)}y`;
}

const age = (object: LabObject, now: number) =>
  object.metadata.creationTimestamp ? humanDuration(now - Date.parse(object.metadata.creationTimestamp)) : '<unknown>';

export const NAME_COLUMN: Column = {
  name: 'Name',
  type: 'string',
  format: 'name',
  description: 'Name must be unique within a namespace.',
  priority: 0,
  cell: (o) => o.metadata.name,
};
export const AGE_COLUMN: Column = {
  name: 'Age',
  type: 'date',
  description: 'CreationTimestamp is a timestamp representing the server time when this object was created.',
  priority: 0,
  cell: age,
};

const col = (name: string, cell: Column['cell'], options: Partial<Omit<Column, 'name' | 'cell'>> = {}): Column => ({
  name,
  type: 'string',
  description: name,
  priority: 0,
  cell,
  ...options,
});

// The Kong CRDs' additionalPrinterColumns (kong-operator api/configuration/v1 kongplugin_types.go,
// kongclusterplugin_types.go, kongconsumer_types.go; api/konnect/v1alpha1
// konnect_apiauthconfiguration_types.go). A CRD that lists columns gets no automatic Age
// column; KonnectAPIAuthConfiguration lists one itself since kong-operator v2.2.0.
const pluginColumns: Column[] = [
  col('Plugin-Type', (o) => o.plugin, { description: 'Name of the plugin' }),
  { ...AGE_COLUMN, description: 'Age' },
  col('Disabled', (o) => o.disabled, {
    type: 'boolean',
    description: 'Indicates if the plugin is disabled',
    priority: 1,
  }),
  col('Config', (o) => (o.config === undefined ? undefined : JSON.stringify(o.config)), {
    description: 'Configuration of the plugin',
    priority: 1,
  }),
  col('Programmed', (o) => conditionStatus(o, 'Programmed')),
];

export const KIND_COLUMNS: Readonly<Record<string, readonly Column[]>> = {
  KongPlugin: pluginColumns,
  KongClusterPlugin: pluginColumns,
  KongConsumer: [
    col('Username', (o) => o.username, { description: 'Username of a Kong Consumer' }),
    { ...AGE_COLUMN, description: 'Age' },
    col('Programmed', (o) => conditionStatus(o, 'Programmed')),
  ],
  KongConsumerGroup: [
    { ...AGE_COLUMN, description: 'Age' },
    col('Programmed', (o) => conditionStatus(o, 'Programmed')),
  ],
  KonnectAPIAuthConfiguration: [
    col('Valid', (o) => conditionStatus(o, 'APIAuthValid'), {
      description: 'The API authentication information is valid',
    }),
    col('OrgID', (o) => at(o, 'status', 'organizationID'), {
      description: 'Konnect Organization ID this API authentication configuration belongs to.',
    }),
    col('ServerURL', (o) => at(o, 'status', 'serverURL'), { description: 'Configured server URL.' }),
    { ...AGE_COLUMN, description: 'Age' },
  ],
  // api/konnect/v1alpha2/konnect_gateway_controlplane_types.go
  KonnectGatewayControlPlane: [
    col('Programmed', (o) => conditionStatus(o, 'Programmed'), {
      description: 'The Resource is Programmed on Konnect',
    }),
    col('ID', (o) => at(o, 'status', 'id'), { description: 'Konnect ID' }),
    col('OrgID', (o) => at(o, 'status', 'organizationID'), {
      description: 'Konnect Organization ID this resource belongs to.',
    }),
    { ...AGE_COLUMN, description: 'Age' },
  ],
  // api/konnect/v1alpha2/konnect_extension_types.go
  KonnectExtension: [
    col('Ready', (o) => conditionStatus(o, 'Ready'), { description: 'The Resource is Ready to be used' }),
    { ...AGE_COLUMN, description: 'Age' },
  ],
  CustomResourceDefinition: [col('Created At', (o) => o.metadata.creationTimestamp, { type: 'date' })],
  Namespace: [col('Status', (o) => at(o, 'status', 'phase')), AGE_COLUMN],
  Secret: [
    col('Type', (o) => o.type),
    col('Data', (o) => Object.keys((o.data as object | undefined) ?? {}).length, { type: 'integer' }),
    AGE_COLUMN,
  ],
  ConfigMap: [
    col(
      'Data',
      (o) =>
        Object.keys((o.data as object | undefined) ?? {}).length +
        Object.keys((o.binaryData as object | undefined) ?? {}).length,
      { type: 'integer' },
    ),
    AGE_COLUMN,
  ],
  Service: [
    col('Type', (o) => at(o, 'spec', 'type')),
    col('Cluster-IP', (o) => at(o, 'spec', 'clusterIP') ?? '<none>'),
    col('External-IP', externalIp),
    col('Port(s)', servicePorts),
    AGE_COLUMN,
    col('Selector', (o) => labelsText(at(o, 'spec', 'selector')), { priority: 1 }),
  ],
  Pod: [
    col('Ready', (o) => `${countReady(o)}/${(at(o, 'spec', 'containers') as unknown[] | undefined)?.length ?? 0}`),
    col('Status', (o) => at(o, 'status', 'phase')),
    col('Restarts', () => 0, { type: 'integer' }),
    AGE_COLUMN,
  ],
  Deployment: [
    col('Ready', (o) => `${at(o, 'status', 'readyReplicas') ?? 0}/${at(o, 'spec', 'replicas') ?? 1}`),
    col('Up-to-date', (o) => at(o, 'status', 'updatedReplicas') ?? 0, { type: 'integer' }),
    col('Available', (o) => at(o, 'status', 'availableReplicas') ?? 0, { type: 'integer' }),
    AGE_COLUMN,
  ],
  Ingress: [
    col('Class', (o) => at(o, 'spec', 'ingressClassName') ?? '<none>'),
    col('Hosts', ingressHosts),
    col('Address', (o) =>
      ((at(o, 'status', 'loadBalancer', 'ingress') as Record<string, string>[] | undefined) ?? [])
        .map((i) => i.ip ?? i.hostname)
        .join(','),
    ),
    col('Ports', () => '80'),
    AGE_COLUMN,
  ],
  IngressClass: [col('Controller', (o) => at(o, 'spec', 'controller')), col('Parameters', () => '<none>'), AGE_COLUMN],
  GatewayClass: [
    col('Controller', (o) => at(o, 'spec', 'controllerName')),
    col('Accepted', (o) => conditionStatus(o, 'Accepted')),
    AGE_COLUMN,
  ],
  Gateway: [
    col('Class', (o) => at(o, 'spec', 'gatewayClassName')),
    col('Address', (o) => at(o, 'status', 'addresses', 0, 'value')),
    col('Programmed', (o) => conditionStatus(o, 'Programmed')),
    AGE_COLUMN,
  ],
  HTTPRoute: [col('Hostnames', (o) => JSON.stringify(at(o, 'spec', 'hostnames') ?? [])), AGE_COLUMN],
  Event: [
    col('Last Seen', (o, now) =>
      humanDuration(now - Date.parse(String(o.lastTimestamp ?? o.metadata.creationTimestamp))),
    ),
    col('Type', (o) => o.type),
    col('Reason', (o) => o.reason),
    col(
      'Object',
      (o) => `${String(at(o, 'involvedObject', 'kind')).toLowerCase()}/${String(at(o, 'involvedObject', 'name'))}`,
    ),
    col('Message', (o) => o.message),
  ],
};

function externalIp(o: LabObject): string {
  const ingress = (at(o, 'status', 'loadBalancer', 'ingress') as Record<string, string>[] | undefined) ?? [];
  if (ingress.length) return ingress.map((i) => i.ip ?? i.hostname).join(',');
  return at(o, 'spec', 'type') === 'LoadBalancer' ? '<pending>' : '<none>';
}

function servicePorts(o: LabObject): string {
  const ports = recordsOf(at(o, 'spec', 'ports'));
  return (
    ports
      .map((p) => `${String(p.port)}${p.nodePort ? `:${String(p.nodePort)}` : ''}/${String(p.protocol ?? 'TCP')}`)
      .join(',') || '<none>'
  );
}

function ingressHosts(o: LabObject): string {
  const rules = recordsOf(at(o, 'spec', 'rules'));
  const hosts = rules.map((r) => r.host).filter((h): h is string => typeof h === 'string');
  return hosts.length ? hosts.join(',') : '*';
}

function labelsText(selector: unknown): string {
  return isRecord(selector)
    ? Object.entries(selector)
        .map(([k, v]) => `${k}=${String(v)}`)
        .join(',')
    : '<none>';
}

function countReady(o: LabObject): number {
  const statuses = recordsOf(at(o, 'status', 'containerStatuses'));
  return statuses.filter((s) => s.ready === true).length;
}

// Kubernetes objects shaped as Kong Ingress Controller 3.x, Kong operator and the `kong/ingress`
// helm chart (release `kong`, namespace `kong`) leave them in a kind cluster. Sources:
// /work/shared/reference/kong-behaviour.md §6–§7; Kong/charts charts/kong/templates
// (service-kong-proxy.yaml, _helpers.tpl selector labels); KIC's Programmed condition messages.

/** A plain JSON Kubernetes object, as the API server stores it. */
export interface FakeObject {
  apiVersion: string;
  kind: string;
  metadata: {
    name: string;
    namespace?: string;
    generation?: number;
    resourceVersion?: string;
    uid?: string;
    creationTimestamp?: string;
    labels?: Record<string, string>;
    annotations?: Record<string, string>;
    deletionTimestamp?: string;
    [field: string]: unknown;
  };
  [field: string]: unknown;
}

export interface ConditionInput {
  type: string;
  status: 'True' | 'False' | 'Unknown';
  reason: string;
  message: string;
  /** Omit to model controllers that do not report it. */
  observedGeneration?: number;
}

const TRANSITION = '2025-06-02T09:14:07Z';

function condition(input: ConditionInput): Record<string, unknown> {
  return { ...input, lastTransitionTime: TRANSITION };
}

const INGRESS_CLASS = { 'kubernetes.io/ingress.class': 'kong' };

export const PROGRAMMED = {
  ok: {
    type: 'Programmed',
    status: 'True',
    reason: 'Programmed',
    message: 'Object was successfully configured in Kong.',
  },
  pending: {
    type: 'Programmed',
    status: 'False',
    reason: 'Pending',
    message: 'Object is pending configuration in Kong.',
  },
  invalid: {
    type: 'Programmed',
    status: 'False',
    reason: 'Invalid',
    message: 'Object failed to be configured in Kong - see its attached Events for more information.',
  },
} as const satisfies Record<string, Omit<ConditionInput, 'observedGeneration'>>;

/** KongConsumer (configuration.konghq.com/v1): `username`, `credentials` at the top level, not under spec. */
export function kongConsumer(options: {
  name: string;
  namespace?: string;
  generation?: number;
  credentials?: string[];
  plugins?: string;
  conditions?: ConditionInput[];
}): FakeObject {
  const generation = options.generation ?? 1;
  return {
    apiVersion: 'configuration.konghq.com/v1',
    kind: 'KongConsumer',
    metadata: {
      name: options.name,
      namespace: options.namespace ?? 'kong',
      generation,
      annotations: { ...INGRESS_CLASS, ...(options.plugins ? { 'konghq.com/plugins': options.plugins } : {}) },
    },
    username: options.name,
    credentials: options.credentials ?? [`${options.name}-key-auth`],
    ...(options.conditions ? { status: { conditions: options.conditions.map(condition) } } : {}),
  };
}

/** KongPlugin: `plugin` and `config` at the top level. KIC never writes a status on it. */
export function kongPlugin(options: {
  name: string;
  namespace?: string;
  plugin: string;
  config?: Record<string, unknown>;
}): FakeObject {
  return {
    apiVersion: 'configuration.konghq.com/v1',
    kind: 'KongPlugin',
    metadata: {
      name: options.name,
      namespace: options.namespace ?? 'kong',
      generation: 1,
      annotations: { ...INGRESS_CLASS },
    },
    plugin: options.plugin,
    ...(options.config ? { config: options.config } : {}),
  };
}

export const ORGANIZATION_ID = '5ca26716-02f7-4430-9117-1d1a7d2695f2';

/** KonnectAPIAuthConfiguration (konnect.konghq.com/v1alpha1) reading its token from a Secret. */
export function konnectAuth(options: {
  name?: string;
  namespace?: string;
  generation?: number;
  /** 'valid' and 'invalid' as the operator reports them; 'waiting' is the CRD's default status. */
  state: 'valid' | 'invalid' | 'waiting' | 'none';
  observedGeneration?: number;
  secret?: string;
}): FakeObject {
  const namespace = options.namespace ?? 'kong';
  const generation = options.generation ?? 1;
  const observedGeneration = options.observedGeneration ?? generation;
  const secret = options.secret ?? 'konnect-api-auth-secret';
  const conditions = {
    valid: [
      condition({
        type: 'APIAuthValid',
        status: 'True',
        reason: 'Valid',
        message: `Token from Secret ${namespace}/${secret} is valid`,
        observedGeneration,
      }),
    ],
    invalid: [
      condition({
        type: 'APIAuthValid',
        status: 'False',
        reason: 'Invalid',
        message: 'failed to get organization info from Konnect: Unauthorized',
        observedGeneration,
      }),
    ],
    waiting: [
      {
        type: 'Valid',
        status: 'Unknown',
        reason: 'Pending',
        message: 'Waiting for controller',
        lastTransitionTime: '1970-01-01T00:00:00Z',
      },
    ],
    none: undefined,
  }[options.state];
  return {
    apiVersion: 'konnect.konghq.com/v1alpha1',
    kind: 'KonnectAPIAuthConfiguration',
    metadata: { name: options.name ?? 'konnect-api-auth', namespace, generation },
    spec: { type: 'secretRef', secretRef: { name: secret }, serverURL: 'us.api.konghq.com' },
    ...(conditions
      ? {
          status: {
            ...(options.state === 'valid' ? { organizationID: ORGANIZATION_ID } : {}),
            serverURL: 'https://us.api.konghq.com',
            conditions,
          },
        }
      : {}),
  };
}

/** A key-auth credential Secret as KIC reads it. */
export function credentialSecret(options: {
  name: string;
  namespace?: string;
  key: string;
  type?: string;
}): FakeObject {
  return {
    apiVersion: 'v1',
    kind: 'Secret',
    metadata: {
      name: options.name,
      namespace: options.namespace ?? 'kong',
      labels: { 'konghq.com/credential': options.type ?? 'key-auth' },
    },
    type: 'Opaque',
    data: { key: Buffer.from(options.key).toString('base64') },
  };
}

/** The selector labels of the chart's gateway Deployment (`kong.selectorLabels`, alias `gateway`). */
export const GATEWAY_SELECTOR = {
  'app.kubernetes.io/name': 'gateway',
  'app.kubernetes.io/component': 'app',
  'app.kubernetes.io/instance': 'kong',
};

/** Service `kong-gateway-proxy`: `{{ kong.fullname }}-proxy` with fullname `kong-gateway`. */
export function proxyService(options: { namespace?: string; externalIp?: string; name?: string } = {}): FakeObject {
  return {
    apiVersion: 'v1',
    kind: 'Service',
    metadata: {
      name: options.name ?? 'kong-gateway-proxy',
      namespace: options.namespace ?? 'kong',
      labels: {
        ...GATEWAY_SELECTOR,
        'app.kubernetes.io/managed-by': 'Helm',
        'app.kubernetes.io/version': '3.9',
        'helm.sh/chart': 'gateway-2.48.0',
      },
      annotations: { 'meta.helm.sh/release-name': 'kong', 'meta.helm.sh/release-namespace': 'kong' },
    },
    spec: {
      type: 'LoadBalancer',
      clusterIP: '10.96.142.23',
      clusterIPs: ['10.96.142.23'],
      selector: { ...GATEWAY_SELECTOR },
      ports: [
        { name: 'kong-proxy', port: 80, targetPort: 8000, protocol: 'TCP', nodePort: 31592 },
        { name: 'kong-proxy-tls', port: 443, targetPort: 8443, protocol: 'TCP', nodePort: 30571 },
      ],
      externalTrafficPolicy: 'Cluster',
      sessionAffinity: 'None',
    },
    status: { loadBalancer: options.externalIp ? { ingress: [{ ip: options.externalIp, ipMode: 'VIP' }] } : {} },
  };
}

/** A pod of the gateway Deployment; `ready: false` models one still starting. */
export function gatewayPod(
  options: { name?: string; namespace?: string; ready?: boolean; labels?: Record<string, string> } = {},
): FakeObject {
  const ready = options.ready ?? true;
  const state = ready ? 'True' : 'False';
  return {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: {
      name: options.name ?? 'kong-gateway-5d8c7f9b6d-x7k2p',
      namespace: options.namespace ?? 'kong',
      labels: { ...(options.labels ?? GATEWAY_SELECTOR), 'pod-template-hash': '5d8c7f9b6d' },
    },
    spec: {
      containers: [
        {
          name: 'proxy',
          image: 'kong:3.9',
          ports: [
            { name: 'proxy', containerPort: 8000, protocol: 'TCP' },
            { name: 'proxy-tls', containerPort: 8443, protocol: 'TCP' },
            { name: 'status', containerPort: 8100, protocol: 'TCP' },
          ],
        },
      ],
    },
    status: {
      phase: 'Running',
      podIP: '10.244.0.12',
      conditions: [
        { type: 'PodReadyToStartContainers', status: 'True', lastTransitionTime: TRANSITION },
        { type: 'Initialized', status: 'True', lastTransitionTime: TRANSITION },
        {
          type: 'Ready',
          status: state,
          lastTransitionTime: TRANSITION,
          ...(ready ? {} : { reason: 'ContainersNotReady', message: 'containers with unready status: [proxy]' }),
        },
        { type: 'ContainersReady', status: state, lastTransitionTime: TRANSITION },
        { type: 'PodScheduled', status: 'True', lastTransitionTime: TRANSITION },
      ],
      containerStatuses: [
        {
          name: 'proxy',
          ready,
          started: true,
          restartCount: 0,
          image: 'kong:3.9',
          state: { running: { startedAt: TRANSITION } },
        },
      ],
    },
  };
}

/** The controller pod of the same release. */
export function controllerPod(options: { ready?: boolean } = {}): FakeObject {
  return gatewayPod({
    name: 'kong-controller-7b9f4c6d8-q4m9z',
    ready: options.ready,
    labels: {
      'app.kubernetes.io/name': 'controller',
      'app.kubernetes.io/component': 'app',
      'app.kubernetes.io/instance': 'kong',
    },
  });
}

/** What `helm install kong kong/ingress -n kong` leaves behind that the runner looks at. */
export function kicInstall(options: { externalIp?: string } = {}): FakeObject[] {
  return [proxyService(options), gatewayPod(), controllerPod()];
}

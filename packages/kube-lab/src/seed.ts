import { crdObject } from './discovery.js';
import { LAB_KINDS } from './kinds.js';
import type { LabObject } from './types.js';

/** The namespace Kong Ingress Controller and the Kong operator run in, as `helm install … -n kong`. */
export const KONG_NAMESPACE = 'kong';
/** The IngressClass the `kong/ingress` chart creates, and the controller name on it. */
export const INGRESS_CLASS = 'kong';
const INGRESS_CONTROLLER = 'ingress-controllers.konghq.com/kong';

// Labels of the `kong/ingress` chart's two releases (Kong/charts, `kong.selectorLabels` with the
// chart aliased as `gateway` and `controller`), the same the kind target and doctor look for.
const selector = (name: string) => ({
  'app.kubernetes.io/name': name,
  'app.kubernetes.io/component': 'app',
  'app.kubernetes.io/instance': 'kong',
});
const helm = (name: string) => ({
  ...selector(name),
  'app.kubernetes.io/managed-by': 'Helm',
  'app.kubernetes.io/version': '3.9',
  'helm.sh/chart': `${name}-2.48.0`,
});
const HELM_ANNOTATIONS = { 'meta.helm.sh/release-name': 'kong', 'meta.helm.sh/release-namespace': KONG_NAMESPACE };

function deployment(name: string, container: string, image: string, ports: number[]): LabObject {
  return {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: {
      name: `kong-${name}`,
      namespace: KONG_NAMESPACE,
      labels: helm(name),
      annotations: { ...HELM_ANNOTATIONS, 'deployment.kubernetes.io/revision': '1' },
    },
    spec: {
      replicas: 1,
      selector: { matchLabels: selector(name) },
      template: {
        metadata: { labels: { ...selector(name), app: `kong-${name}`, version: '3.9' } },
        spec: {
          containers: [{ name: container, image, ports: ports.map((p) => ({ containerPort: p, protocol: 'TCP' })) }],
        },
      },
      strategy: { type: 'RollingUpdate', rollingUpdate: { maxSurge: '25%', maxUnavailable: '25%' } },
      revisionHistoryLimit: 10,
      progressDeadlineSeconds: 600,
    },
  };
}

/**
 * What a fresh kind cluster with `helm install kong kong/ingress -n kong` and the Kong
 * operator's CRDs looks like to a client: the standard namespaces, the `kong` IngressClass (not
 * the default class, as the chart leaves it), the CRDs, and the chart's Deployments and proxy
 * Service. `sandbox reset` brings the lab back to exactly this.
 */
export function seedObjects(): LabObject[] {
  const namespaces = ['default', 'kube-system', 'kube-public', 'kube-node-lease', KONG_NAMESPACE].map((name) => ({
    apiVersion: 'v1',
    kind: 'Namespace',
    metadata: { name, labels: { 'kubernetes.io/metadata.name': name } },
    spec: { finalizers: ['kubernetes'] },
    status: { phase: 'Active' },
  }));
  const crds = LAB_KINDS.filter((k) => k.crd).map(crdObject);
  return [
    ...namespaces,
    ...crds,
    {
      apiVersion: 'networking.k8s.io/v1',
      kind: 'IngressClass',
      metadata: { name: INGRESS_CLASS, labels: helm('controller'), annotations: HELM_ANNOTATIONS },
      spec: { controller: INGRESS_CONTROLLER },
    },
    deployment('controller', 'ingress-controller', 'kong/kubernetes-ingress-controller:3.5', [10254]),
    deployment('gateway', 'proxy', 'kong:3.9', [8000, 8443, 8100]),
    {
      apiVersion: 'v1',
      kind: 'Service',
      metadata: {
        name: 'kong-gateway-proxy',
        namespace: KONG_NAMESPACE,
        labels: helm('gateway'),
        annotations: HELM_ANNOTATIONS,
      },
      spec: {
        type: 'LoadBalancer',
        clusterIP: '10.96.142.23',
        clusterIPs: ['10.96.142.23'],
        selector: selector('gateway'),
        ports: [
          { name: 'kong-proxy', port: 80, targetPort: 8000, protocol: 'TCP', nodePort: 31592 },
          { name: 'kong-proxy-tls', port: 443, targetPort: 8443, protocol: 'TCP', nodePort: 30571 },
        ],
        externalTrafficPolicy: 'Cluster',
        sessionAffinity: 'None',
      },
      status: { loadBalancer: {} },
    },
  ];
}

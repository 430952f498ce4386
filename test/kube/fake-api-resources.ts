// The kinds the fake API server serves, as real API servers describe them in discovery.

export interface FakeResource {
  readonly group: string;
  readonly version: string;
  readonly kind: string;
  readonly plural: string;
  readonly singular: string;
  readonly namespaced: boolean;
  readonly shortNames?: readonly string[];
  readonly categories?: readonly string[];
  /** Served by a CRD (so it has a CustomResourceDefinition object and can be left out). */
  readonly crd: boolean;
}

const VERBS = ['create', 'delete', 'deletecollection', 'get', 'list', 'patch', 'update', 'watch'];

export const FAKE_RESOURCES: readonly FakeResource[] = [
  {
    group: '',
    version: 'v1',
    kind: 'Pod',
    plural: 'pods',
    singular: 'pod',
    namespaced: true,
    shortNames: ['po'],
    categories: ['all'],
    crd: false,
  },
  {
    group: '',
    version: 'v1',
    kind: 'Service',
    plural: 'services',
    singular: 'service',
    namespaced: true,
    shortNames: ['svc'],
    categories: ['all'],
    crd: false,
  },
  { group: '', version: 'v1', kind: 'Secret', plural: 'secrets', singular: 'secret', namespaced: true, crd: false },
  {
    group: '',
    version: 'v1',
    kind: 'Endpoints',
    plural: 'endpoints',
    singular: 'endpoints',
    namespaced: true,
    shortNames: ['ep'],
    crd: false,
  },
  {
    group: '',
    version: 'v1',
    kind: 'ConfigMap',
    plural: 'configmaps',
    singular: 'configmap',
    namespaced: true,
    shortNames: ['cm'],
    crd: false,
  },
  {
    group: '',
    version: 'v1',
    kind: 'Namespace',
    plural: 'namespaces',
    singular: 'namespace',
    namespaced: false,
    shortNames: ['ns'],
    crd: false,
  },
  {
    group: 'apps',
    version: 'v1',
    kind: 'Deployment',
    plural: 'deployments',
    singular: 'deployment',
    namespaced: true,
    shortNames: ['deploy'],
    categories: ['all'],
    crd: false,
  },
  {
    group: 'networking.k8s.io',
    version: 'v1',
    kind: 'Ingress',
    plural: 'ingresses',
    singular: 'ingress',
    namespaced: true,
    shortNames: ['ing'],
    crd: false,
  },
  {
    group: 'apiextensions.k8s.io',
    version: 'v1',
    kind: 'CustomResourceDefinition',
    plural: 'customresourcedefinitions',
    singular: 'customresourcedefinition',
    namespaced: false,
    shortNames: ['crd', 'crds'],
    categories: ['api-extensions'],
    crd: false,
  },
  {
    group: 'configuration.konghq.com',
    version: 'v1',
    kind: 'KongPlugin',
    plural: 'kongplugins',
    singular: 'kongplugin',
    namespaced: true,
    shortNames: ['kp'],
    categories: ['kong-ingress-controller'],
    crd: true,
  },
  {
    group: 'configuration.konghq.com',
    version: 'v1',
    kind: 'KongClusterPlugin',
    plural: 'kongclusterplugins',
    singular: 'kongclusterplugin',
    namespaced: false,
    shortNames: ['kcp'],
    categories: ['kong-ingress-controller'],
    crd: true,
  },
  {
    group: 'configuration.konghq.com',
    version: 'v1',
    kind: 'KongConsumer',
    plural: 'kongconsumers',
    singular: 'kongconsumer',
    namespaced: true,
    shortNames: ['kc'],
    categories: ['kong-ingress-controller'],
    crd: true,
  },
  {
    group: 'konnect.konghq.com',
    version: 'v1alpha1',
    kind: 'KonnectAPIAuthConfiguration',
    plural: 'konnectapiauthconfigurations',
    singular: 'konnectapiauthconfiguration',
    namespaced: true,
    categories: ['kong', 'konnect'],
    crd: true,
  },
  {
    group: 'konnect.konghq.com',
    version: 'v1alpha2',
    kind: 'KonnectExtension',
    plural: 'konnectextensions',
    singular: 'konnectextension',
    namespaced: true,
    shortNames: ['ke'],
    categories: ['kong', 'konnect'],
    crd: true,
  },
];

export function apiVersionOf(resource: Pick<FakeResource, 'group' | 'version'>): string {
  return resource.group ? `${resource.group}/${resource.version}` : resource.version;
}

/** `GET /api/v1`, `GET /apis/<group>/<version>`: an APIResourceList with the status subresources. */
export function resourceList(resources: readonly FakeResource[], groupVersion: string): Record<string, unknown> {
  return {
    kind: 'APIResourceList',
    apiVersion: 'v1',
    groupVersion,
    resources: resources.flatMap((r) => [
      {
        name: r.plural,
        singularName: r.singular,
        namespaced: r.namespaced,
        kind: r.kind,
        verbs: VERBS,
        ...(r.shortNames ? { shortNames: r.shortNames } : {}),
        ...(r.categories ? { categories: r.categories } : {}),
      },
      {
        name: `${r.plural}/status`,
        singularName: '',
        namespaced: r.namespaced,
        kind: r.kind,
        verbs: ['get', 'patch', 'update'],
      },
      ...(r.kind === 'Pod'
        ? [
            {
              name: 'pods/portforward',
              singularName: '',
              namespaced: true,
              kind: 'PodPortForwardOptions',
              verbs: ['create', 'get'],
            },
          ]
        : []),
    ]),
  };
}

/** `GET /apis`: an APIGroupList. */
export function groupList(resources: readonly FakeResource[]): Record<string, unknown> {
  const groups = new Map<string, Set<string>>();
  for (const r of resources) if (r.group) groups.set(r.group, (groups.get(r.group) ?? new Set()).add(r.version));
  return {
    kind: 'APIGroupList',
    apiVersion: 'v1',
    groups: [...groups].map(([name, versions]) => {
      const list = [...versions].map((version) => ({ groupVersion: `${name}/${version}`, version }));
      return { name, versions: list, preferredVersion: list[0] };
    }),
  };
}

/** The CustomResourceDefinition object behind a CRD-served kind, Established like a real one. */
export function crdObject(resource: FakeResource): Record<string, unknown> {
  const names = {
    kind: resource.kind,
    listKind: `${resource.kind}List`,
    plural: resource.plural,
    singular: resource.singular,
    ...(resource.shortNames ? { shortNames: resource.shortNames } : {}),
    ...(resource.categories ? { categories: resource.categories } : {}),
  };
  return {
    apiVersion: 'apiextensions.k8s.io/v1',
    kind: 'CustomResourceDefinition',
    metadata: {
      name: `${resource.plural}.${resource.group}`,
      generation: 1,
      annotations: { 'controller-gen.kubebuilder.io/version': 'v0.17.2' },
    },
    spec: {
      group: resource.group,
      names,
      scope: resource.namespaced ? 'Namespaced' : 'Cluster',
      versions: [{ name: resource.version, served: true, storage: true, subresources: { status: {} } }],
    },
    status: {
      acceptedNames: names,
      storedVersions: [resource.version],
      conditions: [
        {
          type: 'NamesAccepted',
          status: 'True',
          reason: 'NoConflicts',
          message: 'no conflicts found',
          lastTransitionTime: '2025-06-02T09:10:00Z',
        },
        {
          type: 'Established',
          status: 'True',
          reason: 'InitialNamesAccepted',
          message: 'the initial names have been accepted',
          lastTransitionTime: '2025-06-02T09:10:00Z',
        },
      ],
    },
  };
}

export const VERSION_INFO = {
  major: '1',
  minor: '32',
  gitVersion: 'v1.32.2',
  gitCommit: '67a30c0adcf52bd3f56ff0893ce19966be12991f',
  gitTreeState: 'clean',
  buildDate: '2025-02-12T21:19:47Z',
  goVersion: 'go1.23.6',
  compiler: 'gc',
  platform: 'linux/amd64',
};

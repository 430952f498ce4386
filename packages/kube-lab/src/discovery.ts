import { LAB_KINDS, apiVersionOf, type KindInfo } from './kinds.js';
import type { LabObject } from './types.js';

const VERBS = ['create', 'delete', 'deletecollection', 'get', 'list', 'patch', 'update', 'watch'];

/** `GET /version`. The lab reports the Kubernetes version kind ships with. */
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

/** `GET /api`. */
export function coreVersions(serverAddress: string): Record<string, unknown> {
  return {
    kind: 'APIVersions',
    versions: ['v1'],
    serverAddressByClientCIDRs: [{ clientCIDR: '0.0.0.0/0', serverAddress }],
  };
}

/** `GET /apis`: every group with its one version. */
export function groupList(): Record<string, unknown> {
  // A group may serve several versions (configuration.konghq.com: v1 and v1beta1); the first listed is preferred.
  const groups = new Map<string, string[]>();
  for (const kind of LAB_KINDS) {
    if (!kind.group) continue;
    const versions = groups.get(kind.group) ?? [];
    if (!versions.includes(kind.version)) versions.push(kind.version);
    groups.set(kind.group, versions);
  }
  return {
    kind: 'APIGroupList',
    apiVersion: 'v1',
    groups: [...groups].map(([name, versions]) => {
      const entries = versions.map((version) => ({ groupVersion: `${name}/${version}`, version }));
      return { name, versions: entries, preferredVersion: entries[0] };
    }),
  };
}

/** `GET /api/v1`, `GET /apis/<group>/<version>`, or undefined for a group version the lab does not serve. */
export function resourceList(group: string, version: string): Record<string, unknown> | undefined {
  const kinds = LAB_KINDS.filter((k) => k.group === group && k.version === version);
  if (kinds.length === 0) return undefined;
  return {
    kind: 'APIResourceList',
    apiVersion: 'v1',
    groupVersion: apiVersionOf({ group, version }),
    resources: kinds.flatMap((k) => [
      {
        name: k.plural,
        singularName: k.singular,
        namespaced: k.namespaced,
        kind: k.kind,
        verbs: k.kind === 'CustomResourceDefinition' ? ['get', 'list', 'watch'] : VERBS,
        ...(k.shortNames ? { shortNames: k.shortNames } : {}),
        ...(k.categories ? { categories: k.categories } : {}),
      },
      ...(k.statusSubresource
        ? [
            {
              name: `${k.plural}/status`,
              singularName: '',
              namespaced: k.namespaced,
              kind: k.kind,
              verbs: ['get', 'patch', 'update'],
            },
          ]
        : []),
      ...(k.scaleSubresource
        ? [
            {
              name: `${k.plural}/scale`,
              singularName: '',
              namespaced: k.namespaced,
              group: 'autoscaling',
              version: 'v1',
              kind: 'Scale',
              verbs: ['get', 'patch', 'update'],
            },
          ]
        : []),
    ]),
  };
}

/** The CustomResourceDefinition behind a CRD-served kind, Established, with its printer columns. */
export function crdObject(kind: KindInfo): LabObject {
  const names = {
    kind: kind.kind,
    listKind: `${kind.kind}List`,
    plural: kind.plural,
    singular: kind.singular,
    ...(kind.shortNames ? { shortNames: kind.shortNames } : {}),
    ...(kind.categories ? { categories: kind.categories } : {}),
  };
  return {
    apiVersion: 'apiextensions.k8s.io/v1',
    kind: 'CustomResourceDefinition',
    metadata: { name: `${kind.plural}.${kind.group}` },
    spec: {
      group: kind.group,
      names,
      scope: kind.namespaced ? 'Namespaced' : 'Cluster',
      versions: [
        {
          name: kind.version,
          served: true,
          storage: true,
          subresources: { status: {} },
          additionalPrinterColumns: kind.columns
            .filter((c) => c.name !== 'Age' || kind.kind.startsWith('Kong'))
            .map((c) => ({
              name: c.name,
              type: c.type,
              description: c.description,
              ...(c.priority ? { priority: c.priority } : {}),
            })),
        },
      ],
    },
    status: {
      acceptedNames: names,
      storedVersions: [kind.version],
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

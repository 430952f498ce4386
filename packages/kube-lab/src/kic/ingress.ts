import type { LabObject } from '../types.js';
import { isRecord } from '../types.js';
import { ANNOTATION_PREFIX, tagsFor, type ClusterView } from './context.js';
import { overrideRoute, serviceEntity, type ServiceDraft } from './model.js';
import { recordsOf } from '@kong-workshop/common';

// Ingress → Kong services and routes, as KIC 3.x translates them
// (internal/dataplane/translator/subtranslator/ingress.go, traditional router):
// one Kong service per backend Service and port, named `<namespace>.<service>.<port>` with
// host `<service>.<namespace>.<port>.svc`; one route per Ingress, host and backend, named
// `<namespace>.<ingress>.<service>.<host>.<port>`; Prefix paths become `/p/` plus `~/p$`.

interface IngressPath {
  readonly path: string;
  readonly pathType: string;
  readonly service: string;
  readonly port: string;
}

const KONG_REGEX_PREFIX = '~';
const CONTROLLER_REGEX_PREFIX = '/~';

export function translateIngresses(view: ClusterView, services: Map<string, ServiceDraft>): void {
  for (const ingress of view.list('ingress')) {
    if (!view.ingressMatches(ingress)) continue;
    view.markConfigured(ingress);
    const namespace = ingress.metadata.namespace!;
    const regexPrefix = ingress.metadata.annotations?.[`${ANNOTATION_PREFIX}/regex-prefix`] ?? CONTROLLER_REGEX_PREFIX;
    const routes = new Map<string, { host: string; backend: IngressPath; paths: string[] }>();
    for (const rule of rulesOf(ingress)) {
      for (const path of rule.paths) {
        if (!path.service) {
          view.fail(
            `failed to get backend for ingress path "${path.path}": no Service or Resource specified for Ingress path`,
            ingress,
          );
          continue;
        }
        const host = rule.host.replace(/\*/g, '_');
        const routeName = `${namespace}.${ingress.metadata.name}.${path.service}.${host}.${path.port}`;
        const entry = routes.get(routeName) ?? { host: rule.host, backend: path, paths: [] };
        entry.paths.push(
          ...kongPaths(path).map((p) =>
            p.startsWith(regexPrefix) ? KONG_REGEX_PREFIX + p.slice(regexPrefix.length) : p,
          ),
        );
        routes.set(routeName, entry);
      }
    }
    for (const [routeName, { host, backend, paths }] of [...routes].sort(([a], [b]) => a.localeCompare(b))) {
      const serviceName = `${namespace}.${backend.service}.${backend.port}`;
      let draft = services.get(serviceName);
      if (!draft) {
        const k8sService = view.get('service', namespace, backend.service);
        draft = {
          entity: serviceEntity(
            serviceName,
            `${backend.service}.${namespace}.${backend.port}.svc`,
            tagsFor(k8sService ?? ingress),
          ),
          routes: [],
          backends: k8sService ? [k8sService] : [],
          missingBackends: k8sService ? [] : [`${namespace}/${backend.service}`],
          parent: ingress,
        };
        services.set(serviceName, draft);
      }
      const route: Record<string, unknown> = {
        name: routeName,
        strip_path: false,
        preserve_host: true,
        regex_priority: 0,
        request_buffering: true,
        response_buffering: true,
        paths,
        tags: tagsFor(ingress),
        ...(host ? { hosts: [host] } : {}),
      };
      overrideRoute(route, ingress);
      draft.routes.push({ entity: route, parent: ingress });
    }
  }
}

function rulesOf(ingress: LabObject): { host: string; paths: IngressPath[] }[] {
  const spec = isRecord(ingress.spec) ? ingress.spec : {};
  const rules = recordsOf(spec.rules);
  return rules.map((rule) => {
    const http = isRecord(rule.http) ? rule.http : {};
    const paths = recordsOf(http.paths);
    return {
      host: typeof rule.host === 'string' ? rule.host : '',
      paths: paths.map((p) => {
        const backend = isRecord(p.backend) && isRecord(p.backend.service) ? p.backend.service : undefined;
        const port = backend && isRecord(backend.port) ? (backend.port.number ?? backend.port.name) : undefined;
        return {
          path: flattenSlashes(typeof p.path === 'string' && p.path !== '' ? p.path : '/'),
          pathType: typeof p.pathType === 'string' ? p.pathType : 'ImplementationSpecific',
          service: typeof backend?.name === 'string' ? backend.name : '',
          port: port === undefined ? 'default' : String(port),
        };
      }),
    };
  });
}

/** PathsFromIngressPaths: what each Ingress path type means in Kong route paths. */
function kongPaths(path: IngressPath): string[] {
  switch (path.pathType) {
    case 'Prefix': {
      const base = path.path.replace(/^\/+|\/+$/g, '');
      return base === '' ? ['/'] : [`/${base}/`, `${KONG_REGEX_PREFIX}/${base}$`];
    }
    case 'Exact':
      return [`${KONG_REGEX_PREFIX}/${path.path.replace(/^\/+/, '')}$`];
    default:
      return [path.path];
  }
}

const flattenSlashes = (path: string) => path.replace(/\/{2,}/g, '/');

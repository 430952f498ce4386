import { isRecord, type LabObject } from '../types.js';
import { tagsFor, type ClusterView } from './context.js';
import { overrideRoute, serviceEntity, type ServiceDraft } from './model.js';
import { recordsOf, stringsOrNull } from '@kong-workshop/common';

// HTTPRoute → Kong services and routes, as KIC 3.x translates them
// (internal/dataplane/translator/subtranslator/httproute.go, traditional router): a service
// per set of backendRefs, named (and hosted) `httproute.<ns>.svc.<ns>.<name>.<port>`; a route
// per rule and group of matches, named `httproute.<ns>.<route>.<rule>.<first match>`;
// PathPrefix becomes `~<p>$` plus `<p>/`, Exact `~<p>$`; strip_path off, preserve_host on.

export const KIC_GATEWAY_CONTROLLER = 'konghq.com/kic-gateway-controller';

/** A parentRef of an HTTPRoute and the Gateway it names, if KIC serves that Gateway. */
export interface RouteParent {
  readonly ref: Record<string, unknown>;
  readonly gateway: LabObject | undefined;
  readonly accepted: boolean;
}

/** The parents of an HTTPRoute, each resolved to a Gateway whose class KIC controls. */
export function routeParents(view: ClusterView, route: LabObject): RouteParent[] {
  const refs = recordsOf(isRecord(route.spec) ? route.spec.parentRefs : undefined);
  return refs.map((ref) => {
    const isGateway =
      (ref.kind ?? 'Gateway') === 'Gateway' &&
      (ref.group ?? 'gateway.networking.k8s.io') === 'gateway.networking.k8s.io';
    const namespace = typeof ref.namespace === 'string' ? ref.namespace : route.metadata.namespace;
    const gateway = isGateway && typeof ref.name === 'string' ? view.get('gateway', namespace, ref.name) : undefined;
    const className = isRecord(gateway?.spec) ? gateway.spec.gatewayClassName : undefined;
    const gatewayClass = typeof className === 'string' ? view.get('gatewayClass', undefined, className) : undefined;
    const ours = isRecord(gatewayClass?.spec) && gatewayClass.spec.controllerName === KIC_GATEWAY_CONTROLLER;
    return {
      ref,
      gateway,
      accepted: ours && (namespace === route.metadata.namespace || allowsAllNamespaces(gateway!)),
    };
  });
}

function allowsAllNamespaces(gateway: LabObject): boolean {
  const listeners = recordsOf(isRecord(gateway.spec) ? gateway.spec.listeners : undefined);
  return listeners.some(
    (l) =>
      isRecord(l.allowedRoutes) && isRecord(l.allowedRoutes.namespaces) && l.allowedRoutes.namespaces.from === 'All',
  );
}

export function translateHTTPRoutes(view: ClusterView, services: Map<string, ServiceDraft>): void {
  for (const route of view.list('httpRoute')) {
    if (!routeParents(view, route).some((p) => p.accepted)) continue;
    const namespace = route.metadata.namespace!;
    const spec = isRecord(route.spec) ? route.spec : {};
    const hostnames = stringsOrNull(spec.hostnames) ?? [];
    const rules = recordsOf(spec.rules);
    let translated = true;
    rules.forEach((rule, ruleNumber) => {
      if (Array.isArray(rule.filters) && rule.filters.length) {
        view.fail(
          'HTTPRoute filters become Kong plugins the kong-workshop sandbox does not have (request-transformer, ' +
            'redirect, …); the rule was left out',
          route,
        );
        translated = false;
        return;
      }
      const backends = recordsOf(rule.backendRefs).filter((b) => (b.kind ?? 'Service') === 'Service');
      const names = backends
        .map((b) =>
          [typeof b.namespace === 'string' ? b.namespace : namespace, b.name, b.port, b.weight]
            .filter((p) => p !== undefined)
            .join('.'),
        )
        .sort();
      const serviceName = names.length
        ? `httproute.${namespace}.svc.${names.join('_')}`
        : `httproute.${namespace}.svc._`;
      let draft = services.get(serviceName);
      if (!draft) {
        const found = backends.map((b) =>
          view.get('service', typeof b.namespace === 'string' ? b.namespace : namespace, String(b.name)),
        );
        draft = {
          entity: serviceEntity(serviceName, serviceName, tagsFor(route)),
          routes: [],
          backends: found.filter((s): s is LabObject => s !== undefined),
          missingBackends: backends
            .filter((_, i) => !found[i])
            .map((b) => `${typeof b.namespace === 'string' ? b.namespace : namespace}/${String(b.name)}`),
          parent: route,
        };
        delete draft.entity.path;
        services.set(serviceName, draft);
      }
      for (const group of matchGroups(rule)) {
        const entity: Record<string, unknown> = {
          name: `httproute.${namespace}.${route.metadata.name}.${ruleNumber}.${group.first}`,
          preserve_host: true,
          strip_path: false,
          tags: tagsFor(route),
          ...(hostnames.length ? { hosts: hostnames } : {}),
          ...(group.paths.length ? { paths: group.paths } : hostnames.length ? {} : { paths: ['/'] }),
          ...(group.method ? { methods: [group.method] } : {}),
          ...(group.headers ? { headers: group.headers } : {}),
        };
        overrideRoute(entity, route);
        draft.routes.push({ entity, parent: route });
      }
    });
    if (translated) view.markConfigured(route);
  }
}

interface MatchGroup {
  first: number;
  paths: string[];
  method?: string;
  headers?: Record<string, string[]>;
}

/** Matches sharing method and headers become one route (KIC's combined routes). */
function matchGroups(rule: Record<string, unknown>): MatchGroup[] {
  const matches = recordsOf(rule.matches);
  if (matches.length === 0) return [{ first: 0, paths: [] }];
  const groups = new Map<string, MatchGroup>();
  matches.forEach((match, index) => {
    const method = typeof match.method === 'string' ? match.method : undefined;
    const headerList = Array.isArray(match.headers) ? (match.headers as Record<string, string>[]) : [];
    const headers = headerList.length ? Object.fromEntries(headerList.map((h) => [h.name!, [h.value!]])) : undefined;
    const key = JSON.stringify([method, headers]);
    const group = groups.get(key) ?? { first: index, paths: [], method, headers };
    group.paths.push(...pathsOf(match));
    groups.set(key, group);
  });
  return [...groups.values()];
}

function pathsOf(match: Record<string, unknown>): string[] {
  const path = isRecord(match.path) ? match.path : { type: 'PathPrefix', value: '/' };
  const value = typeof path.value === 'string' ? path.value : '/';
  switch (path.type ?? 'PathPrefix') {
    case 'Exact':
      return [`~${value}$`];
    case 'RegularExpression':
      return [`~${value}`];
    default:
      return [`~${value}$`, value.endsWith('/') ? value : `${value}/`];
  }
}

import type { ObjectStore } from '../object-store.js';
import type { LabObject } from '../types.js';
import { ClusterView, type ResourceFailure } from './context.js';
import { translateConsumerGroups, translateConsumers } from './consumers.js';
import { translateHTTPRoutes } from './httproute.js';
import { translateIngresses } from './ingress.js';
import { overrideService, type ServiceDraft } from './model.js';
import { translatePlugins } from './plugins.js';

/** What one translation of the cluster produced, as KIC's BuildKongConfig returns it. */
export interface Translation {
  /** A declarative configuration (`_format_version: "3.0"`), the body KIC posts to /config. */
  readonly config: Record<string, unknown>;
  readonly failures: readonly ResourceFailure[];
  /** Objects that made it into the configuration. */
  readonly configured: readonly LabObject[];
  /** Host names of Kong services whose Kubernetes Services exist: the sandbox's echo answers for them. */
  readonly echoHosts: ReadonlySet<string>;
}

/**
 * Turns the lab's objects into Kong configuration the way Kong Ingress Controller 3.x does:
 * Ingresses and HTTPRoutes into services and routes, KongConsumers and credential Secrets into
 * consumers, KongPlugins and KongClusterPlugins into plugins, with KIC's names, tags and
 * failure messages. Every Kubernetes Service stands for the sandbox's echo upstream.
 */
export function translateCluster(store: ObjectStore): Translation {
  const view = new ClusterView(store);
  const drafts = new Map<string, ServiceDraft>();
  translateIngresses(view, drafts);
  translateHTTPRoutes(view, drafts);
  const services = [...drafts.values()].sort((a, b) => String(a.entity.name).localeCompare(String(b.entity.name)));
  const echoHosts = new Set<string>();
  for (const service of services) {
    for (const backend of service.backends) {
      overrideService(service.entity, backend);
      view.markConfigured(backend);
    }
    if (service.backends.length && service.missingBackends.length === 0) echoHosts.add(service.entity.host as string);
  }
  const groups = translateConsumerGroups(view);
  const { consumers, memberships } = translateConsumers(view, groups);
  const plugins = translatePlugins(view, services, consumers, groups);
  const config: Record<string, unknown> = {
    _format_version: '3.0',
    ...(services.length
      ? {
          services: services.map((s) => ({
            ...s.entity,
            routes: s.routes.map((r) => r.entity).sort((a, b) => String(a.name).localeCompare(String(b.name))),
          })),
        }
      : {}),
    ...(consumers.length ? { consumers: consumers.map((c) => c.entity) } : {}),
    ...(groups.length ? { consumer_groups: groups.map((g) => g.entity) } : {}),
    ...(memberships.length ? { consumer_group_consumers: memberships } : {}),
    ...(plugins.length ? { plugins } : {}),
  };
  return { config, failures: view.failures, configured: [...view.configured.values()], echoHosts };
}

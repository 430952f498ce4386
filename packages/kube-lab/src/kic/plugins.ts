import { createHash } from 'node:crypto';
import { parse as parseYaml } from 'yaml';
import { isRecord, type LabObject } from '../types.js';
import { pluginReferences, secretValue, tagsFor, type ClusterView } from './context.js';
import type { ConsumerDraft, ConsumerGroupDraft } from './consumers.js';
import type { ServiceDraft } from './model.js';

// KongPlugin and KongClusterPlugin → Kong plugins, as KIC's getPluginRelations and buildPlugins
// do it (internal/dataplane/kongstate/kongstate.go, plugin.go, internal/util/rels): a plugin
// named in `konghq.com/plugins` on a Service applies to the Kong service, on an Ingress or
// HTTPRoute to its routes, on a KongConsumer to that consumer; one named by a consumer and by a
// service or route applies to each combination. Global KongClusterPlugins (label global=true)
// apply everywhere.

interface Relation {
  readonly identifier: string;
  readonly referrer: LabObject;
}

interface Relations {
  consumer: Relation[];
  consumerGroup: Relation[];
  route: Relation[];
  service: Relation[];
}

export function translatePlugins(
  view: ClusterView,
  services: readonly ServiceDraft[],
  consumers: readonly ConsumerDraft[],
  groups: readonly ConsumerGroupDraft[] = [],
): Record<string, unknown>[] {
  const relations = new Map<string, Relations>();
  const relate = (referrer: LabObject, identifier: string, type: keyof Relations) => {
    for (const reference of pluginReferences(referrer)) {
      if (reference.namespace && reference.namespace !== referrer.metadata.namespace) {
        view.fail(
          `no grant found to referenced "${reference.namespace}/${reference.name}" plugin in the requested remote ` +
            `KongPlugin bind`,
          referrer,
        );
        continue;
      }
      const key = `${referrer.metadata.namespace ?? ''}:${reference.name}`;
      const entry = relations.get(key) ?? { consumer: [], consumerGroup: [], route: [], service: [] };
      entry[type].push({ identifier, referrer });
      relations.set(key, entry);
    }
  };
  for (const service of services) {
    for (const backend of service.backends) relate(backend, service.entity.name as string, 'service');
    for (const route of service.routes) relate(route.parent, route.entity.name as string, 'route');
  }
  for (const consumer of consumers) relate(consumer.source, consumer.identifier, 'consumer');
  for (const group of groups) relate(group.source, group.identifier, 'consumerGroup');

  const plugins: Record<string, unknown>[] = [];
  for (const [key, related] of relations) {
    const [namespace, name] = key.split(':') as [string, string];
    const source = view.get('kongPlugin', namespace, name) ?? clusterPlugin(view, name);
    const combinations = combine(related);
    if (!source) {
      for (const relation of combinations.flatMap((c) => [c.consumer, c.consumerGroup, c.route, c.service])) {
        if (relation)
          view.fail(`referenced KongPlugin or KongClusterPlugin "${name}" does not exist`, relation.referrer);
      }
      continue;
    }
    const base = pluginFrom(view, source);
    if (!base) continue;
    view.markConfigured(source);
    for (const combination of combinations) {
      const plugin = structuredClone(base);
      let hashed = '';
      if (combination.service) {
        plugin.service = combination.service.identifier;
        hashed += `_service-${combination.service.identifier}`;
      }
      if (combination.route) {
        plugin.route = combination.route.identifier;
        hashed += `_route-${combination.route.identifier}`;
      }
      if (combination.consumer) {
        plugin.consumer = combination.consumer.identifier;
        hashed += `_consumer-${combination.consumer.identifier}`;
      }
      if (combination.consumerGroup) {
        plugin.consumer_group = combination.consumerGroup.identifier;
        hashed += `_group-${combination.consumerGroup.identifier}`;
      }
      // instance_name must be unique, so KIC suffixes it per combination.
      if (typeof plugin.instance_name === 'string') {
        const suffix = createHash('sha256').update(hashed).digest('hex').slice(0, 9);
        plugin.instance_name = `${plugin.instance_name}-${suffix}`;
      }
      plugins.push(plugin);
    }
  }
  return [...plugins, ...globalPlugins(view)];
}

/** GetCombinations: consumer × (services and routes), or each one alone. */
function combine(
  relations: Relations,
): { consumer?: Relation; consumerGroup?: Relation; route?: Relation; service?: Relation }[] {
  const scoped = [...relations.service.map((service) => ({ service })), ...relations.route.map((route) => ({ route }))];
  if (relations.consumer.length === 0 && relations.consumerGroup.length === 0) return scoped;
  // Consumers and consumer groups each combine with the services and routes, or stand alone.
  const byConsumer = relations.consumer.map((consumer) => ({ consumer }));
  const byGroup = relations.consumerGroup.map((consumerGroup) => ({ consumerGroup }));
  const owners = [...byConsumer, ...byGroup];
  if (scoped.length === 0) return owners;
  return owners.flatMap((owner) => scoped.map((s) => ({ ...s, ...owner })));
}

function clusterPlugin(view: ClusterView, name: string): LabObject | undefined {
  const plugin = view.get('kongClusterPlugin', undefined, name);
  return plugin && view.matchesClassAnnotation(plugin) ? plugin : undefined;
}

/** kongPluginFromK8SPlugin: name, config (or configFrom a Secret), enabled, protocols, instance_name, tags. */
function pluginFrom(view: ClusterView, source: LabObject): Record<string, unknown> | undefined {
  const what =
    source.kind === 'KongPlugin'
      ? `KongPlugin '${source.metadata.namespace}/${source.metadata.name}'`
      : `KongClusterPlugin '${source.metadata.name}'`;
  let config: Record<string, unknown> = isRecord(source.config) ? structuredClone(source.config) : {};
  const configFrom =
    isRecord(source.configFrom) && isRecord(source.configFrom.secretKeyRef)
      ? source.configFrom.secretKeyRef
      : undefined;
  if (configFrom) {
    if (Object.keys(config).length) {
      view.fail(`${what} has both Config and ConfigFrom set`, source);
      return undefined;
    }
    const namespace = source.metadata.namespace ?? String(configFrom.namespace ?? '');
    const secret = view.get('secret', namespace, String(configFrom.name));
    const text = secret && secretValue(secret, String(configFrom.key));
    const parsed = text === undefined ? undefined : parseConfig(text);
    if (!secret)
      view.fail(
        `error parsing config for ${what}: error fetching plugin configuration secret ` +
          `'${namespace}/${String(configFrom.name)}': Secret ${namespace}/${String(configFrom.name)} not found`,
        source,
      );
    else if (text === undefined)
      view.fail(
        `error parsing config for ${what}: no key '${String(configFrom.key)}' in secret ` +
          `'${namespace}/${String(configFrom.name)}'`,
        source,
      );
    else if (!parsed)
      view.fail(
        `error parsing config for ${what}: key '${String(configFrom.key)}' in secret ` +
          `'${namespace}/${String(configFrom.name)}' contains neither valid JSON nor valid YAML)`,
        source,
      );
    if (!parsed) return undefined;
    config = parsed;
  }
  if (Array.isArray(source.configPatches) && source.configPatches.length) {
    view.fail(
      `could not parse ${what.replace(/'/g, '')} config: configPatches are not supported by the kong-workshop lab`,
      source,
    );
    return undefined;
  }
  return {
    name: source.plugin,
    config,
    enabled: source.disabled !== true,
    ...(Array.isArray(source.protocols) && source.protocols.length ? { protocols: source.protocols } : {}),
    ...(typeof source.instance_name === 'string' && source.instance_name
      ? { instance_name: source.instance_name }
      : {}),
    tags: tagsFor(source),
  };
}

function parseConfig(text: string): Record<string, unknown> | undefined {
  try {
    const value: unknown = parseYaml(text);
    return isRecord(value) ? value : undefined;
  } catch {
    return undefined;
  }
}

/** KongClusterPlugins labelled `global: "true"`; two for the same plugin cancel each other. */
function globalPlugins(view: ClusterView): Record<string, unknown>[] {
  const byName = new Map<string, Record<string, unknown> | null>();
  for (const source of view.list('kongClusterPlugin')) {
    if (
      source.metadata.labels?.global !== 'true' ||
      !view.matchesClassAnnotation(source) ||
      typeof source.plugin !== 'string' ||
      !source.plugin
    )
      continue;
    if (byName.has(source.plugin)) {
      byName.set(source.plugin, null);
      continue;
    }
    const plugin = pluginFrom(view, source);
    byName.set(source.plugin, plugin ?? null);
    if (plugin) view.markConfigured(source);
  }
  return [...byName.values()].filter((p): p is Record<string, unknown> => p !== null);
}

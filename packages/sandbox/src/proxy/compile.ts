import type { Entity } from '../schema/validate.js';
import { compileUpstreams, type Balancer } from './balancer.js';
import { isPluginName, PLUGIN_PRIORITY, type PluginName } from '../schema/plugins.js';
import { pluginCacheKey, refId, type Snapshot } from '../store/store.js';
import { isRecord, numberOrNull, stringOrNull, stringsOrNull } from '@kong-workshop/common';

/** A service, ready for proxying: where to send requests and how. */
export interface CompiledService {
  readonly id: string;
  readonly entity: Entity;
  readonly protocol: 'http' | 'https';
  readonly host: string;
  readonly port: number;
  readonly path: string | null;
  /** The Host header Kong sends upstream when preserve_host is off. */
  readonly hostHeader: string;
  readonly readTimeout: number;
  readonly connectTimeout: number;
  readonly enabled: boolean;
}

interface PathMatcher {
  readonly regex: RegExp | undefined;
  readonly prefix: string;
}

/** A route with its matchers compiled once per configuration change, not per request. */
export interface CompiledRoute {
  readonly id: string;
  readonly entity: Entity;
  readonly service: CompiledService | undefined;
  readonly methods: ReadonlySet<string> | undefined;
  readonly hosts:
    | readonly { readonly exact?: string; readonly suffix?: string; readonly prefix?: string }[]
    | undefined;
  readonly headers: readonly { readonly name: string; readonly values: ReadonlySet<string> }[];
  readonly paths: readonly PathMatcher[] | undefined;
  /** Set when the route allows https but not http: plain HTTP requests get this status (426, 301, …). */
  readonly httpsRedirectStatus: number | undefined;
  readonly stripPath: boolean;
  readonly preserveHost: boolean;
  readonly pathHandling: 'v0' | 'v1';
  readonly regexPriority: number;
  readonly createdAt: number;
  /** The plugins that may apply to requests on this route, highest priority first. */
  readonly plugins: readonly RoutePlugin[];
}

/**
 * One plugin name's configurations that can apply on a route, arranged for Kong 3.x precedence
 * (route+service+consumer, route+consumer, service+consumer, route+service, consumer, route,
 * service, global) so a request resolves it with at most three map lookups by consumer id.
 */
export interface RoutePlugin {
  readonly name: PluginName;
  /** Per consumer id: the most specific of route+service+consumer, route+consumer, service+consumer. */
  readonly scopedToConsumer: ReadonlyMap<string, CompiledPlugin>;
  readonly routeAndService: CompiledPlugin | undefined;
  readonly consumerOnly: ReadonlyMap<string, CompiledPlugin>;
  /** route, else service, else global. */
  readonly fallback: CompiledPlugin | undefined;
  /** Consumer-group scopes (Kong Enterprise, imitated); undefined when no plugin of this name has one. */
  readonly groups: GroupScopes | undefined;
}

/** A plugin name's configurations scoped to consumer groups, by group id, at each level of precedence. */
export interface GroupScopes {
  readonly routeAndService: ReadonlyMap<string, CompiledPlugin>;
  /** group+route, else group+service. */
  readonly partial: ReadonlyMap<string, CompiledPlugin>;
  readonly groupOnly: ReadonlyMap<string, CompiledPlugin>;
  /** consumer+route+service only (the level above group+route+service). */
  readonly consumerRouteService: ReadonlyMap<string, CompiledPlugin>;
}

export interface CompiledPlugin {
  readonly id: string;
  readonly name: PluginName;
  readonly config: Record<string, unknown>;
  readonly routeId: string | undefined;
  readonly serviceId: string | undefined;
  readonly consumerId: string | undefined;
  readonly consumerGroupId: string | undefined;
  readonly protocols: readonly string[];
  /**
   * Kong's counter key prefix for this plugin, `ratelimit:<route>:<service>` (the plugin's own
   * scope, all-zero ids when unset), computed once per configuration.
   */
  readonly counterScope: string;
}

const EMPTY_UUID = '00000000-0000-0000-0000-000000000000';

/** Everything the proxy path reads, derived from the store in one pass per change. */
export interface RuntimeConfig {
  readonly routes: readonly CompiledRoute[];
  readonly credentialsByKey: ReadonlyMap<string, Entity>;
  readonly basicAuthByUsername: ReadonlyMap<string, Entity>;
  /** jwt, hmac-auth and oauth2 credentials by the value a request names them with, and oauth2 tokens. */
  readonly jwtSecretsByKey: ReadonlyMap<string, Entity>;
  readonly hmacByUsername: ReadonlyMap<string, Entity>;
  readonly oauth2ByClientId: ReadonlyMap<string, Entity>;
  readonly oauth2CredentialsById: ReadonlyMap<string, Entity>;
  readonly oauth2TokensByAccessToken: ReadonlyMap<string, Entity>;
  readonly consumersById: ReadonlyMap<string, Entity>;
  readonly consumersByUsername: ReadonlyMap<string, Entity>;
  /** A consumer's groups, sorted by name: the order the sandbox tries them in for plugin scopes. */
  readonly groupsByConsumer: ReadonlyMap<string, readonly Entity[]>;
  /** A consumer's ACL groups (acls entity), in insertion order. */
  readonly aclGroupsByConsumer: ReadonlyMap<string, readonly string[]>;
  /** The same followed by its consumer-group names (acl's include_consumer_groups), built once here. */
  readonly aclAndConsumerGroups: ReadonlyMap<string, readonly string[]>;
  /** X-Consumer-Groups for a consumer in groups: the names, comma-separated, built once here. */
  readonly groupHeaderByConsumer: ReadonlyMap<string, string>;
  /** Load balancers by upstream name: a service whose host is one of these goes to its targets. */
  readonly upstreams: ReadonlyMap<string, Balancer>;
}

export function compileConfig(snapshot: Snapshot): RuntimeConfig {
  const services = new Map(snapshot.services.map((s) => [s.id, compileService(s)]));
  const plugins = new Map<string, CompiledPlugin>();
  for (const plugin of snapshot.plugins) {
    const name = plugin.name;
    // A stored plugin has passed the schema, so its name is always a known one.
    if (plugin.enabled === false || !isPluginName(name)) continue;
    plugins.set(pluginCacheKey(plugin), {
      id: plugin.id,
      name,
      config: isRecord(plugin.config) ? plugin.config : {},
      routeId: refId(plugin.route),
      serviceId: refId(plugin.service),
      consumerId: refId(plugin.consumer),
      consumerGroupId: refId(plugin.consumer_group),
      protocols: (plugin.protocols as string[] | null) ?? [],
      counterScope: `ratelimit:${refId(plugin.route) ?? EMPTY_UUID}:${refId(plugin.service) ?? EMPTY_UUID}`,
    });
  }
  const names = [...new Set([...plugins.values()].map((p) => p.name))].sort(
    (a, b) => PLUGIN_PRIORITY[b] - PLUGIN_PRIORITY[a],
  );
  const memberships = groupsByConsumer(snapshot);
  const acls = aclGroups(snapshot);
  const routes = snapshot.routes.flatMap((route) => {
    const service = services.get(refId(route.service) ?? '');
    // Routes of a disabled service are left out of the router (runloop/handler.lua build_router).
    if (service && !service.enabled) return [];
    return [compileRoute(route, service, routePlugins(names, [...plugins.values()], route.id, service?.id))];
  });
  return {
    routes,
    upstreams: compileUpstreams(snapshot),
    credentialsByKey: new Map(snapshot.keyauth_credentials.map((c) => [c.key as string, c])),
    basicAuthByUsername: new Map(snapshot.basicauth_credentials.map((c) => [String(c.username), c])),
    jwtSecretsByKey: new Map(snapshot.jwt_secrets.map((c) => [String(c.key), c])),
    hmacByUsername: new Map(snapshot.hmacauth_credentials.map((c) => [String(c.username), c])),
    oauth2ByClientId: new Map(snapshot.oauth2_credentials.map((c) => [String(c.client_id), c])),
    oauth2CredentialsById: new Map(snapshot.oauth2_credentials.map((c) => [c.id, c])),
    oauth2TokensByAccessToken: new Map(snapshot.oauth2_tokens.map((t) => [String(t.access_token), t])),
    consumersById: new Map(snapshot.consumers.map((c) => [c.id, c])),
    consumersByUsername: new Map(
      snapshot.consumers.flatMap((c) => (typeof c.username === 'string' ? [[c.username, c] as const] : [])),
    ),
    groupsByConsumer: memberships,
    aclGroupsByConsumer: acls,
    aclAndConsumerGroups: new Map(
      snapshot.consumers.map((c) => [
        c.id,
        [...(acls.get(c.id) ?? []), ...(memberships.get(c.id) ?? []).map((g) => String(g.name))],
      ]),
    ),
    groupHeaderByConsumer: new Map(
      [...memberships].map(([id, groups]) => [id, groups.map((g) => String(g.name)).join(', ')]),
    ),
  };
}

function groupsByConsumer(snapshot: Snapshot): Map<string, Entity[]> {
  const groups = new Map(snapshot.consumer_groups.map((g) => [g.id, g]));
  const out = new Map<string, Entity[]>();
  for (const member of snapshot.consumer_group_consumers) {
    const consumer = refId(member.consumer);
    const group = groups.get(refId(member.consumer_group) ?? '');
    if (!consumer || !group) continue;
    const list = out.get(consumer) ?? [];
    list.push(group);
    out.set(consumer, list);
  }
  for (const list of out.values()) list.sort((a, b) => String(a.name).localeCompare(String(b.name)));
  return out;
}

function aclGroups(snapshot: Snapshot): Map<string, string[]> {
  const out = new Map<string, string[]>();
  for (const acl of snapshot.acls) {
    const consumer = refId(acl.consumer);
    if (!consumer || typeof acl.group !== 'string') continue;
    const list = out.get(consumer) ?? [];
    list.push(acl.group);
    out.set(consumer, list);
  }
  return out;
}

function routePlugins(
  names: readonly PluginName[],
  all: readonly CompiledPlugin[],
  routeId: string,
  serviceId: string | undefined,
): RoutePlugin[] {
  const out: RoutePlugin[] = [];
  for (const name of names) {
    const candidates = all.filter(
      (p) =>
        p.name === name &&
        (p.routeId === undefined || p.routeId === routeId) &&
        (p.serviceId === undefined || p.serviceId === serviceId),
    );
    if (!candidates.length) continue;
    const find = (route: boolean, service: boolean, consumer: boolean, group = false) =>
      candidates.filter(
        (p) =>
          (p.routeId !== undefined) === route &&
          (p.serviceId !== undefined) === service &&
          (p.consumerId !== undefined) === consumer &&
          (p.consumerGroupId !== undefined) === group,
      );
    const scopedToConsumer = new Map<string, CompiledPlugin>();
    // Least specific first, so the more specific ones overwrite them.
    for (const p of [...find(false, true, true), ...find(true, false, true), ...find(true, true, true)])
      scopedToConsumer.set(p.consumerId!, p);
    const byGroup = (list: readonly CompiledPlugin[]) => new Map(list.map((p) => [p.consumerGroupId!, p]));
    const hasGroups = candidates.some((p) => p.consumerGroupId !== undefined);
    out.push({
      name,
      scopedToConsumer,
      routeAndService: find(true, true, false)[0],
      consumerOnly: new Map(
        find(false, false, true).flatMap((p) => (p.consumerId === undefined ? [] : [[p.consumerId, p] as const])),
      ),
      fallback: find(true, false, false)[0] ?? find(false, true, false)[0] ?? find(false, false, false)[0],
      groups: hasGroups
        ? {
            routeAndService: byGroup(find(true, true, false, true)),
            partial: byGroup([...find(false, true, false, true), ...find(true, false, false, true)]),
            groupOnly: byGroup(find(false, false, false, true)),
            consumerRouteService: new Map(find(true, true, true).map((p) => [p.consumerId!, p])),
          }
        : undefined,
    });
  }
  return out;
}

function compileService(entity: Entity): CompiledService {
  const protocol = entity.protocol === 'https' ? 'https' : 'http';
  const port = numberOrNull(entity.port) ?? 0;
  const host = String(entity.host);
  const defaultPort = protocol === 'https' ? 443 : 80;
  return {
    id: entity.id,
    entity,
    protocol,
    host,
    port,
    path: stringOrNull(entity.path),
    hostHeader: port === defaultPort ? host : `${host}:${port}`,
    readTimeout: numberOrNull(entity.read_timeout) ?? 60000,
    connectTimeout: numberOrNull(entity.connect_timeout) ?? 60000,
    enabled: entity.enabled !== false,
  };
}

function compileRoute(
  entity: Entity,
  service: CompiledService | undefined,
  plugins: readonly RoutePlugin[],
): CompiledRoute {
  const methods = stringsOrNull(entity.methods);
  const hosts = stringsOrNull(entity.hosts);
  const paths = stringsOrNull(entity.paths);
  const headers = isRecord(entity.headers)
    ? Object.fromEntries(Object.entries(entity.headers).map(([name, values]) => [name, stringsOrNull(values) ?? []]))
    : {};
  const protocols = stringsOrNull(entity.protocols) ?? [];
  return {
    id: entity.id,
    entity,
    service,
    methods: methods?.length ? new Set(methods) : undefined,
    hosts: hosts?.length
      ? hosts.map((h) => {
          const lower = h.toLowerCase();
          if (lower.startsWith('*.')) return { suffix: lower.slice(1) };
          if (lower.endsWith('.*')) return { prefix: lower.slice(0, -1) };
          return { exact: lower };
        })
      : undefined,
    headers: Object.entries(headers).map(([name, values]) => ({
      name: name.toLowerCase(),
      values: new Set(values.map((v) => v.toLowerCase())),
    })),
    paths: paths?.length
      ? paths.map((p) =>
          p.startsWith('~') ? { regex: new RegExp(`^(?:${p.slice(1)})`), prefix: '' } : { regex: undefined, prefix: p },
        )
      : undefined,
    httpsRedirectStatus:
      protocols.includes('https') && !protocols.includes('http')
        ? (numberOrNull(entity.https_redirect_status_code) ?? 426)
        : undefined,
    stripPath: entity.strip_path !== false,
    preserveHost: entity.preserve_host === true,
    pathHandling: entity.path_handling === 'v1' ? 'v1' : 'v0',
    regexPriority: numberOrNull(entity.regex_priority) ?? 0,
    createdAt: numberOrNull(entity.created_at) ?? 0,
    plugins,
  };
}

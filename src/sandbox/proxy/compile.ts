import type { Entity } from '../schema/validate.js';
import { PLUGIN_PRIORITY, type PluginName } from '../schema/plugins.js';
import { pluginCacheKey, refId, type Snapshot } from '../store/store.js';

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
  readonly hosts: readonly { readonly exact?: string; readonly suffix?: string; readonly prefix?: string }[] | undefined;
  readonly headers: readonly { readonly name: string; readonly values: ReadonlySet<string> }[];
  readonly paths: readonly PathMatcher[] | undefined;
  readonly stripPath: boolean;
  readonly preserveHost: boolean;
  readonly pathHandling: 'v0' | 'v1';
  readonly regexPriority: number;
  readonly createdAt: number;
}

export interface CompiledPlugin {
  readonly id: string;
  readonly name: PluginName;
  readonly config: Record<string, unknown>;
  readonly routeId: string | undefined;
  readonly serviceId: string | undefined;
  readonly consumerId: string | undefined;
  readonly protocols: readonly string[];
}

/** Everything the proxy path reads, derived from the store in one pass per change. */
export interface RuntimeConfig {
  readonly routes: readonly CompiledRoute[];
  /** Plugin names present in the configuration, highest priority first. */
  readonly pluginNames: readonly PluginName[];
  /** Enabled plugins by `name|route|service|consumer`. */
  readonly plugins: ReadonlyMap<string, CompiledPlugin>;
  readonly credentialsByKey: ReadonlyMap<string, Entity>;
  readonly consumersById: ReadonlyMap<string, Entity>;
  readonly consumersByUsername: ReadonlyMap<string, Entity>;
}

export function compileConfig(snapshot: Snapshot): RuntimeConfig {
  const services = new Map(snapshot.services.map((s) => [s.id, compileService(s)]));
  const routes = snapshot.routes.map((route) => compileRoute(route, services.get(refId(route.service) ?? '')));
  const plugins = new Map<string, CompiledPlugin>();
  for (const plugin of snapshot.plugins) {
    if (plugin.enabled === false) continue;
    plugins.set(pluginCacheKey(plugin), {
      id: plugin.id,
      name: plugin.name as PluginName,
      config: plugin.config as Record<string, unknown>,
      routeId: refId(plugin.route),
      serviceId: refId(plugin.service),
      consumerId: refId(plugin.consumer),
      protocols: (plugin.protocols as string[] | null) ?? [],
    });
  }
  const names = [...new Set([...plugins.values()].map((p) => p.name))].sort((a, b) => PLUGIN_PRIORITY[b] - PLUGIN_PRIORITY[a]);
  return {
    routes,
    pluginNames: names,
    plugins,
    credentialsByKey: new Map(snapshot.keyauth_credentials.map((c) => [c.key as string, c])),
    consumersById: new Map(snapshot.consumers.map((c) => [c.id, c])),
    consumersByUsername: new Map(snapshot.consumers.filter((c) => typeof c.username === 'string').map((c) => [c.username as string, c])),
  };
}

function compileService(entity: Entity): CompiledService {
  const protocol = entity.protocol === 'https' ? 'https' : 'http';
  const port = entity.port as number;
  const host = entity.host as string;
  const defaultPort = protocol === 'https' ? 443 : 80;
  return {
    id: entity.id,
    entity,
    protocol,
    host,
    port,
    path: (entity.path as string | null) ?? null,
    hostHeader: port === defaultPort ? host : `${host}:${port}`,
    readTimeout: (entity.read_timeout as number) ?? 60000,
    connectTimeout: (entity.connect_timeout as number) ?? 60000,
    enabled: entity.enabled !== false,
  };
}

function compileRoute(entity: Entity, service: CompiledService | undefined): CompiledRoute {
  const methods = entity.methods as string[] | null;
  const hosts = entity.hosts as string[] | null;
  const paths = entity.paths as string[] | null;
  const headers = (entity.headers as Record<string, string[]> | null) ?? {};
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
    headers: Object.entries(headers).map(([name, values]) => ({ name: name.toLowerCase(), values: new Set(values.map((v) => v.toLowerCase())) })),
    paths: paths?.length ? paths.map((p) => (p.startsWith('~') ? { regex: new RegExp(`^(?:${p.slice(1)})`), prefix: '' } : { regex: undefined, prefix: p })) : undefined,
    stripPath: entity.strip_path !== false,
    preserveHost: entity.preserve_host === true,
    pathHandling: entity.path_handling === 'v1' ? 'v1' : 'v0',
    regexPriority: (entity.regex_priority as number) ?? 0,
    createdAt: (entity.created_at as number) ?? 0,
  };
}

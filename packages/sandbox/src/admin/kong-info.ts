import { hostname } from 'node:os';
import type { FieldSpec, Fields } from '../schema/engine.js';
import { ENTITY_TYPES, type EntityType } from '../schema/entities.js';
import { PLUGIN_CONFIGS, PLUGIN_NAMES, PLUGIN_PRIORITY, isPluginName } from '../schema/plugins.js';
import { httpProtocols } from '../schema/typedefs.js';
import { SCHEMAS } from '../schema/validate.js';
import type { Store } from '../store/store.js';

// Kong's informational Admin API endpoints (kong/api/routes/kong.lua, health.lua, tags.lua at 3.9.1).

/**
 * The Kong release the sandbox imitates, as `GET /` reports it. It is a plain semantic version
 * because tools parse it (deck refuses what it cannot parse); the sandbox says what it really is
 * in fields no tool reads: `sandbox` at the top and `configuration.sandbox`.
 */
const KONG_VERSION = '3.9.1';

export interface NodeInfoDeps {
  readonly store: Store;
  readonly nodeId: string;
}

export function nodeInfo(deps: NodeInfoDeps): Record<string, unknown> {
  return {
    tagline: 'Welcome to kong',
    version: KONG_VERSION,
    edition: 'community',
    hostname: hostname(),
    node_id: deps.nodeId,
    timers: { running: 0, pending: 0 },
    plugins: {
      available_on_server: Object.fromEntries(
        PLUGIN_NAMES.map((name) => [name, { version: KONG_VERSION, priority: PLUGIN_PRIORITY[name] }]),
      ),
      enabled_in_cluster: [...new Set(deps.store.list('plugins').map((p) => p.name))],
    },
    lua_version: 'none (kong-workshop sandbox, Node.js)',
    configuration: {
      database: 'off',
      role: 'traditional',
      router_flavor: 'traditional_compatible',
      proxy_listeners: 'http',
      admin_listeners: 'http',
      sandbox: true,
    },
    pids: { master: process.pid, workers: [process.pid] },
    sandbox: 'kong-workshop sandbox: a Node.js stand-in imitating Kong Gateway 3.9, not Kong',
  };
}

export interface Counters {
  accepted: number;
  active: number;
  requests: number;
}

/**
 * `GET /status` in DB-less mode (health.lua): memory, nginx-style server counters and the
 * configuration hash; no `database` key, which Kong removes when there is no database.
 */
export function statusInfo(hash: string, counters: Counters): Record<string, unknown> {
  const heap = process.memoryUsage().heapUsed;
  return {
    memory: {
      workers_lua_vms: [{ http_allocated_gc: mebibytes(heap), pid: process.pid }],
      lua_shared_dicts: {
        kong: { allocated_slabs: mebibytes(0), capacity: mebibytes(5 * 1024 * 1024) },
        kong_db_cache: { allocated_slabs: mebibytes(0), capacity: mebibytes(128 * 1024 * 1024) },
      },
    },
    server: {
      connections_accepted: counters.accepted,
      connections_active: counters.active,
      connections_handled: counters.accepted,
      connections_reading: 0,
      connections_writing: counters.active > 0 ? 1 : 0,
      connections_waiting: Math.max(0, counters.active - 1),
      total_requests: counters.requests,
    },
    configuration_hash: hash,
  };
}

/** kong/tools/string.lua bytes_to_str with the default unit "m" and scale 2. */
const mebibytes = (bytes: number) => `${(bytes / 1024 / 1024).toFixed(2)} MiB`;

/** One field as api_helpers.schema_to_jsonable renders it. */
function fieldJson(spec: FieldSpec): Record<string, unknown> {
  const out: Record<string, unknown> = { type: spec.type };
  if (spec.required) out.required = true;
  if (spec.default !== undefined && spec.default !== null) out.default = spec.default;
  switch (spec.type) {
    case 'string':
      if (spec.oneOf) out.one_of = spec.oneOf;
      if (spec.lenMin !== undefined) out.len_min = spec.lenMin;
      break;
    case 'number':
    case 'integer':
      if (spec.oneOf) out.one_of = spec.oneOf;
      if (spec.between) out.between = spec.between;
      if (spec.gt !== undefined) out.gt = spec.gt;
      break;
    case 'array':
      out.elements = fieldJson(spec.elements);
      if (spec.lenMin !== undefined) out.len_min = spec.lenMin;
      break;
    case 'map':
      out.keys = fieldJson(spec.keys);
      out.values = fieldJson(spec.values);
      break;
    case 'foreign':
      out.reference = spec.reference;
      break;
    case 'record':
      out.fields = fieldsJson(spec.fields);
      break;
    case 'boolean':
      break;
  }
  return out;
}

function fieldsJson(fields: Fields): Record<string, unknown>[] {
  return Object.entries(fields).map(([name, spec]) => {
    const json = fieldJson(spec);
    if (name === 'id') Object.assign(json, { uuid: true, auto: true });
    if (name === 'created_at' || name === 'updated_at') Object.assign(json, { timestamp: true, auto: true });
    return { [name]: json };
  });
}

const SCHEMA_NAMES = new Map<string, EntityType>(ENTITY_TYPES.map((t) => [t, t]));

/** `GET /schemas/{entity}`: 404 `No entity named '…'` for an unknown one. */
export function entitySchema(name: string): { status: number; body: unknown } {
  const type = SCHEMA_NAMES.get(name);
  if (!type) return { status: 404, body: { message: `No entity named '${name}'` } };
  const schema = SCHEMAS[type];
  return { status: 200, body: { fields: fieldsJson(schema.fields) } };
}

const KEY_AUTH_CONSUMER: FieldSpec = { type: 'foreign', reference: 'consumers' };

/** `GET /schemas/plugins/{name}`: the plugin's full schema, 404 `No plugin named '…'` for an unknown one. */
export function pluginSchema(name: string): { status: number; body: unknown } {
  if (!isPluginName(name)) return { status: 404, body: { message: `No plugin named '${name}'` } };
  // The plugin's own schema.lua fields: key-auth refuses a consumer, both take http protocols and a config.
  const fields: Fields = {
    ...(name === 'key-auth' ? { consumer: KEY_AUTH_CONSUMER } : {}),
    protocols: httpProtocols,
    config: PLUGIN_CONFIGS[name].config,
  };
  return { status: 200, body: { fields: fieldsJson(fields) } };
}

/** Every tagged entity as `/tags` lists it: one row per (entity, tag). */
export function tagRows(store: Store, tag?: string): Record<string, string>[] {
  const rows: Record<string, string>[] = [];
  for (const type of ENTITY_TYPES) {
    for (const entity of store.list(type)) {
      const tags = Array.isArray(entity.tags) ? entity.tags : [];
      for (const t of tags)
        if (typeof t === 'string' && (tag === undefined || t === tag))
          rows.push({ entity_name: type, entity_id: entity.id, tag: t });
    }
  }
  return rows;
}

/** Kong's `/endpoints` sort: "/" compares below every other character, so segments sort as a whole. */
export function sortEndpoints(paths: readonly string[]): string[] {
  const key = (p: string) => p.replace(/\//g, '\u0000');
  return [...new Set(paths)].sort((a, b) => (key(a) < key(b) ? -1 : key(a) > key(b) ? 1 : 0));
}

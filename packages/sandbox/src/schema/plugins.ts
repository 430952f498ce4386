import { MESSAGES, type EntityCheck, type Fields, type RecordSpec } from './engine.js';
import type { EntitySchema } from './entities.js';
import { headerName, httpProtocols, host, path, tags, timestamp, utf8Name, uuidField } from './typedefs.js';
import { hmacAuthConfig, jwtChecks, jwtConfig, oauth2Checks, oauth2Config } from './auth-plugins.js';
import { isRecord } from '@kong-workshop/common';
import { MORE_PLUGINS, type MorePluginName } from '../plugins/catalog.js';

/** Plugins the sandbox implements, with Kong's priorities (higher runs first). */
export const PLUGIN_PRIORITY = {
  'key-auth': 1250,
  jwt: 1450,
  oauth2: 1400,
  'basic-auth': 1100,
  'hmac-auth': 1030,
  acl: 950,
  'rate-limiting': 910,
  'request-termination': 2,
  ...morePriorities(),
} as const;

function morePriorities(): Record<MorePluginName, number> {
  const out = {} as Record<MorePluginName, number>;
  for (const [name, plugin] of Object.entries(MORE_PLUGINS)) out[name as MorePluginName] = plugin.priority;
  return out;
}
export type PluginName = keyof typeof PLUGIN_PRIORITY;
export const PLUGIN_NAMES = Object.keys(PLUGIN_PRIORITY) as PluginName[];

export const isPluginName = (name: unknown): name is PluginName => typeof name === 'string' && name in PLUGIN_PRIORITY;

// kong/plugins/key-auth/schema.lua
const keyAuthConfig: RecordSpec = {
  type: 'record',
  required: true,
  fields: {
    key_names: { type: 'array', required: true, default: ['apikey'], elements: headerName },
    hide_credentials: { type: 'boolean', required: true, default: false },
    anonymous: { type: 'string' },
    key_in_header: { type: 'boolean', required: true, default: true },
    key_in_query: { type: 'boolean', required: true, default: true },
    key_in_body: { type: 'boolean', required: true, default: false },
    run_on_preflight: { type: 'boolean', required: true, default: true },
    realm: { type: 'string' },
  },
};

const PERIODS = ['second', 'minute', 'hour', 'day', 'month', 'year'] as const;

/** A longer period may not allow fewer requests than a shorter one (schema.lua validate_periods_order). */
function validatePeriodsOrder(config: Record<string, unknown>): string | undefined {
  for (let i = 0; i < PERIODS.length; i++) {
    const lower = config[PERIODS[i]!];
    if (typeof lower !== 'number') continue;
    for (let j = i + 1; j < PERIODS.length; j++) {
      const upper = config[PERIODS[j]!];
      if (typeof upper === 'number' && upper < lower) {
        return (
          `The limit for ${PERIODS[j]}(${upper.toFixed(1)}) cannot be lower than the limit for ` +
          `${PERIODS[i]}(${lower.toFixed(1)})`
        );
      }
    }
  }
  if (config.policy !== 'redis' && config.sync_rate !== -1) return 'sync_rate can only be used with the redis policy';
  return undefined;
}

const period = { type: 'number', gt: 0 } as const;

// kong/plugins/rate-limiting/schema.lua as Kong builds it in DB-less mode (policy one_of local, redis).
const rateLimitingConfig: RecordSpec = {
  type: 'record',
  required: true,
  customValidator: validatePeriodsOrder,
  fields: {
    second: period,
    minute: period,
    hour: period,
    day: period,
    month: period,
    year: period,
    limit_by: {
      type: 'string',
      default: 'consumer',
      oneOf: ['consumer', 'credential', 'ip', 'service', 'header', 'path'],
    },
    header_name: headerName,
    path,
    policy: {
      type: 'string',
      default: 'local',
      oneOf: ['local', 'redis'],
      // The sandbox keeps counters in memory only; say so rather than accept a policy it cannot honour.
      validate: (policy: string) =>
        policy === 'redis' ? "the kong-workshop sandbox supports only the 'local' policy (no redis here)" : undefined,
    },
    fault_tolerant: { type: 'boolean', required: true, default: true },
    redis: {
      type: 'record',
      fields: {
        host,
        port: { type: 'integer', default: 6379, between: [0, 65535] },
        timeout: { type: 'integer', default: 2000, between: [0, 2 ** 31 - 2] },
        connect_timeout: { type: 'integer', default: 2000, between: [0, 2 ** 31 - 2] },
        send_timeout: { type: 'integer', default: 2000, between: [0, 2 ** 31 - 2] },
        read_timeout: { type: 'integer', default: 2000, between: [0, 2 ** 31 - 2] },
        username: { type: 'string' },
        password: { type: 'string' },
        database: { type: 'integer', default: 0 },
        ssl: { type: 'boolean', required: true, default: false },
        ssl_verify: { type: 'boolean', required: true, default: false },
        server_name: { type: 'string' },
      },
    },
    hide_client_headers: { type: 'boolean', required: true, default: false },
    error_code: { type: 'number', default: 429, gt: 0 },
    error_message: { type: 'string', default: 'API rate limit exceeded' },
    sync_rate: { type: 'number', required: true, default: -1 },
  },
};

const rateLimitingChecks: EntityCheck = (plugin) => {
  const config = isRecord(plugin.config) ? plugin.config : {};
  if (!PERIODS.some((p) => typeof config[p] === 'number')) {
    return {
      entity: [`at least one of these fields must be non-empty: ${PERIODS.map((p) => `'config.${p}'`).join(', ')}`],
    };
  }
  const missing: Record<string, string> = {};
  const entity: string[] = [];
  if (config.limit_by === 'header' && config.header_name == null) {
    missing.header_name = MESSAGES.required;
    entity.push("failed conditional validation given value of field 'config.limit_by'");
  }
  if (config.limit_by === 'path' && config.path == null) {
    missing.path = MESSAGES.required;
    entity.push("failed conditional validation given value of field 'config.limit_by'");
  }
  return entity.length ? { entity, fields: { config: missing } } : undefined;
};

// kong/plugins/acl/schema.lua (3.9.1), plus Enterprise's include_consumer_groups (imitated, off by default).
const aclConfig: RecordSpec = {
  type: 'record',
  required: true,
  fields: {
    allow: { type: 'array', elements: { type: 'string' } },
    deny: { type: 'array', elements: { type: 'string' } },
    hide_groups_header: { type: 'boolean', required: true, default: false },
    always_use_authenticated_groups: { type: 'boolean', required: true, default: false },
    include_consumer_groups: { type: 'boolean', required: true, default: false },
  },
};

const aclChecks: EntityCheck = (plugin) => {
  const config = (plugin.config ?? {}) as Record<string, unknown>;
  const set = (name: string) => Array.isArray(config[name]) && (config[name] as unknown[]).length > 0;
  if (plugin.consumer != null) return { fields: { consumer: MESSAGES.mustBeNull } };
  if (set('allow') && set('deny'))
    return { entity: ["only one of these fields must be non-empty: 'config.allow', 'config.deny'"] };
  if (!set('allow') && !set('deny'))
    return { entity: ["at least one of these fields must be non-empty: 'config.allow', 'config.deny'"] };
  return undefined;
};

// kong/plugins/basic-auth/schema.lua (3.9.1)
const basicAuthConfig: RecordSpec = {
  type: 'record',
  required: true,
  fields: {
    anonymous: { type: 'string' },
    hide_credentials: { type: 'boolean', required: true, default: false },
    realm: { type: 'string', required: true, default: 'service' },
  },
};

const present = (v: unknown) => v !== null && v !== undefined;

// kong/plugins/request-termination/schema.lua (3.9.1)
const requestTerminationConfig: RecordSpec = {
  type: 'record',
  required: true,
  customValidator: (config) => {
    if (present(config.message) && (present(config.content_type) || present(config.body)))
      return 'message cannot be used with content_type or body';
    if (present(config.content_type) && !present(config.body)) return 'content_type requires a body';
    if (config.echo === true && (present(config.content_type) || present(config.body)))
      return 'echo cannot be used with content_type and body';
    return undefined;
  },
  fields: {
    status_code: { type: 'integer', default: 503, between: [100, 599] },
    message: { type: 'string' },
    content_type: { type: 'string' },
    body: { type: 'string' },
    echo: {
      type: 'boolean',
      required: true,
      default: false,
      // Kong's echo dumps the node, the whole request and the matched entities; the sandbox says so rather than half-do
      // it.
      validate: (echo: boolean) => (echo ? 'the kong-workshop sandbox does not implement echo' : undefined),
    },
    trigger: headerName,
  },
};

const keyAuthChecks: EntityCheck = (plugin) =>
  plugin.consumer != null ? { fields: { consumer: MESSAGES.mustBeNull } } : undefined;

export const PLUGIN_CONFIGS: Readonly<Record<PluginName, { config: RecordSpec; checks: readonly EntityCheck[] }>> = {
  'key-auth': { config: keyAuthConfig, checks: [keyAuthChecks] },
  'basic-auth': { config: basicAuthConfig, checks: [keyAuthChecks] },
  jwt: { config: jwtConfig, checks: [jwtChecks] },
  'hmac-auth': { config: hmacAuthConfig, checks: [keyAuthChecks] },
  oauth2: { config: oauth2Config, checks: [oauth2Checks] },
  acl: { config: aclConfig, checks: [aclChecks] },
  'request-termination': { config: requestTerminationConfig, checks: [] },
  'rate-limiting': { config: rateLimitingConfig, checks: [rateLimitingChecks] },
  ...MORE_PLUGINS,
};

/** The plugin entity's own fields; `config` is filled per plugin name. */
const pluginFields: Fields = {
  id: uuidField,
  created_at: timestamp,
  updated_at: timestamp,
  name: { type: 'string', required: true },
  instance_name: utf8Name,
  route: { type: 'foreign', reference: 'routes' },
  service: { type: 'foreign', reference: 'services' },
  consumer: { type: 'foreign', reference: 'consumers' },
  /** Enterprise's plugin scope to a consumer group, imitated. */
  consumer_group: { type: 'foreign', reference: 'consumer_groups' },
  config: { type: 'record', fields: {} },
  protocols: httpProtocols,
  enabled: { type: 'boolean', required: true, default: true },
  tags,
  ordering: { type: 'record', fields: {}, default: null },
};

export const plugins: EntitySchema = {
  name: 'plugins',
  endpointKey: 'instance_name',
  uniqueFields: ['instance_name'],
  fields: pluginFields,
  checks: [],
};

/** `plugin 'x' not enabled; …`, Kong's answer for a plugin it does not have. */
export function unknownPluginMessage(name: string): string {
  return `plugin '${name}' not enabled; add it to the 'plugins' configuration property`;
}

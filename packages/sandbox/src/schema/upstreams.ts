import type { EntityCheck, FieldSpec, Fields } from './engine.js';
import type { EntitySchema } from './entities.js';
import { headerName, path, tags, timestamp, uuidField } from './typedefs.js';

// kong/db/schema/entities/{upstreams,targets}.lua and kong/db/dao/targets.lua (3.9.1). The sandbox
// balances round-robin by weight only; the other algorithms are accepted and stored as Kong would, so
// deck files that name them sync, and balance round-robin too.

const statuses = (list: number[]): FieldSpec => ({
  type: 'array',
  default: list,
  elements: { type: 'integer', between: [100, 999] },
});
const byte = (d: number): FieldSpec => ({ type: 'integer', default: d, between: [0, 255] });
const seconds = (d: number): FieldSpec => ({ type: 'number', default: d, between: [0, 65535] });
const checkType: FieldSpec = { type: 'string', default: 'http', oneOf: ['tcp', 'http', 'https', 'grpc', 'grpcs'] };

const PASSIVE_HEALTHY = [200, 201, 202, 203, 204, 205, 206, 207, 208, 226, 300, 301, 302, 303, 304, 305, 306, 307, 308];

// upstreams.lua gen_fields(healthchecks_config): every level is a record whose default is the whole table.
const healthchecks: FieldSpec = record({
  active: record({
    type: checkType,
    timeout: seconds(1),
    concurrency: { type: 'integer', default: 10, between: [1, 2 ** 31] },
    http_path: { ...path, default: '/' },
    https_sni: { type: 'string' },
    https_verify_certificate: { type: 'boolean', required: true, default: true },
    headers: { type: 'map', keys: headerName, values: { type: 'array', elements: { type: 'string' } } },
    healthy: record({ interval: seconds(0), http_statuses: statuses([200, 302]), successes: byte(0) }),
    unhealthy: record({
      interval: seconds(0),
      http_statuses: statuses([429, 404, 500, 501, 502, 503, 504, 505]),
      tcp_failures: byte(0),
      timeouts: byte(0),
      http_failures: byte(0),
    }),
  }),
  passive: record({
    type: checkType,
    healthy: record({ http_statuses: statuses(PASSIVE_HEALTHY), successes: byte(0) }),
    unhealthy: record({
      http_statuses: statuses([429, 500, 503]),
      tcp_failures: byte(0),
      timeouts: byte(0),
      http_failures: byte(0),
    }),
  }),
  threshold: { type: 'number', default: 0, between: [0, 100] },
});

/** A record whose default is its fields' defaults, as gen_fields builds them. */
function record(fields: Fields): FieldSpec {
  return { type: 'record', fields, default: defaultsOf(fields) };
}

function defaultsOf(fields: Fields): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [name, spec] of Object.entries(fields)) out[name] = spec.default ?? null;
  return out;
}

const hashOn: FieldSpec = {
  type: 'string',
  default: 'none',
  oneOf: ['none', 'consumer', 'ip', 'header', 'cookie', 'path', 'query_arg', 'uri_capture'],
};
const simpleParam: FieldSpec = { type: 'string', lenMin: 1 };

/** validate_name: a host name, no IP address, no port. */
function validateUpstreamName(name: string): string | undefined {
  if (/^\d+(\.\d+){3}$/.test(name) || name.includes('[')) return `Invalid name ('${name}'); no ip addresses allowed`;
  if (/:\d*$/.test(name)) return `Invalid name ('${name}'); no port allowed`;
  if (!/^[A-Za-z0-9_.-]+$/.test(name)) return `Invalid name ('${name}'); must be a valid hostname`;
  return undefined;
}

const hashNeedsHeader: EntityCheck = (u): ReturnType<EntityCheck> => {
  if (u.hash_on === 'header' && u.hash_on_header == null)
    return { fields: { hash_on_header: 'required field missing' } };
  if (u.hash_on === 'none' && u.hash_fallback !== 'none' && u.hash_fallback != null)
    return { fields: { hash_fallback: 'expected one of: none' } };
  return undefined;
};

export const upstreams: EntitySchema = {
  name: 'upstreams',
  endpointKey: 'name',
  uniqueFields: ['name'],
  fields: {
    id: uuidField,
    created_at: timestamp,
    name: { type: 'string', required: true, validate: validateUpstreamName },
    updated_at: timestamp,
    algorithm: {
      type: 'string',
      default: 'round-robin',
      oneOf: ['consistent-hashing', 'least-connections', 'round-robin', 'latency'],
    },
    hash_on: hashOn,
    hash_fallback: hashOn,
    hash_on_header: headerName,
    hash_fallback_header: headerName,
    hash_on_cookie: { type: 'string' },
    hash_on_cookie_path: { ...path, default: '/' },
    hash_on_query_arg: simpleParam,
    hash_fallback_query_arg: simpleParam,
    hash_on_uri_capture: simpleParam,
    hash_fallback_uri_capture: simpleParam,
    slots: { type: 'integer', default: 10000, between: [10, 2 ** 16] },
    healthchecks,
    tags,
    host_header: { type: 'string' },
    client_certificate: { type: 'foreign', reference: 'certificates' },
    use_srv_name: { type: 'boolean', default: false },
  },
  checks: [hashNeedsHeader],
};

/** targets.lua validate_target: a host name or IP address, with an optional port. */
function validateTarget(target: string): string | undefined {
  return parseTarget(target) ? undefined : `Invalid target ('${target}'); not a valid hostname or ip address`;
}

/** A target's host and port; dao/targets.lua format_target adds the default port 8000. */
export function parseTarget(target: string): { host: string; port: number } | undefined {
  const v6 = /^\[([0-9A-Fa-f:.]+)\](?::(\d+))?$/.exec(target);
  if (v6) return { host: `[${v6[1]}]`, port: v6[2] ? Number(v6[2]) : 8000 };
  const m = /^([A-Za-z0-9_.-]+)(?::(\d+))?$/.exec(target);
  if (!m?.[1]) return undefined;
  const port = m[2] === undefined ? 8000 : Number(m[2]);
  return port > 65535 ? undefined : { host: m[1], port };
}

/** The stored form of a target: always with its port (format_target). */
export function formatTarget(target: string): string {
  const parsed = parseTarget(target);
  return parsed ? `${parsed.host}:${parsed.port}` : target;
}

export const targets: EntitySchema = {
  name: 'targets',
  endpointKey: 'target',
  uniqueFields: [],
  fields: {
    id: uuidField,
    // auto_timestamp_ms: seconds with milliseconds.
    created_at: { type: 'number' },
    updated_at: { type: 'number' },
    upstream: { type: 'foreign', reference: 'upstreams', required: true },
    target: { type: 'string', required: true, validate: validateTarget },
    weight: { type: 'integer', default: 100, between: [0, 65535] },
    tags,
  },
  checks: [],
  expandShorthands: (input) => {
    if (typeof input.target === 'string') input.target = formatTarget(input.target);
    return undefined;
  },
};

import type { FieldErrors } from '../dao-errors.js';
import { atLeastOneOf, type EntityCheck, type Fields } from './engine.js';
import {
  HTTP_PROTOCOLS,
  headerName,
  host,
  methods,
  path,
  routerPath,
  tags,
  timestamp,
  utf8Name,
  uuidField,
  wildcardHost,
} from './typedefs.js';

/** Every entity type, parents before the entities that reference them (the declarative loader relies on it). */
export const ENTITY_TYPES = [
  'upstreams',
  'targets',
  'services',
  'routes',
  'consumers',
  'consumer_groups',
  'consumer_group_consumers',
  'plugins',
  'keyauth_credentials',
  'basicauth_credentials',
  'acls',
  'jwt_secrets',
  'hmacauth_credentials',
  'oauth2_credentials',
  'oauth2_tokens',
] as const;
export type EntityType = (typeof ENTITY_TYPES)[number];

/** What the sandbox knows of one Kong entity type: fields, checks, keys and admin names. */
export interface EntitySchema {
  readonly name: EntityType;
  readonly fields: Fields;
  readonly checks: readonly EntityCheck[];
  /** The other unique field a URL may name instead of the id (`/consumers/bob`). */
  readonly endpointKey: string;
  readonly uniqueFields: readonly string[];
  /** Rewrites shorthand input (a service's `url`) before validation; returns field errors. */
  readonly expandShorthands?: (input: Record<string, unknown>) => FieldErrors | undefined;
  /** Fields Kong generates when absent (a credential's key). */
  readonly autoFields?: Readonly<Record<string, () => string>>;
}

const common: Fields = {
  id: uuidField,
  created_at: timestamp,
};

const timeout = { type: 'integer', between: [1, 2 ** 31 - 2], default: 60000 } as const;

export const services: EntitySchema = {
  name: 'services',
  endpointKey: 'name',
  uniqueFields: ['name'],
  fields: {
    ...common,
    updated_at: timestamp,
    name: utf8Name,
    retries: { type: 'integer', default: 5, between: [0, 32767] },
    protocol: { type: 'string', required: true, default: 'http', oneOf: HTTP_PROTOCOLS },
    host: { ...host, required: true },
    port: { type: 'integer', required: true, default: 80, between: [0, 65535] },
    path,
    connect_timeout: timeout,
    write_timeout: timeout,
    read_timeout: timeout,
    tags,
    client_certificate: { type: 'foreign', reference: 'certificates' },
    tls_verify: { type: 'boolean' },
    tls_verify_depth: { type: 'integer', between: [0, 64] },
    ca_certificates: { type: 'array', elements: uuidField },
    enabled: { type: 'boolean', required: true, default: true },
  },
  checks: [],
  expandShorthands: expandServiceUrl,
};

/** Kong's `url` sugar: one field for protocol, host, port and path. */
function expandServiceUrl(input: Record<string, unknown>): FieldErrors | undefined {
  const url = input.url;
  if (url === undefined) return undefined;
  delete input.url;
  if (url === null) return undefined;
  if (typeof url !== 'string') return { url: 'expected a string' };
  const match = /^([A-Za-z][A-Za-z0-9+.-]*):\/\/([^/?#:]*|\[[^\]]*\])(?::(\d*))?([^?#]*)/.exec(url);
  if (!match) return { url: /^[A-Za-z][A-Za-z0-9+.-]*:/.test(url) ? 'missing host in url' : 'missing scheme in url' };
  const [, scheme, hostPart, portPart, pathPart] = match;
  if (!hostPart) return { url: 'missing host in url' };
  const protocol = scheme!.toLowerCase();
  input.protocol = protocol;
  input.host = hostPart;
  input.port = portPart ? Number(portPart) : protocol === 'https' ? 443 : 80;
  input.path = pathPart ? pathPart : null;
  return undefined;
}

const routeNeedsMatcher: EntityCheck = (route) => {
  const protocols = (route.protocols as string[] | null) ?? [];
  const names = protocols.includes('https')
    ? ['methods', 'hosts', 'headers', 'paths', 'snis']
    : ['methods', 'hosts', 'headers', 'paths'];
  const set = names.some((name) => {
    const value = route[name];
    return (
      value !== null &&
      value !== undefined &&
      (Array.isArray(value) ? value.length > 0 : Object.keys(value as object).length > 0)
    );
  });
  if (set) return undefined;
  const which = protocols.includes('https') ? 'https' : 'http';
  return { entity: [`must set one of ${names.map((n) => `'${n}'`).join(', ')} when 'protocols' is '${which}'`] };
};

export const routes: EntitySchema = {
  name: 'routes',
  endpointKey: 'name',
  uniqueFields: ['name'],
  fields: {
    ...common,
    updated_at: timestamp,
    name: utf8Name,
    protocols: {
      type: 'array',
      required: true,
      lenMin: 1,
      default: ['http', 'https'],
      elements: { type: 'string', oneOf: HTTP_PROTOCOLS },
    },
    https_redirect_status_code: { type: 'integer', required: true, default: 426, oneOf: [426, 301, 302, 307, 308] },
    strip_path: { type: 'boolean', required: true, default: true },
    preserve_host: { type: 'boolean', required: true, default: false },
    request_buffering: { type: 'boolean', required: true, default: true },
    response_buffering: { type: 'boolean', required: true, default: true },
    tags,
    service: { type: 'foreign', reference: 'services' },
    snis: { type: 'array', elements: wildcardHost },
    sources: {
      type: 'array',
      elements: { type: 'record', fields: { ip: { type: 'string' }, port: { type: 'integer' } } },
    },
    destinations: {
      type: 'array',
      elements: { type: 'record', fields: { ip: { type: 'string' }, port: { type: 'integer' } } },
    },
    methods,
    hosts: { type: 'array', elements: wildcardHost },
    paths: { type: 'array', elements: routerPath },
    headers: { type: 'map', keys: headerName, values: { type: 'array', elements: { type: 'string' } } },
    regex_priority: { type: 'integer', default: 0 },
    path_handling: { type: 'string', default: 'v0', oneOf: ['v0', 'v1'] },
  },
  checks: [routeNeedsMatcher],
};

export const consumers: EntitySchema = {
  name: 'consumers',
  endpointKey: 'username',
  uniqueFields: ['username', 'custom_id'],
  fields: {
    ...common,
    updated_at: timestamp,
    username: { type: 'string' },
    custom_id: { type: 'string' },
    tags,
  },
  checks: [atLeastOneOf(['custom_id', 'username'])],
};

export const keyauthCredentials: EntitySchema = {
  name: 'keyauth_credentials',
  endpointKey: 'key',
  uniqueFields: ['key'],
  fields: {
    ...common,
    consumer: { type: 'foreign', reference: 'consumers', required: true },
    key: { type: 'string' },
    ttl: { type: 'integer', between: [0, 100000000] },
    tags,
  },
  checks: [],
};

/**
 * Consumer groups are a Kong Gateway Enterprise entity (not in Kong OSS 3.9): the sandbox imitates
 * them for teaching, with Kong's usual entity rules (a unique, required name; tags).
 */
export const consumerGroups: EntitySchema = {
  name: 'consumer_groups',
  endpointKey: 'name',
  uniqueFields: ['name'],
  fields: {
    ...common,
    updated_at: timestamp,
    name: { type: 'string', required: true },
    tags,
  },
  checks: [],
};

/** A consumer's membership of a group (Enterprise's consumer_group_consumers, imitated). */
export const consumerGroupConsumers: EntitySchema = {
  name: 'consumer_group_consumers',
  endpointKey: 'id',
  uniqueFields: [],
  fields: {
    ...common,
    consumer_group: { type: 'foreign', reference: 'consumer_groups', required: true },
    consumer: { type: 'foreign', reference: 'consumers', required: true },
  },
  checks: [],
};

// kong/plugins/acl/daos.lua (3.9.1): a group name per consumer, unique per (consumer, group).
export const acls: EntitySchema = {
  name: 'acls',
  endpointKey: 'id',
  uniqueFields: [],
  fields: {
    ...common,
    consumer: { type: 'foreign', reference: 'consumers', required: true },
    group: { type: 'string', required: true },
    tags,
  },
  checks: [],
};

// kong/plugins/basic-auth/daos.lua (3.9.1): username is the endpoint key; the password is stored
// as sha1(password .. consumer_id) in hex (crypto.lua), which is what the Admin API shows.
export const basicauthCredentials: EntitySchema = {
  name: 'basicauth_credentials',
  endpointKey: 'username',
  uniqueFields: ['username'],
  fields: {
    ...common,
    consumer: { type: 'foreign', reference: 'consumers', required: true },
    username: { type: 'string', required: true },
    password: { type: 'string', required: true },
    tags,
  },
  checks: [],
};

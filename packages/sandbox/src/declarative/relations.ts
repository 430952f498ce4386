import { ENTITY_TYPES, type EntityType } from '../schema/entities.js';

/** Children a declarative entity may nest, and the foreign field that points back at the parent. */
export const NESTED_CHILDREN: Readonly<
  Record<EntityType, Readonly<Record<string, { type: EntityType; field: string }>>>
> = {
  upstreams: { targets: { type: 'targets', field: 'upstream' } },
  targets: {},
  services: { routes: { type: 'routes', field: 'service' }, plugins: { type: 'plugins', field: 'service' } },
  routes: { plugins: { type: 'plugins', field: 'route' } },
  consumers: {
    plugins: { type: 'plugins', field: 'consumer' },
    keyauth_credentials: { type: 'keyauth_credentials', field: 'consumer' },
    basicauth_credentials: { type: 'basicauth_credentials', field: 'consumer' },
    acls: { type: 'acls', field: 'consumer' },
    jwt_secrets: { type: 'jwt_secrets', field: 'consumer' },
    hmacauth_credentials: { type: 'hmacauth_credentials', field: 'consumer' },
    oauth2_credentials: { type: 'oauth2_credentials', field: 'consumer' },
  },
  consumer_groups: {
    plugins: { type: 'plugins', field: 'consumer_group' },
    consumer_group_consumers: { type: 'consumer_group_consumers', field: 'consumer_group' },
  },
  consumer_group_consumers: {},
  plugins: {},
  keyauth_credentials: {},
  basicauth_credentials: {},
  acls: {},
  jwt_secrets: {},
  hmacauth_credentials: {},
  oauth2_credentials: {},
  oauth2_tokens: {},
};

/** Foreign fields of each entity type and what they reference. */
export const FOREIGN: Readonly<Record<EntityType, Readonly<Record<string, EntityType>>>> = {
  upstreams: {},
  targets: { upstream: 'upstreams' },
  services: {},
  routes: { service: 'services' },
  consumers: {},
  consumer_groups: {},
  consumer_group_consumers: { consumer_group: 'consumer_groups', consumer: 'consumers' },
  plugins: { route: 'routes', service: 'services', consumer: 'consumers', consumer_group: 'consumer_groups' },
  keyauth_credentials: { consumer: 'consumers' },
  basicauth_credentials: { consumer: 'consumers' },
  acls: { consumer: 'consumers' },
  jwt_secrets: { consumer: 'consumers' },
  hmacauth_credentials: { consumer: 'consumers' },
  oauth2_credentials: { consumer: 'consumers' },
  oauth2_tokens: { service: 'services', credential: 'oauth2_credentials' },
};

/**
 * Kong's order for processing top-level sections (parents before the entities that reference them):
 * ENTITY_TYPES is already written in that order.
 */
export const SECTION_ORDER: readonly EntityType[] = ENTITY_TYPES;

export const singular = (type: string): string => (type.endsWith('s') ? type.slice(0, -1) : type);

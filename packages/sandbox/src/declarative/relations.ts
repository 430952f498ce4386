import type { EntityType } from '../schema/entities.js';

/** Children a declarative entity may nest, and the foreign field that points back at the parent. */
export const NESTED_CHILDREN: Readonly<
  Record<EntityType, Readonly<Record<string, { type: EntityType; field: string }>>>
> = {
  services: { routes: { type: 'routes', field: 'service' }, plugins: { type: 'plugins', field: 'service' } },
  routes: { plugins: { type: 'plugins', field: 'route' } },
  consumers: {
    plugins: { type: 'plugins', field: 'consumer' },
    keyauth_credentials: { type: 'keyauth_credentials', field: 'consumer' },
  },
  plugins: {},
  keyauth_credentials: {},
};

/** Foreign fields of each entity type and what they reference. */
export const FOREIGN: Readonly<Record<EntityType, Readonly<Record<string, EntityType>>>> = {
  services: {},
  routes: { service: 'services' },
  consumers: {},
  plugins: { route: 'routes', service: 'services', consumer: 'consumers' },
  keyauth_credentials: { consumer: 'consumers' },
};

/** Kong's order for processing top-level sections (parents before the entities that reference them). */
export const SECTION_ORDER: readonly EntityType[] = [
  'services',
  'routes',
  'consumers',
  'plugins',
  'keyauth_credentials',
];

export const singular = (type: string): string => (type.endsWith('s') ? type.slice(0, -1) : type);

import type { IncomingMessage, ServerResponse } from 'node:http';
import type { EntityType } from '../schema/entities.js';
import { PLUGIN_NAMES } from '../schema/plugins.js';
import { SCHEMAS, type Entity } from '../schema/validate.js';
import { refId, type Store, type StoreResult } from '../store/store.js';
import { isUuid } from '../ids.js';
import { readAdminBody, sendJson, type AdminReply } from './http.js';

// The Admin API's entity endpoints (kong/api/endpoints.lua): collections, items, nested
// collections under a parent, with Kong's status codes and list pages.

/** URL names of entity collections. */
const COLLECTIONS: Readonly<Record<string, EntityType>> = {
  services: 'services',
  routes: 'routes',
  consumers: 'consumers',
  plugins: 'plugins',
  'key-auths': 'keyauth_credentials',
  consumer_groups: 'consumer_groups',
  acls: 'acls',
  'basic-auths': 'basicauth_credentials',
  upstreams: 'upstreams',
  jwts: 'jwt_secrets',
  'hmac-auths': 'hmacauth_credentials',
  oauth2: 'oauth2_credentials',
  oauth2_tokens: 'oauth2_tokens',
};

/** Children reachable under a parent: `/consumers/{c}/key-auth`, `/services/{s}/routes`, … */
const NESTED: Readonly<Record<string, Readonly<Record<string, { type: EntityType; field: string }>>>> = {
  services: { routes: { type: 'routes', field: 'service' }, plugins: { type: 'plugins', field: 'service' } },
  routes: { plugins: { type: 'plugins', field: 'route' } },
  consumers: {
    plugins: { type: 'plugins', field: 'consumer' },
    'key-auth': { type: 'keyauth_credentials', field: 'consumer' },
    acls: { type: 'acls', field: 'consumer' },
    'basic-auth': { type: 'basicauth_credentials', field: 'consumer' },
    jwt: { type: 'jwt_secrets', field: 'consumer' },
    'hmac-auth': { type: 'hmacauth_credentials', field: 'consumer' },
    oauth2: { type: 'oauth2_credentials', field: 'consumer' },
  },
  consumer_groups: { plugins: { type: 'plugins', field: 'consumer_group' } },
  upstreams: { targets: { type: 'targets', field: 'upstream' } },
};

/** A child's single parent: `/routes/{r}/service`, `/key-auths/{k}/consumer`, `/plugins/{p}/route`. */
const PARENT_LINKS: Readonly<Record<string, Readonly<Record<string, EntityType>>>> = {
  routes: { service: 'services' },
  'key-auths': { consumer: 'consumers' },
  acls: { consumer: 'consumers' },
  'basic-auths': { consumer: 'consumers' },
  jwts: { consumer: 'consumers' },
  'hmac-auths': { consumer: 'consumers' },
  oauth2: { consumer: 'consumers' },
  plugins: { route: 'routes', service: 'services', consumer: 'consumers', consumer_group: 'consumer_groups' },
};

/** The entity endpoints in Kong's `/endpoints` spelling (`{services}` for a path parameter). */
export function entityEndpoints(): string[] {
  const out: string[] = ['/plugins/enabled'];
  for (const [name, type] of Object.entries(COLLECTIONS)) {
    out.push(`/${name}`, `/${name}/{${type}}`);
    for (const [sub, child] of Object.entries(NESTED[name] ?? {}))
      out.push(`/${name}/{${type}}/${sub}`, `/${name}/{${type}}/${sub}/{${child.type}}`);
    for (const sub of Object.keys(PARENT_LINKS[name] ?? {})) out.push(`/${name}/{${type}}/${sub}`);
  }
  return out;
}

const NOT_FOUND = { message: 'Not found' };
const NOT_ALLOWED = { message: 'Method not allowed' };

/** Handles an entity URL; returns false when the path is not an entity endpoint. */
export async function handleEntityRoute(
  store: Store,
  req: IncomingMessage,
  res: ServerResponse,
  segments: readonly string[],
  query: URLSearchParams,
  reply: AdminReply,
): Promise<boolean> {
  const [collection, id, sub, subId, ...rest] = segments;
  const type = collection ? COLLECTIONS[collection] : undefined;
  if (!type || rest.length) return false;
  const method = req.method ?? 'GET';
  const send = (status: number, body?: unknown) => sendJson(res, status, body, reply);

  if (id === undefined)
    return collectionEndpoint(store, req, type, undefined, query, collection!, send).then(() => true);
  if (type === 'plugins' && id === 'enabled' && sub === undefined) {
    if (method !== 'GET') return sent(send, 405, NOT_ALLOWED);
    return sent(send, 200, { enabled_plugins: PLUGIN_NAMES });
  }
  const decodedId = decodeURIComponent(id);
  if (sub === undefined) return itemEndpoint(store, req, type, decodedId, undefined, send).then(() => true);

  const parent = store.find(type, decodedId);
  const nested = NESTED[collection!]?.[sub];
  if (nested) {
    if (!parent) return sent(send, 404, NOT_FOUND);
    if (subId === undefined)
      return collectionEndpoint(
        store,
        req,
        nested.type,
        { field: nested.field, entity: parent },
        query,
        `${collection}/${id}/${sub}`,
        send,
      ).then(() => true);
    return itemEndpoint(
      store,
      req,
      nested.type,
      decodeURIComponent(subId),
      { field: nested.field, entity: parent },
      send,
    ).then(() => true);
  }
  const link = PARENT_LINKS[collection!]?.[sub];
  if (link && subId === undefined) {
    if (method !== 'GET') return sent(send, 405, NOT_ALLOWED);
    const target = parent && refId(parent[sub]);
    const found = target ? store.byId(link, target) : undefined;
    return sent(send, found ? 200 : 404, found ? present(found) : NOT_FOUND);
  }
  return false;
}

type Send = (status: number, body?: unknown) => void;

/** Sends a response and says the request was handled. */
function sent(send: Send, status: number, body: unknown): true {
  send(status, body);
  return true;
}
type Parent = { field: string; entity: Entity } | undefined;

async function collectionEndpoint(
  store: Store,
  req: IncomingMessage,
  type: EntityType,
  parent: Parent,
  query: URLSearchParams,
  basePath: string,
  send: Send,
): Promise<void> {
  if (req.method === 'GET' || req.method === 'HEAD') {
    if (type === 'consumers' && !parent && query.has('custom_id')) {
      // kong/api/routes/consumers.lua: a lookup by custom_id, one consumer or none, never a page.
      const customId = query.get('custom_id');
      if (!customId) return send(400, { message: 'custom_id must be an unempty string' });
      const found = store.list('consumers').find((c) => c.custom_id === customId);
      return send(200, { data: found ? [present(found)] : [], next: null });
    }
    return listPage(
      store.list(type).filter((e) => belongsTo(e, parent)),
      query,
      basePath,
      send,
      parent !== undefined,
    );
  }
  if (req.method !== 'POST') return send(405, NOT_ALLOWED);
  const body = await readAdminBody(req);
  if (body.kind === 'bad-json') return send(400, { message: 'Cannot parse JSON body' });
  if (body.kind === 'unsupported') return send(415);
  const input = { ...body.values, ...(parent ? { [parent.field]: { id: parent.entity.id } } : {}) };
  answer(store.insert(type, input, { coerce: body.form }), 201, send);
}

async function itemEndpoint(
  store: Store,
  req: IncomingMessage,
  type: EntityType,
  idOrKey: string,
  parent: Parent,
  send: Send,
): Promise<void> {
  // kong/plugins/acl/api.lua: under a consumer, an ACL is also named by its group.
  const found =
    type === 'acls' && parent && !isUuid(idOrKey)
      ? store.list('acls').find((a) => refId(a.consumer) === parent.entity.id && a.group === idOrKey)
      : store.find(type, idOrKey);
  const entity = found && belongsTo(found, parent) ? found : undefined;
  switch (req.method) {
    case 'GET':
    case 'HEAD':
      return entity ? send(200, present(entity)) : send(404, NOT_FOUND);
    case 'DELETE':
      if (!entity) return parent ? send(404, NOT_FOUND) : send(204);
      return answer(store.remove(type, entity), 204, send);
    case 'PATCH': {
      if (!entity) return send(404, NOT_FOUND);
      const body = await readAdminBody(req);
      if (body.kind === 'bad-json') return send(400, { message: 'Cannot parse JSON body' });
      if (body.kind === 'unsupported') return send(415);
      return answer(store.update(type, entity, body.values, { coerce: body.form }), 200, send);
    }
    case 'PUT': {
      const body = await readAdminBody(req);
      if (body.kind === 'bad-json') return send(400, { message: 'Cannot parse JSON body' });
      if (body.kind === 'unsupported') return send(415);
      const input: Record<string, unknown> = {
        ...body.values,
        ...(parent ? { [parent.field]: { id: parent.entity.id } } : {}),
      };
      if (!entity) {
        // PUT to a name creates the entity with that name (or that id, for a UUID).
        if (isUuid(idOrKey)) input.id = idOrKey;
        else input[endpointKeyOf(type)] = idOrKey;
      }
      return answer(store.replaceOne(type, entity, input, { coerce: body.form }), 200, send);
    }
    default:
      return send(405, NOT_ALLOWED);
  }
}

const endpointKeyOf = (type: EntityType) => SCHEMAS[type].endpointKey;

function belongsTo(entity: Entity, parent: Parent): boolean {
  return !parent || refId(entity[parent.field]) === parent.entity.id;
}

function answer(result: StoreResult, status: number, send: Send): void {
  if (result.ok) send(status, status === 204 ? undefined : present(result.entity));
  else send(result.status, result.error);
}

/** An entity as the Admin API shows it. */
export function present(entity: Entity): Entity {
  if (!('ttl' in entity) || entity.ttl !== null) return entity;
  const { ttl: _unset, ...rest } = entity;
  return rest as Entity;
}

function listPage(all: Entity[], query: URLSearchParams, basePath: string, send: Send, nested: boolean): void {
  const tags = query.get('tags');
  const filtered = tags ? all.filter((e) => matchesTags(e.tags as string[] | null, tags)) : all;
  const sizeText = query.get('size');
  const size = sizeText === null ? 100 : Number(sizeText);
  // endpoints.lua get_page_size, then dao/init.lua validate_size_value: code 9, "invalid size".
  if (!Number.isInteger(size) || size < 1 || size > 1000) {
    const message =
      sizeText !== null && (sizeText.trim() === '' || Number.isNaN(size))
        ? 'size must be a number'
        : 'size must be an integer between 1 and 1000';
    send(400, { code: 9, name: 'invalid size', message });
    return;
  }
  const offsetText = query.get('offset');
  const start = offsetText ? Number.parseInt(Buffer.from(offsetText, 'base64').toString('utf8'), 10) : 0;
  if (!Number.isInteger(start) || start < 0) {
    send(400, {
      code: 7,
      name: 'invalid offset',
      message: `'${offsetText}' is not a valid offset: bad base64 encoding`,
    });
    return;
  }
  const data = filtered.slice(start, start + size).map(present);
  const more = start + size < filtered.length;
  const offset = more ? Buffer.from(String(start + size)).toString('base64') : undefined;
  // endpoints.lua get_collection_endpoint: offset, then tags, then size as given; nested lists carry only the offset.
  const extra = nested
    ? ''
    : `${tags ? `&tags=${encodeURIComponent(tags)}` : ''}${sizeText !== null ? `&size=${sizeText}` : ''}`;
  const next = offset ? `/${basePath}?offset=${encodeURIComponent(offset)}${extra}` : null;
  send(200, offset ? { data, offset, next } : { data, next });
}

/** `tags=a,b` needs both; `tags=a/b` needs either (Kong's tag filter). */
function matchesTags(tags: string[] | null, filter: string): boolean {
  const own = new Set(tags ?? []);
  return filter.includes('/') ? filter.split('/').some((t) => own.has(t)) : filter.split(',').every((t) => own.has(t));
}

import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Entity } from '../schema/validate.js';
import { refId, type Store } from '../store/store.js';
import { present } from './entity-routes.js';
import { readAdminBody, sendJson, type AdminReply } from './http.js';

// Consumer groups' own Admin API shapes (Kong Gateway Enterprise, imitated for teaching; Kong OSS
// 3.9 has no consumer groups): a group with its consumers and plugins, and membership both ways.
//   GET    /consumer_groups/{g}                    {consumer_group, consumers, plugins}
//   GET    /consumer_groups/{g}/consumers          {data: [consumers], next}
//   POST   /consumer_groups/{g}/consumers          {"consumer": "bob"} or a list → 201 {consumer_group, consumers}
//   DELETE /consumer_groups/{g}/consumers[/{c}]    204
//   GET    /consumers/{c}/consumer_groups          {data: [groups], next}
//   POST   /consumers/{c}/consumer_groups          {"group": "gold"} or a list → 201 {consumer, consumer_groups}
//   GET    /consumers/{c}/consumer_groups/{g}      {consumer_group}
//   DELETE /consumers/{c}/consumer_groups/{g}      204

const NOT_FOUND = { message: 'Not found' };

/** Handles the membership and group-view paths; false for every other path. */
export async function handleConsumerGroups(
  store: Store,
  req: IncomingMessage,
  res: ServerResponse,
  segments: readonly string[],
  reply: AdminReply,
): Promise<boolean> {
  const [collection, id, sub, subId, ...rest] = segments;
  if (rest.length || id === undefined) return false;
  // Every answer ends the request's handling here: true tells the router it was handled.
  const send = (status: number, body?: unknown): true => {
    sendJson(res, status, body, reply);
    return true;
  };
  const method = req.method ?? 'GET';
  if (collection === 'consumer_groups' && sub === undefined && method === 'GET') {
    const group = store.find('consumer_groups', decodeURIComponent(id));
    if (!group) return send(404, NOT_FOUND);
    return send(200, groupView(store, group));
  }
  const groupSide = collection === 'consumer_groups' && sub === 'consumers';
  const consumerSide = collection === 'consumers' && sub === 'consumer_groups';
  if (!groupSide && !consumerSide) return false;
  const owner = store.find(groupSide ? 'consumer_groups' : 'consumers', decodeURIComponent(id));
  if (!owner) {
    req.resume();
    return send(404, NOT_FOUND);
  }
  const memberships = store
    .list('consumer_group_consumers')
    .filter((m) => refId(groupSide ? m.consumer_group : m.consumer) === owner.id);
  const otherType = groupSide ? 'consumers' : 'consumer_groups';
  const otherOf = (m: Entity) => store.byId(otherType, refId(groupSide ? m.consumer : m.consumer_group) ?? '');

  if (subId !== undefined) {
    const other = store.find(otherType, decodeURIComponent(subId));
    const membership = other && memberships.find((m) => otherOf(m)?.id === other.id);
    if (method === 'GET') {
      req.resume();
      if (!membership || !other) return send(404, NOT_FOUND);
      return send(200, groupSide ? { consumer: present(other) } : { consumer_group: present(other) });
    }
    if (method !== 'DELETE') return send(405, { message: 'Method not allowed' });
    if (!membership) return send(404, NOT_FOUND);
    store.remove('consumer_group_consumers', membership);
    return send(204);
  }

  if (method === 'GET') {
    const data = memberships.flatMap((m) => {
      const other = otherOf(m);
      return other ? [present(other)] : [];
    });
    return send(200, { data, next: null });
  }
  if (method === 'DELETE' && groupSide) {
    for (const m of memberships) store.remove('consumer_group_consumers', m);
    return send(204);
  }
  if (method !== 'POST') return send(405, { message: 'Method not allowed' });
  const body = await readAdminBody(req);
  if (body.kind !== 'ok') return send(400, { message: 'Cannot parse JSON body' });
  const field = groupSide ? 'consumer' : 'group';
  const wanted = body.values[field];
  const names = (Array.isArray(wanted) ? wanted : [wanted]).filter(
    (v): v is string => typeof v === 'string' && v !== '',
  );
  if (names.length === 0) return send(400, { message: `must provide ${field}` });
  const others: Entity[] = [];
  for (const name of names) {
    const other = store.find(otherType, name);
    if (!other) return send(404, { message: `${groupSide ? 'Consumer' : 'Consumer group'} '${name}' not found` });
    others.push(other);
  }
  for (const other of others) {
    const result = store.insert('consumer_group_consumers', {
      consumer_group: { id: groupSide ? owner.id : other.id },
      consumer: { id: groupSide ? other.id : owner.id },
    });
    if (!result.ok) return send(result.status, result.error);
  }
  const view = groupSide
    ? { consumer_group: present(owner), consumers: others.map(present) }
    : { consumer: present(owner), consumer_groups: others.map(present) };
  return send(201, view);
}

function groupView(store: Store, group: Entity): Record<string, unknown> {
  const consumers = store
    .list('consumer_group_consumers')
    .filter((m) => refId(m.consumer_group) === group.id)
    .flatMap((m) => {
      const consumer = store.byId('consumers', refId(m.consumer) ?? '');
      return consumer ? [present(consumer)] : [];
    });
  const plugins = store
    .list('plugins')
    .filter((p) => refId(p.consumer_group) === group.id)
    .map(present);
  return {
    consumer_group: present(group),
    ...(consumers.length ? { consumers } : {}),
    ...(plugins.length ? { plugins } : {}),
  };
}

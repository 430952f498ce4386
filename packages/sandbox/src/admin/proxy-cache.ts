import type { IncomingMessage, ServerResponse } from 'node:http';
import type { PluginMemory } from '../plugins/memory.js';
import type { Store } from '../store/store.js';
import { sendJson, type AdminReply } from './http.js';

// kong/plugins/proxy-cache/api.lua (3.9.1), for the memory strategy (one dictionary shared by every
// proxy-cache plugin):
//   DELETE /proxy-cache                              flush everything → 204
//   GET|DELETE /proxy-cache/{cache_key}              the entry, from any plugin → 200 / 204, else 404
//   GET|DELETE /proxy-cache/{plugin_id}/caches/{key} the same through one plugin → 404 if either is unknown

/** Handles `/proxy-cache…`; false for other paths. */
export function handleProxyCache(
  store: Store,
  memory: PluginMemory,
  req: IncomingMessage,
  res: ServerResponse,
  segments: readonly string[],
  reply: AdminReply,
): boolean {
  if (segments[0] !== 'proxy-cache') return false;
  req.resume();
  const send = (status: number, body?: unknown) => sendJson(res, status, body, reply);
  const method = req.method ?? 'GET';
  const [, first, caches, key, ...rest] = segments;
  if (rest.length || (caches !== undefined && caches !== 'caches') || (caches !== undefined && key === undefined)) {
    send(404, { message: 'Not found' });
    return true;
  }
  if (first === undefined) {
    if (method !== 'DELETE') send(405, { message: 'Method not allowed' });
    else {
      memory.cache.clear();
      send(204);
    }
    return true;
  }
  if (caches !== undefined) {
    const plugin = store.find('plugins', decodeURIComponent(first));
    if (plugin?.name !== 'proxy-cache') {
      send(404, { message: 'Not found' });
      return true;
    }
  }
  const cacheKey = decodeURIComponent(key ?? first);
  const entry = memory.cache.get(cacheKey);
  if (method !== 'GET' && method !== 'DELETE') send(405, { message: 'Method not allowed' });
  else if (!entry) send(404, { message: 'Not found' });
  else if (method === 'DELETE') {
    memory.cache.delete(cacheKey);
    send(204);
  }
  // The stored object, as strategies/memory.lua keeps it (version 1 of the cache format).
  else
    send(200, {
      status: entry.status,
      headers: Object.fromEntries(entry.headers),
      body: entry.body.toString('utf8'),
      body_len: entry.body.length,
      timestamp: entry.timestamp,
      ttl: entry.ttl,
      version: 1,
    });
  return true;
}

import type { IncomingMessage, ServerResponse } from 'node:http';
import { sendJson, type AdminReply } from './http.js';

// Kong 3.9 entities the sandbox does not keep (TLS material, secrets, keys). deck reads every one of
// them before a sync, dump or reset (go-database-reconciler pkg/dump/dump.go) and gives up on a 404
// for certificates and SNIs, so the sandbox lists them as Kong would with none configured: an empty
// page. An item is not found; a write is refused with a message naming the sandbox.

const EMPTY = new Set(['certificates', 'ca_certificates', 'snis', 'vaults', 'keys', 'key-sets']);

/** Answers `/certificates`, `/snis`, … (and their items); false for any other path. */
export function handleEmptyCollection(
  req: IncomingMessage,
  res: ServerResponse,
  segments: readonly string[],
  reply: AdminReply,
): boolean {
  const [collection, id, ...rest] = segments;
  if (!collection || !EMPTY.has(collection) || rest.length) return false;
  req.resume();
  const method = req.method ?? 'GET';
  if (method === 'GET' || method === 'HEAD') {
    if (id === undefined) sendJson(res, 200, { data: [], next: null }, reply);
    else sendJson(res, 404, { message: 'Not found' }, reply);
    return true;
  }
  if (method === 'DELETE' && id !== undefined) {
    // Kong answers 204 to deleting something that is not there.
    sendJson(res, 204, undefined, reply);
    return true;
  }
  sendJson(res, 400, { message: `the kong-workshop sandbox does not store ${collection}` }, reply);
  return true;
}

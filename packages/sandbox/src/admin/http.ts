import type { IncomingMessage, ServerResponse } from 'node:http';
import { isRecord, readBody } from '@kong-workshop/common';
import { parseArgs, parseBody } from '../proxy/request-data.js';
import { SERVER_TOKEN } from '../responses.js';
import { prereadBody } from '../limits.js';

/** A parsed Admin API body: the values, and whether they came from a form (strings to coerce). */
export type AdminBody =
  | {
      readonly kind: 'ok';
      readonly values: Record<string, unknown>;
      readonly form: boolean;
      readonly raw: Buffer;
      readonly contentType: string | undefined;
    }
  | { readonly kind: 'bad-json' }
  | { readonly kind: 'unsupported' };

function readRaw(req: IncomingMessage): Promise<Buffer> {
  // A chunked body was already read by the listener, to hold it to client_max_body_size.
  const preread = prereadBody(req);
  return preread ? Promise.resolve(preread) : readBody(req);
}

/** Reads a body as Kong's Admin API does: JSON, form (with `a.b` and `a[]` keys) or multipart. */
export async function readAdminBody(req: IncomingMessage): Promise<AdminBody> {
  const raw = await readRaw(req);
  const contentType = req.headers['content-type'];
  const type = contentType?.split(';')[0]?.trim().toLowerCase();
  if (raw.length === 0) return { kind: 'ok', values: {}, form: false, raw, contentType };
  if (!type || type === 'application/json' || type.endsWith('+json')) {
    try {
      const value: unknown = JSON.parse(raw.toString('utf8'));
      if (!isRecord(value)) return { kind: 'bad-json' };
      return { kind: 'ok', values: value, form: false, raw, contentType };
    } catch {
      return type ? { kind: 'bad-json' } : { kind: 'ok', values: {}, form: false, raw, contentType };
    }
  }
  if (type === 'application/x-www-form-urlencoded') {
    const args = parseArgs(raw.toString('utf8'));
    return {
      kind: 'ok',
      values: nestArgs(args.pairs.map(([k, v]) => [k, v === true ? '' : v])),
      form: true,
      raw,
      contentType,
    };
  }
  if (type === 'multipart/form-data') {
    // Every part counts, file uploads included: `-F config=@kong.yml` is the file's text (lua-multipart).
    const parsed = parseBody(contentType, raw);
    const pairs: [string, string][] = [];
    for (const part of parsed?.parts ?? [])
      if (part.name !== undefined) pairs.push([part.name, part.data.toString('utf8')]);
    return { kind: 'ok', values: nestArgs(pairs), form: true, raw, contentType };
  }
  if (type === 'application/yaml' || type === 'text/yaml' || type === 'application/x-yaml')
    return { kind: 'ok', values: {}, form: false, raw, contentType };
  return { kind: 'unsupported' };
}

/**
 * Turns form keys into a nested value the way Kong's arguments decoder does:
 * `config.minute=5` → `{config:{minute:"5"}}`, `paths[]=/a` or a repeated key → a list,
 * `paths[2]=/b` → index 2 of a list.
 */
function nestArgs(pairs: readonly (readonly [string, string])[]): Record<string, unknown> {
  const root: Record<string, unknown> = {};
  for (const [key, value] of pairs) {
    const parts = key
      .replace(/\[(\d*)\]/g, '.[$1]')
      .split('.')
      .filter((p) => p !== '');
    let node: Record<string, unknown> | unknown[] = root;
    parts.forEach((part, index) => {
      const last = index === parts.length - 1;
      const arrayPart = /^\[(\d*)\]$/.exec(part);
      if (arrayPart && Array.isArray(node)) {
        const at = arrayPart[1] === '' ? node.length : Number(arrayPart[1]) - 1;
        if (last) {
          node[at] = value;
          return;
        }
        const child = node[at];
        if (isRecord(child) || Array.isArray(child)) {
          node = child;
          return;
        }
        const created = {};
        node[at] = created;
        node = created;
        return;
      }
      const container = node as Record<string, unknown>;
      const nextIsArray = /^\[\d*\]$/.test(parts[index + 1] ?? '');
      if (last) {
        const existing = container[part];
        container[part] =
          existing === undefined ? value : Array.isArray(existing) ? [...existing, value] : [existing, value];
      } else {
        container[part] ??= nextIsArray ? [] : {};
        node = container[part] as Record<string, unknown> | unknown[];
      }
    });
  }
  return root;
}

export interface AdminReply {
  readonly requestId: string;
  readonly startedAt: number;
  /** The request's Origin: Kong's Admin API echoes it in Access-Control-Allow-Origin (api_helpers cors_filter). */
  readonly origin?: string | undefined;
  /** Delays a successful answer until its change is saved (writes only); it may answer 500 instead. */
  readonly hold?: (send: () => void) => void;
}

/** Sends JSON with the Admin API's headers (Server, X-Kong-Admin-Latency, X-Kong-Admin-Request-ID). */
export function sendJson(
  res: ServerResponse,
  status: number,
  body: unknown,
  reply: AdminReply,
  extraHeaders: Record<string, string | number> = {},
): void {
  if (reply.hold && status < 400) {
    reply.hold(() => sendJson(res, status, body, { ...reply, hold: undefined }, extraHeaders));
    return;
  }
  const text = body === undefined ? '' : JSON.stringify(body);
  res.writeHead(status, {
    ...(text ? { 'Content-Type': 'application/json; charset=utf-8' } : {}),
    'Content-Length': Buffer.byteLength(text),
    'Access-Control-Allow-Origin': reply.origin ?? '*',
    'Access-Control-Allow-Credentials': 'true',
    'X-Kong-Admin-Request-ID': reply.requestId,
    'X-Kong-Admin-Latency': Math.floor(performance.now() - reply.startedAt),
    Server: SERVER_TOKEN,
    ...extraHeaders,
  });
  res.end(text);
}

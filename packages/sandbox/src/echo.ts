import { createServer, type Server } from 'node:http';
import { listeningPort } from '@kong-workshop/common';

/** What the echo upstream answers: the request exactly as it arrived. */
export interface EchoReply {
  readonly method: string;
  readonly url: string;
  readonly path: string;
  readonly query: Record<string, string | string[]>;
  readonly headers: Record<string, string | string[]>;
  readonly body?: string;
}

/**
 * The echo's answer to one request: JSON describing it ({@link EchoReply}), exactly the text
 * `JSON.stringify(reply, null, 2)` gives. `headers` is a flat list, `[lower-case name, value, …]`,
 * in the order the upstream received them; a repeated name becomes a list at its first place.
 */
export function echoResponse(
  method: string,
  url: string,
  headers: readonly string[],
  body: Buffer | undefined,
): { body: string; contentType: string } {
  const q = url.indexOf('?');
  const path = q === -1 ? url : url.slice(0, q);
  let json = `{\n  "method": ${jsonString(method)},\n  "url": ${jsonString(url)},\n  "path": ${jsonString(path)}`;
  const query = q === -1 ? [] : queryPairs(url.slice(q + 1));
  json += `,\n  "query": ${objectJson(query)},\n  "headers": ${objectJson(headers)}`;
  if (body?.length) json += `,\n  "body": ${JSON.stringify(body.toString('utf8'))}`;
  return { body: `${json}\n}`, contentType: 'application/json' };
}

// Every request goes through here, so the echo writes its JSON itself rather than building an object
// for JSON.stringify: most strings need no escaping, and one scan tells which do.
const NEEDS_ESCAPE = /["\\\u0000-\u001f\ud800-\udfff]/;

/** A JSON string literal, as JSON.stringify writes it. */
function jsonString(text: string): string {
  return NEEDS_ESCAPE.test(text) ? JSON.stringify(text) : `"${text}"`;
}

/** An object one level deep from `[name, value, …]`: names in first-seen order, repeated names as lists. */
function objectJson(flat: readonly string[]): string {
  let entries = '';
  for (let i = 0; i < flat.length; i += 2) {
    const name = flat[i] ?? '';
    if (seenBefore(flat, i, name)) continue;
    let value = jsonString(flat[i + 1] ?? '');
    let repeats: string | undefined;
    for (let j = i + 2; j < flat.length; j += 2)
      if (flat[j] === name) repeats = `${repeats ?? ''},\n      ${jsonString(flat[j + 1] ?? '')}`;
    if (repeats !== undefined) value = `[\n      ${value}${repeats}\n    ]`;
    entries += `${entries ? ',\n' : ''}    ${jsonString(name)}: ${value}`;
  }
  return entries ? `{\n${entries}\n  }` : '{}';
}

function seenBefore(flat: readonly string[], end: number, name: string): boolean {
  for (let j = 0; j < end; j += 2) if (flat[j] === name) return true;
  return false;
}

/** The query string's arguments as URLSearchParams reads them (`+` and percent-decoding), in order. */
function queryPairs(search: string): string[] {
  const flat: string[] = [];
  if (search.includes('%') || search.includes('+')) {
    for (const [name, value] of new URLSearchParams(search)) flat.push(name, value);
    return flat;
  }
  // Nothing to decode: the same split URLSearchParams makes, without building one.
  for (const piece of search.split('&')) {
    if (piece === '') continue;
    const eq = piece.indexOf('=');
    if (eq === -1) flat.push(piece, '');
    else flat.push(piece.slice(0, eq), piece.slice(eq + 1));
  }
  return flat;
}

/** Raw header lines as the echo shows them: lower-case names, in arrival order. */
function lowerCaseHeaders(rawHeaders: readonly string[]): string[] {
  const flat: string[] = [];
  for (let i = 0; i < rawHeaders.length; i += 2)
    flat.push((rawHeaders[i] ?? '').toLowerCase(), rawHeaders[i + 1] ?? '');
  return flat;
}

/**
 * The sandbox's built-in upstream: a real HTTP listener on 127.0.0.1 that replies with JSON
 * describing the request it received, so lessons can show what the upstream saw
 * (X-Consumer-Username, a stripped apikey, …). Services reach it as `http://echo`, which the
 * proxy serves in-process (no socket hop), or by its listener URL, over loopback.
 */
export async function startEchoServer(port = 0): Promise<{ server: Server; url: string }> {
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      const reply = echoResponse(
        req.method ?? 'GET',
        req.url ?? '/',
        lowerCaseHeaders(req.rawHeaders),
        chunks.length ? Buffer.concat(chunks) : undefined,
      );
      res.writeHead(200, { 'Content-Type': reply.contentType, 'Content-Length': Buffer.byteLength(reply.body) });
      res.end(reply.body);
    });
  });
  server.keepAliveTimeout = 65_000;
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, '127.0.0.1', () => resolve());
  });
  return { server, url: `http://127.0.0.1:${listeningPort(server)}` };
}

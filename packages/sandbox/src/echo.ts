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

/** The echo's answer to one request: JSON describing it. `headers` has lower-case names. */
export function echoResponse(
  method: string,
  url: string,
  headers: Record<string, string | string[]>,
  body: Buffer | undefined,
): { body: string; contentType: string } {
  const q = url.indexOf('?');
  const query: Record<string, string | string[]> = {};
  if (q !== -1) for (const [name, value] of new URLSearchParams(url.slice(q + 1))) add(query, name, value);
  const reply: EchoReply = {
    method,
    url,
    path: q === -1 ? url : url.slice(0, q),
    query,
    headers,
    ...(body?.length ? { body: body.toString('utf8') } : {}),
  };
  return { body: JSON.stringify(reply, null, 2), contentType: 'application/json' };
}

function add(into: Record<string, string | string[]>, name: string, value: string): void {
  const existing = into[name];
  into[name] = existing === undefined ? value : Array.isArray(existing) ? [...existing, value] : [existing, value];
}

/** Raw header lines as the echo shows them: lower-case names, repeated ones as lists. */
function headerObject(rawHeaders: readonly string[]): Record<string, string | string[]> {
  const headers: Record<string, string | string[]> = {};
  for (let i = 0; i < rawHeaders.length; i += 2)
    add(headers, (rawHeaders[i] ?? '').toLowerCase(), rawHeaders[i + 1] ?? '');
  return headers;
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
        headerObject(req.rawHeaders),
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

import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

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
 * The sandbox's built-in upstream: a real HTTP listener on 127.0.0.1 that replies with JSON
 * describing the request it received, so lessons can show what the upstream saw
 * (X-Consumer-Username, a stripped apikey, …). Services reach it as `http://echo`.
 */
export async function startEchoServer(port = 0): Promise<{ server: Server; url: string }> {
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      const url = req.url ?? '/';
      const q = url.indexOf('?');
      const query: Record<string, string | string[]> = {};
      for (const [name, value] of new URLSearchParams(q === -1 ? '' : url.slice(q + 1))) {
        const existing = query[name];
        query[name] = existing === undefined ? value : Array.isArray(existing) ? [...existing, value] : [existing, value];
      }
      const headers: Record<string, string | string[]> = {};
      for (let i = 0; i < req.rawHeaders.length; i += 2) {
        const name = req.rawHeaders[i]!.toLowerCase();
        const value = req.rawHeaders[i + 1]!;
        const existing = headers[name];
        headers[name] = existing === undefined ? value : Array.isArray(existing) ? [...existing, value] : [existing, value];
      }
      const reply: EchoReply = {
        method: req.method ?? 'GET',
        url,
        path: q === -1 ? url : url.slice(0, q),
        query,
        headers,
        ...(chunks.length ? { body: Buffer.concat(chunks).toString('utf8') } : {}),
      };
      const body = JSON.stringify(reply, null, 2);
      res.writeHead(200, { 'Content-Type': 'application/json', 'Content-Length': Buffer.byteLength(body) });
      res.end(body);
    });
  });
  server.keepAliveTimeout = 65_000;
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, '127.0.0.1', () => resolve());
  });
  return { server, url: `http://127.0.0.1:${(server.address() as AddressInfo).port}` };
}

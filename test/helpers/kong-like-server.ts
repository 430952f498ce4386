import { randomBytes } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface KongLikeServer {
  readonly url: string;
  /** Forget every rate-limit counter. */
  reset(): void;
  close(): Promise<void>;
}

export interface KongLikeOptions {
  /** Per-minute limit of /limited. */
  readonly limit?: number;
  /** Makes X-RateLimit-Remaining-Minute wrong by one on this (1-based) request: a misbehaving gateway. */
  readonly skewRequest?: number;
  /** /eventually answers 404 until this many ms after start. */
  readonly readyAfterMs?: number;
}

const KEYS = new Set(['hello_world', 'key-two']);

/**
 * A small HTTP server that answers like Kong 3.9 does for the things engine tests check
 * (key-auth 401s, a rate-limited route, a route that appears after a delay). It stands in for a
 * gateway until tests run against the real sandbox.
 */
export async function startKongLikeServer(options: KongLikeOptions = {}): Promise<KongLikeServer> {
  const limit = options.limit ?? 5;
  const started = Date.now();
  const counters = new Map<string, number>();
  const server = createServer((request, response) => {
    const url = new URL(request.url ?? '/', 'http://localhost');
    const apikey = header(request, 'apikey') ?? url.searchParams.get('apikey') ?? undefined;
    switch (url.pathname) {
      case '/':
        return json(response, 200, { version: '3.9.1', tagline: 'Welcome to kong' });
      case '/echo':
        return json(response, 200, { method: request.method, path: url.pathname, headers: request.headers });
      case '/protected':
        if (!apikey) return kongError(response, 401, 'No API key found in request', { 'WWW-Authenticate': 'Key' });
        if (!KEYS.has(apikey)) return kongError(response, 401, 'Unauthorized', { 'WWW-Authenticate': 'Key' });
        return json(response, 200, { headers: { 'x-consumer-username': apikey === 'hello_world' ? 'alex' : 'sam' } });
      case '/limited': {
        if (!apikey || !KEYS.has(apikey))
          return kongError(response, 401, 'No API key found in request', { 'WWW-Authenticate': 'Key' });
        const used = counters.get(apikey) ?? 0;
        const reset = String(60 - new Date().getUTCSeconds());
        const remaining = limit - used;
        if (remaining <= 0) {
          return kongError(response, 429, 'API rate limit exceeded', {
            'X-RateLimit-Limit-Minute': String(limit),
            'X-RateLimit-Remaining-Minute': '0',
            'RateLimit-Limit': String(limit),
            'RateLimit-Remaining': '0',
            'RateLimit-Reset': reset,
            'Retry-After': reset,
          });
        }
        counters.set(apikey, used + 1);
        const shown = used + 1 === options.skewRequest ? remaining : remaining - 1;
        return json(
          response,
          200,
          { ok: true },
          {
            'X-RateLimit-Limit-Minute': String(limit),
            'X-RateLimit-Remaining-Minute': String(shown),
            'RateLimit-Limit': String(limit),
            'RateLimit-Remaining': String(shown),
            'RateLimit-Reset': reset,
          },
        );
      }
      case '/eventually':
        if (Date.now() - started < (options.readyAfterMs ?? 0))
          return kongError(response, 404, 'no Route matched with those values');
        return json(response, 200, { ready: true });
      default:
        return kongError(response, 404, 'no Route matched with those values');
    }
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    reset: () => counters.clear(),
    close: () =>
      new Promise((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

function header(request: IncomingMessage, name: string): string | undefined {
  const value = request.headers[name];
  return Array.isArray(value) ? value[0] : value;
}

function json(response: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
  response.writeHead(status, { 'Content-Type': 'application/json', ...headers });
  response.end(JSON.stringify(body));
}

// Kong's error template (kong/tools/http.lua): two-space indent, no space after the colon.
function kongError(
  response: ServerResponse,
  status: number,
  message: string,
  headers: Record<string, string> = {},
): void {
  const id = randomBytes(16).toString('hex');
  response.writeHead(status, {
    'Content-Type': 'application/json; charset=utf-8',
    'X-Kong-Request-Id': id,
    ...headers,
  });
  response.end(`{\n  "message":"${message}",\n  "request_id":"${id}"\n}`);
}

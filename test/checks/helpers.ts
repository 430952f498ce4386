import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, afterEach } from 'vitest';
import { closeHttpAgent } from '../../src/checks/index.js';
import type { HttpCheckSpec, Matcher, ResponseExpectations, ValueExpectation } from '../../src/lesson/index.js';

export const at = (line: number) => ({ file: 'lesson.md', line, column: 3 });

/** An expectation made of matchers, written at `lesson.md:<line>`. */
export const exp = (line: number, ...matchers: Matcher[]): ValueExpectation => ({ matchers, source: at(line) });
export const equals = (value: unknown, line = 1) => exp(line, { op: 'equals', value });

export const noExpectations: ResponseExpectations = { headers: {}, json: {} };

type Overrides = Omit<Partial<HttpCheckSpec>, 'request' | 'expect'> & {
  readonly request?: Partial<HttpCheckSpec['request']>;
  readonly expect?: Partial<ResponseExpectations>;
};

/** A parsed HTTP check as the lesson parser would hand it over, with everything optional filled in. */
export function httpCheck(url: string, overrides: Overrides = {}): HttpCheckSpec {
  const { request, expect, ...rest } = overrides;
  return {
    kind: 'http',
    request: { method: 'GET', url, headers: {}, timeoutMs: 5_000, ...request },
    repeat: 1,
    intervalMs: 0,
    expect: { ...noExpectations, ...expect },
    series: { headers: {}, json: {} },
    extract: [],
    ...rest,
  };
}

export interface TestServer {
  readonly url: string;
  readonly port: number;
  readonly server: Server;
  close(): Promise<void>;
}

export type Handler = (request: IncomingMessage, response: ServerResponse, body: string) => void;

/** A real HTTP server on 127.0.0.1 and an ephemeral port. */
export async function startServer(handler: Handler): Promise<TestServer> {
  const server = createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => handler(request, response, Buffer.concat(chunks).toString('utf8')));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    port,
    server,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/**
 * For a test file: `serve(handler)` starts a server on 127.0.0.1 that is closed after each test,
 * and the shared HTTP agent is closed after the file, so no socket outlives its test.
 */
export function loopbackServers(): (handler: Handler) => Promise<TestServer> {
  const servers: TestServer[] = [];
  afterEach(async () => {
    await Promise.all(servers.splice(0).map((server) => server.close()));
  });
  afterAll(() => closeHttpAgent());
  return async (handler) => {
    const server = await startServer(handler);
    servers.push(server);
    return server;
  };
}

export function sendJson(
  response: ServerResponse,
  status: number,
  value: unknown,
  headers: Record<string, string | number> = {},
): void {
  const body = JSON.stringify(value);
  response.writeHead(status, {
    'content-type': 'application/json; charset=utf-8',
    'content-length': Buffer.byteLength(body),
    ...headers,
  });
  response.end(body);
}

/**
 * Answers like Kong's rate-limiting plugin with `minute: 5`: X-RateLimit-* and RateLimit-*
 * headers counting down, then 429 with Retry-After and Kong's message. `skew` shifts one
 * response's Remaining header, to see a sequence fail.
 */
export function kongRateLimiter(
  options: { readonly limit?: number; readonly skew?: { readonly index: number; readonly by: number } } = {},
): Handler {
  const limit = options.limit ?? 5;
  let used = 0;
  let seen = 0;
  return (_request, response) => {
    const index = seen++;
    const reset = 60 - new Date().getUTCSeconds();
    const remaining = limit - used;
    if (remaining <= 0) {
      sendJson(
        response,
        429,
        { message: 'API rate limit exceeded', request_id: `req-${index}` },
        {
          'X-RateLimit-Limit-Minute': limit,
          'X-RateLimit-Remaining-Minute': 0,
          'RateLimit-Limit': limit,
          'RateLimit-Remaining': 0,
          'RateLimit-Reset': reset,
          'Retry-After': reset,
        },
      );
      return;
    }
    used++;
    const shown = remaining - 1 + (options.skew?.index === index ? options.skew.by : 0);
    sendJson(
      response,
      200,
      { headers: { host: 'echo' } },
      {
        'X-RateLimit-Limit-Minute': limit,
        'X-RateLimit-Remaining-Minute': shown,
        'RateLimit-Limit': limit,
        'RateLimit-Remaining': shown,
        'RateLimit-Reset': reset,
      },
    );
  };
}

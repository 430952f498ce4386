import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { createServer as createTlsServer } from 'node:https';
import type { Socket } from 'node:net';
import { hasRequestBody } from '@kong-workshop/common';

/**
 * The listener limits Kong's nginx applies, imitated so a careless or hostile client cannot grow
 * the sandbox without bound. Names follow nginx's directives (Kong sets them as nginx_http_* and
 * nginx_admin_*; see kong/templates/kong_defaults.lua and nginx_kong.lua).
 */
export interface ListenerLimits {
  /** client_max_body_size; 0 means no limit. */
  readonly maxBodyBytes: number;
  /** client_header_timeout: the whole header must arrive within this time, or the connection closes. */
  readonly headerTimeoutMs: number;
  /** client_body_timeout: the longest pause between two reads of a body before the connection closes. */
  readonly bodyTimeoutMs: number;
  /** keepalive_timeout: how long an idle keep-alive connection stays open. */
  readonly keepAliveTimeoutMs: number;
  /** worker_connections: open connections at most; idle keep-alive ones are closed first to make room. */
  readonly maxConnections: number;
  /** Idle keep-alive connections kept at most; beyond this the longest-idle one is closed. */
  readonly maxIdleKeepAlive: number;
}

/** large_client_header_buffers 4 8k: one header line (or the request line) fits in 8 KiB, all of them in 32 KiB. */
export const HEADER_LINE_LIMIT = 8 * 1024;
export const HEADER_TOTAL_LIMIT = 4 * HEADER_LINE_LIMIT;
/** nginx's lingering_time: how long an early error answer keeps reading (and dropping) the client's body. */
const LINGERING_MS = 30_000;

const NGINX_DEFAULTS = {
  headerTimeoutMs: 60_000,
  bodyTimeoutMs: 60_000,
  keepAliveTimeoutMs: 60_000,
  maxConnections: 4096,
  maxIdleKeepAlive: 512,
} as const;

/**
 * The proxy listener's limits. Kong's own client_max_body_size is 0 (no limit), because nginx spools
 * big bodies to disk; the sandbox keeps bodies in memory, so it refuses more than 10 MiB (Kong's Admin
 * API limit) with Kong's 413 unless KONG_NGINX_HTTP_CLIENT_MAX_BODY_SIZE says otherwise.
 */
export function proxyLimits(env: NodeJS.ProcessEnv = process.env): ListenerLimits {
  return limitsFromEnv(env, 'KONG_NGINX_HTTP_', 10 * 1024 * 1024);
}

/** The Admin API listener's limits: nginx_admin_client_max_body_size = 10m, as in Kong. */
export function adminLimits(env: NodeJS.ProcessEnv = process.env): ListenerLimits {
  return limitsFromEnv(env, 'KONG_NGINX_ADMIN_', 10 * 1024 * 1024);
}

function limitsFromEnv(env: NodeJS.ProcessEnv, prefix: string, maxBody: number): ListenerLimits {
  const size = (name: string, fallback: number) => parseNginxSize(env[`${prefix}${name}`]) ?? fallback;
  const time = (name: string, fallback: number) => parseNginxTime(env[`${prefix}${name}`]) ?? fallback;
  const count = (name: string, fallback: number) => {
    const value = Number(env[name]);
    return Number.isInteger(value) && value > 0 ? value : fallback;
  };
  return {
    maxBodyBytes: size('CLIENT_MAX_BODY_SIZE', maxBody),
    headerTimeoutMs: time('CLIENT_HEADER_TIMEOUT', NGINX_DEFAULTS.headerTimeoutMs),
    bodyTimeoutMs: time('CLIENT_BODY_TIMEOUT', NGINX_DEFAULTS.bodyTimeoutMs),
    keepAliveTimeoutMs: time('KEEPALIVE_TIMEOUT', NGINX_DEFAULTS.keepAliveTimeoutMs),
    maxConnections: count('KONG_NGINX_EVENTS_WORKER_CONNECTIONS', NGINX_DEFAULTS.maxConnections),
    maxIdleKeepAlive: count('KONG_SANDBOX_MAX_IDLE_KEEPALIVE', NGINX_DEFAULTS.maxIdleKeepAlive),
  };
}

/** nginx's size syntax: `1024`, `8k`, `10m`, `1g` (case-insensitive); undefined when absent or not a size. */
export function parseNginxSize(text: string | undefined): number | undefined {
  const match = /^\s*(\d+)\s*([kmg]?)\s*$/i.exec(text ?? '');
  if (!match) return undefined;
  const unit = { '': 1, k: 1024, m: 1024 ** 2, g: 1024 ** 3 }[(match[2] ?? '').toLowerCase()] ?? 1;
  return Number(match[1]) * unit;
}

/** nginx's time syntax: `60` (seconds), `60s`, `500ms`, `2m`; undefined when absent or not a time. */
export function parseNginxTime(text: string | undefined): number | undefined {
  const match = /^\s*(\d+)\s*(ms|s|m|h)?\s*$/i.exec(text ?? '');
  if (!match) return undefined;
  const unit = { ms: 1, s: 1000, m: 60_000, h: 3_600_000 }[(match[2] ?? 's').toLowerCase()] ?? 1000;
  return Number(match[1]) * unit;
}

/** What a listener answers when a limit is hit: Kong's error handler (proxy) or nginx's pages (Admin API). */
/** 494 is nginx's internal status for a header too large; clients see 400 with its own text. */
export type LimitStatus = 400 | 413 | 414 | 494;
export type LimitPage = (
  status: LimitStatus,
  headers: IncomingMessage['headers'] | undefined,
) => {
  readonly headers: Record<string, string | number>;
  readonly body: string;
};

/** nginx's own error pages (ngx_http_special_response.c, OpenResty's tail, server_tokens off). */
export function nginxPage(status: LimitStatus): { headers: Record<string, string | number>; body: string } {
  const titles: Record<LimitStatus, [string, string, string?]> = {
    400: ['400 Bad Request', '400 Bad Request'],
    494: ['400 Request Header Or Cookie Too Large', '400 Bad Request', 'Request Header Or Cookie Too Large'],
    413: ['413 Request Entity Too Large', '413 Request Entity Too Large'],
    414: ['414 Request-URI Too Large', '414 Request-URI Too Large'],
  };
  const [title, heading, detail] = titles[status];
  const body =
    `<html>\r\n<head><title>${title}</title></head>\r\n<body>\r\n<center><h1>${heading}</h1></center>\r\n` +
    `${detail ? `<center>${detail}</center>\r\n` : ''}<hr><center>openresty</center>\r\n</body>\r\n</html>\r\n`;
  return { headers: { 'Content-Type': 'text/html; charset=utf-8' }, body };
}

interface Tracked {
  /** Requests read on this connection and not yet answered. */
  inFlight: number;
}

const prereadBodies = new WeakMap<IncomingMessage, Buffer>();

/** A chunked body the listener already read (within the size limit) before the handler ran. */
export function prereadBody(req: IncomingMessage): Buffer | undefined {
  return prereadBodies.get(req);
}

/**
 * An HTTP server with `limits` enforced before `handler` sees a request: oversized bodies, header
 * lines and request lines are answered with `page`, slow clients are closed, connections are capped.
 */
export function createLimitedServer(
  limits: ListenerLimits,
  page: LimitPage,
  handler: (req: IncomingMessage, res: ServerResponse) => void,
  /** Key and certificate for a TLS listener (Kong's 8443); the same limits apply there. */
  tls?: { readonly key: string; readonly cert: string },
): Server {
  const listen = (options: Parameters<typeof createServer>[0], onRequest: Parameters<typeof createServer>[1]) =>
    tls ? createTlsServer({ ...options, ...tls }, onRequest) : createServer(options, onRequest);
  const server = listen(
    {
      keepAliveTimeout: limits.keepAliveTimeoutMs,
      headersTimeout: limits.headerTimeoutMs,
      // nginx has no limit on a whole request's time, only on pauses (client_body_timeout below).
      requestTimeout: 0,
      maxHeaderSize: HEADER_TOTAL_LIMIT,
      connectionsCheckingInterval: Math.max(100, Math.min(30_000, Math.floor(limits.headerTimeoutMs / 4))),
    },
    (req, res) => guard(limits, page, handler, req, res),
  );
  // Expect: 100-continue is answered only once the limits let the body come (nginx checks first).
  server.on('checkContinue', (req: IncomingMessage, res: ServerResponse) =>
    guard(limits, page, handler, req, res, () => res.writeContinue()),
  );
  trackConnections(server, limits);
  server.on('clientError', (error: Error & { code?: string }, socket: Socket) => {
    // A header that did not arrive in time: nginx closes without an answer (408 goes to the log only).
    if (error.code === 'ERR_HTTP_REQUEST_TIMEOUT' || !socket.writable) return void socket.destroy();
    const answer = page(error.code === 'HPE_HEADER_OVERFLOW' ? 494 : 400, undefined);
    const head = ['HTTP/1.1 400 Bad Request', 'Connection: close'];
    const headers = { ...answer.headers, 'Content-Length': Buffer.byteLength(answer.body) };
    for (const [name, value] of Object.entries(headers)) head.push(`${name}: ${value}`);
    socket.end(`${head.join('\r\n')}\r\n\r\n${answer.body}`);
    setTimeout(() => socket.destroy(), 1000).unref();
  });
  return server;
}

function guard(
  limits: ListenerLimits,
  page: LimitPage,
  handler: (req: IncomingMessage, res: ServerResponse) => void,
  req: IncomingMessage,
  res: ServerResponse,
  accepted: () => void = () => {},
): void {
  const refusal = headRefusal(limits, req);
  if (refusal !== undefined) {
    refuse(req, res, page, refusal);
    return;
  }
  const max = limits.maxBodyBytes;
  const length = req.headers['content-length'];
  accepted();
  watchBodyPauses(req, limits.bodyTimeoutMs);
  if (max > 0 && length === undefined && req.headers['transfer-encoding'] !== undefined) {
    // nginx buffers a chunked body before proxying it (proxy_request_buffering on), so it can count it.
    collect(req, max).then((body) => {
      if (body === undefined) {
        refuse(req, res, page, 413);
        return;
      }
      prereadBodies.set(req, body);
      handler(req, res);
    });
    return;
  }
  handler(req, res);
}

/** The limit a request's head breaks (request line, one header line, declared body size), if any. */
function headRefusal(limits: ListenerLimits, req: IncomingMessage): LimitStatus | undefined {
  if ((req.url ?? '').length + (req.method ?? '').length + 10 > HEADER_LINE_LIMIT) return 414;
  const raw = req.rawHeaders;
  for (let i = 0; i + 1 < raw.length; i += 2)
    if ((raw[i] ?? '').length + (raw[i + 1] ?? '').length + 4 > HEADER_LINE_LIMIT) return 494;
  const length = req.headers['content-length'];
  if (limits.maxBodyBytes > 0 && length !== undefined && Number(length) > limits.maxBodyBytes) return 413;
  return undefined;
}

/** Reads a body of at most `max` bytes; undefined (and the rest dropped as it arrives) when it is larger. */
function collect(req: IncomingMessage, max: number): Promise<Buffer | undefined> {
  return new Promise((resolve) => {
    const chunks: Buffer[] = [];
    let size = 0;
    const onData = (chunk: Buffer) => {
      size += chunk.length;
      if (size <= max) return void chunks.push(chunk);
      chunks.length = 0;
      req.off('data', onData);
      req.off('end', onEnd);
      resolve(undefined);
    };
    const onEnd = () => resolve(Buffer.concat(chunks));
    req.on('data', onData);
    req.once('end', onEnd);
    req.once('error', () => resolve(undefined));
  });
}

/** client_body_timeout: the socket may pause at most `ms` while the body is still coming. */
function watchBodyPauses(req: IncomingMessage, ms: number): void {
  if (req.complete || ms <= 0 || !hasRequestBody(req)) return;
  const socket = req.socket;
  const onTimeout = () => {
    if (!req.complete) socket.destroy();
  };
  socket.setTimeout(ms);
  socket.on('timeout', onTimeout);
  const done = () => {
    socket.off('timeout', onTimeout);
    // Node sets its own keep-alive timeout once the answer is sent; until then, no timer of ours.
    if (!socket.destroyed) socket.setTimeout(0);
  };
  req.once('end', done);
  req.once('close', done);
}

/**
 * Answers a request a limit refused, as nginx does: `Connection: close`, then a lingering close that
 * reads and drops what the client still sends (for at most lingering_time), so its kernel does not
 * reset the connection and lose the answer before the client reads it.
 */
function refuse(req: IncomingMessage, res: ServerResponse, page: LimitPage, status: LimitStatus): void {
  const answer = page(status, req.headers);
  const socket = req.socket;
  req.resume();
  socket.destroySoon = () => {
    if (socket.writable) socket.end();
    if (req.complete) socket.destroy();
    else req.once('end', () => socket.destroy());
  };
  setTimeout(() => socket.destroy(), LINGERING_MS).unref();
  res.writeHead(status === 494 ? 400 : status, {
    ...answer.headers,
    'Content-Length': Buffer.byteLength(answer.body),
    Connection: 'close',
  });
  res.end(answer.body);
}

/** worker_connections and an idle keep-alive cap: idle connections make room first, as nginx drains them. */
function trackConnections(server: Server, limits: ListenerLimits): void {
  const open = new Map<Socket, Tracked>();
  // Insertion order is idle order: the first one has waited longest.
  const idle = new Set<Socket>();
  const closeLongestIdle = (count: number) => {
    let closed = 0;
    for (const socket of idle) {
      if (closed >= count) break;
      idle.delete(socket);
      socket.destroy();
      closed++;
    }
    return closed;
  };
  server.on('connection', (socket: Socket) => {
    if (open.size >= limits.maxConnections && closeLongestIdle(open.size - limits.maxConnections + 1) === 0)
      return void socket.destroy();
    open.set(socket, { inFlight: 0 });
    socket.once('close', () => {
      open.delete(socket);
      idle.delete(socket);
    });
  });
  server.on('request', (req: IncomingMessage, res: ServerResponse) => {
    const socket = req.socket;
    const tracked = open.get(socket);
    if (!tracked) return;
    tracked.inFlight++;
    idle.delete(socket);
    // `on`, not `once`: a response closes once and is then dropped, and once's unhooking costs every request.
    res.on('close', () => {
      tracked.inFlight--;
      if (tracked.inFlight > 0 || socket.destroyed) return;
      idle.add(socket);
      if (idle.size > limits.maxIdleKeepAlive) closeLongestIdle(idle.size - limits.maxIdleKeepAlive);
    });
  });
}

import type { IncomingMessage, ServerResponse } from 'node:http';
import { Writable } from 'node:stream';
import { ResponseHead, runResponseFilters } from '../plugins/response-head.js';
import { Pool } from 'undici';
import { echoResponse } from '../echo.js';
import { VIA_TOKEN, SERVER_TOKEN } from '../responses.js';
import type { CompiledService } from './compile.js';
import type { ProxyContext } from './context.js';
import { errorCode, hasRequestBody, readBody } from '@kong-workshop/common';

// Hop-by-hop headers never travel through a proxy (RFC 9110 §7.6.1), nor does Host, which Kong sets.
const HOP_BY_HOP = new Set([
  'connection',
  'keep-alive',
  'proxy-connection',
  'te',
  'trailer',
  'transfer-encoding',
  'upgrade',
  'host',
  'proxy',
]);
const SET_BY_KONG = new Set([
  'x-forwarded-for',
  'x-forwarded-proto',
  'x-forwarded-host',
  'x-forwarded-port',
  'x-forwarded-path',
  'x-forwarded-prefix',
  'x-real-ip',
  'via',
  'x-kong-request-id',
]);

/** Keep-alive connection pools, one per upstream origin, shared by every request. */
export class UpstreamPools {
  private readonly pools = new Map<string, Pool>();
  constructor(private readonly echoOrigin: string) {}

  /** The origin a service's requests go to: the echo listener for the host name `echo`. */
  originOf(service: CompiledService): string {
    if (service.host === 'echo') return this.echoOrigin;
    const host = service.host.includes(':') && !service.host.startsWith('[') ? `[${service.host}]` : service.host;
    return `${service.protocol}://${host}:${service.port}`;
  }

  pool(origin: string, service: CompiledService): Pool {
    let pool = this.pools.get(origin);
    if (!pool) {
      pool = new Pool(origin, {
        connections: 256,
        pipelining: 1,
        keepAliveTimeout: 60_000,
        connect: { timeout: service.connectTimeout },
      });
      this.pools.set(origin, pool);
    }
    return pool;
  }

  async close(): Promise<void> {
    await Promise.all([...this.pools.values()].map((pool) => pool.destroy()));
    this.pools.clear();
  }
}

export interface UpstreamRequest {
  readonly ctx: ProxyContext;
  readonly service: CompiledService;
  readonly path: string;
  readonly requestId: string;
  readonly startedAt: number;
  readonly localPort: number;
  /** The route path prefix strip_path removed, for X-Forwarded-Prefix. */
  readonly strippedPrefix: string | undefined;
}

type HeaderSink = (lowerName: string, name: string, value: string) => void;

/** The headers Kong sends upstream, in order: the client's minus hop-by-hop, then Kong's own. */
function forEachUpstreamHeader(request: UpstreamRequest, emit: HeaderSink): void {
  const { ctx, service } = request;
  const { req } = ctx;
  const raw = req.rawHeaders;
  let via: string | undefined;
  let forwardedFor: string | undefined;
  // Headers the client named in Connection are hop-by-hop too (runloop/handler.lua clears them).
  const connection = req.headers.connection;
  const named = connection && !PLAIN_CONNECTION.test(connection) ? connectionNamed(connection) : undefined;
  for (let i = 0; i < raw.length; i += 2) {
    const name = raw[i] ?? '';
    const lower = name.toLowerCase();
    if (HOP_BY_HOP.has(lower) || named?.has(lower)) continue;
    if (SET_BY_KONG.has(lower)) {
      if (lower === 'via') via = via ? `${via}, ${raw[i + 1]}` : raw[i + 1];
      if (lower === 'x-forwarded-for') forwardedFor = forwardedFor ? `${forwardedFor}, ${raw[i + 1]}` : raw[i + 1];
      continue;
    }
    if (
      ctx.upstreamHeaders.has(lower) ||
      (lower.includes('_') && ctx.upstreamHeaders.get(lower.replace(/_/g, '-')) === null)
    )
      continue;
    if (lower === 'content-length' && ctx.upstreamBody) continue;
    emit(lower, name, raw[i + 1] ?? '');
  }
  const host = req.headers.host ?? '';
  emit('host', 'Host', ctx.route.preserveHost && host ? host : service.hostHeader);
  emit('x-forwarded-for', 'X-Forwarded-For', forwardedFor ? `${forwardedFor}, ${ctx.clientIp}` : ctx.clientIp);
  emit('x-forwarded-proto', 'X-Forwarded-Proto', 'encrypted' in req.socket ? 'https' : 'http');
  // nginx's $host: lower-case, without the port.
  emit('x-forwarded-host', 'X-Forwarded-Host', hostWithoutPort(host).toLowerCase());
  emit('x-forwarded-port', 'X-Forwarded-Port', String(request.localPort));
  emit('x-forwarded-path', 'X-Forwarded-Path', ctx.path);
  if (request.strippedPrefix) emit('x-forwarded-prefix', 'X-Forwarded-Prefix', request.strippedPrefix);
  emit('x-real-ip', 'X-Real-IP', ctx.clientIp);
  // The upstream Via names the client's HTTP version as Lua prints the number: 1.0 → "1", 1.1 → "1.1".
  const inbound = req.httpVersion === '1.1' ? VIA_TOKEN : `${Number(req.httpVersion)} ${SERVER_TOKEN}`;
  emit('via', 'Via', via ? `${via}, ${inbound}` : inbound);
  emit('x-kong-request-id', 'X-Kong-Request-Id', request.requestId);
  for (const [lower, entry] of ctx.upstreamHeaders) if (entry) emit(lower, entry[0], entry[1]);
  if (ctx.upstreamBody) emit('content-length', 'Content-Length', String(ctx.upstreamBody.length));
}

/** The Connection values that name no header (nearly every request's), spared the split below. */
const PLAIN_CONNECTION = /^\s*(?:keep-alive|close)\s*$/i;

function connectionNamed(value: string): Set<string> {
  const out = new Set<string>();
  for (const token of value.split(',')) {
    const name = token.trim().toLowerCase();
    if (name && name !== 'keep-alive' && name !== 'close') out.add(name);
  }
  return out;
}

function hostWithoutPort(host: string): string {
  if (host.startsWith('[')) return host.slice(0, host.indexOf(']') + 1);
  const colon = host.lastIndexOf(':');
  return colon === -1 ? host : host.slice(0, colon);
}

/** The upstream request's headers as a flat [name, value, …] list, for undici. */
function upstreamHeaders(request: UpstreamRequest): string[] {
  const out: string[] = [];
  forEachUpstreamHeader(request, (_lower, name, value) => out.push(name, value));
  return out;
}

/** The same headers as the echo receives them: `[lower-case name, value, …]`. */
function upstreamHeaderPairs(request: UpstreamRequest): string[] {
  const out: string[] = [];
  forEachUpstreamHeader(request, (lower, _name, value) => out.push(lower, value));
  return out;
}

export type UpstreamFailure = { kind: 'connect' } | { kind: 'dns' } | { kind: 'timeout' } | { kind: 'aborted' };

/**
 * Sends the request upstream and streams the answer to the client with Kong's proxy headers.
 * Resolves with a failure (before anything was sent to the client) or undefined when done.
 */
export function proxyUpstream(
  pools: UpstreamPools,
  request: UpstreamRequest,
  res: ServerResponse,
): Promise<UpstreamFailure | undefined> {
  const { ctx, service } = request;
  const req: IncomingMessage = ctx.req;
  const pool = pools.pool(pools.originOf(service), service);
  const query = ctx.upstreamQuery ?? ctx.rawQuery;
  const proxiedAt = performance.now();
  const proxyLatency = Math.floor(proxiedAt - request.startedAt);
  const hasBody = ctx.upstreamBody !== undefined || hasRequestBody(req);
  return new Promise((resolve) => {
    let started = false;
    pool.stream(
      {
        path: query ? `${request.path}?${query}` : request.path,
        method: (ctx.upstreamMethod ?? req.method) as 'GET',
        headers: upstreamHeaders(request),
        body: ctx.upstreamBody ?? (hasBody ? req : null),
        headersTimeout: service.readTimeout,
        bodyTimeout: service.readTimeout,
      },
      ({ statusCode, headers }) => {
        started = true;
        const flat = proxiedHead(
          headers,
          ctx,
          request.requestId,
          proxyLatency,
          Math.floor(performance.now() - proxiedAt),
        );
        if (!ctx.filters) {
          res.writeHead(statusCode, flat);
          return res as unknown as Writable;
        }
        const head = new ResponseHead(statusCode, pairsOf(flat), true);
        // A plugin that transforms or stores the body (body_filter) gets it whole; otherwise it streams.
        if (ctx.bufferBody) return collectBody((body) => sendFiltered(res, head, ctx, body));
        runResponseFilters(ctx.filters, head, undefined);
        res.writeHead(head.status, head.headers.flat());
        return res as unknown as Writable;
      },
      (error) => {
        if (!error) return resolve(undefined);
        if (started) {
          res.destroy();
          return resolve(undefined);
        }
        resolve(classify(error));
      },
    );
  });
}

/**
 * The `echo` host: the built-in echo upstream answers in-process, from exactly the request Kong
 * would have sent it (same path, query, headers and body), without a loopback socket hop.
 */
export function proxyToEcho(request: UpstreamRequest, res: ServerResponse): Promise<void> | void {
  const { ctx } = request;
  const req = ctx.req;
  if (ctx.upstreamBody === undefined && hasRequestBody(req)) {
    return readBody(req).then((body) => {
      ctx.upstreamBody = body;
      answerFromEcho(request, res, body);
    });
  }
  if (ctx.upstreamBody === undefined) req.resume();
  answerFromEcho(request, res, ctx.upstreamBody);
}

function answerFromEcho(request: UpstreamRequest, res: ServerResponse, body: Buffer | undefined): void {
  const { ctx } = request;
  const req = ctx.req;
  const proxiedAt = performance.now();
  const proxyLatency = Math.floor(proxiedAt - request.startedAt);
  const query = ctx.upstreamQuery ?? ctx.rawQuery;
  const reply = echoResponse(
    ctx.upstreamMethod ?? req.method ?? 'GET',
    query ? `${request.path}?${query}` : request.path,
    upstreamHeaderPairs(request),
    body,
  );
  const out = ['Content-Type', reply.contentType, 'Content-Length', String(Buffer.byteLength(reply.body))];
  const flat = kongResponseHeaders(
    out,
    undefined,
    false,
    ctx,
    request.requestId,
    proxyLatency,
    Math.floor(performance.now() - proxiedAt),
  );
  if (!ctx.filters) {
    res.writeHead(200, flat);
    res.end(reply.body);
    return;
  }
  sendFiltered(res, new ResponseHead(200, pairsOf(flat), true), ctx, Buffer.from(reply.body));
}

/** Runs the plugins' header and body filters over a whole response, then sends it. */
function sendFiltered(res: ServerResponse, head: ResponseHead, ctx: ProxyContext, body: Buffer): void {
  const out = runResponseFilters(ctx.filters, head, body) ?? body;
  if (out !== body || head.get('content-length') === undefined) head.set('Content-Length', out.length);
  // A HEAD answer or a 204/304 carries no body.
  res.writeHead(head.status, head.headers.flat());
  res.end(ctx.req.method === 'HEAD' ? undefined : out);
}

/** A Writable that keeps everything written and hands it over at the end. */
function collectBody(done: (body: Buffer) => void): Writable {
  const chunks: Buffer[] = [];
  return new Writable({
    write(chunk: Buffer, _encoding, callback) {
      chunks.push(chunk);
      callback();
    },
    final(callback) {
      done(Buffer.concat(chunks));
      callback();
    },
  });
}

function pairsOf(flat: readonly string[]): [string, string][] {
  const out: [string, string][] = [];
  for (let i = 0; i < flat.length; i += 2) out.push([flat[i] ?? '', flat[i + 1] ?? '']);
  return out;
}

function proxiedHead(
  headers: Record<string, string | string[] | undefined>,
  ctx: ProxyContext,
  requestId: string,
  proxyLatency: number,
  upstreamLatency: number,
): string[] {
  const out: string[] = [];
  let via: string | undefined;
  let server = false;
  for (const [name, value] of Object.entries(headers)) {
    if (value === undefined || HOP_BY_HOP.has(name)) continue;
    if (name === 'via') {
      via = Array.isArray(value) ? value.join(', ') : value;
      continue;
    }
    if (name === 'server') server = true;
    if (Array.isArray(value)) for (const item of value) out.push(name, item);
    else out.push(name, value);
  }
  return kongResponseHeaders(out, via, server, ctx, requestId, proxyLatency, upstreamLatency);
}

/** Appends what Kong adds to a proxied response: plugin headers, latencies, Via, Server, request id. */
function kongResponseHeaders(
  out: string[],
  via: string | undefined,
  hasServer: boolean,
  ctx: ProxyContext,
  requestId: string,
  proxyLatency: number,
  upstreamLatency: number,
): string[] {
  for (const [name, value] of ctx.responseHeaders) out.push(name, String(value));
  out.push('X-Kong-Upstream-Latency', String(upstreamLatency), 'X-Kong-Proxy-Latency', String(proxyLatency));
  out.push('Via', via ? `${via}, ${VIA_TOKEN}` : VIA_TOKEN);
  if (!hasServer) out.push('Server', SERVER_TOKEN);
  out.push('X-Kong-Request-Id', requestId);
  return out;
}

function classify(error: Error): UpstreamFailure {
  const code = errorCode(error) ?? errorCode(error.cause) ?? '';
  if (code === 'ENOTFOUND' || code === 'EAI_AGAIN' || code === 'EAI_NONAME') return { kind: 'dns' };
  if (
    code === 'UND_ERR_HEADERS_TIMEOUT' ||
    code === 'UND_ERR_BODY_TIMEOUT' ||
    code === 'UND_ERR_CONNECT_TIMEOUT' ||
    code === 'ETIMEDOUT'
  )
    return { kind: 'timeout' };
  if (code === 'UND_ERR_ABORTED' || code === 'ECONNABORTED') return { kind: 'aborted' };
  return { kind: 'connect' };
}

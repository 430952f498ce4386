import { createHash } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { z } from 'zod';
import { hashKey, newId, newSecretToken, normalizeJoinCode } from './codes.js';
import { EventLog } from './event-log.js';
import { formatExport, type ExportFormat } from './export.js';
import { ClassModel } from './model.js';
import { CLASS_PAGE, CLASS_PAGE_SCRIPT } from './page.js';
import { RateLimiter } from './rate-limit.js';
import {
  broadcastSchema,
  eventBatchSchema,
  joinRequestSchema,
  paceSchema,
  timeboxSchema,
  type ClassConfig,
  type LogRecord,
} from './records.js';
import { sanitizeName, sanitizeText } from './sanitize.js';
import { sameSecret } from '../shared/index.js';

export interface ClassServerOptions {
  readonly config: ClassConfig;
  readonly logPath: string;
  readonly host: string;
  readonly port: number;
  /** Called once the server was asked to stop over HTTP (`class stop`). */
  readonly onStopRequest?: () => void;
  readonly now?: () => number;
}

export interface ClassServer {
  readonly url: string;
  readonly host: string;
  readonly port: number;
  readonly model: ClassModel;
  /** Records replayed from the log at start (a resumed class has some). */
  readonly replayed: number;
  readonly skippedRecords: number;
  close(): Promise<void>;
}

/** 64 KiB: a batch of 200 step events fits; anything bigger is not a learner's workshop talking. */
export const MAX_BODY_BYTES = 64 * 1024;
/** Per learner: bursts of 40 requests, 20 a second on average (a workshop sends a few a minute). */
const LEARNER_RATE = { perSecond: 20, burst: 40 };
/** Joins for the whole class: a room of 200 can join within seconds, a flood cannot. */
const JOIN_RATE = { perSecond: 50, burst: 250 };
/** Changes reach the views within this delay; bursts of events are folded into one update. */
const VIEW_THROTTLE_MS = 100;
/** Stuck learners and countdowns move with time alone, so views refresh this often anyway. */
const VIEW_TICK_MS = 5_000;
const MAX_LEARNERS = 1_000;

const SECURITY_HEADERS = {
  'x-content-type-options': 'nosniff',
  'referrer-policy': 'no-referrer',
  'cache-control': 'no-store',
  'x-frame-options': 'DENY',
};

class HttpError extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
  }
}

/**
 * The class server: learners post their step events, the instructor's TUI and the projected
 * page read one computed view over server-sent events. Every accepted learner event is appended
 * to the log before the learner hears "accepted", so what was acknowledged survives a kill -9.
 */
export async function startClassServer(options: ClassServerOptions): Promise<ClassServer> {
  const now = options.now ?? Date.now;
  const { config } = options;
  const model = new ClassModel({ name: config.name, stuckMinutes: config.stuckMinutes });
  const { log, read } = EventLog.open(options.logPath);
  for (const record of read.records) model.apply(record);
  const joinCode = normalizeJoinCode(config.joinCode);
  const learnerLimiter = new RateLimiter(LEARNER_RATE.perSecond, LEARNER_RATE.burst);
  const joinLimiter = new RateLimiter(JOIN_RATE.perSecond, JOIN_RATE.burst);
  const streams = new Set<ServerResponse>();
  const scriptHash = createHash('sha256').update(CLASS_PAGE_SCRIPT).digest('base64');
  let viewQueued: NodeJS.Timeout | undefined;

  const record = (records: LogRecord[]) => {
    log.append(records);
    for (const entry of records) model.apply(entry);
    scheduleView();
  };

  function scheduleView(): void {
    if (viewQueued || streams.size === 0) return;
    viewQueued = setTimeout(() => {
      viewQueued = undefined;
      pushView();
    }, VIEW_THROTTLE_MS);
  }

  function pushView(): void {
    if (streams.size === 0) return;
    const frame = `event: view\ndata: ${JSON.stringify(model.view(now()))}\n\n`;
    for (const stream of streams) stream.write(frame);
  }
  const tick = setInterval(pushView, VIEW_TICK_MS);
  tick.unref();

  const isInstructor = (request: IncomingMessage, url: URL): boolean => {
    const header = request.headers.authorization;
    const given = header?.startsWith('Bearer ') ? header.slice(7) : (url.searchParams.get('token') ?? '');
    return given.length > 0 && sameSecret(given, config.instructorToken);
  };
  const hasJoinCode = (request: IncomingMessage): boolean => {
    const given = request.headers['x-class-code'];
    return typeof given === 'string' && sameSecret(normalizeJoinCode(given), joinCode);
  };
  const learnerOf = (request: IncomingMessage) => {
    if (!hasJoinCode(request)) throw new HttpError(401, 'the join code is missing or wrong');
    const id = request.headers['x-learner-id'];
    const key = request.headers['x-learner-key'];
    const learner = typeof id === 'string' ? model.learners.get(id) : undefined;
    if (!learner || typeof key !== 'string' || !sameSecret(hashKey(key), learner.keyHash))
      throw new HttpError(401, 'unknown learner: join the class again');
    if (!learnerLimiter.take(learner.id)) throw new HttpError(429, 'too many requests: slow down');
    return learner;
  };

  async function handle(request: IncomingMessage, response: ServerResponse): Promise<void> {
    const url = new URL(request.url ?? '/', 'http://class.invalid');
    const route = `${request.method} ${url.pathname}`;
    switch (route) {
      case 'GET /':
      case 'GET /index.html':
        response.writeHead(200, {
          ...SECURITY_HEADERS,
          'content-type': 'text/html; charset=utf-8',
          // The page is one file: its own inline script and style, talking only to this server.
          'content-security-policy':
            `default-src 'none'; script-src 'sha256-${scriptHash}'; style-src ` +
            `'unsafe-inline'; connect-src 'self'; img-src data:; base-uri 'none'; form-action 'none'; ` +
            `frame-ancestors 'none'`,
        });
        response.end(CLASS_PAGE);
        return;
      case 'GET /api/health':
        return json(response, 200, { ok: true });
      case 'POST /api/join': {
        if (!hasJoinCode(request)) throw new HttpError(401, 'the join code is missing or wrong');
        if (!joinLimiter.take('join')) throw new HttpError(429, 'too many joins at once: try again in a moment');
        const body = await readJson(request, joinRequestSchema);
        const name = sanitizeName(body.name);
        if (!name) throw new HttpError(400, 'choose a display name with at least one visible character');
        if (model.learners.size >= MAX_LEARNERS) throw new HttpError(403, 'the class is full');
        const learnerKey = newSecretToken();
        const learner = newId();
        record([{ kind: 'joined', at: now(), learner, name, keyHash: hashKey(learnerKey) }]);
        return json(response, 200, { learnerId: learner, learnerKey, name, className: config.name });
      }
      case 'POST /api/events': {
        const learner = learnerOf(request);
        const body = await readJson(request, eventBatchSchema);
        const at = now();
        const fresh = body.events.filter(
          (event, i) => !learner.seen.has(event.id) && body.events.findIndex((other) => other.id === event.id) === i,
        );
        record(fresh.map((event) => ({ kind: 'learner', at, learner: learner.id, event })));
        model.touch(learner.id, at);
        return json(response, 200, {
          accepted: fresh.length,
          duplicates: body.events.length - fresh.length,
          news: model.newsFor(learner.id),
        });
      }
      case 'GET /api/news': {
        const learner = learnerOf(request);
        model.touch(learner.id, now());
        return json(response, 200, { news: model.newsFor(learner.id) });
      }
    }

    // Everything below is the instructor's.
    if (!url.pathname.startsWith('/api/')) throw new HttpError(404, 'no such page');
    if (!isInstructor(request, url)) throw new HttpError(401, 'the instructor token is missing or wrong');
    switch (route) {
      case 'GET /api/view':
        return json(response, 200, model.view(now()));
      case 'GET /api/stream':
        response.writeHead(200, {
          ...SECURITY_HEADERS,
          'content-type': 'text/event-stream; charset=utf-8',
          connection: 'keep-alive',
        });
        response.write(`retry: 1000\n\nevent: view\ndata: ${JSON.stringify(model.view(now()))}\n\n`);
        streams.add(response);
        request.on('close', () => streams.delete(response));
        return;
      case 'GET /api/export': {
        const format = url.searchParams.get('format') ?? 'json';
        if (format !== 'csv' && format !== 'json') throw new HttpError(400, 'format is csv or json');
        response.writeHead(200, {
          ...SECURITY_HEADERS,
          'content-type': format === 'csv' ? 'text/csv; charset=utf-8' : 'application/json',
        });
        response.end(formatExport(model, format satisfies ExportFormat, now()));
        return;
      }
      case 'POST /api/broadcast': {
        const body = await readJson(request, broadcastSchema);
        record([{ kind: 'broadcast', at: now(), text: sanitizeText(body.text, 500) }]);
        return json(response, 200, { ok: true });
      }
      case 'POST /api/pace': {
        const body = await readJson(request, paceSchema);
        record([{ kind: 'pace', at: now(), lessonId: body.lessonId, step: body.lessonId === null ? null : body.step }]);
        return json(response, 200, { ok: true });
      }
      case 'POST /api/timebox': {
        const body = await readJson(request, timeboxSchema);
        const at = now();
        record([
          {
            kind: 'timebox',
            at,
            lessonId: body.lessonId,
            endsAt: body.minutes === null ? null : at + body.minutes * 60_000,
          },
        ]);
        return json(response, 200, { ok: true });
      }
      case 'POST /api/stop':
        json(response, 200, { ok: true });
        options.onStopRequest?.();
        return;
      default:
        throw new HttpError(404, 'no such endpoint');
    }
  }

  const server: Server = createServer((request, response) => {
    handle(request, response).catch((error: unknown) => {
      const status = error instanceof HttpError ? error.status : 500;
      const message = error instanceof HttpError ? error.message : 'internal error';
      if (!response.headersSent) json(response, status, { error: message });
      else response.end();
      // A learner that sent too much is cut off rather than read to the end.
      if (status === 413) request.destroy();
    });
  });
  server.headersTimeout = 10_000;
  server.requestTimeout = 30_000;
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port, options.host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const address = server.address() as AddressInfo;
  const hostForUrl = address.family === 'IPv6' ? `[${address.address}]` : address.address;

  return {
    url: `http://${hostForUrl}:${address.port}`,
    host: address.address,
    port: address.port,
    model,
    replayed: read.records.length,
    skippedRecords: read.skipped,
    async close() {
      clearInterval(tick);
      if (viewQueued) clearTimeout(viewQueued);
      for (const stream of streams) stream.end();
      streams.clear();
      await new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      });
      log.close();
    },
  };
}

function json(response: ServerResponse, status: number, body: unknown): void {
  response.writeHead(status, { ...SECURITY_HEADERS, 'content-type': 'application/json' });
  response.end(JSON.stringify(body));
}

async function readJson<T>(request: IncomingMessage, schema: z.ZodType<T>): Promise<T> {
  const declared = Number(request.headers['content-length'] ?? 0);
  if (declared > MAX_BODY_BYTES) throw new HttpError(413, `the request body is larger than ${MAX_BODY_BYTES} bytes`);
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of request) {
    const buffer = Buffer.isBuffer(chunk) ? chunk : Buffer.from(String(chunk));
    size += buffer.length;
    if (size > MAX_BODY_BYTES) throw new HttpError(413, `the request body is larger than ${MAX_BODY_BYTES} bytes`);
    chunks.push(buffer);
  }
  let value: unknown;
  try {
    value = JSON.parse(Buffer.concat(chunks).toString('utf8'));
  } catch {
    throw new HttpError(400, 'the request body is not JSON');
  }
  const parsed = schema.safeParse(value);
  if (!parsed.success)
    throw new HttpError(
      400,
      `the request body is not what this server expects: ${parsed.error.issues[0]?.message ?? 'invalid'}`,
    );
  return parsed.data;
}

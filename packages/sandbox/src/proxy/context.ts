import type { IncomingMessage } from 'node:http';
import type { Clock } from '../clock.js';
import type { Entity } from '../schema/validate.js';
import type { CompiledRoute, CompiledService, RuntimeConfig } from './compile.js';
import { parseArgs, parseBody, type ParsedArgs, type ParsedBody } from './request-data.js';
import { readBody } from '@kong-workshop/common';
import type { ResponseFilter } from '../plugins/response-head.js';

/** What a plugin answers instead of proxying (kong.response.error). */
export interface ShortCircuit {
  readonly status: number;
  readonly message: string;
  readonly headers?: Readonly<Record<string, string | number>>;
  /**
   * Set for kong.response.exit (request-termination): this exact body and type, not the
   * negotiated error template; `message` is then unused.
   */
  readonly exit?: {
    readonly body: string;
    readonly contentType: string | undefined;
    /** The answer stands for the upstream's (a cache hit): Kong's proxied headers, not X-Kong-Response-Latency. */
    readonly proxied?: boolean;
  };
}

/** One request on its way through the plugins: what they read, and what they change. */
export class ProxyContext {
  consumer: Entity | undefined;
  credential: Entity | undefined;
  /** Headers to set on (value) or remove from (null) the upstream request, by lower-case name. */
  readonly upstreamHeaders = new Map<string, [string, string] | null>();
  /** Headers for the client response (rate-limit headers), in order. */
  readonly responseHeaders: [string, string | number][] = [];
  /** The query string sent upstream, once a plugin has rewritten it. */
  upstreamQuery: string | undefined;
  /** The method sent upstream, once a plugin changed it (request-transformer's http_method). */
  upstreamMethod: string | undefined;
  /** The upstream path, once a plugin replaced it (request-transformer's replace.uri). */
  upstreamPath: string | undefined;
  /** The body sent upstream, once read (and perhaps rewritten) by a plugin. */
  upstreamBody: Buffer | undefined;
  /** Response-phase work of the plugins that ran, in priority order; undefined when none has any. */
  filters: ResponseFilter[] | undefined;
  /** Set by a plugin that needs the upstream body whole (response-transformer, proxy-cache). */
  bufferBody = false;
  private args: ParsedArgs | undefined;
  private parsedBody: ParsedBody | null | undefined;

  constructor(
    readonly req: IncomingMessage,
    readonly config: RuntimeConfig,
    readonly route: CompiledRoute,
    readonly service: CompiledService | undefined,
    readonly path: string,
    readonly rawQuery: string,
    readonly clientIp: string,
    /** The sandbox clock (rate-limit windows and credential TTLs follow it). */
    readonly clock: Clock,
  ) {}

  get query(): ParsedArgs {
    this.args ??= parseArgs(this.rawQuery);
    return this.args;
  }

  /** The parsed request body (read once, kept for the upstream); undefined when Kong could not parse it. */
  async body(): Promise<ParsedBody | undefined> {
    if (this.parsedBody !== undefined) return this.parsedBody ?? undefined;
    const raw = this.upstreamBody ?? (await readBody(this.req));
    this.upstreamBody = raw;
    this.parsedBody = parseBody(this.req.headers['content-type'], raw) ?? null;
    return this.parsedBody ?? undefined;
  }

  /** The body parsed by an earlier body() call: undefined before, null when Kong could not parse it. */
  get bodyIfRead(): ParsedBody | null | undefined {
    return this.parsedBody;
  }

  /** kong.client.authenticate + the consumer headers of set_consumer (key-auth handler.lua). */
  authenticate(consumer: Entity | undefined, credential: Entity | undefined, identifier = credential?.id): void {
    this.consumer = consumer;
    this.credential = credential;
    const headers = this.upstreamHeaders;
    headers.set('x-consumer-id', consumer ? ['X-Consumer-ID', consumer.id] : null);
    headers.set(
      'x-consumer-custom-id',
      typeof consumer?.custom_id === 'string' ? ['X-Consumer-Custom-ID', consumer.custom_id] : null,
    );
    headers.set(
      'x-consumer-username',
      typeof consumer?.username === 'string' ? ['X-Consumer-Username', consumer.username] : null,
    );
    headers.set(
      'x-credential-identifier',
      credential && identifier !== undefined ? ['X-Credential-Identifier', identifier] : null,
    );
    headers.set('x-anonymous-consumer', credential ? null : ['X-Anonymous-Consumer', 'true']);
    // The consumer's consumer groups (Kong Enterprise, imitated); the acl plugin may replace it with ACL groups.
    const groups = consumer ? this.config.groupHeaderByConsumer.get(consumer.id) : undefined;
    if (groups) headers.set('x-consumer-groups', ['X-Consumer-Groups', groups]);
  }

  addFilter(filter: ResponseFilter): void {
    if (this.filters) this.filters.push(filter);
    else this.filters = [filter];
    if (filter.body) this.bufferBody = true;
  }

  setHeader(name: string, value: string | undefined): void {
    this.upstreamHeaders.set(name.toLowerCase(), value === undefined ? null : [name, value]);
  }
}

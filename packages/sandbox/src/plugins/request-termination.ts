import type { ProxyContext, ShortCircuit } from '../proxy/context.js';

// kong/plugins/request-termination/handler.lua (3.9.1): answers with a fixed status and body
// instead of proxying (kong.response.exit), optionally only when a trigger header or query
// argument is present. Priority 2: every other plugin has run before it.

export interface RequestTerminationConfig {
  readonly status_code: number;
  readonly message: string | null;
  readonly content_type: string | null;
  readonly body: string | null;
  readonly trigger: string | null;
}

const DEFAULT_RESPONSE: Readonly<Record<number, string>> = {
  401: 'Unauthorized',
  404: 'Not found',
  405: 'Method not allowed',
  500: 'An unexpected error occurred',
  502: 'Bad Gateway',
  503: 'Service unavailable',
};

export function runRequestTermination(ctx: ProxyContext, conf: RequestTerminationConfig): ShortCircuit | undefined {
  if (conf.trigger) {
    // kong.request.get_headers() is case-insensitive and reads _ as -; the query name is exact.
    const header = ctx.req.headers[conf.trigger.toLowerCase().replace(/_/g, '-')];
    if (header === undefined && !ctx.query.pairs.some(([name]) => name === conf.trigger)) return undefined;
  }
  const status = conf.status_code;
  if (conf.body !== null && conf.body !== undefined)
    return { status, message: '', exit: { body: conf.body, contentType: conf.content_type ?? undefined } };
  const message = conf.message ?? DEFAULT_RESPONSE[status];
  // kong.response.exit with a table: cjson, compact, as application/json; with nothing: an empty body.
  return message === undefined
    ? { status, message: '', exit: { body: '', contentType: undefined } }
    : {
        status,
        message,
        exit: { body: JSON.stringify({ message }), contentType: 'application/json; charset=utf-8' },
      };
}

import type { ServerResponse } from 'node:http';

/** What the sandbox says it is, in Kong's header formats (`Server`, `Via`). Honest: not a real Kong. */
export const SERVER_TOKEN = 'kong/3.9-sandbox';
export const VIA_TOKEN = `1.1 ${SERVER_TOKEN}`;

type ErrorFormat = 'json' | 'html' | 'xml' | 'text';

const CONTENT_TYPES: Record<ErrorFormat, string> = {
  json: 'application/json; charset=utf-8',
  html: 'text/html; charset=utf-8',
  xml: 'application/xml; charset=utf-8',
  text: 'text/plain; charset=utf-8',
};

/**
 * Picks the error body format from an Accept header, as kong/tools/http.lua does: the media
 * range with the highest q wins, JSON when there is no Accept or nothing known matches.
 */
function errorFormatFor(accept: string | undefined, fallback: ErrorFormat = 'json'): ErrorFormat {
  if (!accept) return fallback;
  let best: ErrorFormat = fallback;
  let bestQ = 0;
  for (const part of accept.split(',')) {
    const [range, ...params] = part.trim().toLowerCase().split(';');
    if (!range) continue;
    const qParam = params.map((p) => p.trim()).find((p) => p.startsWith('q='));
    const q = qParam ? Number(qParam.slice(2)) : 1;
    if (!(q > bestQ)) continue;
    const format = formatOfMediaRange(range.trim());
    if (format) {
      best = format;
      bestQ = q;
    }
  }
  return best;
}

function formatOfMediaRange(range: string): ErrorFormat | undefined {
  const [type, subtype] = range.split('/');
  if (!type || !subtype) return undefined;
  // `*/*` means Kong's default (JSON) even where an absent Accept would mean text/plain.
  if (subtype === '*')
    return type === '*' ? 'json' : type === 'text' ? 'text' : type === 'application' ? 'json' : undefined;
  if (subtype === 'json' || subtype.endsWith('+json')) return 'json';
  if (subtype === 'html') return 'html';
  if (subtype === 'xml' || subtype.endsWith('+xml')) return 'xml';
  if (type === 'text' && subtype === 'plain') return 'text';
  return undefined;
}

const escapeMarkup = (text: string) =>
  text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

/** The body of a Kong-generated error, byte for byte as Kong's ERROR_TEMPLATES render it. */
function renderError(format: ErrorFormat, message: string, requestId: string): string {
  switch (format) {
    case 'json':
      return `{\n  "message":${JSON.stringify(message)},\n  "request_id":"${requestId}"\n}`;
    case 'text':
      return `${message}\nrequest_id: ${requestId}\n`;
    case 'html':
      return (
        `<!doctype html>\n<html>\n  <head>\n    <meta charset="utf-8">\n    <title>Error</title>\n  </head>\n  ` +
        `<body>\n    <h1>Error</h1>\n    <p>${escapeMarkup(message)}.</p>\n    <p>request_id: ${requestId}</p>\n  ` +
        `</body>\n</html>\n`
      );
    case 'xml':
      return (
        `<?xml version="1.0" encoding="UTF-8"?>\n<error>\n  <message>${escapeMarkup(message)}</message>\n  ` +
        `<requestid>${requestId}</requestid>\n</error>\n`
      );
  }
}

/** Sends a body the way `kong.response.exit` does: as given, with Kong's own headers. */
export function sendKongExit(
  res: ServerResponse,
  status: number,
  body: string,
  contentType: string | undefined,
  ctx: { requestId: string; startedAt: number; headers?: Record<string, string | number>; proxied?: boolean },
): void {
  const latency = Math.floor(performance.now() - ctx.startedAt);
  res.writeHead(status, {
    ...(contentType ? { 'Content-Type': contentType } : {}),
    ...ctx.headers,
    // A 204 or 304 carries no body and, from nginx, no Content-Length either.
    ...(status === 204 || status === 304 ? {} : { 'Content-Length': Buffer.byteLength(body) }),
    // A response a plugin marked as proxied (proxy-cache's hit sets KONG_PROXIED) gets the proxied headers.
    ...(ctx.proxied
      ? { 'X-Kong-Upstream-Latency': 0, 'X-Kong-Proxy-Latency': latency, Via: VIA_TOKEN }
      : { 'X-Kong-Response-Latency': latency }),
    Server: SERVER_TOKEN,
    'X-Kong-Request-Id': ctx.requestId,
  });
  res.end(status === 204 || status === 304 ? undefined : body);
}

/**
 * What kong/error_handlers.lua answers for an nginx-level error (a body too large, a header too
 * large): the format from Accept, else Content-Type, else text/plain (error_default_type).
 */
export function kongErrorPage(
  message: string,
  headers: { accept?: string | undefined; 'content-type'?: string | undefined } | undefined,
  requestId: string,
): { headers: Record<string, string | number>; body: string } {
  const format = errorFormatFor(headers?.accept ?? headers?.['content-type'], 'text');
  return {
    headers: { 'Content-Type': CONTENT_TYPES[format], Server: SERVER_TOKEN, 'X-Kong-Request-Id': requestId },
    body: renderError(format, message, requestId),
  };
}

/** Sends an error the way `kong.response.error` does: negotiated body, Kong's own headers. */
export function sendKongError(
  res: ServerResponse,
  status: number,
  message: string,
  ctx: { requestId: string; accept: string | undefined; startedAt: number; headers?: Record<string, string | number> },
  fallback: ErrorFormat = 'json',
): void {
  const format = errorFormatFor(ctx.accept, fallback);
  const body = renderError(format, message, ctx.requestId);
  const headers: Record<string, string | number> = {
    'Content-Type': CONTENT_TYPES[format],
    ...ctx.headers,
    'Content-Length': Buffer.byteLength(body),
    'X-Kong-Response-Latency': Math.floor(performance.now() - ctx.startedAt),
    Server: SERVER_TOKEN,
    'X-Kong-Request-Id': ctx.requestId,
  };
  res.writeHead(status, headers);
  res.end(body);
}

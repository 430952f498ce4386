/**
 * Reads the curl commands of workshop and older docs pages, and the HTTP responses they show,
 * so a command and its "Expected Output" become one check.
 */

export interface CurlRequest {
  readonly method: string;
  readonly url: string;
  readonly headers: Record<string, string>;
  readonly form?: Record<string, string>;
  readonly json?: unknown;
  readonly body?: string;
  readonly head: boolean;
}

/** Shell words of one command (quotes and line continuations handled; no expansion). */
function shellWords(command: string): string[] {
  const text = command.replace(/\\\r?\n/g, ' ');
  const words: string[] = [];
  let current = '';
  let quote: '"' | "'" | undefined;
  let has = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i]!;
    if (quote) {
      if (c === quote) quote = undefined;
      else if (c === '\\' && quote === '"' && i + 1 < text.length) current += text[++i];
      else current += c;
      continue;
    }
    if (c === '"' || c === "'") {
      quote = c;
      has = true;
    } else if (/\s/.test(c)) {
      if (has || current) words.push(current);
      current = '';
      has = false;
    } else if (c === '\\' && i + 1 < text.length) {
      current += text[++i];
      has = true;
    } else {
      current += c;
      has = true;
    }
  }
  if (has || current) words.push(current);
  return words;
}

/** One curl command (a single line or continued lines); undefined when it is not a plain curl. */
export function parseCurl(command: string): CurlRequest | undefined {
  const trimmed = command.trim().replace(/^[%$#]\s+/, '');
  if (!/^curl\s/.test(trimmed) || /[|;&]|\$\(/.test(trimmed.replace(/'[^']*'|"[^"]*"/g, ''))) return undefined;
  const words = shellWords(trimmed).slice(1);
  let method: string | undefined;
  let url: string | undefined;
  let head = false;
  const headers: Record<string, string> = {};
  const form: Record<string, string> = {};
  let json: unknown;
  let body: string | undefined;
  for (let i = 0; i < words.length; i++) {
    const w = words[i]!;
    const next = () => words[++i] ?? '';
    if (w === '-X' || w === '--request') method = next().toUpperCase();
    else if (w === '-H' || w === '--header') {
      const h = next();
      const at = h.indexOf(':');
      if (at > 0) headers[h.slice(0, at).trim()] = h.slice(at + 1).trim();
    } else if (w === '-I' || w === '--head') head = true;
    else if (
      w === '-d' ||
      w === '--data' ||
      w === '--data-urlencode' ||
      w === '--data-raw' ||
      w === '-F' ||
      w === '--form'
    ) {
      const d = next();
      const eq = d.indexOf('=');
      if (d.trim().startsWith('{')) {
        try {
          json = JSON.parse(d);
        } catch {
          body = d;
        }
      } else if (eq > 0) form[d.slice(0, eq)] = d.slice(eq + 1);
      else body = d;
    } else if (w === '--json') {
      try {
        json = JSON.parse(next());
      } catch {
        return undefined;
      }
    } else if (
      [
        '-i',
        '--include',
        '-s',
        '--silent',
        '-S',
        '-v',
        '--verbose',
        '-k',
        '--insecure',
        '--no-progress-meter',
        '--fail-with-body',
        '-L',
        '--location',
      ].includes(w)
    )
      continue;
    else if (w === '--url') url = next();
    else if (w.startsWith('-')) return undefined;
    else if (url === undefined) url = w;
  }
  if (!url) return undefined;
  const hasBody = json !== undefined || body !== undefined || Object.keys(form).length > 0;
  return {
    method: method ?? (head ? 'HEAD' : hasBody ? 'POST' : 'GET'),
    url,
    headers,
    head,
    ...(Object.keys(form).length ? { form } : {}),
    ...(json !== undefined ? { json } : {}),
    ...(body !== undefined ? { body } : {}),
  };
}

export interface HttpResponseShown {
  readonly status: number;
  readonly headers: Record<string, string>;
  readonly json?: unknown;
}

/** `HTTP/1.1 401 Unauthorized` + headers + body, as a page shows it; undefined when it is not one. */
export function parseHttpResponse(text: string): HttpResponseShown | undefined {
  const lines = text.replace(/\r/g, '').split('\n');
  const start = lines.findIndex((l) => /^(< )?HTTP\/[\d.]+\s+\d{3}/.test(l.trim()));
  if (start < 0) return undefined;
  const status = Number(/HTTP\/[\d.]+\s+(\d{3})/.exec(lines[start]!)![1]);
  const headers: Record<string, string> = {};
  let i = start + 1;
  for (; i < lines.length; i++) {
    const line = lines[i]!.replace(/^< /, '');
    if (!line.trim()) break;
    const at = line.indexOf(':');
    if (at > 0) headers[line.slice(0, at).trim()] = line.slice(at + 1).trim();
  }
  const rest = lines
    .slice(i + 1)
    .join('\n')
    .trim();
  let json: unknown;
  if (rest.startsWith('{')) {
    try {
      json = JSON.parse(rest);
    } catch {
      json = undefined;
    }
  }
  return { status, headers, ...(json !== undefined ? { json } : {}) };
}

/**
 * The headers of a shown response worth asserting: the ones Kong makes and that stay the same
 * run after run. Dates, ids, latencies, lengths, versions and upstream noise are dropped;
 * counters that tick with the clock become ranges.
 */
export function stableHeaders(shown: HttpResponseShown): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [name, value] of Object.entries(shown.headers)) {
    const lower = name.toLowerCase();
    if (lower === 'www-authenticate') out[canonical(name)] = value;
    else if (/^(x-)?ratelimit-(limit|remaining)(-|$)/.test(lower) && /^\d+$/.test(value))
      out[canonical(name)] = Number(value);
    else if (lower === 'ratelimit-reset' || lower === 'retry-after') out[canonical(name)] = { gte: 1, lte: 60 };
    else if (lower === 'x-cache-status') out[canonical(name)] = value;
  }
  return out;
}

/** The JSON fields of a Kong-made answer (an error message); upstream bodies vary, so nothing else. */
export function stableJson(shown: HttpResponseShown): Record<string, unknown> | undefined {
  if (shown.status < 400 || typeof shown.json !== 'object' || shown.json === null) return undefined;
  const message = (shown.json as Record<string, unknown>).message;
  return typeof message === 'string' ? { message } : undefined;
}

function canonical(name: string): string {
  return name
    .split('-')
    .map((part) => (part.length <= 1 ? part.toUpperCase() : part[0]!.toUpperCase() + part.slice(1).toLowerCase()))
    .join('-')
    .replace(/^Ratelimit/, 'RateLimit')
    .replace(/^X-Ratelimit/, 'X-RateLimit')
    .replace(/^Www-/, 'WWW-');
}

import { isRecord } from '@kong-workshop/common';
// Reading keys out of a request the way Kong's PDK does: headers case-insensitively with `_` and
// `-` alike (kong.request.get_headers), query args as ngx.req.get_uri_args parses them, and bodies
// as kong.request.get_body does for form, JSON and multipart.

/** A header name as Kong compares them: lower case, underscores as dashes. */
export const normalizeHeaderName = (name: string): string => name.toLowerCase().replace(/_/g, '-');

/**
 * All values of one header, looked up as `kong.request.get_headers()[name]` does: by the name in
 * any case, and when that misses, by the name with `_` read as `-` (so key name `api_key` finds
 * an `api-key` header, while key name `api-key` does not find `api_key`). Undefined when absent,
 * an array when repeated.
 */
export function headerValues(rawHeaders: readonly string[], name: string): string | string[] | undefined {
  const exact = name.toLowerCase();
  const found = collect(rawHeaders, exact);
  if (found !== undefined || !exact.includes('_')) return found;
  return collect(rawHeaders, exact.replace(/_/g, '-'));
}

function collect(rawHeaders: readonly string[], lowerName: string): string | string[] | undefined {
  let found: string | string[] | undefined;
  for (let i = 0; i < rawHeaders.length; i += 2) {
    const name = rawHeaders[i] ?? '';
    if (name.length !== lowerName.length || name.toLowerCase() !== lowerName) continue;
    const value = rawHeaders[i + 1] ?? '';
    found = found === undefined ? value : Array.isArray(found) ? [...found, value] : [found, value];
  }
  return found;
}

/** A query or form argument: a string, `true` for a bare name (`?apikey`), a list when repeated. */
export type ArgValue = string | true | (string | true)[];

export interface ParsedArgs {
  /** Arguments in order of appearance, names and values decoded. */
  readonly pairs: readonly (readonly [string, string | true])[];
  get(name: string): ArgValue | undefined;
}

const decode = (text: string): string => {
  const plus = text.replace(/\+/g, ' ');
  try {
    return decodeURIComponent(plus);
  } catch {
    return plus;
  }
};

/** Parses `a=1&b&a=2` as nginx does: decoded names and values, bare names as `true`. */
export function parseArgs(text: string): ParsedArgs {
  const pairs: [string, string | true][] = [];
  for (const part of text.split('&')) {
    if (part === '') continue;
    const eq = part.indexOf('=');
    const name = decode(eq === -1 ? part : part.slice(0, eq));
    if (name === '') continue;
    pairs.push([name, eq === -1 ? true : decode(part.slice(eq + 1))]);
  }
  return {
    pairs,
    get(name) {
      let found: ArgValue | undefined;
      for (const [key, value] of pairs) {
        if (key !== name) continue;
        found = found === undefined ? value : Array.isArray(found) ? [...found, value] : [found, value];
      }
      return found;
    },
  };
}

// ngx.encode_args escapes everything but unreserved characters, and writes a bare name for `true`.
const encodeArg = (text: string) =>
  encodeURIComponent(text).replace(/[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);

/** Re-serialises arguments (after one was removed), keeping their order. */
export function encodeArgs(pairs: readonly (readonly [string, string | true])[]): string {
  return pairs
    .map(([name, value]) => (value === true ? encodeArg(name) : `${encodeArg(name)}=${encodeArg(value)}`))
    .join('&');
}

export type BodyKind = 'form' | 'json' | 'multipart';

export interface ParsedBody {
  readonly kind: BodyKind;
  readonly values: Record<string, unknown>;
  /** The multipart boundary, to write the body back in the same format. */
  readonly boundary?: string;
  /** Multipart parts in order, so unrelated parts (files) survive a rewrite untouched. */
  readonly parts?: readonly MultipartPart[];
}

export interface MultipartPart {
  readonly name: string | undefined;
  readonly headers: string;
  readonly data: Buffer;
}

/** The body Kong would parse for this Content-Type, or undefined (unsupported type or bad body). */
export function parseBody(contentType: string | undefined, body: Buffer): ParsedBody | undefined {
  const type = contentType?.split(';')[0]?.trim().toLowerCase();
  if (type === 'application/x-www-form-urlencoded') {
    const args = parseArgs(body.toString('latin1'));
    const values: Record<string, unknown> = {};
    for (const [name] of args.pairs) values[name] ??= args.get(name);
    return { kind: 'form', values };
  }
  if (type === 'application/json' || type?.endsWith('+json')) {
    try {
      const parsed: unknown = JSON.parse(body.toString('utf8'));
      return isRecord(parsed) ? { kind: 'json', values: parsed } : undefined;
    } catch {
      return undefined;
    }
  }
  if (type === 'multipart/form-data') {
    const boundary = /boundary=(?:"([^"]+)"|([^;]+))/i.exec(contentType ?? '');
    const mark = boundary?.[1] ?? boundary?.[2]?.trim();
    return mark ? parseMultipart(body, mark) : undefined;
  }
  return undefined;
}

function parseMultipart(body: Buffer, boundary: string): ParsedBody {
  const delimiter = Buffer.from(`--${boundary}`);
  const parts: MultipartPart[] = [];
  const values: Record<string, unknown> = {};
  let start = body.indexOf(delimiter);
  while (start !== -1) {
    const afterDelimiter = start + delimiter.length;
    if (body.subarray(afterDelimiter, afterDelimiter + 2).toString() === '--') break;
    const next = body.indexOf(delimiter, afterDelimiter);
    if (next === -1) break;
    const part = body.subarray(afterDelimiter + 2, next - 2); // skip CRLF after the delimiter and before the next
    const split = part.indexOf('\r\n\r\n');
    if (split !== -1) {
      const headers = part.subarray(0, split).toString('utf8');
      const data = part.subarray(split + 4);
      const name = /(?:^|[;\s])name="([^"]*)"/i.exec(headers)?.[1];
      parts.push({ name, headers, data });
      if (name !== undefined && !/filename=/i.test(headers)) {
        const value = data.toString('utf8');
        const existing = values[name];
        values[name] =
          existing === undefined ? value : Array.isArray(existing) ? [...existing, value] : [existing, value];
      }
    }
    start = next;
  }
  return { kind: 'multipart', values, boundary, parts };
}

/** Writes a parsed body back after `removed` was taken out, in its original format. */
export function serializeBody(body: ParsedBody, removed: string): Buffer {
  switch (body.kind) {
    case 'json': {
      const { [removed]: _drop, ...rest } = body.values;
      return Buffer.from(JSON.stringify(rest));
    }
    case 'form': {
      const pairs: [string, string | true][] = [];
      for (const [name, value] of Object.entries(body.values)) {
        if (name === removed) continue;
        for (const item of Array.isArray(value) ? value : [value]) pairs.push([name, item as string | true]);
      }
      return Buffer.from(encodeArgs(pairs));
    }
    case 'multipart': {
      const chunks: Buffer[] = [];
      for (const part of body.parts ?? []) {
        if (part.name === removed) continue;
        chunks.push(Buffer.from(`--${body.boundary}\r\n${part.headers}\r\n\r\n`), part.data, Buffer.from('\r\n'));
      }
      chunks.push(Buffer.from(`--${body.boundary}--\r\n`));
      return Buffer.concat(chunks);
    }
  }
}

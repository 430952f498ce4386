import { EventEmitter } from 'node:events';
import { Agent, request } from 'undici';
import { randomBytes } from 'node:crypto';
import type { HttpBody, HttpRequestSpec, MultipartField } from '../lesson/index.js';
import { networkFault } from './http-faults.js';
import type { Fault } from './types.js';

let sharedAgent: Agent | undefined;

/**
 * One keep-alive connection pool for every check of the process: a `repeat: 100` sequence or
 * an `eventually` loop reuses its connection instead of paying a handshake per request.
 */
function agent(): Agent {
  sharedAgent ??= new Agent({ keepAliveTimeout: 4_000, keepAliveMaxTimeout: 30_000 });
  return sharedAgent;
}

/** Closes the shared connection pool (at CLI exit and after tests); the next check opens a new one. */
export async function closeHttpAgent(): Promise<void> {
  const closing = sharedAgent;
  sharedAgent = undefined;
  await closing?.close();
}

/** A request ready to send many times: URL checked, body encoded, headers merged, once. */
export interface PreparedRequest {
  readonly url: URL;
  readonly href: string;
  readonly method: string;
  readonly headers: Readonly<Record<string, string>>;
  readonly body: string | undefined;
  readonly timeoutMs: number;
}

export interface HttpResponse {
  readonly status: number;
  /** As undici gives them: lower-case names, an array for a repeated header. */
  readonly headers: Readonly<Record<string, string | string[] | undefined>>;
  readonly body: string;
  /** From sending the request to the last byte of the body. */
  readonly durationMs: number;
}

/** A header's value by its lower-case name; a repeated header's values joined with ", ". */
export function headerValue(response: HttpResponse, lowerCaseName: string): string | undefined {
  const value = response.headers[lowerCaseName];
  return typeof value === 'string' || value === undefined ? value : value.join(', ');
}

/** Every value of a header, by its lower-case name: one per line it came on (for `count`). */
export function headerValues(response: HttpResponse, lowerCaseName: string): string[] {
  const value = response.headers[lowerCaseName];
  return value === undefined ? [] : typeof value === 'string' ? [value] : value;
}

/** All headers, repeated ones joined: for failure reports. */
export function flatHeaders(response: HttpResponse): Record<string, string> {
  const flat: Record<string, string> = {};
  for (const name of Object.keys(response.headers)) {
    const value = headerValue(response, name);
    if (value !== undefined) flat[name] = value;
  }
  return flat;
}

export function prepareRequest(spec: HttpRequestSpec): PreparedRequest | Fault {
  let url: URL;
  try {
    url = new URL(spec.url);
  } catch {
    return {
      code: 'internal',
      message: `not a URL: ${spec.url}`,
      hint: 'write the request as "METHOD URL", e.g. `GET {{PROXY}}/echo`',
    };
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    return {
      code: 'internal',
      message: `not an http(s) URL: ${spec.url}`,
      hint: 'checks send HTTP requests; the URL must start with http:// or https://',
    };
  }
  for (const [name, value] of Object.entries(spec.query ?? {})) url.searchParams.append(name, value);
  const headers: Record<string, string> = { ...spec.headers };
  if (spec.basicAuth && !Object.keys(headers).some((name) => name.toLowerCase() === 'authorization')) {
    const { username, password } = spec.basicAuth;
    headers.authorization = `Basic ${Buffer.from(`${username}:${password}`).toString('base64')}`;
  }
  const encoded = spec.body && encodeBody(spec.body);
  if (encoded?.contentType && !Object.keys(headers).some((name) => name.toLowerCase() === 'content-type')) {
    headers['content-type'] = encoded.contentType;
  }
  return {
    url,
    href: url.href,
    method: spec.method.toUpperCase(),
    headers,
    body: encoded?.text,
    timeoutMs: spec.timeoutMs,
  };
}

function encodeBody(body: HttpBody): { text: string; contentType?: string } {
  switch (body.kind) {
    case 'json':
      return { text: JSON.stringify(body.value), contentType: 'application/json' };
    case 'form':
      return { text: new URLSearchParams(body.value).toString(), contentType: 'application/x-www-form-urlencoded' };
    case 'raw':
      return body.contentType ? { text: body.value, contentType: body.contentType } : { text: body.value };
    case 'multipart':
      return encodeMultipart(body.value);
  }
}

/**
 * multipart/form-data (RFC 7578) as text: lessons send text fields and small text files. The
 * boundary is random per request, so it cannot occur in what a lesson wrote by accident.
 */
function encodeMultipart(fields: Readonly<Record<string, MultipartField>>): { text: string; contentType: string } {
  const boundary = `kong-workshop-${randomBytes(12).toString('hex')}`;
  const quote = (text: string) => text.replaceAll('"', '%22').replaceAll('\r', '%0D').replaceAll('\n', '%0A');
  const parts = Object.entries(fields).map(([name, field]) =>
    typeof field === 'string'
      ? `--${boundary}\r\ncontent-disposition: form-data; name="${quote(name)}"\r\n\r\n${field}\r\n`
      : `--${boundary}\r\ncontent-disposition: form-data; name="${quote(name)}"; ` +
        `filename="${quote(field.filename)}"\r\n` +
        `content-type: ${field.contentType ?? 'application/octet-stream'}\r\n\r\n${field.content}\r\n`,
  );
  return { text: `${parts.join('')}--${boundary}--\r\n`, contentType: `multipart/form-data; boundary=${boundary}` };
}

/** Sends the requests of one attempt, one at a time. */
export interface RequestSender {
  send(): Promise<HttpResponse | Fault>;
  /** Stops the deadline timer; the sender is not used after this. */
  close(): void;
}

/**
 * Sends `prepared` as often as asked, each request bound by the request's timeout (connect,
 * headers and body together) and by `signal`. The requests of a sequence share one timer,
 * re-armed per request, and one abort emitter (undici takes an EventEmitter as `signal`):
 * an AbortController, timer and AbortSignal listener per request were most of what a check
 * cost over bare undici. Network trouble comes back as a Fault.
 */
export function createRequestSender(prepared: PreparedRequest, signal: AbortSignal | undefined): RequestSender {
  const aborter = new EventEmitter();
  let inFlight = false;
  let timedOut = false;
  const timer = setTimeout(() => {
    if (!inFlight) return;
    timedOut = true;
    aborter.emit('abort');
  }, prepared.timeoutMs);
  const cancel = () => aborter.emit('abort');
  signal?.addEventListener('abort', cancel);
  const options = {
    dispatcher: agent(),
    method: prepared.method,
    headers: prepared.headers,
    body: prepared.body,
    signal: aborter,
  };
  const fault = (error: unknown) =>
    networkFault(error, {
      url: prepared.url,
      timeoutMs: prepared.timeoutMs,
      timedOut,
      cancelled: signal?.aborted === true && !timedOut,
    });

  return {
    async send() {
      if (signal?.aborted) return fault(undefined);
      inFlight = true;
      timedOut = false;
      timer.refresh();
      const started = performance.now();
      try {
        const response = await request(prepared.href, options);
        const body = await response.body.text();
        return {
          status: response.statusCode,
          headers: response.headers,
          body,
          durationMs: performance.now() - started,
        };
      } catch (error) {
        return fault(error);
      } finally {
        inFlight = false;
      }
    },
    close() {
      clearTimeout(timer);
      signal?.removeEventListener('abort', cancel);
    },
  };
}

/** Tells a fault from a request, response or check that came back instead. */
export function isFault<T extends object>(value: T | Fault): value is Fault {
  return 'code' in value && 'hint' in value;
}

import type { HttpBody, HttpRequestSpec } from '../types.js';
import type { CheckReader } from './read-check.js';
import type { RequestObject } from './http-schema.js';

const METHODS = ['GET', 'HEAD', 'POST', 'PUT', 'PATCH', 'DELETE', 'OPTIONS'];
const DEFAULT_REQUEST_TIMEOUT_MS = 10_000;

/** `GET {{PROXY}}/echo`, a bare URL (GET), or the object form. Undefined when it is unusable. */
export function readRequest(input: string | RequestObject, reader: CheckReader): HttpRequestSpec | undefined {
  if (typeof input === 'string') return readShorthand(input, reader);
  const method = checkMethod(input.method ?? 'GET', ['request', 'method'], reader);
  const urlOk = checkUrl(input.url, ['request', 'url'], reader);
  const body = readBody(input, reader);
  if (body && (method === 'GET' || method === 'HEAD')) {
    reader.sink.error(
      reader.keyAt(['request', body.kind === 'raw' ? 'body' : body.kind]),
      'invalid-check',
      `a ${method} request cannot have a body`,
      'add method: POST (or PUT, PATCH) to the request',
    );
    return undefined;
  }
  if (!method || !urlOk || body === null) return undefined;
  return {
    method,
    url: input.url,
    headers: input.headers ?? {},
    ...(input.query ? { query: input.query } : {}),
    ...(input.basicAuth ? { basicAuth: input.basicAuth } : {}),
    ...(body ? { body } : {}),
    timeoutMs: input.timeout ?? DEFAULT_REQUEST_TIMEOUT_MS,
  };
}

function readShorthand(text: string, reader: CheckReader): HttpRequestSpec | undefined {
  const words = text.trim().split(/\s+/);
  if (words.length > 2 || words[0] === '') {
    reader.error(
      ['request'],
      'invalid-check',
      `'request' must be "METHOD URL" or a URL, not '${text}'`,
      'write request: GET {{PROXY}}/path, or use the map form with method, url, headers',
    );
    return undefined;
  }
  const [method, url] =
    words.length === 2 ? [checkMethod(words[0]!, ['request'], reader), words[1]!] : ['GET', words[0]!];
  if (!method || !checkUrl(url, ['request'], reader)) return undefined;
  return { method, url, headers: {}, timeoutMs: DEFAULT_REQUEST_TIMEOUT_MS };
}

function checkMethod(method: string, path: readonly PropertyKey[], reader: CheckReader): string | undefined {
  const upper = method.toUpperCase();
  if (METHODS.includes(upper)) return upper;
  reader.error(path, 'invalid-check', `unknown HTTP method '${method}'`, `use one of ${METHODS.join(', ')}`);
  return undefined;
}

function checkUrl(url: string, path: readonly PropertyKey[], reader: CheckReader): boolean {
  if (/^(https?:\/\/|\{\{)/.test(url)) return true;
  reader.error(
    path,
    'invalid-check',
    `'${url}' is not a URL`,
    'start the URL with a variable such as {{PROXY}}, or with http:// or https://',
  );
  return false;
}

/** The body, undefined for none, or null when more than one kind was given. */
function readBody(input: RequestObject, reader: CheckReader): HttpBody | undefined | null {
  const given = (['json', 'form', 'multipart', 'body'] as const).filter((key) => input[key] !== undefined);
  if (given.length > 1) {
    reader.sink.error(
      reader.keyAt(['request', given[1]!]),
      'invalid-check',
      `a request takes one of json, form, multipart and body, not both ${given[0]} and ${given[1]}`,
      `remove '${given[1]}' or '${given[0]}'`,
    );
    return null;
  }
  if (input.json !== undefined) return { kind: 'json', value: input.json };
  if (input.form !== undefined) return { kind: 'form', value: input.form };
  if (input.multipart !== undefined) return { kind: 'multipart', value: input.multipart };
  if (input.body !== undefined) return { kind: 'raw', value: input.body };
  return undefined;
}

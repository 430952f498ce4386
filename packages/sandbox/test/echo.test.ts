import { request } from 'node:http';
import type { Server } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type EchoReply, echoResponse, startEchoServer } from '../src/echo.js';

// The echo writes its JSON by hand (it runs on every proxied request); the format it promises is
// JSON.stringify of an EchoReply with two-space indentation, so that is what each case is held to.
function reference(method: string, url: string, flat: readonly string[], body?: Buffer): string {
  const q = url.indexOf('?');
  const query: Record<string, string | string[]> = {};
  if (q !== -1) for (const [name, value] of new URLSearchParams(url.slice(q + 1))) append(query, name, value);
  const headers: Record<string, string | string[]> = {};
  for (let i = 0; i < flat.length; i += 2) append(headers, flat[i] ?? '', flat[i + 1] ?? '');
  const reply: EchoReply = {
    method,
    url,
    path: q === -1 ? url : url.slice(0, q),
    query,
    headers,
    ...(body?.length ? { body: body.toString('utf8') } : {}),
  };
  return JSON.stringify(reply, null, 2);
}

function append(into: Record<string, string | string[]>, name: string, value: string): void {
  const existing = into[name];
  into[name] = existing === undefined ? value : Array.isArray(existing) ? [...existing, value] : [existing, value];
}

describe('echoResponse', () => {
  const cases: [string, string, string[], Buffer?][] = [
    ['no headers, no query', '/get', []],
    ['a plain request', '/get?x=1', ['host', 'echo', 'apikey', 'my-key', 'x-forwarded-for', '127.0.0.1']],
    ['an empty query', '/get?', ['accept', '*/*']],
    ['a query to split only: empty pieces, bare names, empty names, = in values', '/q?a=1&&b=&c&a=2&=x&d==e', []],
    ['a query with repeats, + and percent-encoding', '/q?a=1&a=2&a=3&b=two+words&c=%22%5C%E2%9C%93&d', []],
    ['a header sent twice and one sent three times', '/', ['a', '1', 'b', '2', 'a', '3', 'c', 'x', 'c', 'y', 'c', 'z']],
    ['quotes and backslashes', '/"q"\\', ['x-quoted', 'say "hi" \\ bye', 'x-tab', 'a\tb']],
    ['control characters', '/', ['x-ctl', '\u0001\u001f\u007f', 'x-newline', 'a\nb\r']],
    [
      'non-ASCII and surrogates',
      '/caf\u00e9',
      ['x-latin1', '\u00e9\u00ff', 'x-pair', '\ud83d\ude00', 'x-lone', '\ud800x'],
    ],
    ['a body', '/post', ['content-type', 'application/json'], Buffer.from('{"a": "\u2713"}\n')],
    ['an empty body', '/post', ['content-length', '0'], Buffer.alloc(0)],
  ];
  it.each(cases)('writes what JSON.stringify writes: %s', (_name, url, flat, body) => {
    const reply = echoResponse('GET', url, flat, body);
    expect(reply.body).toBe(reference('GET', url, flat, body));
    expect(reply.contentType).toBe('application/json');
  });

  it('keeps headers in the order they arrived, even names that look like numbers', () => {
    // (An object would put "2" first: integer-like keys come before the others.)
    expect(echoResponse('GET', '/', ['b', '1', '2', 'two'], undefined).body).toContain('"b": "1",\n    "2": "two"');
  });
});

describe('startEchoServer', () => {
  let echo: { server: Server; url: string };
  beforeAll(async () => {
    echo = await startEchoServer();
  });
  afterAll(() => new Promise<void>((resolve) => echo.server.close(() => resolve())));

  it('answers a real request with what it received, repeated headers as a list', async () => {
    const { port } = new URL(echo.url);
    const text = await new Promise<string>((resolve, reject) => {
      const req = request({ host: '127.0.0.1', port, method: 'POST', path: '/anything?x=1&x=2' }, (res) => {
        let body = '';
        res.on('data', (chunk: Buffer) => (body += chunk.toString('utf8')));
        res.on('end', () => resolve(body));
      });
      req.on('error', reject);
      req.setHeader('X-Twice', ['one', 'two']);
      req.setHeader('X-Quote', 'a "b"');
      req.end('payload');
    });
    const reply = JSON.parse(text) as EchoReply;
    expect(reply).toMatchObject({
      method: 'POST',
      url: '/anything?x=1&x=2',
      path: '/anything',
      query: { x: ['1', '2'] },
      body: 'payload',
    });
    expect(reply.headers['x-twice']).toEqual(['one', 'two']);
    expect(reply.headers['x-quote']).toBe('a "b"');
  });
});

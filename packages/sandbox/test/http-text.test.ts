import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { httpText, parseResponse } from '../src/http-text.js';

// The short CLI commands talk to the sandbox through this small client: proved here against a real
// node:http server, in each way it may frame a body.
describe('httpText', () => {
  let server: Server;
  let base = '';
  beforeAll(async () => {
    server = createServer((req: IncomingMessage, res: ServerResponse) => {
      let body = '';
      req.on('data', (chunk: Buffer) => (body += chunk.toString('utf8')));
      req.on('end', () => {
        const echo = JSON.stringify({ method: req.method, url: req.url, auth: req.headers.authorization, body });
        if (req.url === '/chunked') {
          res.write('{"part":');
          res.end('"two ✓"}');
        } else if (req.url === '/slow') {
          setTimeout(() => res.end('late'), 2000);
        } else {
          res.writeHead(req.url === '/missing' ? 404 : 200, { 'Content-Type': 'application/json' });
          res.end(echo);
        }
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

  it('sends method, path, headers and a UTF-8 body, and reads a Content-Length answer', async () => {
    const answer = await httpText(`${base}/x?y=1`, {
      method: 'POST',
      headers: { Authorization: 'Bearer kpat_x', 'Content-Type': 'application/json' },
      body: '{"name":"é"}',
      timeoutMs: 5000,
    });
    expect(answer.status).toBe(200);
    expect(JSON.parse(answer.text)).toEqual({
      method: 'POST',
      url: '/x?y=1',
      auth: 'Bearer kpat_x',
      body: '{"name":"é"}',
    });
  });

  it('reads a chunked answer and keeps the status of an error', async () => {
    expect(await httpText(`${base}/chunked`, { timeoutMs: 5000 })).toEqual({ status: 200, text: '{"part":"two ✓"}' });
    expect((await httpText(`${base}/missing`, { timeoutMs: 5000 })).status).toBe(404);
  });

  it('fails on a refused connection, a timeout, a line break in a header, and https', async () => {
    await expect(httpText('http://127.0.0.1:1/', { timeoutMs: 5000 })).rejects.toThrow(/ECONNREFUSED/);
    await expect(httpText(`${base}/slow`, { timeoutMs: 100 })).rejects.toThrow(/no answer .* in 100 ms/);
    await expect(httpText(`${base}/`, { headers: { X: 'a\r\nY: b' }, timeoutMs: 5000 })).rejects.toThrow(/line break/);
    await expect(httpText('https://127.0.0.1:1/', { timeoutMs: 5000 })).rejects.toThrow(/only http/);
  });

  it('parses what a server may send: a body up to the close, and a cut-off answer', () => {
    expect(parseResponse(Buffer.from('HTTP/1.1 204 No Content\r\nX: y\r\n\r\n'))).toEqual({ status: 204, text: '' });
    expect(parseResponse(Buffer.from('HTTP/1.0 200 OK\r\n\r\nall of it'))).toEqual({ status: 200, text: 'all of it' });
    expect(() => parseResponse(Buffer.from('HTTP/1.1 200 OK\r\nContent-Le'))).toThrow(/before a complete/);
  });
});

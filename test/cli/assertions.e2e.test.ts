import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../helpers/cli.js';

const lesson = 'fixtures/lessons/assertions/every-assertion.md';

/** A small API that behaves as the fixture expects; `off` makes one answer wrong. */
function api(off: { admins?: number } = {}): Server {
  return createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://localhost');
    const json = (value: unknown, headers: Record<string, string | string[]> = {}) => {
      res.writeHead(200, { 'content-type': 'application/json', ...headers });
      res.end(JSON.stringify(value));
    };
    if (url.pathname === '/users') {
      const auth = Buffer.from((req.headers.authorization ?? '').replace(/^Basic /, ''), 'base64').toString();
      if (auth !== 'alice:s3cret') {
        res.writeHead(401).end();
        return;
      }
      const data = [
        { name: 'alex', role: 'admin', id: 1 },
        { name: 'sam', role: off.admins === 1 ? 'viewer' : 'admin', id: 2 },
      ];
      json(
        { data, query: Object.fromEntries(url.searchParams), auth: auth.split(':')[0] },
        { 'set-cookie': ['a=1', 'b=2'], 'x-request-id': 'req-42' },
      );
      return;
    }
    if (url.pathname === '/upload') {
      let body = '';
      req.on('data', (chunk: Buffer) => {
        body += chunk.toString();
      });
      req.on('end', () => {
        // A plain reading of multipart/form-data: enough to see each part's headers and content.
        const boundary = /boundary=(\S+)/.exec(req.headers['content-type'] ?? '')?.[1] ?? '';
        const parts: Record<string, string> = {};
        for (const part of body.split(`--${boundary}`).slice(1, -1)) {
          const [head = '', content = ''] = part.split('\r\n\r\n');
          const name = /name="([^"]+)"/.exec(head)?.[1] ?? '';
          const file = /filename="([^"]+)"/.exec(head)?.[1];
          const type = /content-type: (\S+)/i.exec(head)?.[1];
          parts[name] = file ? `${file} ${type} ${content.replace(/\r\n$/, '')}` : content.replace(/\r\n$/, '');
        }
        json({ parts });
      });
      return;
    }
    if (url.pathname === '/form') {
      let body = '';
      req.on('data', (chunk: Buffer) => {
        body += chunk.toString();
      });
      req.on('end', () => json({ form: Object.fromEntries(new URLSearchParams(body)) }));
      return;
    }
    json({ path: url.pathname, cookie: req.headers.cookie ?? null });
  });
}

async function listen(server: Server): Promise<string> {
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return `http://127.0.0.1:${port}`;
}

const gatewayAt = (url: string) => ['--target', 'gateway', '--var', `PROXY=${url}`, '--var', `ADMIN=${url}`, '--trust'];

describe('a lesson using every assertion (the built CLI against a loopback API)', () => {
  const good = api();
  const off = api({ admins: 1 });
  let goodUrl = '';
  let offUrl = '';
  beforeAll(async () => {
    goodUrl = await listen(good);
    offUrl = await listen(off);
  });
  afterAll(() => {
    good.close();
    off.close();
  });

  it('lints without errors (no hints or solutions: warnings only)', async () => {
    const result = await runCli(['lint', lesson]);
    expect(result.code).toBe(0);
    expect(result.stdout.trimEnd().split('\n').pop()).toBe('8 warnings in 1 file');
  });

  it('passes against an API that behaves', async () => {
    const result = await runCli(['run', lesson, ...gatewayAt(goodUrl)]);
    expect(result.code, result.stdout).toBe(0);
    expect(result.stdout).toContain('✓ the admins, counted, filtered and timed');
    expect(result.stdout).toContain("✓ the request number was captured, and the step's cookies go along");
    expect(result.stdout).toContain('✓ cookies stay within their step');
    expect(result.stdout).toContain('✓ the form arrives');
    expect(result.stdout).toContain('✓ the upload arrives in parts');
    expect(result.stdout).toContain('✓ the command prints two lines of JSON');
  });

  it('fails with a diff per expectation when one answer is off (exit 4)', async () => {
    const result = await runCli(['run', lesson, ...gatewayAt(offUrl)]);
    expect(result.code).toBe(4);
    expect(result.stdout).toContain('✗ the admins, counted, filtered and timed');
    expect(result.stdout).toMatch(/json \$\.data\[\?\(@\.role == 'admin'\)\]\.id: expected count 2, actual \[1\]/);
    expect(result.stdout).not.toMatch(/json \$\.data\[\*\]\.name: expected/);
  });
});

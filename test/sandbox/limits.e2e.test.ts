import { readFileSync } from 'node:fs';
import { request } from 'node:http';
import { connect, type Socket } from 'node:net';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { execa, type ResultPromise } from 'execa';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cliPath, repoRoot } from '../helpers/cli.js';
import { tempDir } from '../helpers/temp-dirs.js';

// The sandbox's listener limits, tried on a real sandbox process over loopback: oversized bodies and
// headers get Kong's answers, slow clients are closed by the timeouts, and memory stays bounded.

const MB = 1024 * 1024;
let server: ResultPromise | undefined;
let pid = 0;
let proxy = '';
let admin = '';

beforeAll(async () => {
  const home = tempDir('kw-limits-');
  server = execa(
    'node',
    [cliPath, 'sandbox', 'start', '--foreground', '--proxy-port', '0', '--admin-port', '0', '--no-auth'],
    {
      cwd: repoRoot,
      reject: false,
      stdin: 'ignore',
      env: {
        KONG_WORKSHOP_HOME: home,
        // Short timeouts, so the test waits seconds rather than Kong's minute.
        KONG_NGINX_HTTP_CLIENT_HEADER_TIMEOUT: '1s',
        KONG_NGINX_HTTP_CLIENT_BODY_TIMEOUT: '1s',
        KONG_SANDBOX_MAX_IDLE_KEEPALIVE: '20',
      },
    },
  );
  const runtimeFile = join(home, 'state', 'sandbox', 'runtime.json');
  for (let i = 0; i < 200 && !proxy; i++) {
    await new Promise((resolve) => setTimeout(resolve, 100));
    try {
      const runtime = JSON.parse(readFileSync(runtimeFile, 'utf8')) as {
        pid: number;
        proxyUrl: string;
        adminUrl: string;
      };
      ({ pid, proxyUrl: proxy, adminUrl: admin } = runtime);
    } catch {}
  }
  expect(proxy, 'the sandbox started').not.toBe('');
  await post(`${admin}/services`, 'name=echo&url=http://echo/');
  await post(`${admin}/services/echo/routes`, 'paths[]=/echo');
}, 60_000);

afterAll(async () => {
  server?.kill('SIGTERM');
  await server;
});

async function post(url: string, body: string): Promise<void> {
  const answer = await fetch(url, {
    method: 'POST',
    body,
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
  });
  expect(answer.status, await answer.text()).toBe(201);
}

/** The sandbox process's peak resident memory (VmHWM), in MiB. */
function peakMemoryMb(): number {
  const match = /VmHWM:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
  return Number(match?.[1]) / 1024;
}

/** Streams `size` bytes of zeros, 1 MiB at a time, without holding them. */
function zeros(size: number): Readable {
  const chunk = Buffer.alloc(MB);
  let left = size;
  return new Readable({
    read() {
      if (left <= 0) return void this.push(null);
      const piece = left >= MB ? chunk : chunk.subarray(0, left);
      left -= piece.length;
      this.push(piece);
    },
  });
}

/** Uploads a streamed body; resolves with the answer's status and text (sending may stop early). */
function upload(url: string, size: number, chunked: boolean): Promise<{ status: number; text: string }> {
  return new Promise((resolve, reject) => {
    const headers: Record<string, string | number> = { 'content-type': 'application/octet-stream' };
    if (!chunked) headers['content-length'] = size;
    const req = request(url, { method: 'POST', headers }, (res) => {
      let text = '';
      res.setEncoding('utf8');
      res.on('data', (piece: string) => (text += piece));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, text }));
    });
    req.on('error', reject);
    const body = zeros(size);
    body.on('error', () => {});
    body.pipe(req);
  });
}

/** A raw request's answer, read until the server closes. */
function raw(url: string, text: string): Promise<string> {
  const { port } = new URL(url);
  return new Promise((resolve) => {
    const socket = connect(Number(port), '127.0.0.1', () => socket.write(text));
    let answer = '';
    socket.setEncoding('utf8');
    socket.on('data', (piece: string) => (answer += piece));
    socket.on('error', () => resolve(answer));
    socket.on('close', () => resolve(answer));
  });
}

describe('body size', () => {
  it('answers a 500 MB upload with Kong’s 413 and stays under 300 MB of memory', async () => {
    const declared = await upload(`${proxy}/echo`, 500 * MB, false);
    expect(declared.status).toBe(413);
    expect(declared.text).toMatch(/^Payload too large\nrequest_id: [0-9a-f]+\n$/);
    const chunked = await upload(`${proxy}/echo`, 500 * MB, true);
    expect(chunked.status).toBe(413);
    expect(chunked.text).toMatch(/^Payload too large\n/);
    expect(peakMemoryMb()).toBeLessThan(300);
  }, 60_000);

  it('still proxies a body under the limit, chunked or not', async () => {
    expect((await upload(`${proxy}/echo`, 2 * MB, true)).status).toBe(200);
    expect((await upload(`${proxy}/echo`, 2 * MB, false)).status).toBe(200);
  });

  it('refuses an Admin API body over 10 MiB with nginx’s page, and stores nothing', async () => {
    const field = 'a'.repeat(11 * MB);
    const answer = await fetch(`${admin}/consumers`, {
      method: 'POST',
      body: JSON.stringify({ username: 'big', custom_id: field }),
      headers: { 'content-type': 'application/json' },
    });
    expect(answer.status).toBe(413);
    expect(await answer.text()).toContain('<title>413 Request Entity Too Large</title>');
    expect((await fetch(`${admin}/consumers/big`)).status).toBe(404);
  });
});

describe('header size', () => {
  it('answers a header line over 8 KiB with Kong’s 400 (proxy) and nginx’s page (Admin API)', async () => {
    const big = 'a'.repeat(9 * 1024);
    const proxied = await fetch(`${proxy}/echo`, { headers: { 'x-large': big } });
    expect(proxied.status).toBe(400);
    // fetch sends Accept: */*, which Kong's error handler answers in JSON.
    expect(await proxied.json()).toEqual({
      message: 'Request header or cookie too large',
      request_id: expect.any(String),
    });
    const adminAnswer = await fetch(`${admin}/`, { headers: { 'x-large': big } });
    expect(adminAnswer.status).toBe(400);
    expect(await adminAnswer.text()).toContain('<center>Request Header Or Cookie Too Large</center>');
  });

  it('answers headers over 32 KiB in all with the same 400, and a request line over 8 KiB with 414', async () => {
    const headers = Array.from({ length: 6 }, (_, i) => `x-part-${i}: ${'b'.repeat(7000)}\r\n`).join('');
    const answer = await raw(proxy, `GET /echo HTTP/1.1\r\nHost: x\r\n${headers}\r\n`);
    expect(answer).toMatch(/^HTTP\/1\.1 400 /);
    expect(answer).toContain('Request header or cookie too large');
    const long = await fetch(`${proxy}/echo?${'q'.repeat(9 * 1024)}`);
    expect(long.status).toBe(414);
    expect(await long.json()).toMatchObject({ message: 'URI too long' });
  });
});

describe('slow clients', () => {
  it('closes slowloris connections after the header timeout, without growing', async () => {
    const count = 300;
    const sockets: Socket[] = [];
    const closed: Promise<number>[] = [];
    const opened = Date.now();
    for (let i = 0; i < count; i++) {
      const socket = connect(Number(new URL(proxy).port), '127.0.0.1');
      socket.on('error', () => {});
      socket.write('GET /echo HTTP/1.1\r\nHost: x\r\n');
      closed.push(new Promise((resolve) => socket.once('close', () => resolve(Date.now() - opened))));
      sockets.push(socket);
    }
    // One more header byte now and then: each read restarts nothing, the header must be done in 1 s.
    const drip = setInterval(() => {
      for (const socket of sockets) if (!socket.destroyed) socket.write('X');
    }, 200);
    try {
      const times = await Promise.all(closed);
      expect(Math.max(...times)).toBeLessThan(5_000);
      expect(Math.min(...times)).toBeGreaterThanOrEqual(900);
    } finally {
      clearInterval(drip);
    }
    expect(peakMemoryMb()).toBeLessThan(300);
  }, 20_000);

  it('closes a connection whose body pauses longer than the body timeout', async () => {
    const started = Date.now();
    const answer = await raw(proxy, 'POST /echo HTTP/1.1\r\nHost: x\r\nContent-Length: 100\r\n\r\nonly ten..');
    expect(answer).toBe('');
    expect(Date.now() - started).toBeGreaterThanOrEqual(900);
    expect(Date.now() - started).toBeLessThan(5_000);
  });

  it('keeps at most the configured number of idle keep-alive connections', async () => {
    const port = Number(new URL(proxy).port);
    const sockets = await Promise.all(
      Array.from(
        { length: 30 },
        () =>
          new Promise<Socket>((resolve) => {
            const socket = connect(port, '127.0.0.1', () => socket.write('GET /echo HTTP/1.1\r\nHost: x\r\n\r\n'));
            socket.on('error', () => {});
            socket.once('data', () => resolve(socket));
          }),
      ),
    );
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(sockets.filter((socket) => !socket.destroyed && !socket.readableEnded).length).toBe(20);
    for (const socket of sockets) socket.destroy();
  });
});

import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { echoService, TestSandbox, type FidelityCase } from './harness.js';

// Fact sheet §3 (headers and responses a client sees), one row per fact.

let upstream: Server;
let upstreamPort: number;
let closedPort: number;

const upstreamService = (extra: Record<string, unknown> = {}) => ({
  name: 'up',
  url: `http://127.0.0.1:${upstreamPort}`,
  routes: [{ name: 'up-route', paths: ['/up'] }],
  ...extra,
});

const cases: FidelityCase[] = [
  {
    ref: '§3',
    fact:
      'a proxied response carries X-Kong-Upstream-Latency, X-Kong-Proxy-Latency, Via 1.1 kong/…, ' +
      'X-Kong-Request-Id, and no X-Kong-Response-Latency',
    async run(sb) {
      await sb.configure({ services: [echoService()] });
      const answer = await sb.proxy('/echo');
      expect(answer.headers.get('x-kong-upstream-latency')).toMatch(/^\d+$/);
      expect(answer.headers.get('x-kong-proxy-latency')).toMatch(/^\d+$/);
      expect(answer.headers.get('via')).toMatch(/^1\.1 kong\/\S+$/);
      expect(answer.headers.get('x-kong-request-id')).toMatch(/^[0-9a-f]{32}$/);
      expect(answer.headers.get('x-kong-response-latency')).toBeNull();
    },
  },
  {
    ref: '§3',
    fact:
      'a Kong-generated response carries Server kong/…, X-Kong-Response-Latency and X-Kong-Request-Id, no Via ' +
      'and no proxy/upstream latency',
    async run(sb) {
      await sb.configure({ services: [echoService({ plugins: [{ name: 'key-auth' }] })] });
      const answer = await sb.proxy('/echo');
      expect(answer.headers.get('server')).toMatch(/^kong\//);
      expect(answer.headers.get('x-kong-response-latency')).toMatch(/^\d+$/);
      expect(answer.headers.get('x-kong-request-id')).toMatch(/^[0-9a-f]+$/);
      expect(answer.headers.get('via')).toBeNull();
      expect(answer.headers.get('x-kong-upstream-latency')).toBeNull();
      expect(answer.headers.get('x-kong-proxy-latency')).toBeNull();
    },
  },
  {
    ref: '§3',
    fact: 'the version token says honestly that this is the sandbox',
    async run(sb) {
      await sb.configure({});
      expect((await sb.proxy('/nowhere')).headers.get('server')).toMatch(/^kong\/\S*sandbox/);
    },
  },
  {
    ref: '§3',
    fact: 'no route: 404 {"message":"no Route matched with those values","request_id":…}, Kong headers, no Via',
    async run(sb) {
      await sb.configure({ services: [echoService()] });
      const answer = await sb.proxy('/nowhere');
      const id = answer.headers.get('x-kong-request-id');
      expect(answer.status).toBe(404);
      expect(answer.text).toBe(`{\n  "message":"no Route matched with those values",\n  "request_id":"${id}"\n}`);
      expect(answer.headers.get('via')).toBeNull();
      expect(answer.headers.get('x-kong-response-latency')).toMatch(/^\d+$/);
    },
  },
  {
    ref: '§3',
    fact:
      'the upstream request gets Via "1.1 kong/…" appended to the client\'s Via, and X-Kong-Request-Id equal to ' +
      "the response's",
    async run(sb) {
      await sb.configure({ services: [echoService()] });
      const answer = await sb.proxy('/echo', { headers: { via: '1.1 dev' } });
      expect(answer.json.headers.via).toMatch(/^1\.1 dev, 1\.1 kong\/\S+$/);
      expect(answer.json.headers['x-kong-request-id']).toBe(answer.headers.get('x-kong-request-id'));
    },
  },
  {
    ref: '§3',
    fact: "the upstream's Via gets Kong's token appended; the upstream's own Server header passes through",
    async run(sb) {
      await sb.configure({ services: [upstreamService()] });
      const answer = await sb.proxy('/up');
      expect(answer.headers.get('via')).toMatch(/^2 nginx, HTTP\/1\.1 http_mock, 1\.1 kong\/\S+$/);
      expect(answer.headers.get('server')).toBe('mock-upstream');
    },
  },
  {
    ref: '§3',
    fact: 'without an upstream Server header, the proxied response gets Server kong/…',
    async run(sb) {
      await sb.configure({ services: [echoService()] });
      expect((await sb.proxy('/echo')).headers.get('server')).toMatch(/^kong\//);
    },
  },
  {
    ref: '§3',
    fact: 'a real upstream over loopback sees the same request shape: X-Forwarded-*, X-Real-IP, stripped path',
    async run(sb) {
      await sb.configure({ services: [upstreamService()] });
      const seen = (await sb.proxy('/up/thing?x=1')).json;
      expect(seen.url).toBe('/thing?x=1');
      expect(seen.headers['x-forwarded-prefix']).toBe('/up');
      expect(seen.headers['x-forwarded-path']).toBe('/up/thing');
      expect(seen.headers['x-real-ip']).toBe('127.0.0.1');
      expect(seen.headers.host).toBe(`127.0.0.1:${upstreamPort}`);
    },
  },
  {
    ref: 'sandbox',
    fact:
      'the echo listener URL (echoUrl) is a real upstream: over loopback it shows the same request as the `echo` ' +
      'host',
    async run(sb) {
      await sb.configure({
        services: [
          {
            name: 'in-process',
            url: 'http://echo',
            routes: [{ name: 'a', paths: ['/a'] }],
            plugins: [{ name: 'key-auth' }],
          },
          {
            name: 'loopback',
            url: sb.sandbox.echoUrl,
            routes: [{ name: 'b', paths: ['/b'] }],
            plugins: [{ name: 'key-auth' }],
          },
        ],
        consumers: [{ username: 'eve', keyauth_credentials: [{ key: 'eve-key' }] }],
      });
      const viaHost = (await sb.proxy('/a/x?q=1', { headers: { apikey: 'eve-key' } })).json;
      const viaSocket = (await sb.proxy('/b/x?q=1', { headers: { apikey: 'eve-key' } })).json;
      expect(viaSocket.url).toBe(viaHost.url);
      expect(viaSocket.headers['x-consumer-username']).toBe('eve');
      const strip = (h: Record<string, unknown>) =>
        Object.keys(h)
          .filter(
            (k) => !['host', 'connection', 'x-kong-request-id', 'x-forwarded-path', 'x-forwarded-prefix'].includes(k),
          )
          .sort();
      expect(strip(viaSocket.headers)).toEqual(strip(viaHost.headers));
    },
  },
  {
    ref: '§3',
    fact:
      'upstream refuses connections: 502 "An invalid response was received from the upstream server" (text/plain ' +
      'without Accept, JSON for */* or application/json)',
    async run(sb) {
      await sb.configure({
        services: [
          { name: 'down', url: `http://127.0.0.1:${closedPort}`, routes: [{ name: 'down', paths: ['/down'] }] },
        ],
      });
      const { request } = await import('undici');
      const plain = await request(`${sb.sandbox.proxyUrl}/down`);
      const text = await plain.body.text();
      expect(plain.statusCode).toBe(502);
      expect(plain.headers['content-type']).toBe('text/plain; charset=utf-8');
      expect(text).toBe(
        `An invalid response was received from the upstream server\nrequest_id: ` +
          `${plain.headers['x-kong-request-id']}\n`,
      );
      for (const accept of ['*/*', 'application/json']) {
        const json = await sb.proxy('/down', { headers: { accept } });
        expect(json.json.message).toBe('An invalid response was received from the upstream server');
      }
    },
  },
  {
    ref: '§3',
    fact: 'an upstream host that does not resolve: 503 "name resolution failed"',
    async run(sb) {
      await sb.configure({
        services: [
          { name: 'nowhere', host: 'no-such-host.invalid', routes: [{ name: 'nowhere', paths: ['/nowhere'] }] },
        ],
      });
      const answer = await sb.proxy('/nowhere');
      expect([answer.status, answer.json.message]).toEqual([503, 'name resolution failed']);
    },
  },
  {
    ref: '§3',
    fact: 'an upstream slower than read_timeout: 504 "The upstream server is timing out"',
    async run(sb) {
      await sb.configure({
        services: [upstreamService({ read_timeout: 200, routes: [{ name: 'slow', paths: ['/slow'] }] })],
      });
      const answer = await sb.proxy('/slow/hang', { headers: { accept: 'application/json' } });
      expect([answer.status, answer.json.message]).toEqual([504, 'The upstream server is timing out']);
    },
  },
  {
    ref: '§3 (router)',
    fact:
      'an https-only route over plain HTTP: 426 "Please use HTTPS protocol" (Upgrade header), or a redirect to ' +
      'https',
    async run(sb) {
      await sb.configure({
        services: [
          {
            name: 's',
            url: 'http://echo',
            routes: [
              { name: 'tls', paths: ['/tls'], protocols: ['https'] },
              { name: 'moved', paths: ['/moved'], protocols: ['https'], https_redirect_status_code: 301 },
            ],
          },
        ],
      });
      const upgrade = await sb.proxy('/tls');
      expect([upgrade.status, upgrade.json.message, upgrade.headers.get('upgrade')]).toEqual([
        426,
        'Please use HTTPS protocol',
        'TLS/1.2, HTTP/1.1',
      ]);
      const moved = await sb.proxy('/moved/x?y=1');
      expect([moved.status, moved.headers.get('location')]).toEqual([301, 'https://127.0.0.1/moved/x?y=1']);
    },
  },
  {
    ref: '§3 (router)',
    fact: 'strip_path true removes the matched prefix; false keeps it; the service path is prepended',
    async run(sb) {
      await sb.configure({
        services: [
          {
            name: 's',
            url: 'http://echo/base',
            routes: [
              { name: 'strip', paths: ['/s'] },
              { name: 'keep', paths: ['/k'], strip_path: false },
            ],
          },
        ],
      });
      expect((await sb.proxy('/s/x')).json.path).toBe('/base/x');
      expect((await sb.proxy('/k/x')).json.path).toBe('/base/k/x');
      expect((await sb.proxy('/s')).json.path).toBe('/base');
    },
  },
  {
    ref: '§3 (router)',
    fact: 'routes match on methods and hosts, and the longest prefix wins',
    async run(sb) {
      await sb.configure({
        services: [
          {
            name: 's',
            url: 'http://echo',
            routes: [
              { name: 'short', paths: ['/a'] },
              { name: 'long', paths: ['/a/b'], strip_path: false },
              { name: 'post-only', paths: ['/p'], methods: ['POST'] },
              { name: 'host', hosts: ['api.example.com'], paths: ['/h'] },
            ],
          },
        ],
      });
      expect((await sb.proxy('/a/b/c')).json.path).toBe('/a/b/c');
      expect((await sb.proxy('/p')).status).toBe(404);
      expect((await sb.proxy('/p', { method: 'POST', body: 'x' })).status).toBe(200);
      expect((await sb.proxy('/h')).status).toBe(404);
      // fetch may not set Host; undici.request can.
      const { request } = await import('undici');
      const hosted = await request(`${sb.sandbox.proxyUrl}/h`, { headers: { host: 'api.example.com' } });
      await hosted.body.dump();
      expect(hosted.statusCode).toBe(200);
    },
  },
];

describe('proxy fidelity (fact sheet §3)', () => {
  let sb: TestSandbox;
  beforeAll(async () => {
    upstream = createServer((req, res) => {
      if (req.url?.startsWith('/hang')) return; // never answers: read_timeout must fire
      const body = JSON.stringify({ url: req.url, headers: req.headers });
      res.writeHead(200, {
        'Content-Type': 'application/json',
        Via: '2 nginx, HTTP/1.1 http_mock',
        Server: 'mock-upstream',
      });
      res.end(body);
    });
    await new Promise<void>((resolve) => upstream.listen(0, '127.0.0.1', resolve));
    upstreamPort = (upstream.address() as AddressInfo).port;
    const probe = createServer();
    await new Promise<void>((resolve) => probe.listen(0, '127.0.0.1', resolve));
    closedPort = (probe.address() as AddressInfo).port;
    await new Promise((resolve) => probe.close(resolve));
    sb = await TestSandbox.start();
  });
  afterAll(async () => {
    await sb.stop();
    upstream.closeAllConnections();
    await new Promise((resolve) => upstream.close(resolve));
  });
  beforeEach(async () => {
    await sb.admin('POST', '/_sandbox/reset');
  });

  it.each(cases)('$ref $fact', (row) => row.run(sb));
});

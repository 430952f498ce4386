import { describe, expect, it } from 'vitest';
import { evaluateHttpCheck, summarizeFailure } from '../../src/checks/index.js';
import { networkFault } from '../../src/checks/http-faults.js';
import { equals, httpCheck, sendJson, loopbackServers } from './helpers.js';

const serve = loopbackServers();

const check = (url: string, timeoutMs = 5_000) =>
  httpCheck(url, { request: { timeoutMs }, expect: { status: equals(200) } });

describe('network faults are errors with a hint, not failed checks', () => {
  it('connection refused: a closed port', async () => {
    const { url, close } = await serve((_request, response) => sendJson(response, 200, {}));
    await close();
    const result = await evaluateHttpCheck(check(url));
    expect(result).toMatchObject({
      status: 'error',
      attempts: 1,
      fault: { code: 'connection-refused', hint: expect.stringContaining('kong-workshop doctor') },
    });
    expect(result.fault!.message).toContain(new URL(url).host);
    expect(summarizeFailure(result)).toBe(result.fault!.message);
  });

  it('timeout: a server that never answers', async () => {
    const { url } = await serve(() => undefined);
    const result = await evaluateHttpCheck(check(url, 300));
    expect(result).toMatchObject({
      status: 'error',
      fault: { code: 'timeout', message: expect.stringContaining('within 300ms') },
    });
  });

  it('timeout: a body that never ends', async () => {
    const { url } = await serve((_request, response) => {
      response.writeHead(200, { 'content-type': 'application/json' });
      response.write('{"message":');
    });
    const result = await evaluateHttpCheck(check(url, 300));
    expect(result.fault?.code).toBe('timeout');
  });

  it('the timeout is per request: pauses between requests do not count', async () => {
    const { url } = await serve((_request, response) => sendJson(response, 200, {}));
    const result = await evaluateHttpCheck(
      httpCheck(url, { repeat: 3, intervalMs: 300, request: { timeoutMs: 200 }, expect: { status: equals(200) } }),
    );
    expect(result.status).toBe('passed');
  });

  it('DNS: a host that cannot exist', async () => {
    const result = await evaluateHttpCheck(check('http://kong-workshop-test.invalid/echo'));
    expect(result).toMatchObject({
      status: 'error',
      fault: { code: 'dns', message: expect.stringContaining('kong-workshop-test.invalid') },
    });
  });

  it('TLS: https to a plain http server', async () => {
    const { port } = await serve((_request, response) => sendJson(response, 200, {}));
    const result = await evaluateHttpCheck(check(`https://127.0.0.1:${port}/`));
    expect(result).toMatchObject({ status: 'error', fault: { code: 'tls', hint: expect.stringContaining('http://') } });
  });

  it('connection reset: a server that drops the socket', async () => {
    const { url } = await serve((request) => request.socket.destroy());
    const result = await evaluateHttpCheck(check(url));
    expect(result).toMatchObject({ status: 'error', fault: { code: 'connection-reset' } });
  });

  it('a fault in the middle of a sequence keeps what was seen before it', async () => {
    let n = 0;
    const { url } = await serve((request, response) =>
      ++n === 3 ? request.socket.destroy() : sendJson(response, 200, {}),
    );
    const result = await evaluateHttpCheck(httpCheck(url, { repeat: 5, expect: { status: equals(200) } }));
    expect(result).toMatchObject({
      status: 'error',
      fault: { code: 'connection-reset' },
      response: { index: 1, status: 200 },
    });
    expect(result.expectations.map((e) => e.responseIndex)).toEqual([0, 1]);
  });

  it('cancelled: aborting stops a request at once', async () => {
    const { url } = await serve(() => undefined);
    const controller = new AbortController();
    setTimeout(() => controller.abort(), 50);
    const result = await evaluateHttpCheck(
      httpCheck(url, { expect: { status: equals(200) }, eventually: { timeoutMs: 30_000, intervalMs: 1_000 } }),
      { signal: controller.signal },
    );
    expect(result).toMatchObject({ status: 'error', attempts: 1, fault: { code: 'cancelled' } });
    expect(result.durationMs).toBeLessThan(5_000);
  });

  it('cancelled before it started: nothing is sent', async () => {
    let requests = 0;
    const { url } = await serve((_request, response) => {
      requests++;
      sendJson(response, 200, {});
    });
    const result = await evaluateHttpCheck(check(url), { signal: AbortSignal.abort() });
    expect(result).toMatchObject({ status: 'error', attempts: 0, fault: { code: 'cancelled' } });
    expect(requests).toBe(0);
  });

  it('a URL that is not http(s) is an internal fault with a hint', async () => {
    const result = await evaluateHttpCheck(check('ftp://example.com/'));
    expect(result).toMatchObject({
      status: 'error',
      attempts: 0,
      fault: { code: 'internal', message: 'not an http(s) URL: ftp://example.com/' },
    });
  });
});

describe('fault hints', () => {
  const refused = Object.assign(new Error('connect ECONNREFUSED'), { code: 'ECONNREFUSED' });
  const end = (url: string) => ({ url: new URL(url), timeoutMs: 10_000, timedOut: false, cancelled: false });

  it('points at the sandbox for its proxy and Admin API ports', () => {
    for (const url of ['http://127.0.0.1:8000/echo', 'http://localhost:8001/services']) {
      expect(networkFault(refused, end(url)).hint).toContain('kong-workshop sandbox start');
    }
  });

  it('points at doctor for any other address', () => {
    expect(networkFault(refused, end('http://127.0.0.1:9000/')).hint).toBe(
      'is the proxy running? try `kong-workshop doctor`',
    );
  });

  it('finds codes in causes and aggregated errors', () => {
    const aggregated = Object.assign(new AggregateError([refused], 'connect failed'), {});
    expect(networkFault(new Error('fetch failed', { cause: aggregated }), end('http://10.0.0.1/')).code).toBe(
      'connection-refused',
    );
  });
});

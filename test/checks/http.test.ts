import { describe, expect, it } from 'vitest';
import { evaluateHttpCheck, summarizeFailure, type CheckProgress } from '../../src/checks/index.js';
import { equals, exp, httpCheck, kongRateLimiter, sendJson, loopbackServers, type Handler } from './helpers.js';

const serve = loopbackServers();

/** Answers like Kong's key-auth with no key. */
const keyAuth: Handler = (_request, response) =>
  sendJson(
    response,
    401,
    { message: 'No API key found in request', request_id: 'abc' },
    { 'WWW-Authenticate': 'Key', 'X-Kong-Response-Latency': '0' },
  );

describe('a single request', () => {
  it('passes when status, headers, JSON fields and body all hold', async () => {
    const { url } = await serve(keyAuth);
    const result = await evaluateHttpCheck(
      httpCheck(`${url}/echo`, {
        expect: {
          status: equals(401, 3),
          headers: { 'www-authenticate': equals('Key', 4) },
          json: { message: equals('No API key found in request', 5) },
          body: exp(6, { op: 'contains', value: 'request_id' }),
        },
      }),
    );
    expect(result).toMatchObject({ kind: 'http', status: 'passed', attempts: 1, extracted: {} });
    expect(result.expectations.map((e) => [e.subject, e.passed, e.source?.line])).toEqual([
      ['status', true, 3],
      ['header www-authenticate', true, 4],
      ['json message', true, 5],
      ['body', true, 6],
    ]);
    expect(result.expectations[0]).not.toHaveProperty('responseIndex');
  });

  it('reports each failing expectation with expected and actual, and the response', async () => {
    const { url } = await serve((_request, response) =>
      sendJson(response, 200, { message: 'hello', padding: 'x'.repeat(800) }, { 'X-Extra': 'yes' }),
    );
    const result = await evaluateHttpCheck(
      httpCheck(url, {
        expect: {
          status: equals(401),
          headers: { 'WWW-Authenticate': equals('Key') },
          json: { message: equals('No API key found in request') },
        },
      }),
    );
    expect(result.status).toBe('failed');
    expect(
      result.expectations.map(({ subject, passed, expected, actual }) => ({ subject, passed, expected, actual })),
    ).toEqual([
      { subject: 'status', passed: false, expected: '401', actual: '200' },
      { subject: 'header WWW-Authenticate', passed: false, expected: 'Key', actual: '(absent)' },
      { subject: 'json message', passed: false, expected: '"No API key found in request"', actual: '"hello"' },
    ]);
    expect(result.response).toMatchObject({
      status: 200,
      index: 0,
      headers: { 'x-extra': 'yes', 'content-type': 'application/json; charset=utf-8' },
    });
    expect(result.response!.bodyExcerpt.startsWith('{"message":"hello"')).toBe(true);
    expect(result.response!.bodyExcerpt.length).toBeLessThanOrEqual(501);
    expect(summarizeFailure(result)).toBe('status: expected 401, actual 200 (and 2 more)');
  });

  it('accepts one of a set of statuses', async () => {
    const { url } = await serve((_request, response) => sendJson(response, 201, {}));
    const oneOf = (values: number[]) => httpCheck(url, { expect: { status: exp(2, { op: 'one-of', values }) } });
    expect((await evaluateHttpCheck(oneOf([200, 201]))).status).toBe('passed');
    const failed = await evaluateHttpCheck(oneOf([200, 204]));
    expect(failed.expectations[0]).toMatchObject({ passed: false, expected: 'one of 200, 204', actual: '201' });
  });

  it.each([
    ['exact value, any name case', 'x-ratelimit-limit-minute', exp(1, { op: 'equals', value: 5 }), true],
    ['exact value that differs', 'X-RateLimit-Limit-Minute', exp(1, { op: 'equals', value: 6 }), false],
    ['regular expression', 'X-Kong-Request-Id', exp(1, { op: 'matches', pattern: '^[0-9a-f]{8}$', flags: '' }), true],
    [
      'regular expression that fails',
      'X-Kong-Request-Id',
      exp(1, { op: 'matches', pattern: '^[A-Z]+$', flags: '' }),
      false,
    ],
    ['present', 'Retry-After', exp(1, { op: 'present' }), true],
    ['present but missing', 'X-Missing', exp(1, { op: 'present' }), false],
    ['absent', 'X-Missing', exp(1, { op: 'absent' }), true],
    ['absent but there', 'Retry-After', exp(1, { op: 'absent' }), false],
    ['numeric range', 'Retry-After', exp(1, { op: 'compare', gte: 1, lte: 60 }), true],
    ['numeric range that fails', 'Retry-After', exp(1, { op: 'compare', gt: 60 }), false],
    ['repeated header, joined', 'Via', exp(1, { op: 'equals', value: '1.1 a, 1.1 b' }), true],
  ] as const)('header matcher: %s', async (_name, header, expectation, passed) => {
    const { url } = await serve((_request, response) => {
      response.setHeader('Via', ['1.1 a', '1.1 b']);
      sendJson(
        response,
        429,
        { message: 'API rate limit exceeded' },
        { 'X-RateLimit-Limit-Minute': 5, 'X-Kong-Request-Id': '0a1b2c3d', 'Retry-After': 37 },
      );
    });
    const result = await evaluateHttpCheck(httpCheck(url, { expect: { headers: { [header]: expectation } } }));
    expect(result.status).toBe(passed ? 'passed' : 'failed');
    expect(result.expectations).toHaveLength(1);
  });

  it('reads JSON fields by path, comparing type and value', async () => {
    const { url } = await serve((_request, response) =>
      sendJson(response, 200, {
        message: 'ok',
        a: { b: [{ c: 42 }] },
        'odd.key': true,
        headers: { 'X-Consumer-Username': 'alex' },
        data: [],
      }),
    );
    const result = await evaluateHttpCheck(
      httpCheck(url, {
        expect: {
          json: {
            message: equals('ok'),
            'a.b[0].c': equals(42),
            '["odd.key"]': equals(true),
            'headers.X-Consumer-Username': equals('alex'),
            'data[0]': exp(1, { op: 'absent' }),
            'a.b': exp(1, { op: 'equals', value: [{ c: 42 }] }),
          },
        },
      }),
    );
    const failed = result.expectations.filter((e) => !e.passed);
    expect(failed).toEqual([]);
    const typed = await evaluateHttpCheck(httpCheck(url, { expect: { json: { 'a.b[0].c': equals('42') } } }));
    expect(typed.expectations[0]).toMatchObject({ passed: false, expected: '"42"', actual: '42' });
  });

  it('fails JSON expectations on a body that is not JSON, saying so', async () => {
    const { url } = await serve((_request, response) => response.end('<html>Bad gateway</html>'));
    const result = await evaluateHttpCheck(
      httpCheck(url, {
        expect: {
          json: { message: exp(1, { op: 'present' }) },
          body: exp(2, { op: 'contains', value: 'Bad gateway' }),
        },
      }),
    );
    expect(result.status).toBe('failed');
    expect(result.expectations).toMatchObject([
      { subject: 'json message', passed: false, actual: '(body is not JSON: "<html>Bad gateway</html>")' },
      { subject: 'body', passed: true },
    ]);
  });

  it('refuses a malformed JSON path as a fault', async () => {
    const { url } = await serve(keyAuth);
    // Lint refuses such a lesson; a spec built by hand still gets a fault, not a crash.
    const result = await evaluateHttpCheck(httpCheck(url, { expect: { json: { 'a[x]': equals(1) } } }));
    expect(result).toMatchObject({
      status: 'error',
      fault: {
        code: 'internal',
        message: 'not a JSON path: "a[x]" ("x" is not an index at column 3)',
        hint: /\["x"\]/,
      },
    });
  });
});

describe('the request', () => {
  const echo: Handler = (request, response, body) =>
    sendJson(response, 200, {
      method: request.method,
      contentType: request.headers['content-type'] ?? null,
      apikey: request.headers.apikey ?? null,
      body,
    });

  it.each([
    ['json', { kind: 'json', value: { username: 'alex' } }, 'application/json', '{"username":"alex"}'],
    [
      'form',
      { kind: 'form', value: { name: 'key-auth', 'config.key_names': 'apikey' } },
      'application/x-www-form-urlencoded',
      'name=key-auth&config.key_names=apikey',
    ],
    ['raw with its type', { kind: 'raw', value: 'a: 1', contentType: 'application/yaml' }, 'application/yaml', 'a: 1'],
    ['raw without a type', { kind: 'raw', value: 'plain' }, null, 'plain'],
  ] as const)('sends a %s body', async (_name, body, contentType, sent) => {
    const { url } = await serve(echo);
    const result = await evaluateHttpCheck(
      httpCheck(url, {
        request: { method: 'post', headers: { apikey: 'secret-key' }, body },
        expect: {
          json: {
            method: equals('POST'),
            contentType: equals(contentType),
            apikey: equals('secret-key'),
            body: equals(sent),
          },
        },
      }),
    );
    expect(result.expectations.filter((e) => !e.passed)).toEqual([]);
  });

  it('keeps a content type the lesson set itself', async () => {
    const { url } = await serve(echo);
    const result = await evaluateHttpCheck(
      httpCheck(url, {
        request: {
          method: 'PUT',
          headers: { 'Content-Type': 'application/merge-patch+json' },
          body: { kind: 'json', value: { a: 1 } },
        },
        expect: { json: { contentType: equals('application/merge-patch+json') } },
      }),
    );
    expect(result.status).toBe('passed');
  });
});

describe('repeat sequences', () => {
  const rateLimitCheck = (url: string) =>
    httpCheck(`${url}/echo`, {
      repeat: 6,
      expect: { headers: { 'X-RateLimit-Limit-Minute': equals(5, 10) } },
      series: {
        status: [200, 200, 200, 200, 200, 429].map((status) => equals(status, 12)),
        headers: { 'X-RateLimit-Remaining-Minute': [4, 3, 2, 1, 0, 0].map((n) => equals(n, 14)) },
        json: {},
      },
      last: {
        headers: { 'Retry-After': exp(16, { op: 'compare', gte: 1 }) },
        json: { message: equals('API rate limit exceeded', 17) },
      },
    });

  it('passes a Kong rate-limit sequence and reports each response as it arrives', async () => {
    const { url } = await serve(kongRateLimiter());
    const progress: CheckProgress[] = [];
    const result = await evaluateHttpCheck(rateLimitCheck(url), { onProgress: (p) => progress.push(p) });
    expect(summarizeFailure(result)).toBe('passed');
    expect(result.status).toBe('passed');
    // 6 × (limit, status, remaining) + Retry-After and message on the last.
    expect(result.expectations).toHaveLength(20);
    expect(result.expectations.every((e) => e.responseIndex !== undefined)).toBe(true);
    expect(progress.map((p) => (p.type === 'response' ? [p.index, p.of, p.status, p.passed] : p.type))).toEqual([
      [0, 6, 200, true],
      [1, 6, 200, true],
      [2, 6, 200, true],
      [3, 6, 200, true],
      [4, 6, 200, true],
      [5, 6, 429, true],
    ]);
    const last = progress[5]!;
    expect(last.type === 'response' && last.rateLimit).toMatchObject({
      'x-ratelimit-limit-minute': '5',
      'x-ratelimit-remaining-minute': '0',
      'ratelimit-remaining': '0',
      'retry-after': expect.stringMatching(/^\d+$/),
    });
    expect(last.type === 'response' && Object.keys(last.rateLimit)).not.toContain('content-type');
    expect(result.response).toMatchObject({ status: 429, index: 5 });
  });

  it('fails with a per-response diff when one header value is off', async () => {
    const { url } = await serve(kongRateLimiter({ skew: { index: 2, by: 1 } }));
    const progress: CheckProgress[] = [];
    const result = await evaluateHttpCheck(rateLimitCheck(url), { onProgress: (p) => progress.push(p) });
    expect(result.status).toBe('failed');
    const failed = result.expectations.filter((e) => !e.passed);
    expect(failed).toEqual([
      {
        subject: 'header X-RateLimit-Remaining-Minute',
        passed: false,
        expected: '2',
        actual: '3',
        responseIndex: 2,
        source: { file: 'lesson.md', line: 14, column: 3 },
      },
    ]);
    expect(progress.map((p) => p.type === 'response' && p.passed)).toEqual([true, true, false, true, true, true]);
    expect(result.response).toMatchObject({ status: 200, index: 2, headers: { 'x-ratelimit-remaining-minute': '3' } });
    expect(summarizeFailure(result)).toBe('header X-RateLimit-Remaining-Minute (response 3): expected 2, actual 3');
  });

  it('treats a null series entry as anything, and pauses between requests', async () => {
    const arrivals: number[] = [];
    const { url } = await serve((_request, response) => {
      arrivals.push(performance.now());
      sendJson(response, arrivals.length === 2 ? 500 : 200, {});
    });
    const result = await evaluateHttpCheck(
      httpCheck(url, {
        repeat: 3,
        intervalMs: 50,
        series: { status: [equals(200), null, equals(200)], headers: {}, json: {} },
      }),
    );
    expect(result.status).toBe('passed');
    expect(result.expectations.map((e) => e.responseIndex)).toEqual([0, 2]);
    expect(arrivals[2]! - arrivals[0]!).toBeGreaterThanOrEqual(95);
  });
});

describe('eventually and extract', () => {
  it('polls until the server changes its answer', async () => {
    const started = performance.now();
    const { url } = await serve((_request, response) =>
      performance.now() - started < 400
        ? sendJson(response, 200, { message: 'hello' })
        : sendJson(response, 401, { message: 'No API key found in request' }),
    );
    const attempts: number[] = [];
    const result = await evaluateHttpCheck(
      httpCheck(url, { expect: { status: equals(401) }, eventually: { timeoutMs: 10_000, intervalMs: 100 } }),
      {
        onProgress: (p) => p.type === 'attempt' && attempts.push(p.attempt),
      },
    );
    expect(result.status).toBe('passed');
    expect(result.attempts).toBeGreaterThan(1);
    expect(attempts).toEqual(Array.from({ length: result.attempts }, (_, i) => i + 1));
  });

  it('gives up at the deadline with the last attempt as the result', async () => {
    const { url } = await serve((_request, response) => sendJson(response, 200, {}));
    const result = await evaluateHttpCheck(
      httpCheck(url, { expect: { status: equals(401) }, eventually: { timeoutMs: 300, intervalMs: 100 } }),
    );
    expect(result.status).toBe('failed');
    expect(result.attempts).toBeGreaterThan(1);
    expect(result.expectations[0]).toMatchObject({ actual: '200' });
  });

  it('stops waiting early, and says why, on a failure the sandbox will not fix by itself', async () => {
    const { url } = await serve((request, response) =>
      request.url?.startsWith('/no-route')
        ? sendJson(response, 404, { message: 'no Route matched with those values' })
        : sendJson(response, 401, { message: 'No API key found in request' }),
    );
    const polling = { timeoutMs: 10_000, intervalMs: 100 };
    const started = performance.now();
    const noRoute = await evaluateHttpCheck(
      httpCheck(`${url}/no-route`, { expect: { status: equals(200) }, eventually: polling }),
      { appliesConfigAtOnce: true },
    );
    expect(noRoute).toMatchObject({ status: 'failed', attempts: 1 });
    expect(noRoute.stoppedEarly).toMatch(/no route for this request .*waiting will not add one/);
    const noKey = await evaluateHttpCheck(httpCheck(url, { expect: { status: equals(200) }, eventually: polling }), {
      appliesConfigAtOnce: true,
    });
    expect(noKey.stoppedEarly).toMatch(/sends no credential/);
    expect(performance.now() - started).toBeLessThan(5_000);
    // With a key, a 401 may be a key the next step adds; and the lesson may ask to wait anyway.
    const withKey = await evaluateHttpCheck(
      httpCheck(url, {
        request: { headers: { apikey: 'later' } },
        expect: { status: equals(200) },
        eventually: { timeoutMs: 300, intervalMs: 100 },
      }),
      { appliesConfigAtOnce: true },
    );
    expect(withKey.attempts).toBeGreaterThan(1);
    expect(withKey.stoppedEarly).toBeUndefined();
    const anyway = await evaluateHttpCheck(
      httpCheck(`${url}/no-route`, {
        expect: { status: equals(200) },
        eventually: { timeoutMs: 300, intervalMs: 100, waitAnyway: true },
      }),
      { appliesConfigAtOnce: true },
    );
    expect(anyway.attempts).toBeGreaterThan(1);
  });

  it('keeps polling through a 404 on targets that catch up later (a controller, a Kong with a database)', async () => {
    const { url } = await serve((_request, response) =>
      sendJson(response, 404, { message: 'no Route matched with those values' }),
    );
    const result = await evaluateHttpCheck(
      httpCheck(url, { expect: { status: equals(200) }, eventually: { timeoutMs: 300, intervalMs: 100 } }),
    );
    expect(result.attempts).toBeGreaterThan(1);
    expect(result.stoppedEarly).toBeUndefined();
  });

  it('keeps polling through connection faults, and reports the last one', async () => {
    const { url, close } = await serve((_request, response) => sendJson(response, 200, {}));
    await close();
    const result = await evaluateHttpCheck(
      httpCheck(url, { expect: { status: equals(200) }, eventually: { timeoutMs: 300, intervalMs: 100 } }),
    );
    expect(result).toMatchObject({ status: 'error', fault: { code: 'connection-refused' } });
    expect(result.attempts).toBeGreaterThan(1);
  });

  it('extracts variables from the last response once the check passes', async () => {
    let n = 0;
    const { url } = await serve((_request, response) =>
      sendJson(
        response,
        201,
        { id: `consumer-${++n}`, nested: { list: [{ token: 'kpat_x' }] }, count: 3 },
        { 'X-Kong-Request-Id': `req-${n}` },
      ),
    );
    const result = await evaluateHttpCheck(
      httpCheck(url, {
        repeat: 2,
        extract: [
          { variable: 'CONSUMER_ID', source: { from: 'json', path: 'id' }, secret: false },
          { variable: 'TOKEN', source: { from: 'json', path: 'nested.list[0].token' }, secret: true },
          { variable: 'COUNT', source: { from: 'json', path: 'count' }, secret: false },
          { variable: 'REQUEST_ID', source: { from: 'header', name: 'X-Kong-Request-Id' }, secret: false },
          { variable: 'STATUS', source: { from: 'status' }, secret: false },
          { variable: 'BODY', source: { from: 'body' }, secret: false },
        ],
      }),
    );
    expect(result.status).toBe('passed');
    expect(result.extracted).toEqual({
      CONSUMER_ID: 'consumer-2',
      TOKEN: 'kpat_x',
      COUNT: '3',
      REQUEST_ID: 'req-2',
      STATUS: '201',
      BODY: '{"id":"consumer-2","nested":{"list":[{"token":"kpat_x"}]},"count":3}',
    });
  });

  it('fails when a value to extract is missing, and extracts nothing from a failed check', async () => {
    const { url } = await serve((_request, response) => sendJson(response, 200, { other: 1 }));
    const missing = await evaluateHttpCheck(
      httpCheck(url, { extract: [{ variable: 'ID', source: { from: 'json', path: 'id' }, secret: false }] }),
    );
    expect(missing).toMatchObject({ status: 'failed', extracted: {} });
    expect(missing.expectations).toEqual([
      { subject: 'extract ID from json id', passed: false, expected: 'present', actual: '(absent)' },
    ]);
    const failed = await evaluateHttpCheck(
      httpCheck(url, {
        expect: { status: equals(404) },
        extract: [{ variable: 'OTHER', source: { from: 'json', path: 'other' }, secret: false }],
      }),
    );
    expect(failed).toMatchObject({ status: 'failed', extracted: {} });
  });
});

import { describe, expect, it } from 'vitest';
import type { CheckBlock, CheckSpec, ValueExpectation } from '../../src/lesson/index.js';
import { errors, fence, firstStepBlocks, source } from './helpers.js';

const SANDBOX = '---\nid: t\ntitle: T\ntargets: [sandbox]\n---\n';

/** The spec (and name) of a lesson's only check. */
function check(yaml: string, kind = ''): CheckBlock {
  const block = firstStepBlocks(source(`## S\n\n${fence(`check${kind ? ` ${kind}` : ''}`, yaml)}`, SANDBOX))[0]!;
  if (block.type !== 'check') throw new Error(`expected a check, got ${block.type}`);
  return block;
}

const spec = (yaml: string, kind = ''): CheckSpec => check(yaml, kind).spec;
const matchers = (expectation: ValueExpectation | null | undefined) => expectation?.matchers;

describe('HTTP checks', () => {
  it.each([
    ['GET {{PROXY}}/echo', { method: 'GET', url: '{{PROXY}}/echo' }],
    ['post {{ADMIN}}/consumers', { method: 'POST', url: '{{ADMIN}}/consumers' }],
    ['https://example.com/x', { method: 'GET', url: 'https://example.com/x' }],
  ])('reads the request shorthand %s', (request, expected) => {
    expect(spec(`request: ${request}\nexpect: { status: 200 }`)).toMatchObject({
      kind: 'http',
      request: { ...expected, headers: {}, timeoutMs: 10_000 },
      repeat: 1,
      intervalMs: 0,
      extract: [],
    });
  });

  it('reads the request map with headers, a JSON body and a timeout', () => {
    expect(
      spec(
        'request:\n  method: PUT\n  url: "{{ADMIN}}/consumers/alex"\n  headers: { Authorization: "Bearer ' +
          '{{SANDBOX_TOKEN}}", X-Count: 5 }\n  json: { username: alex, tags: [a] }\n  timeout: 2s\nexpect: { status: ' +
          '200 }',
      ),
    ).toMatchObject({
      request: {
        method: 'PUT',
        url: '{{ADMIN}}/consumers/alex',
        headers: { Authorization: 'Bearer {{SANDBOX_TOKEN}}', 'X-Count': '5' },
        body: { kind: 'json', value: { username: 'alex', tags: ['a'] } },
        timeoutMs: 2000,
      },
    });
    expect(
      spec('request: { method: POST, url: "{{PROXY}}/f", form: { a: 1 } }\nexpect: { status: 200 }'),
    ).toMatchObject({ request: { body: { kind: 'form', value: { a: '1' } } } });
    expect(
      spec('request: { method: POST, url: "{{PROXY}}/f", body: "raw text" }\nexpect: { status: 200 }'),
    ).toMatchObject({ request: { body: { kind: 'raw', value: 'raw text' } } });
  });

  it.each([
    ['200', [{ op: 'equals', value: 200 }]],
    ['[200, 201]', [{ op: 'one-of', values: [200, 201] }]],
    ['{ oneOf: [200, 204] }', [{ op: 'one-of', values: [200, 204] }]],
    ['{ gte: 200, lt: 300 }', [{ op: 'compare', gte: 200, lt: 300 }]],
  ])('reads status %s', (status, expected) => {
    const http = spec(`request: GET {{PROXY}}/\nexpect:\n  status: ${status}`);
    expect(http.kind === 'http' && matchers(http.expect.status)).toEqual(expected);
  });

  it.each([
    ['Key', [{ op: 'equals', value: 'Key' }]],
    ['{ matches: "^Key" }', [{ op: 'matches', pattern: '^Key', flags: '' }]],
    ['{ matches: "/^key/i" }', [{ op: 'matches', pattern: '^key', flags: 'i' }]],
    ['{ contains: 5 }', [{ op: 'contains', value: '5' }]],
    ['{ present: true }', [{ op: 'present' }]],
    ['{ present: false }', [{ op: 'absent' }]],
    ['{ absent: true }', [{ op: 'absent' }]],
    ['{ exists: false }', [{ op: 'absent' }]],
    ['{ equals: "5", present: true }', [{ op: 'equals', value: '5' }, { op: 'present' }]],
    ['[a, b]', [{ op: 'one-of', values: ['a', 'b'] }]],
  ])('reads the header expectation %s', (value, expected) => {
    const http = spec(`request: GET {{PROXY}}/\nexpect:\n  headers:\n    X-Thing: ${value}`);
    expect(http.kind === 'http' && matchers(http.expect.headers['X-Thing'])).toEqual(expected);
  });

  it('reads JSON expectations, where a plain list means equals', () => {
    const http = spec(
      'request: GET {{PROXY}}/\nexpect:\n  json:\n    tags: [a, b]\n    data[0].id: { exists: true }\n    ' +
        '\'["odd.key"]\': null',
    );
    expect(
      http.kind === 'http' && Object.fromEntries(Object.entries(http.expect.json).map(([k, v]) => [k, v.matchers])),
    ).toEqual({
      tags: [{ op: 'equals', value: ['a', 'b'] }],
      'data[0].id': [{ op: 'present' }],
      '["odd.key"]': [{ op: 'equals', value: null }],
    });
  });

  it('expands a rate-limit series and keeps the last response apart', () => {
    const http = spec(
      'request: GET {{PROXY}}/limited\nrepeat: 6\ninterval: 100ms\nexpect:\n  headers: { X-RateLimit-Limit-Minute: 5 ' +
        '}\nseries:\n  status: [200 x5, 429]\n  headers:\n    X-RateLimit-Remaining-Minute: [4, 3, 2, 1, 0, 0]\n  ' +
        'json:\n    message: [null x5, { contains: exceeded }]\nlast:\n  headers:\n    Retry-After: { gte: 1 }',
    );
    if (http.kind !== 'http') throw new Error('not http');
    expect(http.repeat).toBe(6);
    expect(http.intervalMs).toBe(100);
    expect(http.series.status!.map(matchers)).toEqual([
      ...Array(5).fill([{ op: 'equals', value: 200 }]),
      [{ op: 'equals', value: 429 }],
    ]);
    expect(http.series.headers['X-RateLimit-Remaining-Minute']!.map((e) => e?.matchers[0])).toEqual(
      [4, 3, 2, 1, 0, 0].map((value) => ({ op: 'equals', value })),
    );
    expect(http.series.json.message!.map((e) => (e === null ? null : e.matchers))).toEqual([
      null,
      null,
      null,
      null,
      null,
      [{ op: 'contains', value: 'exceeded' }],
    ]);
    expect(matchers(http.last!.headers['Retry-After'])).toEqual([{ op: 'compare', gte: 1 }]);
    expect(check('request: GET {{PROXY}}/limited\nrepeat: 6\nseries:\n  status: [200 x5, 429]').name).toBe(
      'GET /limited ×6',
    );
  });

  it('points each expanded entry at where it is written', () => {
    const http = spec('request: GET {{PROXY}}/limited\nrepeat: 3\nseries:\n  status:\n    - 200 x2\n    - 429');
    if (http.kind !== 'http') throw new Error('not http');
    expect(http.series.status!.map((e) => `${e!.source.line}:${e!.source.column}`)).toEqual(['13:7', '13:7', '14:7']);
  });

  it.each([
    ['30s', { timeoutMs: 30_000, intervalMs: 1000 }],
    ['{ timeout: 2m, interval: 5s }', { timeoutMs: 120_000, intervalMs: 5000 }],
    ['{ timeout: 500ms }', { timeoutMs: 500, intervalMs: 1000 }],
  ])('reads eventually: %s', (value, expected) => {
    expect(spec(`request: GET {{PROXY}}/\nexpect: { status: 200 }\neventually: ${value}`)).toMatchObject({
      eventually: expected,
    });
  });

  it('reads every extract form', () => {
    expect(
      spec(
        'request: GET {{PROXY}}/\nexpect: { status: 200 }\nextract:\n  ID: json.data[0].id\n  REQ: ' +
          'header.X-Kong-Request-Id\n  CODE: status\n  TEXT: body\n  TOKEN: { from: json.token, secret: true }',
      ),
    ).toMatchObject({
      extract: [
        { variable: 'ID', source: { from: 'json', path: 'data[0].id' }, secret: false },
        { variable: 'REQ', source: { from: 'header', name: 'X-Kong-Request-Id' }, secret: false },
        { variable: 'CODE', source: { from: 'status' }, secret: false },
        { variable: 'TEXT', source: { from: 'body' }, secret: false },
        { variable: 'TOKEN', source: { from: 'json', path: 'token' }, secret: true },
      ],
    });
  });

  it.each([
    ['name: mine\nrequest: GET {{PROXY}}/x\nexpect: { status: 401 }', 'mine'],
    ['request: GET {{PROXY}}/echo\nexpect: { status: 401 }', 'GET /echo → 401'],
    [
      'request: DELETE http://localhost:8001/consumers/a\nexpect: { status: [200, 204] }',
      'DELETE /consumers/a → 200|204',
    ],
    ['request: GET {{PROXY}}\nexpect: { headers: { A: b } }', 'GET /'],
  ])('names the check: %s', (yaml, name) => {
    expect(check(yaml).name).toBe(name);
  });

  it.each([
    ['expects nothing', 'request: GET {{PROXY}}/x', ['invalid-check 8:1']],
    ['series without repeat', 'request: GET {{PROXY}}/x\nseries: { status: [200] }', ['invalid-check 10:1']],
    ['a URL that is not one', 'request: GET /relative\nexpect: { status: 200 }', ['invalid-check 9:10']],
    ['a GET with a body', 'request: { url: "{{PROXY}}/x", json: {} }\nexpect: { status: 200 }', ['invalid-check 9:32']],
    [
      'two bodies',
      'request: { method: POST, url: "{{PROXY}}/x", json: {}, form: {} }\nexpect: { status: 200 }',
      ['invalid-check 9:56'],
    ],
    ['x0', 'request: GET {{PROXY}}/x\nrepeat: 1\nseries: { status: [200 x0] }', ['invalid-check 11:20']],
    ['an empty matcher map', 'request: GET {{PROXY}}/x\nexpect: { status: {} }', ['invalid-check 10:19']],
    [
      'an unknown extract source',
      'request: GET {{PROXY}}/x\nexpect: { status: 200 }\nextract: { ID: cookie.x }',
      ['invalid-check 11:16'],
    ],
    ['an empty check', '', ['invalid-check 8:1']],
    ['a list instead of a map', '- request', ['invalid-check 9:1']],
  ])('rejects %s', (_name, yaml, expected) => {
    expect(errors(source(`## S\n\n${fence('check', yaml)}`))).toEqual(expected);
  });
});

describe('command checks', () => {
  it('reads a command check with defaults', () => {
    expect(check('run: kong-workshop sandbox status', 'cmd')).toMatchObject({
      name: 'kong-workshop sandbox status',
      spec: { kind: 'cmd', command: 'kong-workshop sandbox status', exit: 0, timeoutMs: 60_000 },
    });
  });

  it('reads exit, stdout, stderr, timeout and eventually', () => {
    const cmd = spec('run: false\nexit: 1\nstdout: ""\nstderr: { matches: "^$" }\ntimeout: 5s\neventually: 10s', 'cmd');
    expect(cmd).toMatchObject({ exit: 1, timeoutMs: 5000, eventually: { timeoutMs: 10_000, intervalMs: 1000 } });
    expect(cmd.kind === 'cmd' && [matchers(cmd.stdout), matchers(cmd.stderr)]).toEqual([
      [{ op: 'equals', value: '' }],
      [{ op: 'matches', pattern: '^$', flags: '' }],
    ]);
  });

  it.each([
    ['exit: 300', ['invalid-check 10:7']],
    ['stdot: x', ['unknown-key 10:1']],
    ['timeout: 5', ['bad-duration 10:10']],
  ])('rejects %s', (line, expected) => {
    expect(errors(source(`## S\n\n${fence('check cmd', `run: "true"\n${line}`)}`))).toEqual(expected);
  });
});

describe('Kubernetes checks', () => {
  it.each([
    ['KongConsumer/alex', { apiVersion: 'configuration.konghq.com/v1', kind: 'KongConsumer', name: 'alex' }],
    ['kongconsumer/alex', { apiVersion: 'configuration.konghq.com/v1', kind: 'KongConsumer', name: 'alex' }],
    ['Secret/{{TARGET}}-key', { apiVersion: 'v1', kind: 'Secret', name: '{{TARGET}}-key' }],
    ['Deployment/kong', { apiVersion: 'apps/v1', kind: 'Deployment' }],
    ['Ingress/echo', { apiVersion: 'networking.k8s.io/v1' }],
    ['HTTPRoute/echo', { apiVersion: 'gateway.networking.k8s.io/v1' }],
    ['KongClusterPlugin/auth', { apiVersion: 'configuration.konghq.com/v1' }],
    ['KonnectAPIAuthConfiguration/auth', { apiVersion: 'konnect.konghq.com/v1alpha1' }],
    ['KonnectExtension/ext', { apiVersion: 'konnect.konghq.com/v1alpha2' }],
    [
      '{ kind: Service, name: echo, namespace: default }',
      { apiVersion: 'v1', kind: 'Service', name: 'echo', namespace: 'default' },
    ],
    [
      '{ apiVersion: example.com/v2, kind: Widget, name: w }',
      { apiVersion: 'example.com/v2', kind: 'Widget', name: 'w' },
    ],
  ])('reads resource %s', (resource, expected) => {
    expect(spec(`resource: ${resource}`, 'k8s')).toMatchObject({
      kind: 'k8s',
      resource: expected,
      exists: true,
      fields: [],
    });
  });

  it('reads conditions, field expectations and absence', () => {
    const k8s = spec(
      'resource: KonnectAPIAuthConfiguration/auth\nexpect:\n  condition:\n    type: APIAuthValid\n    reason: ' +
        'Valid\n    message: { contains: valid }\n  fields:\n    "{.status.organizationID}": { matches: ' +
        '"^[0-9a-f-]{36}$" }\n    .status.serverURL: https://us.api.konghq.com',
      'k8s',
    );
    if (k8s.kind !== 'k8s') throw new Error('not k8s');
    expect(k8s.condition).toMatchObject({
      type: 'APIAuthValid',
      status: 'True',
      reason: { matchers: [{ op: 'equals', value: 'Valid' }] },
      message: { matchers: [{ op: 'contains', value: 'valid' }] },
    });
    expect(k8s.fields.map((f) => f.path)).toEqual(['{.status.organizationID}', '{.status.serverURL}']);
    expect(spec('resource: KongConsumer/a\nexpect: { condition: Programmed }', 'k8s')).toMatchObject({
      condition: { type: 'Programmed', status: 'True' },
    });
    expect(
      spec('resource: KongConsumer/a\nexpect: { condition: { type: Programmed, status: false } }', 'k8s'),
    ).toMatchObject({ condition: { status: 'False' } });
    expect(check('resource: KongConsumer/a\nexpect: { exists: false }', 'k8s')).toMatchObject({
      name: 'KongConsumer/a is absent',
      spec: { exists: false },
    });
    expect(check('resource: KongConsumer/a\nexpect: { condition: Programmed }', 'k8s').name).toBe(
      'KongConsumer/a is Programmed',
    );
  });

  it.each([
    ['resource: KongPlugin/x\nexpect: { condition: Programmed }', ['kongplugin-programmed 10:22']],
    [
      'resource: KongClusterPlugin/x\nexpect:\n  condition: { type: Programmed, status: "True" }',
      ['kongplugin-programmed 11:22'],
    ],
    ['resource: not a ref', ['invalid-check 9:11']],
    ['resource: KongConsumer/Alex', ['invalid-check 9:11']],
    ['resource: { kind: Widget, name: w }', ['unknown-kind 9:19']],
    ['resource: KongConsumer/a\nexpect:\n  exists: false\n  condition: Programmed', ['invalid-check 11:11']],
    ['resource: KongConsumer/a\nexpect:\n  fields:\n    status.x: 1', ['invalid-check 12:5']],
  ])('rejects %s', (yaml, expected) => {
    expect(errors(source(`## S\n\n${fence('check k8s', yaml)}`))).toEqual(expected);
  });
});

describe('checks that judge state: later lessons and transient moments', () => {
  it('reads `later:` as expectations per later lesson', () => {
    const read = spec('request: GET {{PROXY}}/echo\nexpect: { status: 200 }\nlater:\n  key-auth: { status: 401 }');
    expect(read).toMatchObject({ later: [{ lesson: 'key-auth', expect: { status: { matchers: [{ value: 401 }] } } }] });
  });

  it('refuses a `later:` key that is not a lesson id, and `later:` with `extract`', () => {
    const lesson = (yaml: string) => source(`## S\n\n${fence('check', yaml)}`, SANDBOX);
    expect(
      errors(lesson('request: GET {{PROXY}}/\nexpect: { status: 200 }\nlater:\n  Key Auth: { status: 401 }')),
    ).toEqual(['invalid-check 12:3']);
    expect(
      errors(
        lesson(
          'request: GET {{PROXY}}/\nexpect: { status: 200 }\nextract: { ID: json.id }\nlater: { a: { status: 401 } }',
        ),
      ),
    ).toEqual(['invalid-check 12:1']);
  });

  it('reads the `transient` flag on a check block', () => {
    expect(check('run: "true"', 'cmd transient')).toMatchObject({ transient: true });
    expect(check('run: "true"', 'cmd')).not.toHaveProperty('transient');
  });
});

describe('countdown: a rate-limit sequence relative to its first response', () => {
  it('reads the header shorthand and the map, with a default max', () => {
    const short = 'request: GET {{PROXY}}/\ncountdown: X-RateLimit-Remaining-Minute\nlast: { status: 429 }';
    expect(spec(short)).toMatchObject({ countdown: { header: 'X-RateLimit-Remaining-Minute', max: 101 } });
    const map = 'request: GET {{PROXY}}/\ncountdown: { header: RateLimit-Remaining, max: 9 }\nlast: { status: 429 }';
    expect(spec(map)).toMatchObject({ countdown: { header: 'RateLimit-Remaining', max: 9 } });
  });

  it('refuses repeat beside it', () => {
    const text = source(
      `## S\n\n${fence('check', 'request: GET {{PROXY}}/\nrepeat: 6\ncountdown: X\nlast: { status: 429 }')}`,
      SANDBOX,
    );
    expect(errors(text)).toEqual(['invalid-check 10:1']);
  });
});

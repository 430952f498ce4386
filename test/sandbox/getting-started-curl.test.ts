import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { startSandbox, type RunningSandbox } from '@kong-workshop/sandbox';
import { corpusDir, skipReason } from '../import/corpus.js';

// Acceptance: Kong's getting-started page (developer.konghq.com /gateway/get-started/, read from the
// shared corpus, never copied) runs against the sandbox with real curl processes. Its entity examples
// go to the Admin API as the page's Admin API tab sends them (a JSON body per entity, children on their
// nested endpoints; a service named again is replaced with PUT, as deck, the page's
// tool, replaces it: protocol and port go back to their defaults); its validations and its literal on-prem
// shell blocks run as written, only `http://localhost:8000` pointed at the sandbox's proxy. The page's
// upstream hosts (httpbin.konghq.com, httpbun.com) are answered by the sandbox's echo, like curl's
// --resolve, so the test needs no network.

const run = promisify(execFile);
const page = corpusDir ? join(corpusDir, 'kong-developer-docs', 'gateway__get-started-with-gateway.md') : '';
if (!corpusDir) console.warn(`skipping the getting-started acceptance test: ${skipReason}`);

type Step =
  | { kind: 'entities'; entities: Record<string, Record<string, unknown>[]> }
  | { kind: 'validation'; type: string; spec: Record<string, unknown> }
  | { kind: 'shell'; script: string };

/** The page's steps in order: entity examples, validations and on-prem shell blocks. */
function steps(text: string): Step[] {
  const out: Step[] = [];
  const block = new RegExp(
    [
      '{% entity_examples %}([\\s\\S]*?){% endentity_examples %}',
      '{% validation ([a-z-]+) %}([\\s\\S]*?){% endvalidation %}',
      '{% on_prem %}[\\s\\S]*?```sh\\n([\\s\\S]*?)```[\\s\\S]*?{% endon_prem %}',
    ].join('|'),
    'g',
  );
  for (const m of text.matchAll(block)) {
    if (m[1] !== undefined) out.push({ kind: 'entities', entities: parse(m[1]).entities });
    else if (m[2] !== undefined) out.push({ kind: 'validation', type: m[2], spec: parse(m[3] ?? '') ?? {} });
    else if (m[4] !== undefined) out.push({ kind: 'shell', script: m[4] });
  }
  return out;
}

const NESTED: Readonly<Record<string, { key: string; child: string; path: string }>> = {
  consumers: { key: 'username', child: 'keyauth_credentials', path: 'key-auth' },
  upstreams: { key: 'name', child: 'targets', path: 'targets' },
};

async function curl(args: string[]): Promise<{ status: number; headers: string; body: string }> {
  const { stdout } = await run('curl', ['-s', '-i', ...args]);
  const split = stdout.indexOf('\r\n\r\n');
  const head = stdout.slice(0, split);
  return { status: Number(head.split(' ')[1]), headers: head, body: stdout.slice(split + 4) };
}

describe.skipIf(!corpusDir)("Kong's getting-started page, with curl, against the sandbox", () => {
  let sandbox: RunningSandbox;
  let dir: string;
  const created = new Set<string>();
  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'kw-getting-started-'));
    sandbox = await startSandbox({
      proxyPort: 0,
      adminPort: 0,
      auth: false,
      persist: false,
      advertise: false,
      stateDir: dir,
      echoHosts: ['httpbin.konghq.com', 'httpbun.com'],
    });
  });
  afterAll(async () => {
    await sandbox.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  async function apply(entities: Record<string, Record<string, unknown>[]>): Promise<void> {
    for (const [section, list] of Object.entries(entities)) {
      for (const entity of list) {
        const nested = NESTED[section];
        const { [nested?.child ?? '']: children, ...own } = entity;
        const name = String(own.name ?? own.username ?? '');
        const known = created.has(`${section}/${name}`);
        const answer = await curl([
          '-X',
          known ? 'PUT' : 'POST',
          `${sandbox.adminUrl}/${section}${known ? `/${name}` : ''}`,
          '--json',
          JSON.stringify(own),
        ]);
        expect(answer.status, `${section} ${name}: ${answer.body}`).toBe(known ? 200 : 201);
        created.add(`${section}/${name}`);
        for (const child of Array.isArray(children) ? children : []) {
          const url = `${sandbox.adminUrl}/${section}/${name}/${nested?.path}`;
          const made = await curl(['-X', 'POST', url, '--json', JSON.stringify(child)]);
          expect(made.status, made.body).toBe(201);
        }
      }
    }
  }

  async function validate(type: string, spec: Record<string, unknown>): Promise<void> {
    const headers = (Array.isArray(spec.headers) ? spec.headers : []).flatMap((h) => ['-H', String(h)]);
    const url = `${sandbox.proxyUrl}${String(spec.url)}`;
    if (type === 'request-check') {
      expect((await curl([url, ...headers])).status).toBe(spec.status_code ?? 200);
    } else if (type === 'unauthorized-check') {
      const answer = await curl([url, ...headers]);
      expect([answer.status, JSON.parse(answer.body).message]).toEqual([401, spec.message]);
    } else if (type === 'rate-limit-check') {
      const statuses: number[] = [];
      for (let i = 0; i < Number(spec.iterations); i++) statuses.push((await curl([url, ...headers])).status);
      expect(statuses.at(-1)).toBe(429);
      expect(statuses.slice(0, -1).every((s) => s === 200)).toBe(true);
    } else throw new Error(`a validation this test does not know: ${type}`);
  }

  it('runs every step of the page', { timeout: 60_000 }, async () => {
    const all = steps(readFileSync(page, 'utf8'));
    expect(all.filter((s) => s.kind === 'shell')).toHaveLength(2);
    const outputs: string[] = [];
    for (const step of all) {
      if (step.kind === 'entities') await apply(step.entities);
      else if (step.kind === 'validation') await validate(step.type, step.spec);
      else {
        const script = step.script.replaceAll('http://localhost:8000', sandbox.proxyUrl);
        outputs.push((await run('bash', ['-c', script])).stdout);
        // The load-balancing check is meant to be run several times: run it again to see the other target.
        if (script.includes('/mock/headers')) outputs.push((await run('bash', ['-c', script])).stdout);
      }
    }
    const [first, second, cache] = outputs;
    // Round-robin over the two targets: each run's Host is the other's.
    expect([first, second].map((o) => /"host": "([^"]+)"/.exec(o ?? '')?.[1]).sort()).toEqual([
      'httpbin.konghq.com',
      'httpbun.com',
    ]);
    // Two requests: X-Cache-Key twice (the same key), then Miss and Hit, as the page shows.
    const lines = (cache ?? '').trim().split(/\r?\n/);
    expect(lines).toHaveLength(4);
    expect(lines[0]).toMatch(/^X-Cache-Key: [0-9a-f]{64}$/);
    expect([lines[1], lines[3]]).toEqual(['X-Cache-Status: Miss', 'X-Cache-Status: Hit']);
    expect(lines[2]).toBe(lines[0]);
  });

  // The same flow as docs.konghq.com's earlier getting-started guide wrote it: form-encoded Admin API
  // calls, the route's service named with `service.name=`, array fields given one value
  // (`config.request_method=GET`), the service moved onto the upstream with PATCH.
  it('runs the form-encoded flow of the earlier guide', { timeout: 30_000 }, async () => {
    await curl(['-X', 'POST', `${sandbox.adminUrl}/_sandbox/reset`]);
    const admin = async (method: string, path: string, ...data: string[]) => {
      const answer = await curl(['-X', method, `${sandbox.adminUrl}${path}`, ...data.flatMap((d) => ['--data', d])]);
      expect(answer.status, `${method} ${path}: ${answer.body}`).toBe(method === 'PATCH' ? 200 : 201);
      return JSON.parse(answer.body);
    };
    await admin('POST', '/services', 'name=example_service', 'url=http://httpbin.konghq.com');
    const route = await admin('POST', '/routes', 'paths[]=/mock', 'name=example_route', 'service.name=example_service');
    expect(route.paths).toEqual(['/mock']);
    await admin('POST', '/upstreams', 'name=example_upstream');
    await admin('POST', '/upstreams/example_upstream/targets', 'target=httpbin.konghq.com:80');
    await admin('POST', '/upstreams/example_upstream/targets', 'target=httpbun.com:80');
    await admin('PATCH', '/services/example_service', 'host=example_upstream');
    const hosts = [];
    for (let i = 0; i < 2; i++)
      hosts.push(JSON.parse((await curl([`${sandbox.proxyUrl}/mock/headers`])).body).headers.host);
    expect(hosts.sort()).toEqual(['httpbin.konghq.com', 'httpbun.com']);
    // Then caching, as the guide orders it (a cached /mock/headers would show one host twice).
    const cache = await admin(
      'POST',
      '/plugins',
      'name=proxy-cache',
      'config.request_method=GET',
      'config.response_code=200',
      'config.content_type=application/json',
      'config.cache_ttl=30',
      'config.strategy=memory',
    );
    expect([cache.config.request_method, cache.config.response_code]).toEqual([['GET'], [200]]);
    const statuses = [];
    for (let i = 0; i < 2; i++)
      statuses.push(/X-Cache-Status: (\w+)/i.exec((await curl([`${sandbox.proxyUrl}/mock/x`])).headers)?.[1]);
    expect(statuses).toEqual(['Miss', 'Hit']);
  });
});

import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { execa } from 'execa';
import { afterAll, describe, expect, it } from 'vitest';
import { readRuntimeFile, stateFilePath, stopSandbox, logFilePath } from '@kong-workshop/sandbox';
import { statePaths } from '../../src/state/index.js';

/** A parsed JSON answer: tests walk into it freely, and their expectations check its shape. */
// biome-ignore lint/suspicious/noExplicitAny: the one place this test file leaves JSON untyped
type Json = any;

// End to end: the built CLI (bin/kong-workshop.mjs) runs a real background sandbox on ephemeral
// ports under the test's KONG_WORKSHOP_HOME, and the seed workshop's flow runs against it.

const cli = join(import.meta.dirname, '..', '..', 'bin', 'kong-workshop.mjs');
const seedFile = join(
  import.meta.dirname,
  '..',
  '..',
  'packages',
  'sandbox',
  'test',
  'fixtures',
  'seed-004-key-auth.yaml',
);
const echoSeedFile = join(
  import.meta.dirname,
  '..',
  '..',
  'packages',
  'sandbox',
  'test',
  'fixtures',
  'seed-004-echo.yaml',
);
const sandboxDir = () => statePaths().sandboxDir;

const kw = (args: string[], env: Record<string, string> = {}) =>
  execa('node', [cli, 'sandbox', ...args], { reject: false, env: { ...env }, timeout: 30_000 });

afterAll(async () => {
  await stopSandbox({ sandboxDir: sandboxDir() });
});

async function get(url: string, headers: Record<string, string> = {}) {
  const response = await fetch(url, { headers });
  return {
    status: response.status,
    headers: response.headers,
    json: (await response.json().catch(() => undefined)) as Json,
  };
}

describe('kong-workshop sandbox (CLI, background sandbox)', () => {
  it('starts, reports where it runs, and answers with its token', async () => {
    const started = await kw(['start', '--proxy-port', '0', '--admin-port', '0']);
    expect(started.exitCode).toBe(0);
    expect(started.stdout).toMatch(/sandbox started \(pid \d+\)/);
    const runtime = readRuntimeFile(sandboxDir())!;
    expect(runtime).toMatchObject({ auth: true, proxyUrl: expect.stringMatching(/^http:\/\/127\.0\.0\.1:\d+$/) });
    const status = await kw(['status']);
    expect(status.exitCode).toBe(0);
    expect(status.stdout).toContain(runtime.proxyUrl);
    expect((await kw(['start'])).stdout).toMatch(/already running/);
    const token = (await kw(['token'])).stdout.trim();
    expect(token).toMatch(/^kpat_/);
    expect((await get(`${runtime.adminUrl}/consumers`)).status).toBe(401);
    expect((await get(`${runtime.adminUrl}/consumers`, { authorization: `Bearer ${token}` })).status).toBe(200);
  });

  it('syncs the seeds/004 deck file unchanged, and runs the seed workshop flow by hand', async () => {
    const runtime = readRuntimeFile(sandboxDir())!;
    const synced = await kw(['sync', seedFile]);
    expect(synced.exitCode).toBe(0);
    expect(synced.stdout).toContain('Created: 9');
    // The seed's upstream (httpbin in a cluster) does not exist here: point the same file at the echo upstream.
    expect((await kw(['sync', echoSeedFile])).stdout).toContain('updating service httpbin-service');

    const noKey = await get(`${runtime.proxyUrl}/key-auth-route/get`);
    expect([noKey.status, noKey.json.message, noKey.headers.get('www-authenticate')]).toEqual([
      401,
      'No API key found in request',
      'Key',
    ]);
    const remaining: number[] = [];
    for (let i = 0; i < 5; i++) {
      const ok = await get(`${runtime.proxyUrl}/key-auth-route/get`, { apikey: '123456' });
      expect(ok.status).toBe(200);
      remaining.push(Number(ok.headers.get('x-ratelimit-remaining-minute')));
    }
    expect(remaining).toEqual([4, 3, 2, 1, 0]);
    const limited = await get(`${runtime.proxyUrl}/key-auth-route/get`, { apikey: '123456' });
    expect([limited.status, limited.json.message]).toEqual([429, 'API rate limit exceeded']);
    expect(Number(limited.headers.get('retry-after'))).toBeGreaterThanOrEqual(1);
    const other = await get(`${runtime.proxyUrl}/key-auth-route/get`, { apikey: '987654' });
    expect([
      other.status,
      other.headers.get('x-ratelimit-limit-minute'),
      other.headers.get('x-ratelimit-remaining-minute'),
    ]).toEqual([200, '8', '7']);

    const advanced = await kw(['advance', '60s']);
    expect(advanced.stdout).toMatch(/advanced by 1m00s/);
    expect((await get(`${runtime.proxyUrl}/key-auth-route/get`, { apikey: '123456' })).status).toBe(200);
  });

  it('applies a fragment additively (sandbox apply), and syncs a file from stdin (sync -)', async () => {
    const runtime = readRuntimeFile(sandboxDir())!;
    const fromStdin = (args: string[], input: string) =>
      execa('node', [cli, 'sandbox', ...args], { reject: false, input, timeout: 30_000 });
    const synced = await fromStdin(
      ['sync', '-'],
      '_format_version: "3.0"\nservices:\n  - name: echo\n    url: http://echo\n    routes:\n      - name: echo\n    ' +
        '    paths: [/echo]\nconsumers:\n  - username: alex\n    keyauth_credentials:\n      - key: alex-key\n',
    );
    expect(synced.exitCode).toBe(0);
    expect(synced.stdout).toContain('creating consumer alex');
    // A fragment naming an existing consumer: added, and nothing the fragment leaves out is deleted.
    const applied = await fromStdin(
      ['apply', '-'],
      '_format_version: "3.0"\nplugins:\n  - name: key-auth\n  - name: rate-limiting\n    consumer: alex\n    ' +
        'config: { minute: 2 }\n',
    );
    expect(applied.exitCode).toBe(0);
    expect(applied.stdout).toContain('creating plugin rate-limiting for consumer alex');
    expect(applied.stdout).toMatch(/Created: 2\n\s+Updated: 0\n\s+Deleted: 0/);
    const ok = await get(`${runtime.proxyUrl}/echo`, { apikey: 'alex-key' });
    expect([ok.status, ok.headers.get('x-ratelimit-limit-minute')]).toEqual([200, '2']);
    // Applying it again changes nothing; a changed value is an update of the same entity.
    expect(
      (await fromStdin(['apply', '-'], '_format_version: "3.0"\nplugins:\n  - name: key-auth\n')).stdout,
    ).toContain('Created: 0');
    const updated = await fromStdin(
      ['apply', '-'],
      '_format_version: "3.0"\nplugins:\n  - name: rate-limiting\n    consumer: alex\n    config: { minute: 3 }\n',
    );
    expect(updated.stdout).toContain('updating plugin rate-limiting for consumer alex');
    const unknown = await fromStdin(
      ['apply', '-'],
      '_format_version: "3.0"\nplugins:\n  - name: key-auth\n    consumer: nobody\n',
    );
    expect(unknown.exitCode).not.toBe(0);
    expect(unknown.stderr).toContain('declarative config is invalid');
  });

  it('takes the token from --pat, then KONG_WORKSHOP_PAT, before the token file', async () => {
    const wrongFlag = await kw(['sync', seedFile, '--pat', 'kpat_wrong']);
    expect(wrongFlag.exitCode).toBe(3);
    expect(wrongFlag.stderr).toMatch(/refused the token/);
    expect((await kw(['sync', echoSeedFile], { KONG_WORKSHOP_PAT: 'kpat_wrong' })).exitCode).toBe(3);
    const token = (await kw(['token'])).stdout.trim();
    expect(
      (
        await kw(['sync', echoSeedFile], { KONG_WORKSHOP_PAT: 'kpat_wrong' }).then(() =>
          kw(['sync', echoSeedFile, '--pat', token]),
        )
      ).exitCode,
    ).toBe(0);
  });

  it('whoami names the organization and where the token came from, in kongctl order', async () => {
    const token = (await kw(['token'])).stdout.trim();
    const configFile = join(mkdtempSync(join(tmpdir(), 'kw-config-')), 'kong-workshop.yaml');
    writeFileSync(configFile, `sandbox:\n  pat: ${token}\n`, { mode: 0o600 });

    const fromFile = await kw(['whoami']);
    expect(fromFile.stdout).toMatch(/^organization [0-9a-f-]{36} \(kong-workshop sandbox\)$/m);
    expect(fromFile.stdout).toContain("token from the sandbox's own token file");
    expect((await kw(['whoami', '--config-file', configFile])).stdout).toContain(
      `token from sandbox.pat in ${configFile}`,
    );
    expect((await kw(['whoami', '--config-file', configFile], { KONG_WORKSHOP_PAT: token })).stdout).toContain(
      'token from the KONG_WORKSHOP_PAT environment variable',
    );
    expect((await kw(['whoami', '--pat', token], { KONG_WORKSHOP_PAT: 'kpat_wrong' })).stdout).toContain(
      'token from the --pat flag',
    );

    writeFileSync(configFile, 'sandbox:\n  pat: kpat_wrong\n');
    const refused = await kw(['whoami', '--config-file', configFile]);
    expect(refused.exitCode).toBe(3);
    expect(refused.stderr).toMatch(/refused the token/);
    expect(fromFile.stdout + refused.stderr).not.toContain(token);
  });

  it("reports bad deck files with file:line:col and deck's own messages", async () => {
    const { writeFileSync, mkdtempSync } = await import('node:fs');
    const dir = mkdtempSync(join(statePaths().stateDir, 'deck-'));
    writeFileSync(join(dir, 'broken.yaml'), '_format_version: "3.0"\nservices:\n  - name: x\n   host: y\n');
    const broken = await kw(['sync', join(dir, 'broken.yaml')]);
    expect(broken.exitCode).toBe(1);
    expect(broken.stderr).toMatch(/broken\.yaml:4:\d+:/);
    // biome-ignore lint/suspicious/noTemplateCurlyInString: shell or deck syntax, not a template
    writeFileSync(join(dir, 'env.yaml'), '_format_version: "3.0"\nconsumers:\n- username: ${{ env "DECK_USER" }}\n');
    expect((await kw(['sync', join(dir, 'env.yaml')])).stderr).toContain(
      "environment variable 'DECK_USER' present in state file but not set",
    );
    expect((await kw(['sync', join(dir, 'env.yaml')], { DECK_USER: 'from-env' })).exitCode).toBe(0);
  });

  it('keeps the configuration across stop and start; the token never reaches the log', async () => {
    const token = (await kw(['token'])).stdout.trim();
    expect((await kw(['stop'])).stdout).toMatch(/sandbox stopped/);
    const status = await kw(['status']);
    expect(status.exitCode).toBe(3);
    expect(readRuntimeFile(sandboxDir())).toBeUndefined();
    expect((await kw(['start', '--proxy-port', '0', '--admin-port', '0'])).exitCode).toBe(0);
    const runtime = readRuntimeFile(sandboxDir())!;
    expect((await get(`${runtime.adminUrl}/consumers/from-env`, { authorization: `Bearer ${token}` })).status).toBe(
      200,
    );
    expect(readFileSync(logFilePath(sandboxDir()), 'utf8')).not.toContain(token);
    const logs = await kw(['logs']);
    expect(logs.stdout).toContain('admin POST /_sandbox/sync 200');
    expect(logs.stdout).not.toContain(token);
  });

  it('a kill -9 during saves leaves a state file that parses', async () => {
    const runtime = readRuntimeFile(sandboxDir())!;
    const token = (await kw(['token'])).stdout.trim();
    const headers = { authorization: `Bearer ${token}`, 'content-type': 'application/json' };
    const writes = Array.from({ length: 300 }, (_, i) =>
      fetch(`${runtime.adminUrl}/consumers`, {
        method: 'POST',
        headers,
        body: JSON.stringify({ username: `user-${i}`, tags: ['x'.repeat(2000)] }),
      }).catch(() => undefined),
    );
    await new Promise((resolve) => setTimeout(resolve, 40));
    process.kill(runtime.pid, 'SIGKILL');
    await Promise.all(writes);
    const saved = JSON.parse(readFileSync(stateFilePath(sandboxDir()), 'utf8')) as {
      format: number;
      entities: { consumers: unknown[] };
    };
    expect(saved.format).toBe(1);
    expect(Array.isArray(saved.entities.consumers)).toBe(true);
    // The stale runtime.json (pid gone) means "not running"; a new start works and loads the file.
    expect((await kw(['status'])).exitCode).toBe(3);
    expect((await kw(['start', '--proxy-port', '0', '--admin-port', '0'])).exitCode).toBe(0);
    expect((await kw(['reset'])).stdout).toContain('cleared');
    expect((await kw(['stop'])).exitCode).toBe(0);
  });

  it('says so when a port is taken, and uses a free one', async () => {
    const { createServer } = await import('node:http');
    const blocker = createServer();
    await new Promise<void>((resolve) => blocker.listen(0, '127.0.0.1', resolve));
    const taken = (blocker.address() as { port: number }).port;
    try {
      const started = await kw(['start', '--proxy-port', String(taken), '--admin-port', '0']);
      expect(started.exitCode).toBe(0);
      expect(started.stdout).toMatch(new RegExp(`port ${taken} is taken; the proxy listens on \\d+ instead`));
      expect(readRuntimeFile(sandboxDir())!.proxyUrl).not.toBe(`http://127.0.0.1:${taken}`);
    } finally {
      blocker.close();
      await kw(['stop']);
    }
  });
});

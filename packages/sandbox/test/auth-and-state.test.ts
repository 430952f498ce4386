import { mkdirSync, mkdtempSync, rmSync, statSync, writeFileSync, readdirSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { readSandboxToken, resolveAdminToken, startSandbox, tokenFilePath, type RunningSandbox } from '../src/index.js';

const dirs: string[] = [];
const running: RunningSandbox[] = [];
const tempDir = () => {
  const dir = mkdtempSync(join(tmpdir(), 'kw-sandbox-state-'));
  dirs.push(dir);
  return dir;
};
async function start(options: Parameters<typeof startSandbox>[0] = {}) {
  const sandbox = await startSandbox({ proxyPort: 0, adminPort: 0, advertise: false, ...options });
  running.push(sandbox);
  return sandbox;
}
afterEach(async () => {
  await Promise.all(running.splice(0).map((s) => s.stop()));
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

describe('control-plane authentication', () => {
  it('issues a kpat_ token on first start, stored with mode 0600, and keeps it across restarts', async () => {
    const dir = tempDir();
    const first = await start({ stateDir: dir, persist: false });
    expect(first.token).toMatch(/^kpat_[A-Za-z0-9]{45}$/);
    expect(statSync(tokenFilePath(dir)).mode & 0o777).toBe(0o600);
    await first.stop();
    expect((await start({ stateDir: dir, persist: false })).token).toBe(first.token);
  });

  it('answers 401 JSON without the token or with a wrong one, and works with it', async () => {
    const sandbox = await start({ stateDir: tempDir(), persist: false });
    const missing = await fetch(`${sandbox.adminUrl}/consumers`);
    expect(missing.status).toBe(401);
    expect(missing.headers.get('content-type')).toMatch(/^application\/json/);
    expect(((await missing.json()) as { message: string }).message).toMatch(/^Unauthorized/);
    const wrong = await fetch(`${sandbox.adminUrl}/consumers`, { headers: { authorization: 'Bearer kpat_wrong' } });
    expect(wrong.status).toBe(401);
    const right = await fetch(`${sandbox.adminUrl}/consumers`, {
      headers: { authorization: `Bearer ${sandbox.token}` },
    });
    expect([right.status, await right.json()]).toEqual([200, { data: [], next: null }]);
  });

  it('the identity endpoint returns an organization id for the token', async () => {
    const sandbox = await start({ stateDir: tempDir(), persist: false });
    const me = await fetch(`${sandbox.adminUrl}/_sandbox/organizations/me`, {
      headers: { authorization: `Bearer ${sandbox.token}` },
    });
    expect(((await me.json()) as { id: string }).id).toMatch(/^[0-9a-f-]{36}$/);
  });

  it('auth off gives an open, Kong-like Admin API', async () => {
    const sandbox = await start({ stateDir: tempDir(), persist: false, auth: false });
    expect((await fetch(`${sandbox.adminUrl}/consumers`)).status).toBe(200);
  });

  it('resolves the token from --pat, then KONG_WORKSHOP_PAT, then config.yaml, then the token file', async () => {
    const home = tempDir();
    const configDir = join(home, 'config');
    const sandboxDir = join(home, 'sandbox');
    mkdirSync(configDir, { recursive: true });
    mkdirSync(sandboxDir, { recursive: true });
    writeFileSync(join(sandboxDir, 'token'), 'kpat_fromfile\n');
    expect(await resolveAdminToken({ env: {}, configDir, sandboxDir })).toEqual({
      token: 'kpat_fromfile',
      source: 'token-file',
    });
    writeFileSync(join(configDir, 'config.yaml'), 'sandbox:\n  pat: kpat_fromconfig\n');
    expect(await resolveAdminToken({ env: {}, configDir, sandboxDir })).toEqual({
      token: 'kpat_fromconfig',
      source: 'config',
    });
    expect(await resolveAdminToken({ env: { KONG_WORKSHOP_PAT: 'kpat_fromenv' }, configDir, sandboxDir })).toEqual({
      token: 'kpat_fromenv',
      source: 'env',
    });
    expect(
      await resolveAdminToken({
        flag: 'kpat_fromflag',
        env: { KONG_WORKSHOP_PAT: 'kpat_fromenv' },
        configDir,
        sandboxDir,
      }),
    ).toEqual({ token: 'kpat_fromflag', source: 'flag' });
  });

  it('never writes the token or a key to its log', async () => {
    const lines: string[] = [];
    const sandbox = await start({
      stateDir: tempDir(),
      persist: false,
      log: (line) => lines.push(line),
      accessLog: true,
    });
    const headers = { authorization: `Bearer ${sandbox.token}`, 'content-type': 'application/json' };
    await fetch(`${sandbox.adminUrl}/config`, {
      method: 'POST',
      headers,
      body: JSON.stringify({
        _format_version: '3.0',
        services: [{ name: 'e', url: 'http://echo', routes: [{ name: 'r', paths: ['/e'] }] }],
      }),
    });
    await fetch(`${sandbox.proxyUrl}/e?apikey=secret-in-query`);
    await fetch(`${sandbox.adminUrl}/consumers`, { headers: { authorization: 'Bearer kpat_attempt' } });
    expect(lines.length).toBeGreaterThan(2);
    const log = lines.join('\n');
    expect(log).not.toContain(sandbox.token);
    expect(log).not.toContain('kpat_attempt');
    expect(log).not.toContain('secret-in-query');
  });
});

describe('persistence and ports', () => {
  const config = {
    _format_version: '3.0',
    consumers: [{ username: 'kept', keyauth_credentials: [{ key: 'kept-key' }] }],
  };

  it('keeps the configuration across stop and start, and reset clears it', async () => {
    const dir = tempDir();
    const first = await start({ stateDir: dir, auth: false });
    await fetch(`${first.adminUrl}/config`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(config),
    });
    await first.stop();
    const second = await start({ stateDir: dir, auth: false });
    expect((await fetch(`${second.adminUrl}/consumers/kept`)).status).toBe(200);
    await fetch(`${second.adminUrl}/_sandbox/reset`, { method: 'POST' });
    await second.stop();
    const third = await start({ stateDir: dir, auth: false });
    expect((await fetch(`${third.adminUrl}/consumers/kept`)).status).toBe(404);
  });

  it('moves an unreadable state file aside and starts empty', async () => {
    const dir = tempDir();
    writeFileSync(join(dir, 'config.json'), '{"format":1,"entities":');
    const lines: string[] = [];
    const sandbox = await start({ stateDir: dir, auth: false, log: (line) => lines.push(line) });
    expect((await fetch(`${sandbox.adminUrl}/consumers`)).status).toBe(200);
    expect(lines.join('\n')).toMatch(/unreadable/);
    expect(readdirSync(dir).some((name) => name.startsWith('config.json.corrupt-'))).toBe(true);
  });

  it('a taken port gives a clear message and a free port', async () => {
    const blocker = createServer();
    await new Promise<void>((resolve) => blocker.listen(0, '127.0.0.1', resolve));
    const taken = (blocker.address() as AddressInfo).port;
    try {
      const lines: string[] = [];
      const sandbox = await start({
        stateDir: tempDir(),
        persist: false,
        proxyPort: taken,
        log: (line) => lines.push(line),
      });
      expect(sandbox.proxyUrl).not.toBe(`http://127.0.0.1:${taken}`);
      expect(lines).toContain(`port ${taken} is taken; the proxy listens on ${new URL(sandbox.proxyUrl).port} instead`);
    } finally {
      blocker.close();
    }
  });

  it('reads no token when none was issued', () => {
    expect(readSandboxToken(tempDir())).toBeUndefined();
  });
});

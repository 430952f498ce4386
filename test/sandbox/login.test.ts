import { readFileSync, statSync, writeFileSync } from 'node:fs';
import { get } from 'node:http';
import { join } from 'node:path';
import { execa } from 'execa';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loginTokenPath, logFilePath, readRuntimeFile, stopSandbox } from '@kong-workshop/sandbox';
import { statePaths } from '../../src/state/index.js';

// kongctl's browser login, imitated end to end and headless: the built CLI runs `sandbox login`
// against a real background sandbox, and this test plays the learner's browser, approving the
// one-time code on the sandbox's page over loopback. Canary: no token, refresh token or device
// code ever shows up in any output or in the sandbox's log.

const cli = join(import.meta.dirname, '..', '..', 'bin', 'kong-workshop.mjs');
const kw = (args: string[], env: Record<string, string> = {}) =>
  execa('node', [cli, 'sandbox', ...args], { reject: false, env, timeout: 30_000 });
const outputs: string[] = [];

beforeAll(async () => {
  const started = await kw(['start', '--proxy-port', '0', '--admin-port', '0', '--kube-port', '0']);
  expect(started.exitCode).toBe(0);
});
afterAll(async () => {
  await stopSandbox({ sandboxDir: statePaths().sandboxDir });
});

/** Runs `sandbox login` until it prints the verification URL; resolves the URL and the running process. */
async function startLogin() {
  const child = execa('node', [cli, 'sandbox', 'login'], { reject: false, timeout: 30_000 });
  let stdout = '';
  const url = await new Promise<string>((resolve, reject) => {
    child.stdout?.on('data', (chunk: Buffer) => {
      stdout += chunk.toString();
      const found = /http:\/\/127\.0\.0\.1:\d+\/_sandbox\/device-activate\?code=[A-Z0-9-]+/.exec(stdout);
      if (found) resolve(found[0]);
    });
    child.catch(reject);
  });
  return { child, url };
}

async function approve(url: string, action = 'approve', headers: Record<string, string> = {}) {
  const page = await fetch(url);
  const html = await page.text();
  const code = /name="user_code" value="([A-Z0-9-]+)"/.exec(html)?.[1] ?? '';
  const answer = await fetch(new URL('/_sandbox/device-activate', url), {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded', ...headers },
    body: new URLSearchParams({ user_code: code, action }).toString(),
  });
  return { page, status: answer.status, html: await answer.text(), code };
}

describe('kong-workshop sandbox login (kongctl login, imitated)', () => {
  it('prints the URL, the one-time code and its expiry, and logs in once the page approves the code', async () => {
    const { child, url } = await startLogin();
    const approved = await approve(url);
    expect(approved.page.headers.get('x-frame-options')).toBe('DENY');
    expect([approved.status, approved.html]).toEqual([200, expect.stringContaining('Device approved')]);
    const done = await child;
    outputs.push(done.stdout, done.stderr);
    expect(done.exitCode).toBe(0);
    expect(done.stdout).toContain(`Or copy this one-time code: ${approved.code}`);
    expect(done.stdout).toContain('(Code expires in 900 seconds)');
    expect(done.stdout).toContain('Waiting for user to Login...');
    expect(done.stdout).toContain('User successfully authorized');
    const file = loginTokenPath(statePaths().configDir);
    expect(statSync(file).mode & 0o777).toBe(0o600);
    const stored = JSON.parse(readFileSync(file, 'utf8'));
    expect(stored.token.access_token).toMatch(/^[\w-]+\.[\w-]+\.[\w-]+$/);

    // The stored login is a token the Admin API accepts, found after flag, environment and config file.
    const runtime = readRuntimeFile(statePaths().sandboxDir);
    const consumers = await fetch(`${runtime?.adminUrl}/consumers`, {
      headers: { authorization: `Bearer ${stored.token.access_token}` },
    });
    expect(consumers.status).toBe(200);
    const whoami = await kw(['whoami']);
    outputs.push(whoami.stdout, whoami.stderr);
    expect(whoami.stdout).toContain('token from the stored login (kong-workshop sandbox login)');
    const flag = await kw(['whoami', '--pat', 'kpat_not_yours']);
    expect(flag.exitCode).toBe(3);
    outputs.push(flag.stdout, flag.stderr);

    // An expired access token is renewed with the refresh token (kongctl's LoadAccessToken) and stored again.
    writeFileSync(file, JSON.stringify({ ...stored, received_at: new Date(Date.now() - 7200_000).toISOString() }));
    const renewed = await kw(['whoami']);
    outputs.push(renewed.stdout, renewed.stderr);
    expect(renewed.exitCode).toBe(0);
    const restored = JSON.parse(readFileSync(file, 'utf8'));
    expect(restored.token.refresh_token).not.toBe(stored.token.refresh_token);
    expect(statSync(file).mode & 0o777).toBe(0o600);

    const logout = await kw(['logout']);
    outputs.push(logout.stdout);
    expect(logout.stdout).toMatch(/^Removed stored sandbox credentials for profile "default"/);
    expect((await kw(['logout'])).stdout).toContain('No stored sandbox credentials found for profile "default"');
    expect((await kw(['whoami'])).stdout).toContain("token from the sandbox's own token file");

    const secrets = [
      stored.token.access_token,
      stored.token.refresh_token,
      restored.token.access_token,
      restored.token.refresh_token,
    ];
    const log = readFileSync(logFilePath(statePaths().sandboxDir), 'utf8');
    for (const secret of secrets) {
      for (const text of [...outputs, log]) expect(text).not.toContain(secret);
    }
  });

  it('refuses an approval posted by another site, and reports a denial', async () => {
    const { child, url } = await startLogin();
    const forged = await approve(url, 'approve', { origin: 'https://evil.test' });
    expect(forged.status).toBe(403);
    // DNS rebinding: a page at evil.test resolved to 127.0.0.1 sends its own name as Host (fetch cannot set Host).
    const rebound = await new Promise<number | undefined>((resolve, reject) =>
      get(url, { headers: { host: 'evil.test:80' } }, (res) => {
        res.resume();
        resolve(res.statusCode);
      }).on('error', reject),
    );
    expect(rebound).toBe(403);
    const denied = await approve(url, 'deny');
    expect(denied.html).toContain('Login denied');
    const done = await child;
    expect(done.exitCode).toBe(3);
    expect(done.stderr).toContain('the login was denied in the browser');
    expect(done.stdout + done.stderr).not.toMatch(/"device_code"|access_token/);
  });
});

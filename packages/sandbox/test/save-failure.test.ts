import { chmodSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, statSync, utimesSync } from 'node:fs';
import { writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { startSandbox, type RunningSandbox } from '../src/index.js';

// Nothing is lost silently: every Admin API write is answered once it is on disk, a failed save is
// Kong's 500 and leaves the last saved state (on disk and in memory), saves stay cheap as the
// configuration grows, and temporary files of killed runs are swept at the next start.

const dirs: string[] = [];
const running: RunningSandbox[] = [];
const tempDir = () => {
  const dir = mkdtempSync(join(tmpdir(), 'kw-sandbox-save-'));
  dirs.push(dir);
  return dir;
};
async function start(stateDir: string, log?: (line: string) => void) {
  const sandbox = await startSandbox({ proxyPort: 0, adminPort: 0, advertise: false, auth: false, stateDir, log });
  running.push(sandbox);
  return sandbox;
}
afterEach(async () => {
  await Promise.all(running.splice(0).map((s) => s.stop()));
  for (const dir of dirs.splice(0)) {
    chmodSync(dir, 0o700);
    rmSync(dir, { recursive: true, force: true });
  }
});

const post = (url: string, body: unknown) =>
  fetch(url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });

/**
 * Makes the next save into `dir` fail. chmod is the honest way, but root writes through it, so as root
 * the journal's path becomes a folder instead (appending to it fails with EISDIR).
 */
function breakSaving(dir: string): void {
  if (process.getuid?.() === 0) {
    rmSync(join(dir, 'config.journal'), { force: true });
    mkdirSync(join(dir, 'config.journal'));
  } else {
    for (const name of ['config.json', 'config.journal'])
      if (existsSync(join(dir, name))) chmodSync(join(dir, name), 0o400);
    chmodSync(dir, 0o500);
  }
}

describe('saving the sandbox configuration', () => {
  it('answers a write it could not save with Kong’s 500 and keeps the last saved state', async () => {
    const dir = tempDir();
    const lines: string[] = [];
    const sandbox = await start(dir, (line) => lines.push(line));
    // A full save first (POST /config), so the last good state is all in config.json.
    const config = { _format_version: '3.0', consumers: [{ username: 'kept' }] };
    expect((await post(`${sandbox.adminUrl}/config`, config)).status).toBe(201);
    await sandbox.flush();
    breakSaving(dir);

    const lost = await post(`${sandbox.adminUrl}/consumers`, { username: 'lost' });
    expect(lost.status).toBe(500);
    expect(await lost.json()).toEqual({ message: 'An unexpected error occurred' });
    expect(lines.join('\n')).toMatch(/could not save the sandbox configuration/);
    // Memory went back to the saved state: the refused change is nowhere.
    expect((await fetch(`${sandbox.adminUrl}/consumers/lost`)).status).toBe(404);
    expect((await fetch(`${sandbox.adminUrl}/consumers/kept`)).status).toBe(200);

    await sandbox.stop();
    chmodSync(dir, 0o700);
    rmSync(join(dir, 'config.journal'), { recursive: true, force: true });
    const again = await start(dir);
    expect((await fetch(`${again.adminUrl}/consumers/kept`)).status).toBe(200);
    expect((await fetch(`${again.adminUrl}/consumers/lost`)).status).toBe(404);
  });

  it('appends changes to a journal instead of rewriting everything, and replays it at start', async () => {
    const dir = tempDir();
    const sandbox = await start(dir);
    expect((await post(`${sandbox.adminUrl}/config`, { _format_version: '3.0' })).status).toBe(201);
    await sandbox.flush();
    const full = statSync(join(dir, 'config.json'));
    for (let i = 0; i < 30; i++)
      expect((await post(`${sandbox.adminUrl}/consumers`, { username: `c${i}` })).status).toBe(201);
    expect((await fetch(`${sandbox.adminUrl}/consumers/c3`, { method: 'DELETE' })).status).toBe(204);
    // config.json was not rewritten for any of them; the journal has one line each.
    expect(statSync(join(dir, 'config.json')).mtimeMs).toBe(full.mtimeMs);
    expect(readFileSync(join(dir, 'config.journal'), 'utf8').trim().split('\n')).toHaveLength(31);
    await sandbox.stop();

    // A torn last line (a kill mid-append) is skipped.
    writeFileSync(join(dir, 'config.journal'), `${readFileSync(join(dir, 'config.journal'), 'utf8')}{"seq":99,"op`);
    const again = await start(dir);
    const body = (await (await fetch(`${again.adminUrl}/consumers?size=100`)).json()) as { data: unknown[] };
    expect(body.data).toHaveLength(29);
    expect((await fetch(`${again.adminUrl}/consumers/c3`)).status).toBe(404);
  });

  it('sweeps temporary files a killed run left, and only old ones', async () => {
    const dir = tempDir();
    const old = Date.now() / 1000 - 3600;
    for (const name of ['config.json.2837461', 'runtime.json.4242-lzx1k-3.tmp', 'config.json.123']) {
      writeFileSync(join(dir, name), '{');
      if (name !== 'config.json.123') utimesSync(join(dir, name), old, old);
    }
    const lines: string[] = [];
    await start(dir, (line) => lines.push(line));
    expect(existsSync(join(dir, 'config.json.2837461'))).toBe(false);
    expect(existsSync(join(dir, 'runtime.json.4242-lzx1k-3.tmp'))).toBe(false);
    // Fresh: perhaps another process's save in progress.
    expect(existsSync(join(dir, 'config.json.123'))).toBe(true);
    expect(lines.join('\n')).toMatch(/left by a sandbox stopped mid-save/);
  });

  it('keeps a configuration per target: switching owners never shows one target another’s entities', async () => {
    const dir = tempDir();
    const sandbox = await start(dir);
    const own = (owner: string) => post(`${sandbox.adminUrl}/_sandbox/owner`, { owner });
    expect((await own('sandbox')).status).toBe(200);
    expect((await post(`${sandbox.adminUrl}/consumers`, { username: 'alex' })).status).toBe(201);
    expect((await own('kind-lab')).status).toBe(200);
    expect((await fetch(`${sandbox.adminUrl}/consumers/alex`)).status).toBe(404);
    expect((await post(`${sandbox.adminUrl}/consumers`, { username: 'alex' })).status).toBe(201);
    expect((await post(`${sandbox.adminUrl}/consumers`, { username: 'lab-only' })).status).toBe(201);
    expect((await own('sandbox')).status).toBe(200);
    expect((await fetch(`${sandbox.adminUrl}/consumers/lab-only`)).status).toBe(404);
    expect((await fetch(`${sandbox.adminUrl}/consumers/alex`)).status).toBe(200);
    expect((await own('nobody')).status).toBe(400);
    expect((await own('kind-lab')).status).toBe(200);
    await sandbox.stop();
    // A restart serves the owner chosen last.
    const again = await start(dir);
    expect(await (await fetch(`${again.adminUrl}/_sandbox/owner`)).json()).toEqual({ owner: 'kind-lab' });
    expect((await fetch(`${again.adminUrl}/consumers/lab-only`)).status).toBe(200);
  });
});

import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cliPath, repoRoot } from '../helpers/cli.js';
import { shellQuote, TmuxTerminal } from '../helpers/tmux.js';

// The sandbox stops under the workshop (a crash, `sandbox stop` in another terminal): opening a
// lesson notices, says so, and R starts it again and opens the lesson on it.

const home = mkdtempSync(join(tmpdir(), 'kw-sandbox-restart-'));
const terminal = new TmuxTerminal();
const env = { KONG_WORKSHOP_HOME: home };
const sandbox = (...args: string[]) =>
  spawnSync('node', [cliPath, 'sandbox', ...args], { env: { ...process.env, ...env }, encoding: 'utf8' });

beforeAll(() => TmuxTerminal.require());
afterAll(() => {
  sandbox('stop');
  terminal.kill();
  rmSync(home, { recursive: true, force: true });
});

async function type(name: string, ...keys: string[]): Promise<void> {
  await sleep(100);
  terminal.press(name, ...keys);
}

describe('the sandbox stopped while the workshop runs', () => {
  it('opening a lesson offers to start it again, and R does', async () => {
    const name = terminal.start(
      `node ${shellQuote(cliPath)} start 00-setup --proxy-port 0 --admin-port 0 --kube-port 0`,
      { cwd: repoRoot, env, columns: 100, rows: 48 },
    );
    // A lesson opened afresh starts on its introduction; Enter goes on to step 1.
    await terminal.waitFor(name, /sandbox · introduction[\s\S]*Enter\s+start step 1/, 60_000);
    await type(name, 'Enter');
    const opened = await terminal.waitFor(name, /Start the sandbox[\s\S]*Enter\s+run/, 60_000);
    // Where the lesson first names the proxy, the port this sandbox chose is said.
    expect(opened).toMatch(/↳ here PROXY is http:\/\/127\.0\.0\.1:\d+, ADMIN is http:\/\/127\.0\.0\.1:\d+/);
    await type(name, 'Escape');
    await terminal.waitFor(name, /Lessons\s+5/);

    expect(sandbox('stop').stdout).toContain('sandbox stopped');
    await type(name, 'Enter');
    const offered = await terminal.waitFor(name, 'press R to start it again', 30_000);
    expect(offered).toContain('the sandbox is not running any more');
    expect(offered).toMatch(/Lessons\s+5/);

    await type(name, 'R');
    await terminal.waitFor(name, /sandbox · introduction[\s\S]*Enter\s+start step 1/, 60_000);
    await type(name, 'Enter');
    const back = await terminal.waitFor(name, /Start the sandbox[\s\S]*Enter\s+run/, 60_000);
    expect(back).not.toContain('press R');
    expect(sandbox('status').stdout).toContain('sandbox running');

    // Stopped again, under an open lesson: the failed check is followed by the same offer.
    sandbox('stop');
    await type(name, 'c');
    const failed = await terminal.waitFor(name, 'press R to start it again', 60_000);
    expect(failed).toContain('the sandbox is not running any more');
    await type(name, 'R');
    // The lesson screen stays; the offer goes once the sandbox is back.
    for (let waited = 0; !sandbox('status').stdout.includes('sandbox running'); waited += 250) {
      expect(waited, 'the sandbox should be running again').toBeLessThan(60_000);
      await sleep(250);
    }
    await terminal.waitFor(name, /Start the sandbox[\s\S]*Enter\s+run/, 60_000);
    expect(terminal.screen(name)).not.toContain('press R');
    await type(name, 'q');
    await terminal.waitFor(name, 'APP-EXIT:0', 30_000);
  }, 180_000);
});

import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cliPath, repoRoot } from '../helpers/cli.js';
import { shellQuote, TmuxTerminal } from '../helpers/tmux.js';

// Keys typed while the workshop starts (before ink mounts) are kept and replayed, in order, and
// mean what they mean in the app: Enter opens the lesson, and nothing is echoed over the screen.

const home = mkdtempSync(join(tmpdir(), 'kw-early-keys-'));
const terminal = new TmuxTerminal();
const env = { KONG_WORKSHOP_HOME: home };

beforeAll(() => TmuxTerminal.require());
afterAll(() => {
  spawnSync('node', [cliPath, 'sandbox', 'stop'], { env: { ...process.env, ...env } });
  terminal.kill();
  rmSync(home, { recursive: true, force: true });
});

describe('keys typed before the workshop is ready', () => {
  it('are replayed once it takes keys: j j Enter opens the third lesson', async () => {
    const name = terminal.start(`node ${shellQuote(cliPath)} start --proxy-port 0 --admin-port 0 --kube-port 0`, {
      cwd: repoRoot,
      env,
    });
    // Right away, and again while node loads the workshop: long before ink reads the terminal.
    terminal.press(name, 'j');
    await sleep(120);
    terminal.press(name, 'j');
    terminal.press(name, 'Enter');
    const screen = await terminal.waitFor(name, /Ask every caller for a key[\s\S]*sandbox · introduction/, 30_000);
    // Keys typed before node even started are echoed by the terminal (it is not in raw mode
    // yet), but the workshop's screen covers that: nothing of them is drawn over the lesson.
    expect(screen).not.toMatch(/jj|\^M/);
    expect(screen).not.toMatch(/^❯ ○ 0\./m);
    terminal.press(name, 'q');
    await terminal.waitFor(name, 'APP-EXIT:0', 30_000);
  }, 90_000);
});

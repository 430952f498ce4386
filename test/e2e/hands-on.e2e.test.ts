import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cliPath, repoRoot } from '../helpers/cli.js';
import { shellQuote, TmuxTerminal } from '../helpers/tmux.js';

// A learner working by hand, in a real terminal: the TUI opens their own shell with the lesson's
// environment, they type the step's command (a mistake first), exit, press c, and the checks
// judge what they did.

const home = mkdtempSync(join(tmpdir(), 'kw-hands-on-'));
const terminal = new TmuxTerminal();

beforeAll(() => TmuxTerminal.require());
afterAll(() => {
  spawnSync('node', [cliPath, 'sandbox', 'stop'], { env: { ...process.env, KONG_WORKSHOP_HOME: home } });
  terminal.kill();
  rmSync(home, { recursive: true, force: true });
});

/** Keys as a person types them: not in the very millisecond a screen appears. */
async function type(name: string, ...keys: string[]): Promise<void> {
  await sleep(100);
  terminal.press(name, ...keys);
}

describe('a learner working by hand', () => {
  it("opens their shell from the TUI, types the step's command with a mistake, then right, and the check " +
    'agrees', async () => {
    const name = terminal.start(
      `node ${shellQuote(cliPath)} start 02-key-auth --proxy-port 0 --admin-port 0 --kube-port 0`,
      { cwd: repoRoot, env: { KONG_WORKSHOP_HOME: home, SHELL: '/bin/bash', HOME: home }, columns: 110, rows: 32 },
    );
    await terminal.waitFor(name, /!\s+shell/, 30_000);

    await type(name, '!');
    await terminal.waitFor(name, '(kong-workshop key-auth, step 1)');
    await type(name, 'DECK_UPSTREAM="$UPSTREAM" kong-workshop sandbox sync "$FIXTURES/deck/key-auht.yaml"', 'Enter');
    await terminal.waitFor(name, 'ENOENT');
    await type(name, 'exit', 'Enter');
    await terminal.waitFor(name, 'back from your shell · press c to check what you did');
    await type(name, 'c');
    // The route is not there: the sandbox will not grow one, so the check says so at once.
    // Checking from the introduction checks step 1, and shows it.
    const failed = await terminal.waitFor(name, '✗ Step failed');
    expect(failed).toContain('✗ no key, no entry');
    expect(failed).toMatch(/stopped waiting: Kong has no route/);

    await type(name, '!');
    await terminal.waitFor(name, /\(kong-workshop key-auth, step 1\) \S+ #\s*$/m);
    await type(name, 'DECK_UPSTREAM="$UPSTREAM" kong-workshop sandbox sync "$FIXTURES/deck/key-auth.yaml"', 'Enter');
    await terminal.waitFor(name, 'Created: 3');
    await type(name, 'exit', 'Enter');
    await terminal.waitFor(name, 'back from your shell');
    await type(name, 'c');
    const passed = await terminal.waitFor(name, '✓ Step passed');
    expect(passed).toContain('step 1 of 2');
    await type(name, 'q');
    await terminal.waitFor(name, 'APP-EXIT:0');

    const progress = JSON.parse(readFileSync(join(home, 'state', 'progress', 'key-auth@sandbox.json'), 'utf8'));
    expect(progress.steps['turn-on-key-auth'].status).toBe('passed');
    // The sandbox's token was in the shell's environment, never on the screen.
    const token = readFileSync(join(home, 'state', 'sandbox', 'token'), 'utf8').trim();
    expect(terminal.screens.join('\n')).not.toContain(token);
  }, 120_000);
});

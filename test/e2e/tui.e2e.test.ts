import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cliPath, repoRoot } from '../helpers/cli.js';

// The real TUI in a real terminal: tmux runs the built CLI at 80×24, the test types keys and
// reads the screen. It opens the sandbox fixture lesson, runs it to the end, stops a long
// command with Ctrl-C, quits, and comes back to a resumed session.

const lesson = 'fixtures/lessons/tui/sandbox.md';
const socket = `kw-e2e-${process.pid}`;
const home = mkdtempSync(join(tmpdir(), 'kw-tui-e2e-'));
const screens: string[] = [];
let session = 0;

function tmux(...args: string[]): string {
  return execFileSync('tmux', ['-L', socket, ...args], { encoding: 'utf8' });
}

/** Starts the app in a new tmux session; the shell line after it reports the exit code. */
function startApp(extraEnv: Record<string, string> = {}): string {
  const name = `tui-${++session}`;
  const env = Object.entries({
    KONG_WORKSHOP_HOME: home,
    KONG_WORKSHOP_SANDBOX_PROXY_PORT: '0',
    KONG_WORKSHOP_SANDBOX_ADMIN_PORT: '0',
    TERM: 'xterm-256color',
    ...extraEnv,
  })
    .map(([key, value]) => `${key}=${shellQuote(value)}`)
    .join(' ');
  // ink prints nothing but the last frame when it thinks it runs in CI; the tests' own NO_COLOR
  // would leak into tmux's server, so colour is asked for explicitly.
  const command =
    `cd ${shellQuote(repoRoot)} && env -u CI -u CONTINUOUS_INTEGRATION -u NO_COLOR ${env} node ` +
    `${shellQuote(cliPath)} start ${lesson}; echo APP-EXIT:$?; sleep 600`;
  tmux('new-session', '-d', '-s', name, '-x', '80', '-y', '24', command);
  return name;
}

function screen(name: string, colours = false): string {
  const text = tmux('capture-pane', '-t', name, '-p', ...(colours ? ['-e'] : []));
  if (!colours) screens.push(text);
  return text;
}

/** Polls the screen until `text` is on it; fails with the screen when it does not come. */
async function waitFor(name: string, text: string | RegExp, timeoutMs = 15_000): Promise<string> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const shown = screen(name);
    if (typeof text === 'string' ? shown.includes(text) : text.test(shown)) return shown;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${String(text)} on the screen:\n${shown}`);
    await sleep(50);
  }
}

/** Keys as a person presses them: not in the very millisecond a screen appears. */
async function press(name: string, ...keys: string[]): Promise<void> {
  await sleep(50);
  tmux('send-keys', '-t', name, ...keys);
}

function shellQuote(text: string): string {
  return `'${text.replaceAll("'", `'\\''`)}'`;
}

beforeAll(() => {
  const found = spawnSync('tmux', ['-V'], { encoding: 'utf8' });
  if (found.error || found.status !== 0) {
    throw new Error(
      'tmux is not installed, and the TUI end-to-end test needs a real terminal: install it (apt-get install tmux); ' +
        '.ci/run does this in CI',
    );
  }
  if (!existsSync(join(repoRoot, 'bundle', 'cli.mjs')))
    throw new Error('no bundle: run `npm run build` first (`npm test` does)');
});

afterAll(() => {
  spawnSync('node', [cliPath, 'sandbox', 'stop'], {
    env: { ...process.env, KONG_WORKSHOP_HOME: home },
    encoding: 'utf8',
  });
  spawnSync('tmux', ['-L', socket, 'kill-server']);
  rmSync(home, { recursive: true, force: true });
});

// The steps' own waits (waitFor up to 60 s) are longer than the suite's 30 s test timeout, so on
// a busy machine the timeout, not a wait, failed the test; the waits are what should decide.
describe('the workshop TUI in a real terminal', { timeout: 180_000 }, () => {
  it('takes a newcomer through a lesson on the sandbox with the keys on screen, and resumes it', async () => {
    const first = startApp();
    await waitFor(first, '“A first route on the sandbox” does not ship with kong-workshop.');
    expect(screen(first)).toContain('y trust it and open');
    await press(first, 'y');

    // The lesson's introduction is a page of its own: Enter goes on to step 1.
    await waitFor(first, /sandbox · introduction[\s\S]*Kong sends requests to services[\s\S]*Enter {2}start step 1/);
    await press(first, 'Enter');
    await waitFor(first, '1/4 Route to the echo service');
    await waitFor(first, /Enter {2}run/);
    expect(screen(first, true)).toMatch(/\u001B\[[0-9;]*3[0-7]m/);
    await press(first, 'Enter');
    await waitFor(first, '✓ Step passed');
    expect(screen(first)).toContain('│ config loaded: HTTP 201');
    expect(screen(first)).toContain('✓ the route answers');
    await waitFor(first, /Enter {2}next step/);

    await press(first, 'Enter');
    await waitFor(first, '2/4 Require a key');
    await press(first, 'Enter');
    await waitFor(first, '✓ Step passed');
    expect(screen(first)).toContain("✓ alex's key opens the door");

    await press(first, 'Enter');
    await waitFor(first, '3/4 Limit alex');
    await press(first, 'Enter');
    await waitFor(first, '✓ Step passed');
    const limited = screen(first);
    expect(limited).toContain('Rate limits  █ allowed  ▒ rejected (429)  · other');
    expect(limited).toMatch(/alex █████▒ {2}5 allowed · 1 rejected · remaining 0\/5/);

    // A long command: Ctrl-C stops it (far sooner than its minute) and the workshop stays.
    await press(first, 'Enter');
    await waitFor(first, '4/4 Take a break');
    await press(first, 'Enter');
    await waitFor(first, '│ waiting a minute…');
    await press(first, 'C-c');
    await waitFor(first, '■ Stopped · Enter runs it again', 5_000);
    await waitFor(first, /Enter {2}run again/);
    expect(screen(first)).not.toContain('APP-EXIT');

    await press(first, 'q');
    await waitFor(first, 'APP-EXIT:0');
    expect(screen(first)).toContain('Progress saved for “A first route on the sandbox”');

    // Back again: the same step, and the offer to re-check what passed.
    const second = startApp({ NO_COLOR: '1' });
    await waitFor(second, 'Welcome back. You were on step 4 of 4, “Take a break”.');
    expect(screen(second)).toContain('3 steps passed last time.');
    expect(screen(second, true)).not.toMatch(/\u001B\[[0-9;]*3[0-7]m/);
    await press(second, 'Enter');
    await waitFor(second, '3 completed steps re-checked: all still pass.');
    expect(screen(second)).toContain('4/4 Take a break');
    await press(second, 's');
    await waitFor(second, '» Skipped');
    // Skipped is not passed: the lesson ends counted as it is, with its clean-up offered.
    await waitFor(second, /Enter {2}lessons/);
    await press(second, 'Enter');
    await waitFor(second, '“A first route on the sandbox”: 3 of 4 steps passed, 1 skipped.');
    expect(screen(second)).toContain('kong-workshop clean');
    expect(screen(second)).toMatch(/❯ ◐ 6\. A first route on the sandbox\s+3\/4 ━{6}─{2} 1 skipped/);
    await press(second, 'q');
    await waitFor(second, 'APP-EXIT:0');
  }, 90_000);

  it('showed colour on the colour terminal, and never the Admin API token', () => {
    const token = readFileSync(join(home, 'state', 'sandbox', 'token'), 'utf8').trim();
    expect(token).toMatch(/^kpat_/);
    expect(screens.length).toBeGreaterThan(20);
    for (const shown of screens) expect(shown).not.toContain(token);
    const progress = readdirSync(join(home, 'state', 'progress')).map((file) =>
      readFileSync(join(home, 'state', 'progress', file), 'utf8'),
    );
    expect(progress).toHaveLength(1);
    expect(progress[0]).not.toContain(token);
  });
});

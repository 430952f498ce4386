import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { expectAsciicastV2 } from '../demo/cast-format.js';
import { cliPath, repoRoot } from '../helpers/cli.js';
import { shellQuote, TmuxTerminal } from '../helpers/tmux.js';

// Demo mode in a real terminal: tmux runs the built CLI at 80×24. A fixture lesson is presented
// on a background sandbox (ephemeral ports): each command is typed, run and checked, and the
// talk is recorded; the recording is then replayed with its REPLAY marker.

const lesson = 'fixtures/lessons/demo/sandbox.md';
const CANARY = 'canary-demo-key-5f3e2a91';
const home = mkdtempSync(join(tmpdir(), 'kw-demo-e2e-'));
const cast = join(home, 'talk.cast');
const terminal = new TmuxTerminal();
const env = { KONG_WORKSHOP_HOME: home, KONG_WORKSHOP_SANDBOX_PROXY_PORT: '0', KONG_WORKSHOP_SANDBOX_ADMIN_PORT: '0' };
const demo = (args: string) => `node ${shellQuote(cliPath)} demo ${args}`;
const options = { cwd: repoRoot, env };
const stopSandbox = () =>
  spawnSync('node', [cliPath, 'sandbox', 'stop'], {
    env: { ...process.env, KONG_WORKSHOP_HOME: home },
    encoding: 'utf8',
  });

beforeAll(() => {
  TmuxTerminal.require();
  if (!existsSync(join(repoRoot, 'bundle', 'cli.mjs')))
    throw new Error('no bundle: run `npm run build` first (`npm test` does)');
});

afterAll(() => {
  stopSandbox();
  terminal.kill();
  rmSync(home, { recursive: true, force: true });
});

describe('demo mode in a real terminal', () => {
  it('types each command, runs it, shows its checks as badges, and records the talk', async () => {
    const t = terminal.start(
      demo(`${lesson} --trust --speed 60 --secret API_KEY=${CANARY} --record ${shellQuote(cast)}`),
      options,
    );
    await terminal.waitFor(t, 'lesson 1 · sandbox');
    expect(terminal.screen(t)).toContain('● REC');
    expect(terminal.screen(t)).toMatch(/ Enter {2}next/);
    terminal.press(t, 'Enter');
    await terminal.waitFor(t, /Enter {2}type & run/);
    expect(terminal.screen(t)).toContain('step 1/2');
    expect(terminal.screen(t)).toContain('▌ The 201 from /config means the whole file was accepted at once.');

    terminal.press(t, 'Enter');
    // Mid-typing: part of the command is on screen, and nothing has run yet.
    const typing = await terminal.waitFor(t, /\$ curl -sS -f -X POST/);
    expect(typing).toMatch(/Enter {2}finish typing/);
    expect(typing).not.toContain('config loaded');
    await terminal.waitFor(t, '┃ ✓ PASSED   ┃ the route answers');
    expect(terminal.screen(t)).toContain('│ config loaded: HTTP 201');

    terminal.press(t, 'Enter');
    await terminal.waitFor(t, 'step 2/2');
    terminal.press(t, 'Enter');
    await terminal.waitFor(t, '┃ ✓ PASSED   ┃ the key travels to the upstream');
    expect(terminal.screen(t)).toContain('│ calling with key ********');

    terminal.press(t, 'q');
    await terminal.waitFor(t, 'Quit the demo?');
    terminal.press(t, 'y');
    await terminal.waitFor(t, 'APP-EXIT:0');
    expect(terminal.screen(t)).toMatch(/Recorded \d+(\.\d+)?s to .*talk\.cast/);
    for (const shown of terminal.screens) expect(shown).not.toContain(CANARY);
  });

  it('wrote a valid asciicast v2 recording with markers and no secret', () => {
    const text = readFileSync(cast, 'utf8');
    const { header, events } = expectAsciicastV2(text);
    expect(header).toMatchObject({
      width: 80,
      height: 24,
      title: 'kong-workshop demo: A route and a key on the sandbox',
    });
    expect(text).not.toContain(CANARY);
    const token = readFileSync(join(home, 'state', 'sandbox', 'token'), 'utf8').trim();
    expect(text).not.toContain(token);
    expect(events.filter((event) => event[1] === 'm').map((event) => event[2])).toEqual([
      'A route and a key on the sandbox',
      'demo-sandbox · 1. Route to the echo service',
      "demo-sandbox · 2. Call with alex's key",
    ]);
    const output = events
      .filter((event) => event[1] === 'o')
      .map((event) => event[2])
      .join('');
    expect(output).toContain('PASSED');
    // As a terminal receives it (and asciinema plays it, raw): every line feed with its carriage return.
    expect(output).not.toMatch(/[^\r]\n/);
    expect(output).toContain('calling with key ********');
  });

  it('replays the recording with a REPLAY marker, a banner before and after', async () => {
    const r = terminal.start(demo(`--replay ${shellQuote(cast)}`), options);
    await terminal.waitFor(r, 'This is a recording, not a live run.');
    expect(terminal.screen(r)).toContain('▶ REPLAY');
    terminal.press(r, 'Enter');
    await terminal.waitFor(r, /▶ REPLAY {2}0:\d\d\/0:\d\d/);
    terminal.press(r, 'Right');
    terminal.press(r, 'Right');
    const replayed = await terminal.waitFor(r, 'step 2/2');
    expect(replayed.trimEnd().split('\n').at(-1)).toMatch(/REPLAY/);
    terminal.press(r, 'q');
    await terminal.waitFor(r, 'APP-EXIT:0');
    expect(terminal.screen(r)).toContain('■ End of the replay of talk.cast');
  });

  it('--from brings a fresh sandbox to the state the step needs, then presents from there', async () => {
    stopSandbox();
    const f = terminal.start(
      demo(`${lesson} --trust --reduced-motion --secret API_KEY=${CANARY} --from demo-sandbox:2`),
      options,
    );
    await terminal.waitFor(f, 'Ready: 1 earlier step ran quietly.');
    expect(terminal.screen(f)).toContain('step 2/2');
    terminal.press(f, 'Enter');
    await terminal.waitFor(f, '┃ ✓ PASSED   ┃ the key travels to the upstream');
    terminal.press(f, 'q');
    await terminal.waitFor(f, 'Quit the demo?');
    terminal.press(f, 'y');
    await terminal.waitFor(f, 'APP-EXIT:0');
  });
});

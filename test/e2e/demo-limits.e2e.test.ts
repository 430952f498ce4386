import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { homedir, tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { expectAsciicastV2 } from '../demo/cast-format.js';
import { cliPath, repoRoot } from '../helpers/cli.js';
import { shellQuote, TmuxTerminal } from '../helpers/tmux.js';

// The climax of the talk, recorded: lesson 04 presented on the embedded sandbox at 80×24 from its
// first step, then the recording read back. The room saw the commands as it would type them, the
// rate-limit chart across the whole width, and the recording holds no path of this machine.

const home = mkdtempSync(join(tmpdir(), 'kw-demo-limits-'));
const cast = join(home, 'limits.cast');
const terminal = new TmuxTerminal();
const env = {
  HOME: home,
  KONG_WORKSHOP_HOME: home,
  KONG_WORKSHOP_SANDBOX_PROXY_PORT: '0',
  KONG_WORKSHOP_SANDBOX_ADMIN_PORT: '0',
};
// biome-ignore lint/suspicious/noControlCharactersInRegex: a recording is made of escape sequences
const SGR = /\u001B\[[0-9;]*m/g;

beforeAll(() => {
  TmuxTerminal.require();
  if (!existsSync(join(repoRoot, 'bundle', 'cli.mjs')))
    throw new Error('no bundle: run `npm run build` first (`npm test` does)');
});

afterAll(() => {
  spawnSync('node', [cliPath, 'sandbox', 'stop'], { env: { ...process.env, ...env }, encoding: 'utf8' });
  terminal.kill();
  rmSync(home, { recursive: true, force: true });
});

// --from runs four lessons quietly first (up to 90 s on a busy machine), longer than the 30 s default.
describe('a recorded demo of lesson 04', { timeout: 240_000 }, () => {
  it('types the paths the room would type and draws the rate-limit chart across the whole width', async () => {
    const t = terminal.start(
      `node ${shellQuote(cliPath)} demo lessons/ --from 04-per-consumer-limits:1 --reduced-motion ` +
        `--record ${shellQuote(cast)}`,
      { cwd: repoRoot, env },
    );
    await terminal.waitFor(t, /Ready: \d+ earlier steps ran quietly\./, 90_000);
    terminal.press(t, 'Enter');
    const synced = await terminal.waitFor(t, /Enter {2}next/, 60_000);
    // At 80 columns the command breaks onto an indented second line.
    expect(synced.replace(/\n +/g, '')).toContain('sandbox sync $FIXTURES/deck/rate-limits.yaml');
    terminal.press(t, 'Enter');
    await terminal.waitFor(t, 'step 2/3');
    terminal.press(t, 'Enter');
    const chart = await terminal.waitFor(t, /Enter {2}next/, 90_000);
    expect(chart).not.toMatch(/FAILED|ERROR/);
    expect(chart).toContain('Rate limits per consumer');
    const rows = chart.split('\n').filter((line) => /^apikey (alex|sam)-demo-key/.test(line));
    expect(rows).toHaveLength(2);
    // alex's requests stretch across the row; each consumer's facts end in the last column.
    expect(rows[0]).toMatch(/^apikey alex-demo-key {2}(█{8} ){5}▒{8}$/);
    expect(chart).toMatch(/\n {20,}5 allowed · 1 rejected · remaining 0\/5 · reset in \d+s\n/);
    expect(chart).toMatch(/\n {20,}1 allowed · 0 rejected · remaining 7\/8 · reset in \d+s\n/);
    for (const facts of chart.split('\n').filter((line) => line.includes(' allowed · ')))
      expect([...facts].length).toBe(80);
    terminal.press(t, 'q');
    await terminal.waitFor(t, 'Quit the demo?');
    terminal.press(t, 'y');
    await terminal.waitFor(t, 'APP-EXIT:0');
  });

  it('recorded the chart full-width, and no absolute path of the machine', () => {
    const text = readFileSync(cast, 'utf8');
    const { events } = expectAsciicastV2(text);
    const output = events
      .filter((event) => event[1] === 'o')
      .map((event) => String(event[2]))
      .join('')
      .replace(SGR, '');
    expect(output.replace(/\r\n +/g, '')).toContain('sandbox sync $FIXTURES/deck/rate-limits.yaml');
    const lines = output.split('\r\n');
    expect(lines.filter((line) => /^apikey alex-demo-key {2}(█{8} ){5}▒{8}$/.test(line)).length).toBeGreaterThan(0);
    const facts = lines.filter((line) => / 5 allowed · 1 rejected · remaining 0\/5/.test(line));
    expect(facts.length).toBeGreaterThan(0);
    for (const line of facts) expect([...line].length).toBe(80);
    for (const path of [repoRoot, home, homedir(), cast, `${tmpdir()}/`]) expect(text, path).not.toContain(path);
  });
});

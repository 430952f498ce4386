import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cliPath, repoRoot } from '../helpers/cli.js';
import { shellQuote, TmuxTerminal } from '../helpers/tmux.js';

// 80×24 as a first-class size, in a real terminal: a short lesson opens on its introduction,
// its step shows its own text with Esc and q in the help bar, and once it is finished the home
// screen's cursor is on the next lesson. Opened again in the same session, the lesson offers the
// re-check instead of showing the last visit's results as if they were new.

const home = mkdtempSync(join(tmpdir(), 'kw-layout-'));
const terminal = new TmuxTerminal();
const env = { KONG_WORKSHOP_HOME: home };
const first = 'fixtures/lessons/tui/short-one.md';
const second = 'fixtures/lessons/tui/short-two.md';

beforeAll(() => TmuxTerminal.require());
afterAll(() => {
  spawnSync('node', [cliPath, 'sandbox', 'stop'], { env: { ...process.env, ...env } });
  terminal.kill();
  rmSync(home, { recursive: true, force: true });
});

/** Keys as a person types them: not in the very millisecond a screen appears. */
async function type(name: string, ...keys: string[]): Promise<void> {
  await sleep(100);
  terminal.press(name, ...keys);
}

const lastLine = (screen: string) => screen.trimEnd().split('\n').at(-1) ?? '';

describe('the lesson view at 80×24', { timeout: 120_000 }, () => {
  it('finishes a short lesson and comes home with the cursor on the next one', async () => {
    const name = terminal.start(
      `node ${shellQuote(cliPath)} start ${first} ${second} --trust --proxy-port 0 --admin-port 0 --kube-port 0`,
      { cwd: repoRoot, env, columns: 80, rows: 24 },
    );
    const intro = await terminal.waitFor(name, /sandbox · introduction[\s\S]*Enter {2}start step 1/, 60_000);
    expect(intro).toContain('This page is the introduction, before step 1.');
    expect(intro).not.toContain("The step's own text");

    await type(name, 'Enter');
    const step = await terminal.waitFor(name, /1\/1 Say hello[\s\S]*Enter {2}run/);
    expect(step).toContain("The step's own text: it prints a greeting.");
    expect(step).not.toContain('This page is the introduction');
    expect(lastLine(step)).toMatch(/ Esc {2}lessons .* q {2}quit {3}\? {2}keys$/);
    for (const line of step.split('\n')) expect([...line].length).toBeLessThanOrEqual(80);

    await type(name, 'Enter');
    const passed = await terminal.waitFor(name, '✓ Step passed');
    expect(passed).toContain('│ hello from the short lesson');
    // The step's text stays on screen above its output.
    expect(passed).toContain("The step's own text: it prints a greeting.");
    await terminal.waitFor(name, /Enter {2}finish/);

    await type(name, 'Enter');
    const back = await terminal.waitFor(name, '“A short first lesson” complete');
    expect(back).toMatch(/^❯ ○ 7\. A short second lesson/m);
    expect(back).toMatch(/^ {2}✓ 6\. A short first lesson/m);
    const visited = JSON.parse(readFileSync(join(home, 'state', 'progress', 'tui-short-one@sandbox.json'), 'utf8'));

    // Back into the finished lesson: last visit's output is put away, and the re-check offered.
    await type(name, 'Up');
    await terminal.waitFor(name, /^❯ ✓ 6\. A short first lesson/m);
    await type(name, 'Enter');
    const again = await terminal.waitFor(name, 'You finished this lesson before · C re-checks every step');
    expect(again).not.toContain('✓ Step passed');
    expect(again).not.toContain('│ hello from the short lesson');
    await type(name, 'C');
    await terminal.waitFor(name, '1 completed step re-checked: all still pass.');

    await type(name, 'Escape');
    await terminal.waitFor(name, /^❯ ○ 7\. A short second lesson/m);
    await type(name, 'q');
    await terminal.waitFor(name, 'APP-EXIT:0', 30_000);
    // Quitting from the home screen leaves "last visited" of the second lesson (never opened) unwritten.
    const progress = spawnSync('ls', [join(home, 'state', 'progress')], { encoding: 'utf8' }).stdout;
    expect(progress).not.toContain('tui-short-two');
    expect(visited.lastVisited).toMatch(/^\d{4}-/);
  });
});

import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { cliPath, repoRoot } from '../helpers/cli.js';
import { tempDir } from '../helpers/temp-dirs.js';
import { shellQuote, TmuxTerminal } from '../helpers/tmux.js';

// Nothing lost, in a real terminal at 80×24: a step's script prints more than its pane holds,
// the screen folds the script and marks it, `o` opens the pager, `G` shows the output's last
// line, and the script's every line; `e` hands it to $PAGER and comes back; `q` brings the lesson back.

const term = new TmuxTerminal();
const home = tempDir('kw-pager-tui-');

beforeAll(() => TmuxTerminal.require());
afterAll(() => {
  term.kill();
  spawnSync('node', [cliPath, 'sandbox', 'stop'], { env: { ...process.env, KONG_WORKSHOP_HOME: home } });
});

function longOutputLesson(): string {
  const file = join(tempDir('kw-pager-lesson-'), 'long-output.md');
  writeFileSync(
    file,
    '---\nid: long-output\ntitle: Long output\ntargets: [sandbox]\n---\n\n' +
      '## Count to eighty\n\nThe script prints more than a screen holds.\n\n' +
      '```sh run\nfor i in $(seq 80); do\n  echo "counted $i"\ndone\necho "the very last line"\n```\n',
  );
  return file;
}

describe('the pager in a terminal', { timeout: 90_000 }, () => {
  it('opens cut output in full at 80×24 and shows its last line', async () => {
    const file = longOutputLesson();
    const handed = join(tempDir('kw-pager-out-'), 'paged.txt');
    const name = term.start(`node ${shellQuote(cliPath)} start ${shellQuote(file)} --target sandbox`, {
      cwd: repoRoot,
      env: {
        KONG_WORKSHOP_HOME: home,
        KONG_WORKSHOP_SANDBOX_PROXY_PORT: '0',
        KONG_WORKSHOP_SANDBOX_ADMIN_PORT: '0',
        KONG_WORKSHOP_SANDBOX_KUBE_PORT: '0',
        PAGER: `cat > ${shellQuote(handed)}`,
      },
      columns: 80,
      rows: 24,
    });
    // The trust prompt shows the script whole: every one of its lines.
    const asked = await term.waitFor(name, '“Long output” does not ship with kong-workshop.');
    expect(asked).toContain('$ for i in $(seq 80); do');
    expect(asked).toContain('echo "the very last line"');
    term.press(name, 'y');
    await term.waitFor(name, /Enter {2}run/, 30_000);
    term.press(name, 'Enter');
    const ran = await term.waitFor(name, '✓ Step passed', 30_000);
    // The script's later lines are folded (marked above, where the output follows its end); o is offered.
    expect(ran).toMatch(/ o {2}full output/);
    term.press(name, 'PageUp', 'PageUp', 'PageUp', 'PageUp', 'PageUp', 'PageUp', 'PageUp', 'PageUp', 'PageUp');
    await term.waitFor(name, '    … 3 more lines');

    term.press(name, 'o');
    const opened = await term.waitFor(name, '▤ Step 1 · Count to eighty · output in full');
    expect(opened).toContain('echo "counted $i"');
    expect(opened).toMatch(/e {2}open in cat/);
    term.press(name, 'G');
    const end = await term.waitFor(name, '│ the very last line');
    expect(end).toMatch(/of \d+ lines · end/);
    for (const line of end.split('\n')) expect([...line].length).toBeLessThanOrEqual(80);

    // e hands it to $PAGER (here a cat into a file) and comes back to the pager.
    term.press(name, 'e');
    await vi.waitFor(() => expect(existsSync(handed)).toBe(true), { timeout: 10_000 });
    await term.waitFor(name, '▤ Step 1 · Count to eighty · output in full');
    const paged = readFileSync(handed, 'utf8');
    expect(paged).toContain('  echo "counted $i"');
    expect(paged).toContain('│ the very last line');

    term.press(name, 'q');
    await term.waitFor(name, '── Output');
    term.press(name, 'q');
    await term.waitFor(name, 'APP-EXIT:0');
  });
});

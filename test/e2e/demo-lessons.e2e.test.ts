import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseLessonFile, projectLesson, type Lesson } from '../../src/lesson/index.js';
import { cliPath, repoRoot } from '../helpers/cli.js';
import { shellQuote, TmuxTerminal } from '../helpers/tmux.js';

// The acceptance of demo mode, on the bundled lessons and a fresh sandbox each (ephemeral ports):
// lesson 02 presented with nothing but the keys on screen, and `--from 04-per-consumer-limits:2`.

const terminal = new TmuxTerminal();
const homes: string[] = [];

function freshHome(): Record<string, string> {
  const home = mkdtempSync(join(tmpdir(), 'kw-demo-lessons-'));
  homes.push(home);
  return { KONG_WORKSHOP_HOME: home, KONG_WORKSHOP_SANDBOX_PROXY_PORT: '0', KONG_WORKSHOP_SANDBOX_ADMIN_PORT: '0' };
}

async function sandboxLesson(name: string): Promise<Lesson> {
  const parsed = await parseLessonFile(join(repoRoot, 'lessons', `${name}.md`));
  if (!parsed.lesson) throw new Error(`lessons/${name}.md does not parse`);
  return projectLesson(parsed.lesson, 'sandbox');
}

const checksOf = (lesson: Lesson, step: number) =>
  lesson.steps[step]!.blocks.filter((block) => block.type === 'check').map((block) =>
    block.type === 'check' ? block.name : '',
  );
const passedBadges = (screen: string) => screen.match(/✓ PASSED/g)?.length ?? 0;

beforeAll(() => {
  TmuxTerminal.require();
  if (!existsSync(join(repoRoot, 'bundle', 'cli.mjs')))
    throw new Error('no bundle: run `npm run build` first (`npm test` does)');
});

afterAll(() => {
  for (const home of homes) {
    spawnSync('node', [cliPath, 'sandbox', 'stop'], {
      env: { ...process.env, KONG_WORKSHOP_HOME: home },
      encoding: 'utf8',
    });
    rmSync(home, { recursive: true, force: true });
  }
  terminal.kill();
});

// The steps' own waits (up to 90 s for --from's quiet run of four lessons) are longer than the
// suite's 30 s test timeout, so on a busy machine the timeout, not a wait, failed the test.
describe('demo mode on the bundled lessons', { timeout: 240_000 }, () => {
  it('presents lesson 02 with the keys on screen: every command typed, run and checked live', async () => {
    const lesson = await sandboxLesson('02-key-auth');
    const t = terminal.start(`node ${shellQuote(cliPath)} demo 02-key-auth --speed 200`, {
      cwd: repoRoot,
      env: freshHome(),
    });
    await terminal.waitFor(t, /Enter {2}next/);
    terminal.press(t, 'Enter');
    for (let step = 0; step < lesson.steps.length; step++) {
      await terminal.waitFor(t, `step ${step + 1}/${lesson.steps.length} · sandbox`);
      await terminal.waitFor(t, /Enter {2}(type & run|run the checks)/);
      terminal.press(t, 'Enter');
      if (lesson.steps[step]!.blocks.some((block) => block.type === 'run')) await terminal.waitFor(t, /\$ \S/);
      const done = await terminal.waitFor(t, /Enter {2}next|q {2}end the demo/, 60_000);
      expect(done, `step ${step + 1}`).not.toMatch(/FAILED|ERROR/);
      expect(passedBadges(done), `step ${step + 1}: ${checksOf(lesson, step).join(', ')}`).toBe(
        checksOf(lesson, step).length,
      );
      if (step < lesson.steps.length - 1) terminal.press(t, 'Enter');
    }
    expect(terminal.screen(t)).toContain('Next ▸ the end of the talk');
    terminal.press(t, 'q');
    await terminal.waitFor(t, 'Quit the demo?');
    terminal.press(t, 'y');
    await terminal.waitFor(t, 'APP-EXIT:0');
  });

  it('--from 04-per-consumer-limits:2 brings a fresh sandbox to that step, which then passes', async () => {
    const lesson = await sandboxLesson('04-per-consumer-limits');
    const t = terminal.start(`node ${shellQuote(cliPath)} demo lessons/ --from 04-per-consumer-limits:2`, {
      cwd: repoRoot,
      env: freshHome(),
    });
    await terminal.waitFor(t, `Getting ready for “${lesson.steps[1]!.title}”`);
    const ready = await terminal.waitFor(t, /Ready: \d+ earlier steps ran quietly\./, 90_000);
    expect(ready).toMatch(new RegExp(`step 2/${lesson.steps.length} · sandbox`));
    expect(ready).toContain(`Next ▸ 3. ${lesson.steps[2]!.title}`);
    terminal.press(t, 'Enter');
    const checks = checksOf(lesson, 1);
    const done = await terminal.waitFor(t, /Enter {2}next/, 90_000);
    expect(done).not.toMatch(/FAILED|ERROR/);
    expect(passedBadges(done)).toBe(checks.length);
    for (const name of checks) expect(done).toContain(name);
    terminal.press(t, 'q');
    await terminal.waitFor(t, 'Quit the demo?');
    terminal.press(t, 'y');
    await terminal.waitFor(t, 'APP-EXIT:0');
  });
});

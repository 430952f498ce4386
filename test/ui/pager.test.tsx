import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { render } from 'ink-testing-library';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { MASK, Redactor } from '../../src/secrets/index.js';
import { App } from '../../src/ui/App.js';
import { openInPager, pagerCommand } from '../../src/workshop/external-pager.js';
import { pagerActions, pagerScreen, scrollPager } from '../../src/ui/pager-screen.js';
import { lineText, lineWidth, span } from '../../src/ui/styled-text.js';
import { FakeWorkshop, fixtureLesson, lessonState, openLesson } from './fixtures.js';
import { KEY, settle } from './keys-input.js';
import { CANARY, LAST_OUTPUT_LINE, stepWithCuts } from './pager-fixtures.js';

describe('the pager, its keys and its layout', () => {
  it('reads ↑↓ j k, PgUp PgDn u d space b, g G Home End, q Esc, e', () => {
    expect(pagerActions('', { upArrow: true })).toEqual(['up']);
    expect(pagerActions('j', {})).toEqual(['down']);
    expect(pagerActions('', { pageDown: true })).toEqual(['page-down']);
    expect(pagerActions(' ', {})).toEqual(['page-down']);
    expect(pagerActions('b', {})).toEqual(['page-up']);
    expect(pagerActions('g', {})).toEqual(['top']);
    expect(pagerActions('', { home: true })).toEqual(['top']);
    expect(pagerActions('G', {})).toEqual(['bottom']);
    expect(pagerActions('', { end: true })).toEqual(['bottom']);
    expect(pagerActions('q', {})).toEqual(['close']);
    expect(pagerActions('', { escape: true })).toEqual(['close']);
    expect(pagerActions('e', {})).toEqual(['external']);
    expect(pagerActions('jjG', {})).toEqual(['down', 'down', 'bottom']);
    expect(pagerActions('c', { ctrl: true })).toEqual([]);
    expect(pagerActions('x', {})).toEqual([]);
  });

  it('scrolls between the top and the last full page', () => {
    expect(scrollPager(0, 'up', 100, 20)).toBe(0);
    expect(scrollPager(0, 'down', 100, 20)).toBe(1);
    expect(scrollPager(0, 'page-down', 100, 20)).toBe(19);
    expect(scrollPager(75, 'page-down', 100, 20)).toBe(80);
    expect(scrollPager(50, 'top', 100, 20)).toBe(0);
    expect(scrollPager(0, 'bottom', 100, 20)).toBe(80);
    expect(scrollPager(0, 'bottom', 5, 20)).toBe(0);
  });

  it('fills the terminal exactly: a title saying what and where, the text, the keys with $PAGER', () => {
    const body = Array.from({ length: 50 }, (_, i) => [span(`row ${i + 1}`)]);
    const lines = pagerScreen({
      title: 'Step 2 · output in full',
      body,
      width: 80,
      height: 23,
      top: 0,
      external: 'less',
    });
    expect(lines).toHaveLength(23);
    for (const line of lines) expect(lineWidth(line)).toBeLessThanOrEqual(80);
    expect(lineText(lines[0]!)).toMatch(/^▤ Step 2 · output in full +1–21 of 50 lines · ↓ more$/);
    expect(lineText(lines[1]!)).toBe('row 1');
    expect(lineText(lines.at(-1)!)).toContain('q/Esc  close');
    expect(lineText(lines.at(-1)!)).toContain('e  open in less');
    const end = pagerScreen({ title: 't', body, width: 80, height: 23, top: 99, external: 'less' });
    expect(lineText(end[21]!)).toBe('row 50');
    expect(lineText(end[0]!)).toContain('30–50 of 50 lines · end');
  });

  it('takes $PAGER as the learner set it, else less', () => {
    expect(pagerCommand({ PAGER: 'bat --paging=always' })).toBe('bat --paging=always');
    expect(pagerCommand({})).toBe('less');
    expect(pagerCommand({ PAGER: '  ' })).toBe('less');
  });

  it('hands the text to $PAGER on its standard input, and says when it cannot start', async () => {
    const out = join(mkdtempSync(join(tmpdir(), 'kw-pager-')), 'got.txt');
    expect(await openInPager('one\ntwo\n', { command: `cat > '${out}'` })).toBeUndefined();
    expect(readFileSync(out, 'utf8')).toBe('one\ntwo\n');
    expect(await openInPager('x', { command: 'no-such-pager-kw' })).toMatch(/could not start no-such-pager-kw/);
  });
});

/** The workshop, masking with a real Redactor that knows the canary, as the engine's run does. */
class MaskingWorkshop extends FakeWorkshop {
  readonly redactor = new Redactor();
  redact = (text: string) => this.redactor.redact(text);
}

describe('o opens what the screen cut, in the pager', () => {
  let unmount: (() => void) | undefined;
  afterEach(() => unmount?.());

  async function start(leak = false) {
    const lesson = fixtureLesson();
    const workshop = new MaskingWorkshop(lessonState(openLesson(lesson, stepWithCuts(lesson, leak))));
    workshop.redactor.add(CANARY);
    const paged: string[] = [];
    const app = render(<App workshop={workshop} version="1.2.3" onPager={(text) => paged.push(text)} />);
    unmount = app.unmount;
    await settle();
    const press = async (key: string) => {
      await settle();
      app.stdin.write(key);
      await settle();
    };
    return { ...app, workshop, press, paged };
  }

  it('opens with o, shows the last line with G, scrolls back with g, and closes with q or Esc', async () => {
    const { press, lastFrame } = await start();
    await vi.waitFor(() => expect(lastFrame()).toContain(' o  full output'));
    await press('o');
    await vi.waitFor(() => expect(lastFrame()).toContain('▤ Step 1 · Add a consumer · output in full'));
    expect(lastFrame()).toContain('echo "line $i"');
    expect(lastFrame()).not.toContain(LAST_OUTPUT_LINE);
    await press('G');
    await vi.waitFor(() => expect(lastFrame()).toContain('· end'));
    expect(lastFrame()).toContain('more characters (not kept)');
    await press('g');
    await vi.waitFor(() => expect(lastFrame()).toContain('echo "line $i"'));
    for (let i = 0; i < 3; i++) await press(KEY.pageDown);
    await vi.waitFor(() => expect(lastFrame()).toContain(LAST_OUTPUT_LINE));
    await press('q');
    await vi.waitFor(() => expect(lastFrame()).not.toContain('▤ Step 1'));
    expect(lastFrame()).toContain('── Output');
    await press('o');
    await vi.waitFor(() => expect(lastFrame()).toContain('▤ Step 1'));
    await press(KEY.escape);
    await vi.waitFor(() => expect(lastFrame()).toContain('── Output'));
  });

  it('keeps the lesson keys away while it is open: q closes the pager, it does not quit', async () => {
    const { press, lastFrame, workshop } = await start();
    await press('o');
    await vi.waitFor(() => expect(lastFrame()).toContain('▤ Step 1'));
    for (const key of ['r', 'n', 's', 'q']) await press(key);
    expect(workshop.calls.filter((call) => call !== 'refresh')).toEqual([]);
  });

  it('never shows a secret, in the pager or in what it hands to $PAGER (canary)', async () => {
    const { press, lastFrame, frames, paged } = await start(true);
    await press('o');
    await vi.waitFor(() => expect(lastFrame()).toContain('▤ Step 1'));
    for (let i = 0; i < 6; i++) await press(KEY.pageDown);
    await press('e');
    await vi.waitFor(() => expect(paged).toHaveLength(1));
    // Only the pager's frames: this stand-in's lesson screen shows the events as given (the engine masks them).
    const pager = frames.filter((frame) => frame.includes('▤ Step 1'));
    expect(pager.join('\n')).not.toContain(CANARY);
    expect(pager.join('\n')).toContain(MASK);
    expect(paged[0]).not.toContain(CANARY);
    expect(paged[0]).toContain(MASK);
    expect(paged[0]).toContain(LAST_OUTPUT_LINE);
    expect(paged[0]).toContain('  echo "line $i"');
  });
});

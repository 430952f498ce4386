import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, it, vi } from 'vitest';
import { replayRecording } from '../../../src/cli/modes/demo-replay.js';
import { DemoApp } from '../../../src/ui/demo/DemoApp.js';
import { demoState, FakeDemo } from '../demo/fixtures.js';
import { readFrame, type Size, SIZES, sizeName } from './frame.js';
import { mountAt } from './render-at.js';
import { expectScreens, type LabelledFrame } from './snapshot.js';
import { VirtualTerminal } from './virtual-terminal.js';

// The replay draws with escape codes on the real stdout, not with ink: a virtual terminal reads it.
const RECORDED: Size = { columns: 120, rows: 35 };
let dir: string;
let cast: string;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'kw-replay-'));
  cast = join(dir, 'talk.cast');
  // A recording of the presenter view at 120×35: one frame, a marker for the step, a pause.
  const app = await mountAt(<DemoApp demo={new FakeDemo(demoState())} recording />, RECORDED);
  const frame = (await app.rawFrame()).replaceAll('\n', '\r\n');
  app.unmount();
  const header = {
    version: 2,
    width: RECORDED.columns,
    height: RECORDED.rows,
    timestamp: 1_577_880_000,
    title: 'Kong auth',
  };
  const events = [
    [0, 'o', '\u001B[?1049h\u001B[H\u001B[2J'],
    [0.01, 'm', '1. Turn on key-auth'],
    [0.02, 'o', frame],
    [0.03, 'o', ''],
  ];
  writeFileSync(cast, `${[header, ...events].map((line) => JSON.stringify(line)).join('\n')}\n`);
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));
afterEach(() => vi.restoreAllMocks());

/** Plays the recording on a terminal of `size`: the screen before each full clear, and at the end. */
async function play(size: Size): Promise<LabelledFrame[]> {
  const frames: LabelledFrame[] = [];
  let terminal = new VirtualTerminal(size);
  const shots = ['the banner before it starts', 'the last frame, with the REPLAY bar', 'after the replay'];
  const shoot = () => frames.push({ label: shots[frames.length] ?? 'more', frame: readFrame(terminal.output()) });
  Object.defineProperty(process.stdout, 'isTTY', { value: true, configurable: true });
  Object.defineProperty(process.stdout, 'columns', { value: size.columns, configurable: true });
  Object.defineProperty(process.stdout, 'rows', { value: size.rows, configurable: true });
  Object.defineProperty(process.stdin, 'isTTY', { value: false, configurable: true });
  vi.spyOn(process.stdout, 'write').mockImplementation((data: string | Uint8Array) => {
    const text = String(data);
    // The banner is on screen until the player clears it; the last frame until the main screen returns.
    if (frames.length === 0 && text.startsWith('\u001B[H\u001B[2J')) shoot();
    if (text.includes('\u001B[?1049l')) {
      shoot();
      terminal = new VirtualTerminal(size);
    }
    terminal.write(text);
    return true;
  });
  await replayRecording(cast);
  vi.restoreAllMocks();
  shoot();
  return frames;
}

describe.each(SIZES)('the replay at %o', (size) => {
  it(`replay ${sizeName(size)}`, async () => {
    await expectScreens('replay', size, await play(size));
  });
});

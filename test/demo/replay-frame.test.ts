import { describe, expect, it } from 'vitest';
import { wrapWords } from '../../src/cli/modes/demo-replay.js';
import { replayFrame } from '../../src/demo/index.js';

const ESC = '\u001B';
const visible = (text: string) => text.replace(new RegExp(`${ESC}\\[[0-9;]*m`, 'g'), '');
const ERASE = `${ESC}[2K${ESC}[1A`.repeat(3);

// A frame as ink writes it while recording: erase the previous frame, then every line with CR LF.
const header =
  `${ESC}[36m◆ ${ESC}[39m${ESC}[1mGive each consumer a limit${ESC}[22m${' '.repeat(20)}` +
  `${ESC}[1m${ESC}[31m ● REC ${ESC}[22m${ESC}[90m lesson 4 · step 2/3 · sandbox${ESC}[39m`;
const keyBar =
  `${ESC}[7m${ESC}[1m Enter ${ESC}[27m next  ${ESC}[22m${ESC}[7m ← ${ESC}[27m${ESC}[90m back  ${ESC}[39m` +
  `${ESC}[7m q ${ESC}[27m${ESC}[90m quit  ${ESC}[39m${ESC}[7m ? ${ESC}[27m${ESC}[90m keys${ESC}[39m`;
const frame = (bottom: string) => `${ERASE}${header}\r\nbody\r\n${bottom}\r\n`;

describe('a replayed frame', () => {
  it('says REPLAY where the recording said ● REC, and the header keeps its width', () => {
    const replayed = replayFrame(frame(keyBar));
    const [first] = replayed.split('\r\n');
    expect(visible(first!)).not.toContain('● REC');
    expect(visible(first!)).toContain(' ▶ REPLAY  lesson 4 · step 2/3 · sandbox');
    expect(visible(first!).length).toBe(visible(ERASE + header).length);
  });

  it('uses the short form when the title left no room', () => {
    const tight = `${ESC}[1mA long title${ESC}[22m${ESC}[1m${ESC}[31m ● REC ${ESC}[22m lesson 1\r\n`;
    expect(visible(replayFrame(tight))).toBe('A long title▶REPLAY lesson 1\r\n');
  });

  it('draws the replay’s own keys in place of the live key bar', () => {
    const lines = replayFrame(frame(keyBar)).split('\r\n');
    expect(visible(lines.at(-2)!)).toBe(' Space  pause   →  next step   q  stop');
    expect(lines.at(-1)).toBe('');
  });

  it('leaves a question or a notice on the bottom line as it was', () => {
    const question = `${ESC}[1m${ESC}[36m? ${ESC}[39mQuit the demo?  y${ESC}[22m quit  n keep presenting`;
    expect(replayFrame(frame(question)).endsWith(`${question}\r\n`)).toBe(true);
  });

  it('keeps a recording without colour without colour', () => {
    const plain = `Title${' '.repeat(10)} ● REC  lesson 1\r\n Enter  next   q  quit   ?  keys\r\n`;
    expect(replayFrame(plain)).toBe(
      `Title${' '.repeat(7)} ▶ REPLAY  lesson 1\r\n Space  pause   →  next step   q  stop\r\n`,
    );
  });

  it('passes other output through untouched', () => {
    expect(replayFrame(`${ESC}[?25h`)).toBe(`${ESC}[?25h`);
  });
});

describe('the replay banner', () => {
  it('breaks the size warning between words at 80 columns', () => {
    const lines = wrapWords('This terminal is 80×24; the recording is 120×35: resize it for a faithful replay.', 80);
    expect(lines).toEqual(['  This terminal is 80×24; the recording is 120×35: resize it for a faithful', '  replay.']);
    for (const line of lines) expect([...line].length).toBeLessThan(80);
  });
});

import { describe, expect, it } from 'vitest';
import { parseCast, ReplayPlayer, type ReplayState } from '../../src/demo/index.js';
import { ManualClock } from './manual-clock.js';

function cast(events: readonly [number, string, string][], header: Record<string, unknown> = {}) {
  return parseCast(
    `${[
      JSON.stringify({ version: 2, width: 80, height: 24, ...header }),
      ...events.map((event) => JSON.stringify(event)),
    ].join('\n')}\n`,
    'talk.cast',
  );
}

function play(events: readonly [number, string, string][], header: Record<string, unknown> = {}) {
  const clock = new ManualClock();
  const written: string[] = [];
  const overlays: ReplayState[] = [];
  const player = new ReplayPlayer(cast(events, header), {
    clock,
    write: (data) => written.push(data),
    overlay: (state) => overlays.push(state),
  });
  let ended = false;
  void player.play().then(() => (ended = true));
  const hasEnded = async () => {
    await Promise.resolve();
    return ended;
  };
  return { clock, written, overlays, player, ended: hasEnded };
}

const talk: [number, string, string][] = [
  [0.5, 'o', '\u001B[?1049hframe 1'],
  [0.5, 'm', 'first · 1. One'],
  [1.0, 'o', 'frame 2'],
  [3.0, 'm', 'first · 2. Two'],
  [3.0, 'o', 'frame 3'],
  [4.0, 'o', 'frame 4\u001B[?1049l'],
];

describe('ReplayPlayer', () => {
  it('plays output with its recorded timing, redrawing the marker after each burst', async () => {
    const { clock, written, overlays, ended } = play(talk);
    clock.advance(499);
    expect(written).toEqual([]);
    clock.advance(1);
    // Same-time events go out together; the recording's own alt-screen switches are dropped.
    expect(written).toEqual(['frame 1']);
    expect(overlays.at(-1)).toEqual({ paused: false, time: 0.5, duration: 4, chapter: 'first · 1. One' });
    clock.advance(500);
    expect(written).toEqual(['frame 1', 'frame 2']);
    clock.advance(2000);
    expect(written.at(-1)).toBe('frame 3');
    expect(overlays.at(-1)!.chapter).toBe('first · 2. Two');
    expect(await ended()).toBe(false);
    clock.advance(1000);
    expect(written.at(-1)).toBe('frame 4');
    expect(await ended()).toBe(true);
    expect(overlays.length).toBe(written.length);
  });

  it('holds while paused, keeping what was left of the wait', () => {
    const { clock, written, player, overlays } = play(talk);
    clock.advance(1000);
    clock.advance(500);
    player.togglePause();
    expect(overlays.at(-1)!.paused).toBe(true);
    clock.advance(60_000);
    expect(written).toEqual(['frame 1', 'frame 2']);
    player.togglePause();
    clock.advance(1499);
    expect(written).toHaveLength(2);
    clock.advance(1);
    expect(written.at(-1)).toBe('frame 3');
  });

  it('skips ahead to the next marker (the next step), writing everything before it at once', () => {
    const { clock, written, player, overlays } = play(talk);
    clock.advance(600);
    player.skipAhead();
    expect(written).toEqual(['frame 1', 'frame 2']);
    expect(overlays.at(-1)).toMatchObject({ time: 3, chapter: 'first · 2. Two' });
    clock.advance(0);
    expect(written.at(-1)).toBe('frame 3');
  });

  it('without markers, skipping ends the current wait', () => {
    const { clock, written, player } = play([
      [0, 'o', 'a'],
      [100, 'o', 'b'],
    ]);
    clock.advance(0);
    player.skipAhead();
    expect(written).toEqual(['a', 'b']);
  });

  it("shortens long pauses to the header's idle_time_limit, as asciinema does", () => {
    const { clock, written } = play(
      [
        [0, 'o', 'a'],
        [600, 'o', 'b'],
      ],
      { idle_time_limit: 2 },
    );
    clock.advance(2000);
    expect(written).toEqual(['a', 'b']);
  });

  it('stops when asked', async () => {
    const { clock, written, player, ended } = play(talk);
    clock.advance(500);
    player.stop();
    clock.runAll();
    expect(written).toEqual(['frame 1']);
    expect(await ended()).toBe(true);
  });
});

describe('what a replay shows of a recorded frame', () => {
  it('says REPLAY where the talk said ● REC, and draws its own keys in place of the live ones', async () => {
    const frame = `Title${' '.repeat(10)} ● REC  lesson 1\r\n Enter  next   q  quit   ?  keys\r\n`;
    const { clock, written } = play([[0.1, 'o', frame]]);
    clock.advance(200);
    expect(written.join('')).toBe(
      `Title${' '.repeat(7)} ▶ REPLAY  lesson 1\r\n Space  pause   →  next step   q  stop\r\n`,
    );
  });
});

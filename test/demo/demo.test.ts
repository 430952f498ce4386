import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { Demo, TITLE_CARD, type DemoOptions, type DemoState } from '../../src/demo/index.js';
import type { Lesson } from '../../src/lesson/index.js';
import { Redactor } from '../../src/secrets/index.js';
import type { TargetSession } from '../../src/targets/index.js';
import { ManualClock } from './manual-clock.js';
import { fence, lesson, shellLesson } from './lessons.js';
import { tempDir } from '../helpers/temp-dirs.js';

// The presentation controller with real lesson runs: real shells, real commands, a manual clock
// for the typing and the countdowns.

const target: TargetSession = {
  name: 'gateway',
  vars: { PROXY: 'http://127.0.0.1:9', ADMIN: 'http://127.0.0.1:9', UPSTREAM: 'http://echo' },
  secrets: [],
  env: {},
  description: 'a test gateway',
  close: async () => {},
};
const demos: Demo[] = [];
afterEach(async () => {
  await Promise.all(demos.splice(0).map((demo) => demo.quit()));
});

function makeDemo(lessons: readonly Lesson[], options: Partial<DemoOptions> = {}) {
  const clock = new ManualClock();
  const work = tempDir('kw-demo-');
  const demo = new Demo({
    lessons,
    target,
    redactor: new Redactor(),
    workdirFor: (l) => join(work, l.id),
    fixturesDirFor: () => '/fixtures',
    typing: { charsPerSecond: 20, reducedMotion: false },
    clock,
    ...options,
  });
  demos.push(demo);
  return { demo, clock, work, log: join(work, 'log') };
}

const until = (demo: Demo, test: (state: DemoState) => boolean, what = 'the state') =>
  vi.waitFor(() => {
    if (!test(demo.state))
      throw new Error(
        `waiting for ${what}: ` +
          JSON.stringify({ position: demo.state.position, activity: demo.state.activity, notice: demo.state.notice }),
      );
  });
const statusOf = (state: DemoState, lesson = state.position.lesson, step = state.position.step) =>
  state.runs[lesson]?.steps[step]?.status ?? 'pending';

describe('presenting', () => {
  it('opens on the title card, then types each command out, runs it for real and checks it', async () => {
    const checked = lesson(
      '/talk/one.md',
      'id: one\ntitle: One\ntargets: [gateway]',
      `## Make a file\n\nThe key line.\n\n${fence('sh run', 'echo made > made.txt && echo "made it"')}\n\n` +
        `${fence('check cmd', 'name: the file is there\nrun: cat made.txt\nstdout: made')}\n\n## Second\n\n` +
        `${fence('sh run', 'true')}`,
    );
    const { demo, clock, work } = makeDemo([checked]);
    await demo.start();
    expect(demo.state.position).toEqual({ lesson: 0, step: TITLE_CARD });
    demo.primary();
    expect(demo.state.position).toEqual({ lesson: 0, step: 0 });

    demo.primary();
    await until(demo, (s) => s.typing !== undefined, 'typing');
    expect(demo.state.typing).toMatchObject({
      lesson: 0,
      step: 0,
      command: 'echo made > made.txt && echo "made it"',
      typed: 0,
    });
    clock.advance(80);
    await until(demo, (s) => (s.typing?.typed ?? 0) >= 1);
    const early = demo.state.typing!.typed;
    clock.advance(300);
    await until(demo, (s) => (s.typing?.typed ?? 0) > early);
    expect(demo.state.typing!.typed).toBeLessThan(demo.state.typing!.command.length);
    expect(existsSync(join(work, 'one', 'made.txt'))).toBe(false);
    clock.runAll();
    await until(demo, (s) => statusOf(s) === 'passed', 'the step to pass');
    expect(readFileSync(join(work, 'one', 'made.txt'), 'utf8')).toBe('made\n');
    const items = demo.state.runs[0]!.steps[0]!.items;
    expect(items.map((item) => item.kind)).toEqual(['command', 'check']);
    expect(items[1]).toMatchObject({ kind: 'check', status: 'passed', name: 'the file is there' });
    expect(demo.state.typing).toBeUndefined();
    expect(demo.state.activity).toBe('idle');

    demo.primary();
    expect(demo.state.position).toEqual({ lesson: 0, step: 1 });
    demo.primary();
    await until(demo, (s) => s.typing !== undefined);
    demo.primary(); // Enter while typing: the rest at once
    await until(demo, (s) => statusOf(s) === 'passed');
    demo.primary();
    expect(demo.state.notice).toMatchObject({ text: 'That was the last step of the talk.' });
  });

  it('pauses typing with space, and a Ctrl-C while typing stops the step before the command ever runs', async () => {
    const { demo, clock, work } = makeDemo([shellLesson('/talk/a.md', 'a', [['Touch', 'touch touched']])]);
    await demo.start();
    demo.next();
    demo.primary();
    await until(demo, (s) => s.typing !== undefined);
    clock.advance(100);
    await until(demo, (s) => (s.typing?.typed ?? 0) >= 1);
    demo.togglePause();
    expect(demo.state.paused).toBe(true);
    const held = demo.state.typing!.typed;
    clock.advance(10_000);
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(demo.state.typing?.typed).toBe(held);
    demo.togglePause();
    clock.advance(100);
    await until(demo, (s) => (s.typing?.typed ?? 0) > held);

    expect(demo.cancel()).toBe(true);
    await until(demo, (s) => s.activity === 'idle' && statusOf(s) === 'cancelled', 'the step to stop');
    expect(existsSync(join(work, 'a', 'touched'))).toBe(false);
    expect(demo.state.typing).toBeUndefined();
    expect(demo.state.cancelling).toBe(false);
    expect(demo.cancel()).toBe(false);
  });

  it('masks secrets in the command being typed', async () => {
    const secretLesson = lesson(
      '/talk/s.md',
      'id: s\ntitle: S\ntargets: [gateway]\nvars:\n  TOKEN:\n    prompt: Token\n    secret: true',
      `## Use it\n\n${fence('sh run', 'echo "Bearer {{TOKEN}}" > /dev/null')}`,
    );
    const { demo } = makeDemo([secretLesson], { secrets: { TOKEN: 'canary-secret-9931' } });
    await demo.start();
    demo.next();
    demo.primary();
    await until(demo, (s) => s.typing !== undefined);
    expect(demo.state.typing!.command).toBe('echo "Bearer ********" > /dev/null');
  });

  it('asks for a variable when the talk reaches its lesson, and masks a secret answer', async () => {
    const asking = lesson(
      '/talk/ask.md',
      'id: ask\ntitle: Ask\ntargets: [gateway]\nvars:\n  API_KEY:\n    prompt: The key\n    secret: true',
      `## Use it\n\n${fence('sh run', 'echo "key: $API_KEY"')}`,
    );
    const { demo } = makeDemo([asking], { typing: { charsPerSecond: 20, reducedMotion: true } });
    await demo.start();
    await until(demo, (s) => s.dialog !== undefined, 'the question');
    expect(demo.state.dialog).toMatchObject({ kind: 'prompt', name: 'API_KEY', question: 'The key', secret: true });
    demo.answerPrompt('canary-answer-5521');
    await until(demo, (s) => s.dialog === undefined && s.runs[0] !== undefined);
    demo.next();
    demo.primary();
    await until(demo, (s) => statusOf(s) === 'passed');
    expect(JSON.stringify(demo.state)).not.toContain('canary-answer-5521');
    const command = demo.state.runs[0]!.steps[0]!.items[0]!;
    expect(command).toMatchObject({ kind: 'command', output: [{ stream: 'stdout', line: 'key: ********' }] });
  });

  it('keeps each lesson open: going back finds what its steps did', async () => {
    const { demo } = makeDemo(
      [shellLesson('/talk/a.md', 'a', [['A1', 'true']]), shellLesson('/talk/b.md', 'b', [['B1', 'true']])],
      { typing: { charsPerSecond: 20, reducedMotion: true } },
    );
    await demo.start();
    demo.next();
    demo.primary();
    await until(demo, (s) => statusOf(s) === 'passed');
    demo.next();
    demo.next();
    expect(demo.state.position).toEqual({ lesson: 1, step: 0 });
    demo.previous();
    demo.previous();
    expect(demo.state.position).toEqual({ lesson: 0, step: 0 });
    expect(statusOf(demo.state)).toBe('passed');
  });
});

describe('--from', () => {
  const talk = () => [
    shellLesson('/talk/01-a.md', 'a', [
      ['A1', 'echo a1 >> "$LOG"'],
      ['A2', 'echo a2 >> "$LOG"'],
    ]),
    shellLesson('/talk/02-b.md', 'b', [
      ['B1', 'echo b1 >> "$LOG"'],
      ['B2', 'echo b2 >> "$LOG"'],
      ['B3', 'echo b3 >> "$LOG"'],
    ]),
  ];

  it('runs every earlier step quietly, without typing, then presents the chosen step', async () => {
    const log = join(tempDir('kw-from-'), 'log');
    const { demo } = makeDemo(talk(), { from: { lesson: 1, step: 2 }, vars: { LOG: log } });
    const seen: DemoState[] = [];
    demo.subscribe((state) => seen.push(state));
    await demo.start();
    expect(readFileSync(log, 'utf8')).toBe('a1\na2\nb1\nb2\n');
    expect(seen.some((state) => state.typing !== undefined)).toBe(false);
    const progress = seen.filter((state) => state.phase === 'fast-forward').map((state) => state.fastForward!.done);
    expect(progress[0]).toBe(0);
    expect(Math.max(...progress)).toBe(4);
    expect([...progress].sort()).toEqual(progress);
    expect(seen.find((state) => state.phase === 'fast-forward')!.fastForward).toMatchObject({
      total: 4,
      target: { lesson: 1, step: 2 },
    });
    expect(demo.state).toMatchObject({ phase: 'presenting', position: { lesson: 1, step: 2 }, activity: 'idle' });
    expect(demo.state.notice).toMatchObject({ level: 'success', text: 'Ready: 4 earlier steps ran quietly.' });
    expect(statusOf(demo.state)).toBe('pending');
    expect(statusOf(demo.state, 1, 1)).toBe('passed');
  });

  it('stops at an earlier step that fails and opens the talk there, with its output', async () => {
    const log = join(tempDir('kw-from-'), 'log');
    const lessons = talk();
    const broken = [
      lessons[0]!,
      shellLesson('/talk/02-b.md', 'b', [
        ['B1', 'echo b1 >> "$LOG"; echo "no route" >&2; exit 3'],
        ['B2', 'echo b2 >> "$LOG"'],
      ]),
    ];
    const { demo } = makeDemo(broken, { from: { lesson: 1, step: 1 }, vars: { LOG: log } });
    await demo.start();
    expect(readFileSync(log, 'utf8')).toBe('a1\na2\nb1\n');
    expect(demo.state.position).toEqual({ lesson: 1, step: 0 });
    expect(demo.state.notice).toMatchObject({ level: 'error', text: 'Getting ready stopped: “B1” could not finish.' });
    expect(statusOf(demo.state)).toBe('error');
    expect(demo.state.runs[1]!.steps[0]!.items[0]).toMatchObject({
      kind: 'command',
      output: [{ stream: 'stderr', line: 'no route' }],
    });
  });
});

describe('--auto-advance', () => {
  it('moves on and runs steps by itself after the idle time, and waits at a failed step', async () => {
    const lessons = [
      shellLesson('/talk/a.md', 'a', [
        ['A1', 'true'],
        ['A2', 'exit 1'],
        ['A3', 'true'],
      ]),
    ];
    const { demo, clock } = makeDemo(lessons, {
      autoAdvanceMs: 3000,
      typing: { charsPerSecond: 20, reducedMotion: true },
    });
    await demo.start();
    // The countdown starts once the lesson is open (its questions come first).
    await until(demo, (s) => s.autoAdvance?.remainingMs === 3000, 'the countdown');
    expect(demo.state.autoAdvance).toEqual({ delayMs: 3000, remainingMs: 3000 });
    clock.advance(1000);
    await until(demo, (s) => s.autoAdvance?.remainingMs === 2000);
    clock.advance(2000);
    expect(demo.state.position).toEqual({ lesson: 0, step: 0 });
    clock.advance(3000);
    await until(demo, (s) => statusOf(s) === 'passed' && s.activity === 'idle');
    clock.advance(3000);
    expect(demo.state.position).toEqual({ lesson: 0, step: 1 });
    clock.advance(3000);
    await until(demo, (s) => statusOf(s) === 'error' && s.activity === 'idle');
    expect(demo.state.autoAdvance?.remainingMs).toBeUndefined();
    clock.advance(60_000);
    expect(demo.state.position).toEqual({ lesson: 0, step: 1 });
  });

  it('holds the countdown while paused, and any key starts it afresh', async () => {
    const { demo, clock } = makeDemo([shellLesson('/talk/a.md', 'a', [['A1', 'true']])], { autoAdvanceMs: 3000 });
    await demo.start();
    await until(demo, (s) => s.autoAdvance?.remainingMs === 3000, 'the countdown');
    clock.advance(2000);
    demo.togglePause();
    clock.advance(60_000);
    expect(demo.state.position.step).toBe(TITLE_CARD);
    expect(demo.state.paused).toBe(true);
    demo.togglePause();
    clock.advance(999);
    expect(demo.state.position.step).toBe(TITLE_CARD);
    clock.advance(1);
    expect(demo.state.position.step).toBe(0);
    // A key (back) restarts the countdown from the full delay.
    clock.advance(2000);
    demo.previous();
    clock.advance(2999);
    expect(demo.state.position.step).toBe(TITLE_CARD);
    clock.advance(1);
    expect(demo.state.position.step).toBe(0);
  });
});

import { render } from 'ink-testing-library';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { App } from '../../src/ui/App.js';
import type { OpenLesson } from '../../src/workshop/index.js';
import { FakeWorkshop, firstStepPassed, fixtureLesson, lessonState, openLesson, secondStepFailed } from './fixtures.js';
import { KEY, settle } from './keys-input.js';

const lesson = fixtureLesson();
let unmount: (() => void) | undefined;
afterEach(() => unmount?.());

async function start(open: OpenLesson) {
  const workshop = new FakeWorkshop(lessonState(open));
  const app = render(<App workshop={workshop} version="1.2.3" />);
  unmount = app.unmount;
  await settle();
  // Keys wait for React's effects (ink activates input handlers in them) before and after.
  const press = async (key: string) => {
    await settle();
    app.stdin.write(key);
    await settle();
  };
  return { ...app, workshop, press };
}

const failedOnStep2 = () => openLesson(lesson, [...firstStepPassed(lesson), ...secondStepFailed(lesson)]);

describe('the introduction', () => {
  it('is its own page before step 1: Enter goes on to step 1, ← on step 1 comes back', async () => {
    const onIntro = openLesson(lesson, [], { onIntro: true });
    const { workshop, press, lastFrame } = await start(onIntro);
    await vi.waitFor(() => expect(lastFrame()).toContain('Rate limiting protects upstreams from bursts.'));
    expect(lastFrame()).toContain('sandbox · introduction');
    expect(lastFrame()).not.toContain('Create the consumer alex');
    await press('h');
    await press('S');
    expect(lastFrame()).not.toContain('Show the solution?');
    await press(KEY.enter);
    expect(workshop.calls.filter((c) => c !== 'refresh')).toEqual(['next']);
    expect(workshop.calls).not.toContain('run');

    workshop.update({ lesson: { ...onIntro, onIntro: false } });
    await vi.waitFor(() => expect(lastFrame()).toContain('sandbox · step 1 of 3'));
    expect(lastFrame()!.split('\n')[2]).toMatch(/^Create the consumer alex with a key\. /);
    expect(lastFrame()).not.toContain('Rate limiting protects');
    await press(KEY.left);
    expect(workshop.calls.filter((c) => c !== 'refresh')).toEqual(['next', 'previous']);
  });
});

describe('the lesson view at 80×24', () => {
  it("shows the step's own text, the output, and the keys out, Esc and q", async () => {
    const app = await start(failedOnStep2());
    Object.defineProperty(app.stdout, 'columns', { value: 80, configurable: true });
    Object.defineProperty(app.stdout, 'rows', { value: 24, configurable: true });
    app.stdout.emit('resize');
    await settle();
    await vi.waitFor(() => expect(app.lastFrame()).toContain('Six requests in a row: the sixth gets a 429.'));
    const frame = app.lastFrame()!;
    const lines = frame.split('\n');
    expect(lines.length).toBeLessThanOrEqual(24);
    for (const line of lines) expect(line.length).toBeLessThanOrEqual(80);
    expect(frame).toContain('◇ checks alex is limited');
    expect(frame).toContain('✗ Step failed · h shows a hint');
    expect(lines.at(-1)).toMatch(/ Esc {2}lessons .* q {2}quit {3}\? {2}keys$/);
    await app.press('h');
    await vi.waitFor(() => expect(app.lastFrame()).toContain('▌ Hint'));
    expect(app.lastFrame()).toContain('h hides the hint');
    expect(app.lastFrame()!.split('\n').at(-1)).toMatch(/ Esc {2}lessons .* q {2}quit {3}\? {2}keys$/);
  });
});

describe('the lesson screen', () => {
  it('runs a step that is still to do with Enter, or r', async () => {
    const { workshop, press, lastFrame } = await start(openLesson(lesson, []));
    await vi.waitFor(() => expect(lastFrame()).toContain('1/3 Add a consumer'));
    await press(KEY.enter);
    await press('r');
    expect(workshop.calls.filter((c) => c === 'run')).toHaveLength(2);
  });

  it('goes on to the next step with Enter once a step passed', async () => {
    const { workshop, press } = await start(openLesson(lesson, firstStepPassed(lesson)));
    await press(KEY.enter);
    expect(workshop.calls).toContain('next');
    expect(workshop.calls).not.toContain('run');
  });

  it('checks with c (C: every passed step), skips with s, moves with n p ← →, goes home with Esc or b', async () => {
    const { workshop, press } = await start(openLesson(lesson, []));
    for (const key of ['c', 'C', 's', 'n', KEY.right, 'p', KEY.left, KEY.escape, 'b']) await press(key);
    expect(workshop.calls.filter((c) => c !== 'refresh')).toEqual([
      'check',
      'recheck all',
      'skip',
      'next',
      'next',
      'previous',
      'previous',
      'home',
      'home',
    ]);
  });

  it('shows the hint with h, and hides it again', async () => {
    const { press, lastFrame } = await start(failedOnStep2());
    expect(lastFrame()).not.toContain('▌ Hint');
    await press('h');
    await vi.waitFor(() => expect(lastFrame()).toContain('▌ Hint'));
    await vi.waitFor(() => expect(lastFrame()).toContain('▌ Each consumer has its own counter.'));
    await press('h');
    expect(lastFrame()).not.toContain('▌ Hint');
  });

  it('asks before it shows the solution, and n keeps it hidden', async () => {
    const { press, lastFrame } = await start(openLesson(lesson, []));
    await press('S');
    await vi.waitFor(() =>
      expect(lastFrame()).toContain('Show the solution? Giving it one more try often teaches more.'),
    );
    await press('n');
    await vi.waitFor(() => expect(lastFrame()).not.toContain('Show the solution?'));
    expect(lastFrame()).not.toContain('▌ Solution');
    await press('S');
    await vi.waitFor(() => expect(lastFrame()).toContain('Show the solution?'));
    await press('y');
    await vi.waitFor(() => expect(lastFrame()).toContain('▌ Solution'));
    await vi.waitFor(() => expect(lastFrame()).toContain('curl -X POST {{ADMIN}}/consumers -d username=alex'));
  });

  it('scrolls the output with PgUp and PgDn, and follows it again with End', async () => {
    const run = lesson.steps[0]!.blocks.find((b) => b.type === 'run')!;
    const events = [
      ...firstStepPassed(lesson).slice(0, 3),
      ...Array.from({ length: 60 }, (_, i) => ({
        type: 'output' as const,
        step: 0,
        blockId: run.id,
        stream: 'stdout' as const,
        line: `line ${i + 1}`,
      })),
    ];
    const { press, lastFrame } = await start(openLesson(lesson, events, { activity: 'running' }));
    await vi.waitFor(() => expect(lastFrame()).toContain('line 60'));
    await press(KEY.pageUp);
    expect(lastFrame()).not.toContain('line 60');
    await vi.waitFor(() => expect(lastFrame()).toMatch(/↓ \d+ more: PgDn/));
    await press(KEY.pageDown);
    await press(KEY.pageDown);
    await press(KEY.pageDown);
    await vi.waitFor(() => expect(lastFrame()).toContain('line 60'));
    await press('u');
    await press('G');
    await vi.waitFor(() => expect(lastFrame()).toContain('line 60'));
  });

  it('scrolls the text with ↓ and ↑', async () => {
    const { press, lastFrame, stdout } = await start(openLesson(lesson, []));
    Object.defineProperty(stdout, 'rows', { value: 12, configurable: true });
    stdout.emit('resize');
    await settle();
    await vi.waitFor(() => expect(lastFrame()).toMatch(/↓ \d+ more lines/));
    await vi.waitFor(() => expect(lastFrame()).toContain('1/3 Add a consumer\nCreate the consumer alex'));
    for (let i = 0; i < 30; i++) await press(KEY.down);
    await vi.waitFor(() => expect(lastFrame()).toContain('◇ checks alex exists'));
    expect(lastFrame()).not.toMatch(/↓ \d+ more lines/);
    for (let i = 0; i < 30; i++) await press(KEY.up);
    await vi.waitFor(() => expect(lastFrame()).toContain('1/3 Add a consumer\nCreate the consumer alex'));
  });

  it('stops a running command with Ctrl-C and stays; a second Ctrl-C quits', async () => {
    const running = openLesson(lesson, firstStepPassed(lesson).slice(0, 4), { activity: 'running' });
    const { workshop, press, lastFrame } = await start(running);
    await vi.waitFor(() => expect(lastFrame()).toMatch(/ Ctrl-C {2}stop/));
    await press(KEY.ctrlC);
    expect(workshop.calls).toContain('cancel');
    expect(workshop.calls).not.toContain('quit');
    workshop.update({
      lesson: { ...running, cancelling: true },
      notice: { level: 'warning', text: 'stopping the running command…', hint: 'Ctrl-C again quits' },
    });
    await settle();
    await vi.waitFor(() => expect(lastFrame()).toContain('! stopping the running command… · Ctrl-C again quits'));
    await press(KEY.ctrlC);
    await vi.waitFor(() => expect(workshop.calls).toContain('quit'));
  });

  it('quits with Ctrl-C when nothing runs, and with q', async () => {
    const first = await start(openLesson(lesson, []));
    await first.press(KEY.ctrlC);
    await vi.waitFor(() => expect(first.workshop.calls).toContain('quit'));
    first.unmount();
    const second = await start(openLesson(lesson, []));
    await second.press('q');
    await vi.waitFor(() => expect(second.workshop.calls).toContain('quit'));
  });

  it('ignores run keys while a step runs', async () => {
    const { workshop, press } = await start(
      openLesson(lesson, firstStepPassed(lesson).slice(0, 4), { activity: 'running' }),
    );
    await press(KEY.enter);
    await press('r');
    await press('c');
    expect(workshop.calls.filter((c) => c === 'run' || c === 'check')).toEqual([]);
  });

  it('takes typing for a prompt rather than as keys', async () => {
    const open = openLesson(lesson, []);
    const { workshop, press, lastFrame } = await start(open);
    workshop.update({ dialog: { kind: 'prompt', name: 'CONSUMER', question: 'Name the consumer', secret: false } });
    await settle();
    await vi.waitFor(() => expect(lastFrame()).toContain('── Question'));
    await press('sqr');
    await vi.waitFor(() => expect(lastFrame()).toContain('> sqr'));
    await press(KEY.enter);
    expect(workshop.calls.filter((c) => c !== 'refresh')).toEqual(['prompt "sqr"']);
  });
});

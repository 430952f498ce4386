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

  it('re-checks with c, skips with s, moves with n, p and the arrows, and goes home with Esc or b', async () => {
    const { workshop, press } = await start(openLesson(lesson, []));
    for (const key of ['c', 's', 'n', KEY.right, 'p', KEY.left, KEY.escape, 'b']) await press(key);
    expect(workshop.calls.filter((c) => c !== 'refresh')).toEqual([
      'check',
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
    await vi.waitFor(() => expect(lastFrame()).toMatch(/PgDn more/));
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
    await vi.waitFor(() => expect(lastFrame()).toContain('Per-consumer limits\n═'));
    for (let i = 0; i < 30; i++) await press(KEY.down);
    await vi.waitFor(() => expect(lastFrame()).toContain('◇ checks alex exists'));
    expect(lastFrame()).not.toMatch(/↓ \d+ more lines/);
    for (let i = 0; i < 30; i++) await press(KEY.up);
    await vi.waitFor(() => expect(lastFrame()).toContain('Per-consumer limits\n═'));
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

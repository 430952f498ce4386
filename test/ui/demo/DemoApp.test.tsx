import { render } from 'ink-testing-library';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { TITLE_CARD } from '../../../src/demo/index.js';
import { DemoApp } from '../../../src/ui/demo/DemoApp.js';
import { KEY, settle } from '../keys-input.js';
import { demoState, FakeDemo } from './fixtures.js';

let unmount: (() => void) | undefined;
afterEach(() => unmount?.());

async function start(demo: FakeDemo, recording = false) {
  const app = render(<DemoApp demo={demo} recording={recording} />);
  unmount = app.unmount;
  await settle();
  return app;
}

describe('the demo app', () => {
  it('presents the step with its keys on screen, and says when it records', async () => {
    const { lastFrame } = await start(new FakeDemo(demoState()), true);
    const frame = lastFrame()!;
    expect(frame).toContain('● REC');
    expect(frame).toContain('• A plugin runs where you attach it.');
    expect(frame).toMatch(/ Enter {2}type & run/);
    expect(frame).toContain('?  keys');
  });

  it('sends the presenter keys to the demo', async () => {
    const demo = new FakeDemo(demoState());
    const { stdin } = await start(demo);
    for (const key of [KEY.enter, KEY.right, KEY.left, 'n', 'p', ' ', 'r', 'c', KEY.pageDown, KEY.pageUp]) {
      stdin.write(key);
      await settle();
    }
    await vi.waitFor(() =>
      expect(demo.calls).toEqual([
        'primary',
        'next',
        'previous',
        'next',
        'previous',
        'pause',
        'run',
        'check',
        'next',
        'previous',
      ]),
    );
  });

  it('hides and shows the presenter notes with o', async () => {
    const { stdin, lastFrame } = await start(new FakeDemo(demoState()));
    expect(lastFrame()).toContain('Point at WWW-Authenticate');
    stdin.write('o');
    await vi.waitFor(() => expect(lastFrame()).not.toContain('Point at WWW-Authenticate'));
    expect(lastFrame()).toMatch(/ o {2}notes/);
    stdin.write('o');
    await vi.waitFor(() => expect(lastFrame()).toContain('Point at WWW-Authenticate'));
  });

  it('opens the slide in full with f, keys going to the pager until q closes it', async () => {
    const demo = new FakeDemo(demoState());
    const { stdin, lastFrame } = await start(demo);
    stdin.write('f');
    await vi.waitFor(() => expect(lastFrame()).toContain('· in full'));
    expect(lastFrame()).toContain('• A plugin runs where you attach it.');
    expect(lastFrame()).toContain('Point at WWW-Authenticate');
    expect(lastFrame()).toMatch(/q\/Esc {2}close/);
    expect(lastFrame()).not.toContain('open in');
    stdin.write('r');
    await settle();
    stdin.write('q');
    await vi.waitFor(() => expect(lastFrame()).not.toContain('· in full'));
    // Keys pressed while the pager was open went to the pager, not to the demo.
    expect(demo.calls).toEqual([]);
  });

  it('lists every key on ?, and any key closes the list', async () => {
    const demo = new FakeDemo(demoState());
    const { stdin, lastFrame } = await start(demo);
    stdin.write('?');
    await vi.waitFor(() => expect(lastFrame()).toContain('Demo keys'));
    expect(lastFrame()).toContain('pause or go on: typing and the auto-advance countdown wait');
    // The list takes keys once its input handler is attached (an effect after the frame).
    await settle();
    stdin.write('x');
    await vi.waitFor(() => expect(lastFrame()).not.toContain('Demo keys'));
    expect(demo.calls).toEqual([]);
  });

  it('asks before quitting with q', async () => {
    const demo = new FakeDemo(demoState());
    const { stdin, lastFrame } = await start(demo);
    stdin.write('q');
    await vi.waitFor(() => expect(lastFrame()).toContain('Quit the demo?'));
    stdin.write('n');
    await vi.waitFor(() => expect(lastFrame()).not.toContain('Quit the demo?'));
    expect(demo.calls).toEqual([]);
    stdin.write('q');
    await vi.waitFor(() => expect(lastFrame()).toContain('Quit the demo?'));
    stdin.write('y');
    await vi.waitFor(() => expect(demo.calls).toEqual(['quit']));
  });

  it('stops what runs on Ctrl-C, and quits on a second one', async () => {
    const demo = new FakeDemo(demoState({ activity: 'running' }));
    const { stdin, lastFrame } = await start(demo);
    stdin.write(KEY.ctrlC);
    await vi.waitFor(() => expect(demo.calls).toEqual(['cancel']));
    demo.set({ cancelling: true, notice: { level: 'warning', text: 'stopping…', hint: 'Ctrl-C again quits' } });
    await vi.waitFor(() => expect(lastFrame()).toContain('stopping…'));
    stdin.write(KEY.ctrlC);
    await vi.waitFor(() => expect(demo.calls).toEqual(['cancel', 'quit']));
  });

  it('asks for a variable, hiding a secret as it is typed', async () => {
    const demo = new FakeDemo(
      demoState({
        position: { lesson: 0, step: TITLE_CARD },
        dialog: { kind: 'prompt', name: 'API_KEY', question: 'The key alex calls with', secret: true },
      }),
    );
    const { stdin, lastFrame } = await start(demo);
    expect(lastFrame()).toContain('? The key alex calls with  API_KEY · secret, hidden as you type');
    stdin.write('canary-typed-331');
    await vi.waitFor(() => expect(lastFrame()).toContain('> ••••••••••••••••'));
    expect(lastFrame()).not.toContain('canary-typed-331');
    stdin.write(KEY.enter);
    await vi.waitFor(() => expect(demo.calls).toEqual(['answer canary-typed-331']));
  });

  it('shows the fast-forward progress while --from gets ready', async () => {
    const demo = new FakeDemo(
      demoState({
        phase: 'fast-forward',
        activity: 'running',
        fastForward: { done: 0, total: 1, current: { lesson: 0, step: 0 }, target: { lesson: 0, step: 1 } },
      }),
    );
    const { lastFrame } = await start(demo);
    expect(lastFrame()).toContain('Getting ready for “Limit alex”');
    expect(lastFrame()).toContain('0/1');
    expect(lastFrame()).toMatch(/ Ctrl-C {2}stop here/);
  });
});

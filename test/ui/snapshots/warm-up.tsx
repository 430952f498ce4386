import { expect, vi } from 'vitest';
import { App } from '../../../src/ui/App.js';
import { FakeWorkshop, fixtureLesson, lessonState, openLesson } from '../fixtures.js';
import { mountAt } from './render-at.js';

/**
 * The lesson view is loaded lazily, after the home screen's first frame; until it is in, the app
 * shows the home screen. Mounting it once here makes every later snapshot show the lesson at once.
 */
export async function loadLessonView(): Promise<void> {
  const app = await mountAt(
    <App workshop={new FakeWorkshop(lessonState(openLesson(fixtureLesson(), [])))} version="1.2.3" />,
    { columns: 80, rows: 24 },
  );
  try {
    await vi.waitFor(async () => expect((await app.frame()).rows.join('\n')).toContain('step 1 of 3'), {
      timeout: 10_000,
    });
  } finally {
    app.unmount();
  }
}

import { Text } from 'ink';
import { expect, vi } from 'vitest';
import { App } from '../../../src/ui/App.js';
import { useHighlighter } from '../../../src/ui/use-highlighter.js';
import { FakeWorkshop, fixtureLesson, lessonState, openLesson } from '../fixtures.js';
import { mountAt } from './render-at.js';

function HighlighterProbe() {
  return <Text>{useHighlighter(true) ? 'highlighter ready' : 'loading'}</Text>;
}

/**
 * The lesson view and its syntax highlighter load lazily, after the home screen's first frame:
 * until then the app shows the home screen, and code shows plain. Loading both once here makes
 * every later snapshot show the lesson, highlighted, from its first frame.
 */
export async function loadLessonView(): Promise<void> {
  const probe = await mountAt(<HighlighterProbe />, { columns: 80, rows: 24 });
  try {
    await vi.waitFor(async () => expect((await probe.frame()).rows.join('\n')).toContain('ready'), { timeout: 10_000 });
  } finally {
    probe.unmount();
  }
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

import { afterAll, beforeAll, describe, it, vi } from 'vitest';
import { App } from '../../../src/ui/App.js';
import { FakeWorkshop, lessonState } from '../fixtures.js';
import { bundledLessons, freshLesson } from './bundled.js';
import { SIZES, sizeName } from './frame.js';
import { mountAt } from './render-at.js';
import { expectScreens, type LabelledFrame } from './snapshot.js';
import { loadLessonView } from './warm-up.js';

// Every step of every lesson that ships, as a learner first sees it: where text is lost, it shows.
beforeAll(async () => {
  await loadLessonView();
  vi.useFakeTimers({ toFake: ['Date', 'setInterval', 'clearInterval'] });
  vi.setSystemTime(new Date('2020-01-03T12:00:00Z'));
});
afterAll(() => vi.useRealTimers());

const lessons = bundledLessons();

describe.each(SIZES)('the bundled lessons at %o', (size) => {
  it.each(lessons.map((l) => [l.file.replace(/^lessons\/|\.md$/g, ''), l.lesson] as const))(
    `%s ${sizeName(size)}`,
    async (name, lesson) => {
      const frames: LabelledFrame[] = [];
      // The introduction's own page (the lesson view's `onIntro`), where the intro's tables live. Set
      // through a variable, not a literal: where the lesson view has no such page it is step 1 again.
      const introPage = { ...freshLesson(lesson, 0), onIntro: true };
      const intro = await mountAt(<App workshop={new FakeWorkshop(lessonState(introPage))} version="1.2.3" />, size);
      try {
        frames.push({ label: 'the introduction, before step 1', frame: await intro.frame() });
      } finally {
        intro.unmount();
      }
      for (const [index, step] of lesson.steps.entries()) {
        const app = await mountAt(
          <App workshop={new FakeWorkshop(lessonState(freshLesson(lesson, index)))} version="1.2.3" />,
          size,
        );
        try {
          frames.push({ label: `step ${index + 1}: ${step.title}`, frame: await app.frame() });
        } finally {
          app.unmount();
        }
      }
      await expectScreens(`lesson-${name}`, size, frames);
    },
  );
});

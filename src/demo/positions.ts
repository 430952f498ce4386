import type { Lesson } from '../lesson/index.js';

/**
 * Where the talk is: a lesson, and a step of it (0-based), or -1 for the lesson's title card,
 * which opens every lesson before its first step.
 */
export interface DemoPosition {
  readonly lesson: number;
  readonly step: number;
}

export const TITLE_CARD = -1;

/** The next slide: the next step, else the next lesson's title card; undefined at the end. */
export function nextPosition(lessons: readonly Lesson[], at: DemoPosition): DemoPosition | undefined {
  const lesson = lessons[at.lesson];
  if (!lesson) return undefined;
  if (at.step + 1 < lesson.steps.length) return { lesson: at.lesson, step: at.step + 1 };
  return at.lesson + 1 < lessons.length ? { lesson: at.lesson + 1, step: TITLE_CARD } : undefined;
}

/** The slide before; undefined on the very first. */
export function previousPosition(lessons: readonly Lesson[], at: DemoPosition): DemoPosition | undefined {
  if (at.step > TITLE_CARD) return { lesson: at.lesson, step: at.step - 1 };
  if (at.lesson === 0) return undefined;
  const previous = lessons[at.lesson - 1]!;
  return { lesson: at.lesson - 1, step: previous.steps.length - 1 };
}

/** Every step that comes before `at`, in order: what `--from` runs quietly first. */
export function stepsBefore(lessons: readonly Lesson[], at: DemoPosition): DemoPosition[] {
  const out: DemoPosition[] = [];
  lessons.forEach((lesson, index) => {
    if (index > at.lesson) return;
    const end = index < at.lesson ? lesson.steps.length : Math.max(0, at.step);
    for (let step = 0; step < end; step++) out.push({ lesson: index, step });
  });
  return out;
}

export function samePosition(a: DemoPosition, b: DemoPosition): boolean {
  return a.lesson === b.lesson && a.step === b.step;
}

import type { LessonFinished, RunEvent } from '../engine/index.js';
import type { Lesson } from '../lesson/index.js';
import { talkLessonRun, type Talk } from './talk.js';

/** The talk to reset (its lessons are reset last first) and where the clean-up runs report. */
export interface ResetOptions extends Talk {
  /** Every event of every clean-up run (a text reporter prints them). */
  readonly onEvent: (event: RunEvent) => void;
  /** A lesson with nothing to clean up on this target. */
  readonly onSkip: (lesson: Lesson, reason: string) => void;
}

export interface ResetOutcome {
  readonly lesson: Lesson;
  readonly status: LessonFinished['status'] | 'nothing';
}

/** The lesson reduced to its `## Clean up` section, or undefined when that does nothing on this target. */
export function cleanupOnly(lesson: Lesson): Lesson | undefined {
  const cleanup = lesson.cleanup;
  if (!cleanup?.blocks.some((block) => block.type === 'run' || block.type === 'file' || block.type === 'check'))
    return undefined;
  return { ...lesson, steps: [], cleanup };
}

/**
 * `demo --reset`: runs every lesson's clean-up, the last lesson first (each undoes what it added
 * on top of the ones before), so a talk can be rehearsed again and again. A clean-up that fails
 * does not stop the others: the more is undone, the better the next rehearsal starts.
 */
export async function resetLessons(options: ResetOptions): Promise<ResetOutcome[]> {
  const outcomes: ResetOutcome[] = [];
  for (const lesson of [...options.lessons].reverse()) {
    const only = cleanupOnly(lesson);
    if (!only) {
      options.onSkip(lesson, `it has nothing to clean up on the ${options.target.name} target`);
      outcomes.push({ lesson, status: 'nothing' });
      continue;
    }
    const run = await talkLessonRun(options, only, { includeCleanup: true });
    run.subscribe(options.onEvent);
    outcomes.push({ lesson, status: await run.runAll() });
  }
  return outcomes;
}

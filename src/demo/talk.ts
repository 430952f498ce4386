import { createLessonRun, type LessonRun, type LessonRunOptions } from '../engine/index.js';
import type { Lesson } from '../lesson/index.js';
import type { Redactor } from '../secrets/index.js';
import type { TargetSession } from '../targets/index.js';

/** The talk's lessons and how each one runs: what presenting, fast-forward and --reset share. */
export interface Talk {
  /** The talk's lessons in talk order, already projected to the target. */
  readonly lessons: readonly Lesson[];
  readonly target: TargetSession;
  /** One for the whole talk: the recording masks every lesson's secrets. */
  readonly redactor: Redactor;
  readonly vars?: Readonly<Record<string, string>>;
  readonly secrets?: Readonly<Record<string, string>>;
  readonly workdirFor: (lesson: Lesson) => string;
  readonly fixturesDirFor: (lessonFile: string) => string;
}

/** What one use of a lesson's run adds to the talk's settings. */
export type TalkRunExtras = Pick<LessonRunOptions, 'prompt' | 'beforeCommand' | 'includeCleanup'>;

// The workshop builds its runs itself: a learner's run restores saved progress and secrets and asks through dialogs.
/** A run of `lesson` as the talk runs it: in its own work folder, with the talk's values and redactor. */
export function talkLessonRun(talk: Talk, lesson: Lesson, extras: TalkRunExtras = {}): Promise<LessonRun> {
  const { target, redactor, vars, secrets } = talk;
  return createLessonRun({
    lesson,
    target,
    mode: 'run',
    workdir: talk.workdirFor(lesson),
    fixturesDir: talk.fixturesDirFor(lesson.file),
    vars,
    secrets,
    redactor,
    ...extras,
  });
}

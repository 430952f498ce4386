import { mkdir } from 'node:fs/promises';
import { LessonRun, type LessonFinished, type RunEvent } from '../engine/index.js';
import type { Lesson } from '../lesson/index.js';
import type { Redactor } from '../secrets/index.js';
import type { TargetSession } from '../targets/index.js';

export interface ResetOptions {
  /** The talk's lessons in talk order, projected to the target; they are reset last first. */
  readonly lessons: readonly Lesson[];
  readonly target: TargetSession;
  readonly redactor: Redactor;
  readonly vars?: Readonly<Record<string, string>>;
  readonly secrets?: Readonly<Record<string, string>>;
  readonly workdirFor: (lesson: Lesson) => string;
  readonly fixturesDirFor: (lessonFile: string) => string;
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
  if (!cleanup || !cleanup.blocks.some((block) => block.type === 'run' || block.type === 'file' || block.type === 'check')) return undefined;
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
    const workdir = options.workdirFor(lesson);
    await mkdir(workdir, { recursive: true });
    const run = new LessonRun({
      lesson: only,
      target: options.target,
      mode: 'run',
      workdir,
      fixturesDir: options.fixturesDirFor(lesson.file),
      vars: options.vars,
      secrets: options.secrets,
      redactor: options.redactor,
      includeCleanup: true,
    });
    run.subscribe(options.onEvent);
    outcomes.push({ lesson, status: await run.runAll() });
  }
  return outcomes;
}

import { cleanupOnly, resetLessons } from '../../demo/index.js';
import type { Lesson } from '../../lesson/index.js';
import { createReporter, shouldColor } from '../../report/index.js';
import type { Redactor } from '../../secrets/index.js';
import { packageVersion } from '../../shared/index.js';
import type { TargetSession } from '../../targets/index.js';
import { ExitCode } from '../exit-codes.js';

export interface ResetInput {
  readonly lessons: readonly Lesson[];
  readonly session: TargetSession;
  readonly redactor: Redactor;
  readonly vars: Readonly<Record<string, string>>;
  readonly secrets: Readonly<Record<string, string>>;
  readonly workdirFor: (lesson: Lesson) => string;
  readonly fixturesDirFor: (lessonFile: string) => string;
}

/** `demo --reset`: every lesson's clean-up, last lesson first, reported like `run`. */
export async function resetTalk(input: ResetInput): Promise<number> {
  const cleanups = input.lessons.flatMap((lesson) => {
    const only = cleanupOnly(lesson);
    return only ? [[lesson.file, only] as const] : [];
  });
  const reporter = createReporter('text', {
    write: (text) => void process.stdout.write(text),
    lessons: new Map(cleanups),
    mode: 'run',
    target: input.session.name,
    version: packageVersion(),
    color: shouldColor(process.stdout),
  });
  process.stdout.write(
    `Resetting ${input.lessons.length} lesson${input.lessons.length === 1 ? '' : 's'} on ` +
      `${input.session.description}: clean-up sections, last lesson first.\n`,
  );
  const outcomes = await resetLessons({
    ...input,
    target: input.session,
    onEvent: (event) => reporter.onEvent(event),
    onSkip: (lesson, reason) => reporter.skipLesson(lesson, reason),
  });
  reporter.end();
  const statuses = outcomes.map((outcome) => outcome.status);
  if (statuses.includes('error')) return ExitCode.Fault;
  if (statuses.includes('failed')) return ExitCode.CheckFailed;
  if (statuses.includes('cancelled')) return 130;
  process.stdout.write('\nReady to present again.\n');
  return ExitCode.Ok;
}

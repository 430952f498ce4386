import { rm } from 'node:fs/promises';
import { closeHttpAgent } from '../../checks/index.js';
import { createLessonRun } from '../../engine/index.js';
import { createReporter, createStyle, shouldColor } from '../../report/index.js';
import { packageVersion } from '../../shared/index.js';
import { lessonWorkdir } from '../../state/index.js';
import { ExitCode } from '../exit-codes.js';
import { fixturesDirFor } from '../lesson-files.js';
import { targetSettings, type TargetFlags } from '../lesson-options.js';
import { ensureTrusted, loadLessonSet, prepareTarget } from './headless.js';

export interface CleanFlags extends TargetFlags {
  keepFiles?: boolean;
}

/**
 * `kong-workshop clean <lesson>`: runs a lesson's `## Clean up` section against the target and
 * removes the lesson's work folder (the files its steps wrote, a token file among them), unless
 * --keep-files. What the workshop offers when a lesson ends.
 */
export async function runClean(args: readonly string[], flags: CleanFlags): Promise<number> {
  const set = await loadLessonSet(args, flags);
  if (!set) return ExitCode.InvalidLesson;
  const { targetName, vars, secrets, runnable: projected } = set;
  await ensureTrusted(projected, 'run', flags.trust === true);
  const dim = createStyle(shouldColor(process.stderr)).dim;
  const log = (line: string) => void process.stderr.write(`${dim(line)}\n`);
  const withCleanup = projected.filter((lesson) => lesson.cleanup);
  let failed = false;
  if (withCleanup.length > 0) {
    const session = await prepareTarget(targetName, {
      vars: { ...vars, ...secrets },
      settings: targetSettings(flags),
      log,
    });
    const reporter = createReporter('text', {
      write: (text) => void process.stdout.write(text),
      lessons: new Map(withCleanup.map((lesson) => [lesson.file, lesson])),
      mode: 'run',
      target: targetName,
      version: packageVersion(),
      color: shouldColor(process.stdout),
    });
    try {
      for (const lesson of withCleanup) {
        const run = await createLessonRun({
          // The clean-up asks for nothing up front: a value it needs and lacks is reported where it is used.
          lesson: { ...lesson, vars: [] },
          target: session,
          mode: 'run',
          workdir: flags.workdir ?? lessonWorkdir(lesson.id, targetName),
          fixturesDir: fixturesDirFor(lesson.file),
          vars,
          secrets,
          includeCleanup: true,
        });
        run.subscribe((event) => reporter.onEvent(event));
        const fault = await run.start();
        const status = fault ? 'error' : await run.runStep(run.stepCount - 1);
        await run.finish(fault);
        if (status !== 'passed') failed = true;
      }
    } finally {
      await session.close();
      await closeHttpAgent();
    }
    reporter.end();
  }
  for (const lesson of projected) {
    if (!lesson.cleanup) process.stdout.write(`${lesson.title}: no clean-up section\n`);
    if (flags.keepFiles || flags.workdir) continue;
    const workdir = lessonWorkdir(lesson.id, targetName);
    await rm(workdir, { recursive: true, force: true });
    process.stdout.write(`${lesson.title}: removed its work folder ${workdir}\n`);
  }
  return failed ? ExitCode.CheckFailed : ExitCode.Ok;
}

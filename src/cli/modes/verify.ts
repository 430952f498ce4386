import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { closeHttpAgent } from '../../checks/index.js';
import { projectLesson, type Lesson, type TargetName } from '../../lesson/index.js';
import { createStyle, shouldColor } from '../../report/index.js';
import { Redactor } from '../../secrets/index.js';
import { statePaths, writeFileAtomically } from '../../state/index.js';
import { targetFor, TargetError, type TargetSession } from '../../targets/index.js';
import { renderVerifyReport, totalsOf, verifyLesson, type LessonVerification } from '../../verify/index.js';
import { parseAssignments } from '../assignments.js';
import { CliError, ExitCode } from '../exit-codes.js';
import { fixturesDirFor, resolveLessonFiles } from '../lesson-files.js';
import { targetSettings, type TargetFlags } from '../lesson-options.js';
import { validateReportFile, validateWorkdir } from '../output-options.js';
import { chooseTarget, ensureTrusted, loadLessons } from './headless.js';

export interface VerifyFlags extends TargetFlags {
  format: 'text' | 'json' | 'junit';
  reportFile?: string;
}

/** `kong-workshop verify`: proves that every check of the lessons means something on a target. */
export async function runVerify(args: readonly string[], flags: VerifyFlags): Promise<number> {
  validateReportFile(flags.reportFile);
  validateWorkdir(flags.workdir);
  const vars = parseAssignments(flags.var, '--var');
  const secrets = parseAssignments(flags.secret, '--secret');
  const lessons = await loadLessons(resolveLessonFiles(args));
  if (!lessons) return ExitCode.InvalidLesson;
  const targetName = chooseTarget(flags.target, lessons);
  const runnable = lessons
    .filter((lesson) => lesson.targets.includes(targetName))
    .map((lesson) => projectLesson(lesson, targetName));
  if (runnable.length === 0) {
    throw new CliError(
      ExitCode.Usage,
      `none of these lessons runs on the ${targetName} target`,
      `they support: ${[...new Set(lessons.flatMap((l) => l.targets))].join(', ')}; choose one with --target`,
    );
  }
  await ensureTrusted(runnable, 'run', flags.trust === true);

  const dim = createStyle(shouldColor(process.stderr)).dim;
  const log = (line: string) => void process.stderr.write(`${dim(line)}\n`);
  // A clean target: on sandbox and kind-lab, a sandbox of verify's own with nothing configured,
  // in a private state folder, so neither a running sandbox nor saved configuration leaks in.
  const ownSandbox = targetName === 'sandbox' || targetName === 'kind-lab';
  const privateHome = ownSandbox ? await mkdtemp(join(tmpdir(), 'kong-workshop-verify-')) : undefined;
  const savedHome = process.env.KONG_WORKSHOP_HOME;
  if (privateHome) process.env.KONG_WORKSHOP_HOME = privateHome;
  try {
    return await verifyOn(targetName, runnable, flags, vars, secrets, log);
  } finally {
    if (privateHome) {
      if (savedHome === undefined) delete process.env.KONG_WORKSHOP_HOME;
      else process.env.KONG_WORKSHOP_HOME = savedHome;
      await rm(privateHome, { recursive: true, force: true });
    }
  }
}

async function verifyOn(
  targetName: TargetName,
  runnable: readonly Lesson[],
  flags: VerifyFlags,
  vars: Record<string, string>,
  secrets: Record<string, string>,
  log: (line: string) => void,
): Promise<number> {
  let session: TargetSession;
  try {
    session = await targetFor(targetName).prepare({
      vars: { ...vars, ...secrets },
      settings: targetSettings({ ...flags, keepSandbox: false }),
      log,
    });
  } catch (error) {
    if (error instanceof TargetError) throw new CliError(ExitCode.Fault, error.message, error.hint);
    throw error;
  }
  const redactor = new Redactor();
  for (const value of [...session.secrets, ...Object.values(secrets)]) redactor.add(value);
  const results: LessonVerification[] = [];
  try {
    for (const [index, lesson] of runnable.entries()) {
      log(`verifying ${lesson.id} on ${targetName}…`);
      const workdir = flags.workdir ?? join(statePaths().stateDir, 'verify', lesson.id, targetName);
      if (!flags.workdir) await rm(workdir, { recursive: true, force: true });
      results.push(
        await verifyLesson({
          lesson,
          target: session,
          workdir,
          fixturesDir: fixturesDirFor(lesson.file),
          vars,
          secrets,
          redactor,
          restoreAfter: index < runnable.length - 1,
        }),
      );
    }
  } finally {
    await session.close();
    await closeHttpAgent();
  }
  const report = redactor.redact(renderVerifyReport(flags.format, results, targetName));
  if (flags.reportFile) {
    await writeFileAtomically(flags.reportFile, report, { mode: 0o644 });
    process.stdout.write(redactor.redact(renderVerifyReport('text', results, targetName)));
  } else {
    process.stdout.write(report);
  }
  const totals = totalsOf(results);
  if (totals.faults > 0 && totals.provesNothing + totals.failing + totals.notCleanedUp === 0) return ExitCode.Fault;
  return totals.proven === totals.checks && totals.faults === 0 ? ExitCode.Ok : ExitCode.CheckFailed;
}

import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { closeHttpAgent } from '../../checks/index.js';
import type { Lesson, TargetName } from '../../lesson/index.js';
import { createStyle, shouldColor } from '../../report/index.js';
import { Redactor } from '../../secrets/index.js';
import { statePaths, writeFileAtomically } from '../../state/index.js';
import { renderVerifyReport, totalsOf, verifyLesson, type LessonVerification } from '../../verify/index.js';
import { preflight } from '../preflight.js';
import { ExitCode } from '../exit-codes.js';
import { fixturesDirFor } from '../lesson-files.js';
import { targetSettings, type TargetFlags } from '../lesson-options.js';
import { validateFormatDestination, validateReportFile } from '../output-options.js';
import { ensureTrusted, loadLessonSet, prepareTarget } from './headless.js';

export interface VerifyFlags extends TargetFlags {
  format: 'text' | 'json' | 'junit' | 'html';
  reportFile?: string;
}

/** `kong-workshop verify`: proves that every check of the lessons means something on a target. */
export async function runVerify(args: readonly string[], flags: VerifyFlags): Promise<number> {
  validateReportFile(flags.reportFile);
  validateFormatDestination(flags.format, flags.reportFile);
  const set = await loadLessonSet(args, flags);
  if (!set) return ExitCode.InvalidLesson;
  const { targetName, vars, secrets, runnable } = set;
  await ensureTrusted(runnable, 'run', flags.trust === true);
  await preflight(targetName, runnable);

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
  const session = await prepareTarget(targetName, {
    vars: { ...vars, ...secrets },
    settings: targetSettings({ ...flags, keepSandbox: false }),
    log,
  });
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
  // A page escapes what it shows, so its secrets are masked before, not only after, it is written.
  const shown = flags.format === 'html' ? redactor.redactDeep(results) : results;
  const report = redactor.redact(renderVerifyReport(flags.format, shown, targetName));
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

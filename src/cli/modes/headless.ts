import { createInterface } from 'node:readline/promises';
import { rm } from 'node:fs/promises';
import { join } from 'node:path';
import { closeHttpAgent } from '../../checks/index.js';
import { createLessonRun, type LessonRun, type RunMode } from '../../engine/index.js';
import { parseLessonFile, projectLesson, TARGET_NAMES, type Lesson, type TargetName } from '../../lesson/index.js';
import { createReporter, createStyle, LiveLine, shouldColor, verboseLines } from '../../report/index.js';
import { loadProgress, saveProgress, type LessonProgress } from '../../progress/index.js';
import { Redactor } from '../../secrets/index.js';
import { earlierStatuses, progressSnapshot, resumeIndex, savedSecretsFor } from '../../workshop/index.js';
import { packageVersion, isReporterKind, isTargetName } from '../../shared/index.js';
import { lessonWorkdir, statePaths, writeFileAtomically } from '../../state/index.js';
import { targetFor, TargetError, type TargetSession } from '../../targets/index.js';
import { commandsOf, isBundledLesson, runsCommands } from '../../trust/index.js';
import { parseAssignments } from '../assignments.js';
import { finishClassReporting, joinedClassReporter } from '../class-link.js';
import { printDiagnostics } from '../diagnostics.js';
import { CliError, ExitCode } from '../exit-codes.js';
import { fixturesDirFor, resolveLessonFiles } from '../lesson-files.js';
import { targetSettings, type ReportFlags, type TargetFlags } from '../lesson-options.js';

export interface HeadlessFlags extends TargetFlags, ReportFlags {
  cleanup?: boolean;
}

/**
 * `kong-workshop run` and `kong-workshop check`: lessons end to end (or only their checks)
 * without a UI, with a report and an exit code that says why a run did not pass.
 */
export async function runHeadless(mode: RunMode, args: readonly string[], flags: HeadlessFlags): Promise<number> {
  const vars = parseAssignments(flags.var, '--var');
  const secrets = parseAssignments(flags.secret, '--secret');
  const lessons = await loadLessons(resolveLessonFiles(args));
  if (!lessons) return ExitCode.InvalidLesson;

  const targetName = chooseTarget(flags.target, lessons);
  const runnable = lessons
    .filter((lesson) => lesson.targets.includes(targetName))
    .map((lesson) => projectLesson(lesson, targetName));
  const unsupported = lessons.filter((lesson) => !lesson.targets.includes(targetName));
  if (runnable.length === 0) {
    throw new CliError(
      ExitCode.Usage,
      `none of these lessons runs on the ${targetName} target`,
      `they support: ${[...new Set(lessons.flatMap((l) => l.targets))].join(', ')}; choose one with --target`,
    );
  }
  await ensureTrusted(runnable, mode, flags.trust === true);

  let report = '';
  // On a terminal, a polling check shows a live line on stderr; it is cleared before each line of the report.
  const live =
    process.stderr.isTTY && (flags.output !== undefined || process.stdout.isTTY)
      ? new LiveLine(process.stderr, createStyle(shouldColor(process.stderr)))
      : undefined;
  const write = flags.output
    ? (text: string) => {
        report += text;
      }
    : (text: string) => {
        live?.clear();
        process.stdout.write(text);
      };
  const reporter = createReporter(
    flags.reporter !== undefined && isReporterKind(flags.reporter) ? flags.reporter : 'text',
    {
      write,
      lessons: new Map(runnable.map((lesson) => [lesson.file, lesson])),
      mode,
      target: targetName,
      version: packageVersion(),
      color: !flags.output && shouldColor(process.stdout),
      quiet: flags.quiet,
    },
  );
  const dim = createStyle(shouldColor(process.stderr)).dim;
  const log = (line: string) => void process.stderr.write(`${dim(line)}\n`);

  let session: TargetSession;
  try {
    session = await targetFor(targetName).prepare({
      vars: { ...vars, ...secrets },
      settings: targetSettings(flags),
      log,
    });
  } catch (error) {
    if (error instanceof TargetError) throw new CliError(ExitCode.Fault, error.message, error.hint);
    throw error;
  }

  const redactor = new Redactor();
  for (const value of [...session.secrets, ...Object.values(secrets)]) redactor.add(value);
  const classReporter = await joinedClassReporter();
  const statuses: string[] = [];
  const interrupt = new InterruptHandler();
  try {
    for (const lesson of unsupported)
      reporter.skipLesson(
        lesson,
        `it does not support the ${targetName} target (it supports ${lesson.targets.join(', ')})`,
      );
    for (const lesson of runnable) {
      if (interrupt.interrupted) break;
      const workdir = flags.workdir ?? lessonWorkdir(lesson.id, targetName);
      if (mode === 'run' && !flags.workdir) await rm(workdir, { recursive: true, force: true });
      const previous = savedProgress(lesson, targetName);
      const run = await createLessonRun({
        lesson,
        target: session,
        mode,
        earlier: earlierStatuses(previous),
        workdir,
        fixturesDir: fixturesDirFor(lesson.file),
        vars,
        // A check judges the state the lesson's steps left, with what they saved: the values they
        // captured (progress) and the secrets answered at prompts (credential store).
        ...(mode === 'check'
          ? { restored: previous?.vars, secrets: { ...savedSecretsFor(lesson), ...secrets } }
          : { secrets }),
        redactor,
        includeCleanup: mode === 'run' && flags.cleanup === true,
      });
      run.subscribe((event) => {
        reporter.onEvent(event);
        if (flags.verbose) {
          const lines = verboseLines(event);
          if (lines.length) {
            live?.clear();
            process.stderr.write(`${dim(lines.join('\n'))}\n`);
          }
        }
        live?.onEvent(event);
      });
      classReporter?.attach(run);
      interrupt.current = run;
      statuses.push(await run.runAll());
      await recordProgress(lesson, targetName, run, previous, log);
    }
  } finally {
    interrupt.dispose();
    await session.close();
    await closeHttpAgent();
    await finishClassReporting(classReporter, log);
  }
  reporter.end();
  if (flags.output) await writeFileAtomically(flags.output, report, { mode: 0o644 });

  if (interrupt.interrupted) return 130;
  if (statuses.includes('error')) return ExitCode.Fault;
  if (statuses.includes('failed')) return ExitCode.CheckFailed;
  if (statuses.includes('cancelled')) return 130;
  return ExitCode.Ok;
}

function savedProgress(lesson: Lesson, target: TargetName): LessonProgress | undefined {
  const load = loadProgress(lesson.id, target);
  return load.status === 'ok' ? load.progress : undefined;
}

/**
 * One progress record for the TUI and headless runs: what `run` or `check` proved is saved the
 * way the workshop saves it, so the home screen shows a lesson checked from the command line.
 */
async function recordProgress(
  lesson: Lesson,
  target: TargetName,
  run: LessonRun,
  previous: LessonProgress | undefined,
  log: (line: string) => void,
): Promise<void> {
  const earned = run.state.steps.slice(0, lesson.steps.length).map((step) => step.earned);
  try {
    await saveProgress(
      progressSnapshot({
        lesson,
        target,
        earned,
        previous,
        stepIndex: resumeIndex(lesson, earned, previous),
        vars: run.variables.savable(),
      }),
    );
  } catch (error) {
    log(`progress for ${lesson.id} could not be saved: ${error instanceof Error ? error.message : String(error)}`);
  }
}

/** Parses every file first: nothing runs if any lesson is invalid. */
export async function loadLessons(files: readonly string[]): Promise<Lesson[] | undefined> {
  const results = await Promise.all(files.map((file) => parseLessonFile(file)));
  const failed = results.filter((result) => !result.lesson);
  if (failed.length > 0) {
    await printDiagnostics(results.flatMap((result) => result.diagnostics.filter((d) => d.severity === 'error')));
    return undefined;
  }
  return results.map((result) => result.lesson!);
}

/** --target, else the sandbox when every lesson supports it, else the first lesson's default. */
export function chooseTarget(flag: string | undefined, lessons: readonly Lesson[]): TargetName {
  if (flag && isTargetName(flag)) return flag;
  if (lessons.every((lesson) => lesson.targets.includes('sandbox'))) return 'sandbox';
  return lessons[0]?.targets[0] ?? TARGET_NAMES[0];
}

export async function ensureTrusted(lessons: readonly Lesson[], mode: RunMode, trustFlag: boolean): Promise<void> {
  const untrusted = lessons.filter((lesson) => !isBundledLesson(lesson.file) && runsCommands(lesson, mode));
  if (untrusted.length === 0 || trustFlag) return;
  const names = untrusted.map((lesson) => lesson.file).join(', ');
  if (!process.stdin.isTTY || !process.stderr.isTTY) {
    throw new CliError(
      ExitCode.Usage,
      `refusing to run commands from lessons that do not ship with kong-workshop: ${names}`,
      'read them first; if you trust them, add --trust',
    );
  }
  process.stderr.write(`These lessons do not ship with kong-workshop and will run commands on this machine as you:\n`);
  for (const lesson of untrusted) {
    process.stderr.write(`  ${lesson.file}\n`);
    for (const command of commandsOf(lesson).slice(0, 8)) process.stderr.write(`    $ ${command.split('\n')[0]}\n`);
  }
  const prompt = createInterface({ input: process.stdin, output: process.stderr });
  const answer = await prompt.question('Run them? [y/N] ');
  prompt.close();
  if (!/^y(es)?$/i.test(answer.trim()))
    throw new CliError(ExitCode.Usage, 'not trusted; nothing was run', 'add --trust to skip this question');
}

/** Ctrl-C stops the running command (and its process group); a second Ctrl-C exits at once. */
class InterruptHandler {
  interrupted = false;
  current: LessonRun | undefined;
  private readonly onSigint = () => {
    if (this.interrupted) process.exit(130);
    this.interrupted = true;
    process.stderr.write('\ninterrupted: stopping the running command (Ctrl-C again to quit at once)\n');
    this.current?.cancel();
  };

  constructor() {
    process.on('SIGINT', this.onSigint);
  }

  dispose(): void {
    process.off('SIGINT', this.onSigint);
  }
}

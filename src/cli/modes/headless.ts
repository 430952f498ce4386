import { createInterface } from 'node:readline/promises';
import { rm } from 'node:fs/promises';
import { closeHttpAgent } from '../../checks/index.js';
import { createLessonRun, type LessonRun, type RunMode } from '../../engine/index.js';
import { parseLessonFile, projectLesson, TARGET_NAMES, type Lesson, type TargetName } from '../../lesson/index.js';
import { createReporter, createStyle, LiveLine, shouldColor, verboseLines, type Reporter } from '../../report/index.js';
import { loadProgress, saveProgress, type LessonProgress } from '../../progress/index.js';
import { Redactor } from '../../secrets/index.js';
import {
  earlierStatuses,
  progressSnapshot,
  rememberSecretExports,
  resumeIndex,
  savedSecretExports,
  savedSecretsFor,
  secretsSavedElsewhere,
} from '../../workshop/index.js';
import { packageVersion, isReporterKind, isTargetName } from '../../shared/index.js';
import { lessonWorkdir, statePaths, writeFileAtomically } from '../../state/index.js';
import { targetFor, TargetError, type TargetOptions, type TargetSession } from '../../targets/index.js';
import { isBundledLesson, markTrusted, needsConsent, planLines, trustPlanOf } from '../../trust/index.js';
import { exitCodeForSignal } from '../../exec/index.js';
import { finishEvenWithoutOutput } from '../../shared/index.js';
import { lessonVariables } from '../assignments.js';
import { environmentSecretNames, resolveSecrets } from '../secret-sources.js';
import { preflight } from '../preflight.js';
import { finishClassReporting, joinedClassReporter } from '../class-link.js';
import { printDiagnostics } from '../diagnostics.js';
import { CliError, ExitCode } from '../exit-codes.js';
import { fixturesDirFor, resolveLessonFiles } from '../lesson-files.js';
import { QuietSteps, stepIndexFrom } from './run-from.js';
import { targetSettings, type ReportFlags, type TargetFlags } from '../lesson-options.js';
import { validateFormatDestination, validateReportFile, validateWorkdir } from '../output-options.js';

export interface HeadlessFlags extends TargetFlags, ReportFlags {
  /** `check --reuse-secrets`: a lesson's secret may come from one saved for another lesson. */
  reuseSecrets?: boolean;
  cleanup?: boolean;
  /** `run --from STEP`: the steps before it run quietly. */
  from?: string;
}

/**
 * `kong-workshop run` and `kong-workshop check`: lessons end to end (or only their checks)
 * without a UI, with a report and an exit code that says why a run did not pass.
 */
export async function runHeadless(mode: RunMode, args: readonly string[], flags: HeadlessFlags): Promise<number> {
  validateReportFile(flags.reportFile);
  validateFormatDestination(flags.format, flags.reportFile);
  const set = await loadLessonSet(args, flags);
  if (!set) return ExitCode.InvalidLesson;
  const { targetName, vars, secrets, runnable, unsupported } = set;
  await ensureTrusted(runnable, mode, flags.trust === true, Object.keys(secrets));
  const from = flags.from === undefined ? undefined : fromStep(runnable, flags.from);
  await preflight(targetName, runnable);

  const redactor = new Redactor();
  const output = createOutput(flags, runnable, mode, targetName, redactor);
  const { reporter, live } = output;
  const dim = createStyle(shouldColor(process.stderr)).dim;
  const log = (line: string) => void process.stderr.write(`${dim(line)}\n`);

  const session = await prepareTarget(targetName, {
    vars: { ...vars, ...secrets },
    settings: targetSettings(flags),
    log,
  });

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
          ? {
              restored: previous?.vars,
              secrets: { ...savedSecretsFor(lesson), ...reusedSecrets(lesson, flags), ...secrets },
              restoredExports: { plain: previous?.exports, secret: savedSecretExports(lesson.id, targetName) },
            }
          : { secrets }),
        redactor,
        includeCleanup: mode === 'run' && flags.cleanup === true,
      });
      const quiet =
        from &&
        new QuietSteps(
          from.index,
          log,
          lesson.steps.map((step) => step.title),
        );
      run.subscribe((event) => {
        if (quiet) quiet.pass(event, (shown) => reporter.onEvent(shown));
        else reporter.onEvent(event);
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
  await output.finish();

  if (interrupt.interrupted) return interrupt.exitCode;
  if (statuses.includes('error')) return ExitCode.Fault;
  if (statuses.includes('failed')) return ExitCode.CheckFailed;
  if (statuses.includes('cancelled')) return 130;
  return ExitCode.Ok;
}

/** `--from` names a step of the one lesson being run. */
function fromStep(lessons: readonly Lesson[], from: string): { readonly index: number } {
  const [lesson, ...others] = lessons;
  if (!lesson || others.length > 0)
    throw new CliError(ExitCode.Usage, '--from needs exactly one lesson', 'run one lesson: run LESSON --from STEP');
  return { index: stepIndexFrom(lesson, from) };
}

interface HeadlessOutput {
  readonly reporter: Reporter;
  readonly live: LiveLine | undefined;
  /** Writes the report file, when one was asked for. */
  finish(): Promise<void>;
}

/**
 * Where the report goes: `--format` on standard output; with `--report-file`, the report in that
 * format goes to the file and the text report still streams to the console, so a CI log and a
 * JUnit file (or an HTML page) come from one run.
 */
function createOutput(
  flags: HeadlessFlags,
  lessons: readonly Lesson[],
  mode: RunMode,
  target: TargetName,
  redactor: Redactor,
): HeadlessOutput {
  const kind = isReporterKind(flags.format) ? flags.format : 'text';
  const common = {
    lessons: new Map(lessons.map((lesson) => [lesson.file, lesson])),
    mode,
    target,
    version: packageVersion(),
    quiet: flags.quiet,
    redactor,
  };
  const consoleKind = flags.reportFile ? 'text' : kind;
  // On a terminal, a polling check shows a live line on stderr; it is cleared before each line of the report.
  const live =
    process.stderr.isTTY && (process.stdout.isTTY || consoleKind !== 'text')
      ? new LiveLine(process.stderr, createStyle(shouldColor(process.stderr)))
      : undefined;
  const toConsole = createReporter(consoleKind, {
    ...common,
    write: (text) => {
      live?.clear();
      process.stdout.write(text);
    },
    color: consoleKind === 'text' && shouldColor(process.stdout),
  });
  const reportFile = flags.reportFile;
  if (reportFile === undefined) return { reporter: toConsole, live, finish: async () => {} };
  const chunks: string[] = [];
  const toFile = createReporter(kind, { ...common, write: (text) => chunks.push(text), color: false });
  const both: Reporter = {
    onEvent(event) {
      toConsole.onEvent(event);
      toFile.onEvent(event);
    },
    skipLesson(lesson, reason) {
      toConsole.skipLesson(lesson, reason);
      toFile.skipLesson(lesson, reason);
    },
    end() {
      toConsole.end();
      toFile.end();
    },
  };
  return { reporter: both, live, finish: () => writeFileAtomically(reportFile, chunks.join(''), { mode: 0o644 }) };
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
  const exports = run.exportsToSave();
  try {
    if (exports) await rememberSecretExports(lesson.id, target, exports.secret);
    await saveProgress(
      progressSnapshot({
        lesson,
        target,
        earned,
        previous,
        stepIndex: resumeIndex(lesson, earned, previous),
        vars: run.variables.savable(),
        ...(exports ? { exports: exports.plain } : {}),
      }),
    );
  } catch (error) {
    log(
      `progress for ${lesson.id} was NOT saved: ${error instanceof Error ? error.message : String(error)} ` +
        `(check that ${statePaths().progressDir} is writable)`,
    );
  }
}

/** Parses every file first: nothing runs if any lesson is invalid. */
/** The lessons a command names, for the target it runs them on, with the values it was given. */
export interface LessonSet {
  readonly lessons: readonly Lesson[];
  readonly targetName: TargetName;
  /** The lessons that run on the target, projected onto it. */
  readonly runnable: readonly Lesson[];
  readonly unsupported: readonly Lesson[];
  readonly vars: Record<string, string>;
  readonly secrets: Record<string, string>;
}

/**
 * Reads the lessons named on the command line (undefined when one does not parse: its diagnostics
 * are printed), chooses the target and gathers `--var` values and secrets; a set with no lesson for
 * the target is a usage error that names the targets they support.
 */
export async function loadLessonSet(args: readonly string[], flags: TargetFlags): Promise<LessonSet | undefined> {
  validateWorkdir(flags.workdir);
  const vars = lessonVariables(flags);
  const lessons = await loadLessons(resolveLessonFiles(args));
  if (!lessons) return undefined;
  const targetName = chooseTarget(flags.target, lessons);
  const secrets = resolveSecrets(flags, await environmentSecretNames(lessons, targetName, flags.trust === true));
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
  const unsupported = lessons.filter((lesson) => !lesson.targets.includes(targetName));
  return { lessons, targetName, runnable, unsupported, vars, secrets };
}

/** Starts or connects to the target; one that cannot be reached is a fault (exit 3) with its hint. */
export async function prepareTarget(name: TargetName, options: TargetOptions): Promise<TargetSession> {
  try {
    return await targetFor(name).prepare(options);
  } catch (error) {
    if (error instanceof TargetError) throw new CliError(ExitCode.Fault, error.message, error.hint);
    throw error;
  }
}

/** With --reuse-secrets only: secrets saved for other lessons (or by name only) that this lesson declares. */
function reusedSecrets(lesson: Lesson, flags: HeadlessFlags): Record<string, string> {
  if (!flags.reuseSecrets) return {};
  return Object.fromEntries(Object.entries(secretsSavedElsewhere(lesson)).map(([name, saved]) => [name, saved.value]));
}

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

/**
 * One consent for everything a lesson from elsewhere would do: run commands, write files, and send
 * requests (and the secrets in them) to hosts the target does not declare. `--trust` gives it;
 * a terminal asks after listing all of it; anything else refuses before any work.
 */
export async function ensureTrusted(
  lessons: readonly Lesson[],
  mode: RunMode,
  trustFlag: boolean,
  secretNames: readonly string[] = [],
): Promise<void> {
  const elsewhere = lessons.filter((lesson) => !isBundledLesson(lesson.file));
  if (trustFlag) {
    for (const lesson of elsewhere) markTrusted(lesson.file);
    return;
  }
  const untrusted = elsewhere
    .map((lesson) => ({ lesson, plan: trustPlanOf(lesson, mode, secretNames) }))
    .filter(({ plan }) => needsConsent(plan));
  if (untrusted.length === 0) return;
  process.stderr.write('These lessons do not ship with kong-workshop. Run as you, they would:\n');
  for (const { lesson, plan } of untrusted) process.stderr.write(`${lesson.file}\n${planLines(plan).join('\n')}\n`);
  const names = untrusted.map(({ lesson }) => lesson.file).join(', ');
  const doing = [
    untrusted.some(({ plan }) => plan.commands.length > 0) ? 'run commands' : '',
    untrusted.some(({ plan }) => plan.writes.length > 0) ? 'write files' : '',
    untrusted.some(({ plan }) => plan.requests.length > 0) ? 'send requests beyond the target' : '',
  ].filter(Boolean);
  if (!process.stdin.isTTY || !process.stderr.isTTY) {
    throw new CliError(
      ExitCode.Usage,
      `refusing to ${doing.join(', ')} for lessons that do not ship with kong-workshop: ${names}`,
      'read them first (listed above); if you trust them, add --trust',
    );
  }
  const prompt = createInterface({ input: process.stdin, output: process.stderr });
  const answer = await prompt.question('Trust them and run? [y/N] ');
  prompt.close();
  if (!/^y(es)?$/i.test(answer.trim()))
    throw new CliError(ExitCode.Usage, 'not trusted; nothing was run', 'add --trust to skip this question');
  for (const { lesson } of untrusted) markTrusted(lesson.file);
}

/** The signals that stop a headless run; each ends it with the shell's code for it (128 + its number). */
const STOP_SIGNALS = ['SIGINT', 'SIGTERM', 'SIGHUP'] as const;
type StopSignal = (typeof STOP_SIGNALS)[number];

/**
 * Ctrl-C, SIGTERM and SIGHUP stop the running command with its whole process group (and every
 * process that carries its run marker), run no further step, save progress and end the run with
 * 130, 143 or 129. A second signal exits at once; the exec module's exit hook still kills the
 * groups it tracks.
 */
export class InterruptHandler {
  signal: StopSignal | undefined;
  current: { stop(): void } | undefined;
  private readonly handlers = new Map<StopSignal, () => void>();

  constructor() {
    for (const signal of STOP_SIGNALS) {
      const handler = () => this.onSignal(signal);
      this.handlers.set(signal, handler);
      process.on(signal, handler);
    }
  }

  get interrupted(): boolean {
    return this.signal !== undefined;
  }

  /** The exit code for the signal that stopped the run. */
  get exitCode(): number {
    return exitCodeForSignal(this.signal ?? 'SIGINT');
  }

  private onSignal(signal: StopSignal): void {
    if (this.signal) process.exit(exitCodeForSignal(signal));
    this.signal = signal;
    finishEvenWithoutOutput();
    // A hung-up terminal cannot be written to; anything else hears why the run stops.
    if (signal !== 'SIGHUP') {
      const again = signal === 'SIGINT' ? ' (Ctrl-C again to quit at once)' : '';
      process.stderr.write(`\n${signal === 'SIGINT' ? 'Ctrl-C' : signal}: stopping the running command${again}\n`);
    }
    this.current?.stop();
  }

  dispose(): void {
    for (const [signal, handler] of this.handlers) process.off(signal, handler);
  }
}

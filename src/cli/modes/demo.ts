import { statSync } from 'node:fs';
import { rm } from 'node:fs/promises';
import { homedir } from 'node:os';
import { basename, join, relative } from 'node:path';
import { closeHttpAgent } from '../../checks/index.js';
import { Demo, DemoError, resolveFrom, StageRedactor, stagePathsFor, type DemoPosition } from '../../demo/index.js';
import { projectLesson, type Lesson, type TargetName } from '../../lesson/index.js';
import type { Redactor } from '../../secrets/index.js';
import { bundledLessonsDir, formatDuration, packageRoot, shouldColor } from '../../shared/index.js';
import { statePaths } from '../../state/index.js';
import type { TargetSession } from '../../targets/index.js';
import { isBundledLesson } from '../../trust/index.js';
import { lessonVariables } from '../assignments.js';
import { environmentSecretNames, resolveSecrets } from '../secret-sources.js';
import { validateWorkdir } from '../output-options.js';
import { CliError, ExitCode } from '../exit-codes.js';
import { fixturesDirFor, resolveLessonFiles } from '../lesson-files.js';
import { targetSettings } from '../lesson-options.js';
import { demoSettings, type DemoFlags, type DemoSettings } from './demo-flags.js';
import { startRecording } from './demo-record.js';
import { resetTalk } from './demo-reset.js';
import { chooseTarget, ensureTrusted, loadLessons, prepareTarget } from './headless.js';
import { keepYoungGenerationSmall } from './young-generation.js';

const ALT_SCREEN_ON = '\u001B[?1049h\u001B[H\u001B[2J';
const ALT_SCREEN_OFF = '\u001B[?1049l';

/**
 * `kong-workshop demo [lessons…]`: the instructor's presenter view, `--reset` for rehearsals,
 * `--replay` for the stage fallback.
 */
export async function runDemo(args: readonly string[], flags: DemoFlags): Promise<number> {
  const settings = demoSettings(flags, args);
  if (settings.replay !== undefined) return (await import('./demo-replay.js')).replayRecording(settings.replay);

  validateWorkdir(flags.workdir);
  const vars = lessonVariables(flags);
  const lessons = await loadLessons(resolveLessonFiles(args.length ? args : [bundledLessonsDir()]));
  if (!lessons) return ExitCode.InvalidLesson;
  const targetName = chooseTarget(flags.target, lessons);
  const secrets = resolveSecrets(flags, await environmentSecretNames(lessons, targetName, flags.trust === true));
  const talk = talkFor(lessons, targetName);
  await ensureTrusted(talk, 'run', flags.trust === true);
  const from = settings.from ? usageOnDemoError(() => resolveFrom(settings.from!, talk, targetName)) : undefined;
  if (!settings.reset && (!process.stdout.isTTY || !process.stdin.isTTY)) {
    throw new CliError(
      ExitCode.Usage,
      'demo mode presents in a terminal, and this is not one',
      'run it in a terminal; `kong-workshop run` runs lessons headless',
    );
  }

  if (!settings.reset) keepYoungGenerationSmall();
  const session = await prepareStageTarget(targetName, flags, { ...vars, ...secrets });
  const workdirFor = (lesson: Lesson) => flags.workdir ?? join(statePaths().stateDir, 'work', lesson.id, targetName);
  // The room sees the paths it would type, never the presenter's clone or HOME (recordings included).
  const redactor = new StageRedactor(
    stagePathsFor({
      lessons: talk,
      workdirFor,
      fixturesDirFor,
      home: homedir(),
      packageRoot: packageRoot(),
      workshopHome: process.env.KONG_WORKSHOP_HOME,
    }),
  );
  for (const value of [...session.secrets, ...Object.values(secrets)]) redactor.add(value);
  try {
    const shared = { lessons: talk, redactor, vars, secrets, workdirFor, fixturesDirFor };
    if (settings.reset) return await resetTalk({ ...shared, session });
    // A talk starts from clean work folders, like `run` does.
    if (!flags.workdir)
      await Promise.all(talk.map((lesson) => rm(workdirFor(lesson), { recursive: true, force: true })));
    return await present(
      new Demo({
        ...shared,
        target: session,
        typing: { charsPerSecond: settings.charsPerSecond, reducedMotion: settings.reducedMotion },
        autoAdvanceMs: settings.autoAdvanceMs,
        from,
      }),
      settings,
      redactor,
      talk,
    );
  } finally {
    await session.close();
    await closeHttpAgent();
  }
}

/** The lessons that run on the target, projected to it; the others are left out with a note. */
function talkFor(lessons: readonly Lesson[], target: TargetName): Lesson[] {
  const talk = lessons
    .filter((lesson) => lesson.targets.includes(target))
    .map((lesson) => projectLesson(lesson, target));
  for (const lesson of lessons.filter((l) => !l.targets.includes(target))) {
    process.stderr.write(
      `note: “${lesson.title}” does not run on the ${target} target (it supports ${lesson.targets.join(', ')}); it ` +
        `is left out of the talk\n`,
    );
  }
  if (talk.length === 0) {
    throw new CliError(
      ExitCode.Usage,
      `none of these lessons runs on the ${target} target`,
      `they support: ${[...new Set(lessons.flatMap((l) => l.targets))].join(', ')}; choose one with --target`,
    );
  }
  return talk;
}

async function present(
  demo: Demo,
  settings: DemoSettings,
  redactor: Redactor,
  talk: readonly Lesson[],
): Promise<number> {
  const title = `kong-workshop demo: ${talk.map((lesson) => lesson.title).join(' · ')}`;
  const recording = settings.record
    ? startRecording(settings.record, process.stdout, redactor, title.length > 120 ? `${title.slice(0, 119)}…` : title)
    : undefined;
  const stdout = recording?.stdout ?? process.stdout;
  const ui = await import('../../ui/index.js');
  // A closed terminal or a kill still stops the lessons' commands, and leaves a playable recording.
  const onSignal = () =>
    void demo.quit().finally(() => {
      stdout.write(ALT_SCREEN_OFF);
      recording?.stop();
      process.exit(130);
    });
  process.once('SIGHUP', onSignal);
  process.once('SIGTERM', onSignal);
  const startedAt = performance.now();
  stdout.write(ALT_SCREEN_ON);
  recording?.follow(demo);
  const started = demo.start();
  try {
    await ui.runDemoUi({ demo, color: shouldColor(process.stdout), recording: recording !== undefined, stdout });
  } finally {
    await demo.quit();
    await started.catch(() => undefined);
    stdout.write(ALT_SCREEN_OFF);
    recording?.stop();
    process.off('SIGHUP', onSignal);
    process.off('SIGTERM', onSignal);
  }
  if (recording) {
    const file = recording.writer.file;
    if (recording.writer.failure)
      process.stderr.write(`warning: the recording stopped early: ${recording.writer.failure.message}\n`);
    process.stdout.write(
      `Recorded ${formatDuration(performance.now() - startedAt)} to ${file} (${sizeOf(file)}). Play it with ` +
        `\`kong-workshop demo --replay ${file}\` or \`asciinema play ${file}\`.\n`,
    );
  }
  const names = talk.map((lesson) =>
    isBundledLesson(lesson.file) ? basename(lesson.file, '.md') : relative(process.cwd(), lesson.file),
  );
  process.stdout.write(`To rehearse again from a clean slate: \`kong-workshop demo --reset ${names.join(' ')}\`.\n`);
  return ExitCode.Ok;
}

async function prepareStageTarget(
  name: TargetName,
  flags: DemoFlags,
  values: Record<string, string>,
): Promise<TargetSession> {
  // On stage the sandbox runs in the background: it outlives the demo, for --reset and --from.
  const settings = { sandbox: 'daemon', ...definedOnly(targetSettings(flags)) };
  return prepareTarget(name, { vars: values, settings, log: (line) => void process.stderr.write(`${line}\n`) });
}

function usageOnDemoError(resolve: () => DemoPosition): DemoPosition {
  try {
    return resolve();
  } catch (error) {
    if (error instanceof DemoError) throw new CliError(ExitCode.Usage, error.message, error.hint);
    throw error;
  }
}

function definedOnly(values: Readonly<Record<string, string | undefined>>): Record<string, string> {
  return Object.fromEntries(
    Object.entries(values).filter((entry): entry is [string, string] => entry[1] !== undefined),
  );
}

function sizeOf(file: string): string {
  const bytes = statSync(file).size;
  return bytes < 1024 * 1024 ? `${Math.ceil(bytes / 1024)} KB` : `${(bytes / 1024 / 1024).toFixed(1)} MB`;
}

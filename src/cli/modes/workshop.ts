import { exitCodeForSignal } from '../../exec/model.js';
import { existsSync } from 'node:fs';
import { basename, relative } from 'node:path';
import type { TargetName } from '../../lesson/index.js';
import { actOnEarlyKeys, bundledLessonsDir, packageVersion, shouldColor, isTargetName } from '../../shared/index.js';
import { statePaths } from '../../state/index.js';
import { isBundledLesson } from '../../trust/index.js';
import { parseAssignments } from '../assignments.js';
import { environmentSecretNames, resolveSecrets } from '../secret-sources.js';
import { validateWorkdir } from '../output-options.js';
import { finishClassReporting, joinedClassReporter } from '../class-link.js';
import type { ClassLink } from '../../ui/index.js';
import { ExitCode } from '../exit-codes.js';
import { fixturesDirFor, resolveLessonFiles } from '../lesson-files.js';
import { targetSettings, type TargetFlags } from '../lesson-options.js';
import { keepYoungGenerationSmall } from './young-generation.js';

const ALT_SCREEN_ON = '\u001B[?1049h\u001B[H';
const ALT_SCREEN_OFF = '\u001B[?1049l';
const CURSOR_HOME = '\u001B[H';

/**
 * `kong-workshop` and `kong-workshop start [lessons]`: the guided workshop. On a terminal it
 * paints the home screen at once, then hands over to the ink app; anywhere else (piped output,
 * CI) it says so and runs the lessons headless instead.
 */
export async function runWorkshop(args: readonly string[], flags: TargetFlags): Promise<number> {
  validateWorkdir(flags.workdir);
  if (!process.stdout.isTTY || !process.stdin.isTTY) {
    process.stderr.write(
      'note: not a terminal, so the workshop runs headless, like `kong-workshop run` (open a terminal for the guided ' +
        'workshop)\n',
    );
    const { runHeadless } = await import('./headless.js');
    return runHeadless('run', args.length ? args : [bundledLessonsDir()], { ...flags, format: 'text' });
  }

  // From the start, though start-up then scavenges more (about 30 ms of CPU before the first key):
  // capped only after mount, the young generation grows during start-up and the peak RSS of a
  // whole lesson rose by about 7 MB (143 MB against a 150 MB budget).
  keepYoungGenerationSmall();
  const given = args.length ? resolveLessonFiles(args) : [];
  const bundled = existsSync(bundledLessonsDir()) ? resolveLessonFiles([bundledLessonsDir()]) : [];
  // The bundled lessons in their order (one numbering everywhere), then any others given.
  const lessonFiles = [...new Set([...bundled, ...given])];
  const target = flags.target ?? 'sandbox';
  if (!isTargetName(target)) return ExitCode.Usage;

  const { Workshop } = await import('../../workshop/index.js');
  // In a class: every lesson run reports its steps, and the instructor's news is polled.
  const classReporter = await joinedClassReporter({ pollNewsMs: 2_000 });
  const workshop = await Workshop.create({
    onRun: classReporter && ((run) => void classReporter.attach(run)),
    lessonFiles,
    target,
    vars: parseAssignments(flags.var, '--var'),
    // The target's own secrets may come from the environment; a lesson's are asked for in the TUI.
    secrets: resolveSecrets(flags, await environmentSecretNames([], target, false)),
    settings: targetSettings(flags),
    trustAll: flags.trust === true,
    workdir: flags.workdir,
    fixturesDirFor,
    diagnose: async (name, requiredTools) => {
      const { runDoctor, summarizeDoctor } = await import('../../doctor/index.js');
      const report = await runDoctor({ target: name, settings: targetSettings(flags), requiredTools });
      // Only what stops the target: warnings about other targets' tools are noise here.
      return report.ok ? undefined : summarizeDoctor(report);
    },
  });
  const ui = await import('../../ui/index.js');
  const classLink: ClassLink | undefined = classReporter && {
    className: classReporter.membership.className,
    name: classReporter.membership.name,
    get news() {
      return classReporter.news;
    },
    get connected() {
      return classReporter.connected;
    },
    onChange: (listener) => classReporter.onChange(listener),
    raiseHand: (up) => classReporter.raiseHand(up),
  };
  const color = shouldColor(process.stdout);
  const version = packageVersion();
  const exitAfter = process.env.KONG_WORKSHOP_EXIT_AFTER;

  const size = { columns: process.stdout.columns, rows: process.stdout.rows };
  const paint = (selected?: number) =>
    ui.firstFrameText(workshop.state, size, version, color, classLink, selected) + CURSOR_HOME;
  process.stdout.write(ALT_SCREEN_ON + paint());
  // The first frame takes keys while ink loads: ↑↓ (and j k) move its cursor at once; the first other
  // key, and all after it, wait for the app, which starts with the cursor where the learner left it.
  let homeSelection = ui.initialSelection(workshop.state);
  actOnEarlyKeys((bytes) => {
    const moved = ui.earlyHomeMoves(bytes, homeSelection, workshop.state.lessons.length);
    if (moved.selected !== homeSelection) {
      homeSelection = moved.selected;
      process.stdout.write(paint(homeSelection));
    }
    return moved.rest;
  });
  const restore = () => process.stdout.write(ALT_SCREEN_OFF);
  // The start-up benchmark: 'first-frame', or 'keys', where the first frame takes keys (the same moment).
  if (exitAfter === 'first-frame' || exitAfter === 'keys') {
    restore();
    return ExitCode.Ok;
  }

  // A closed terminal or a kill still saves progress and stops the lesson's commands.
  const onSignal = (signal: NodeJS.Signals) =>
    void workshop.quit().finally(() => process.exit(exitCodeForSignal(signal)));
  process.once('SIGHUP', onSignal);
  process.once('SIGTERM', onSignal);
  // Remembered for the goodbye line: quitting closes the lesson.
  let last = workshop.state.lesson?.lesson;
  const forget = workshop.subscribe((state) => (last = state.lesson?.lesson ?? last));
  try {
    // A lesson named on the command line opens once the app takes keys: parsing it and reaching
    // the target would otherwise compete with the app's own start.
    const first = given[0];
    await ui.runWorkshopUi({
      afterMount: first ? () => void workshop.openLesson(first) : undefined,
      workshop,
      version,
      color,
      classLink,
      exitAfterFirstFrame: exitAfter === 'interactive',
      exitWhenTakingKeys: exitAfter === 'ink-keys',
      homeSelection: () => homeSelection,
    });
  } finally {
    forget();
    await workshop.quit();
    await finishClassReporting(classReporter, (line) => void process.stderr.write(`${line}\n`));
    process.off('SIGHUP', onSignal);
    process.off('SIGTERM', onSignal);
    restore();
  }
  process.stdout.write(goodbye(last?.title, last?.file, target));
  return ExitCode.Ok;
}

function goodbye(title: string | undefined, file: string | undefined, target: TargetName): string {
  const name = file && (isBundledLesson(file) ? basename(file, '.md') : relative(process.cwd(), file));
  const resume = name
    ? ` \`kong-workshop start ${name}${target === 'sandbox' ? '' : ` --target ${target}`}\` picks up where you left ` +
      `off.`
    : '';
  return `Progress saved${title ? ` for “${title}”` : ''} (in ${statePaths().progressDir}).${resume}\n`;
}

import type { Command } from 'commander';
import type { CommandModule } from './index.js';
import { addReportOptions, addTargetOptions } from '../lesson-options.js';
import type { HeadlessFlags } from '../modes/headless.js';

export const runCommand: CommandModule = {
  register(program: Command, run) {
    const command = program
      .command('run')
      .summary('run lessons end to end: every command, then every check')
      .description(
        'Runs each step of the lessons in order, headless: writes their files, runs their commands and checks the results.\n' +
          'Stops a lesson at its first failed step. Exit codes: 0 passed, 1 usage, 2 invalid lesson, 3 target or runtime fault, 4 a check failed.\n' +
          'While writing a lesson: `run --watch LESSON.md --from 3` runs steps 1-2 quietly to set the state, reports\n' +
          'from step 3, and runs again on every save of the lesson or a file it includes; Ctrl-C ends it (exit 0).',
      )
      .argument('[lessons...]', 'lesson files, folders, or bundled lesson names (default: the bundled workshop)')
      .option('--cleanup', "run each lesson's Clean up section at the end")
      .option('--from <step>', 'one lesson: run the steps before this one (number or id) quietly, then report from it')
      .option('--watch', 'one lesson: run it again each time it (or a file it includes) is saved, until Ctrl-C');
    addReportOptions(addTargetOptions(command)).action(
      (lessons: string[], flags: HeadlessFlags & { watch?: boolean }) =>
        run(async () =>
          flags.watch
            ? (await import('../modes/run-watch.js')).runWatch(lessons, flags)
            : (await import('../modes/headless.js')).runHeadless('run', lessons, flags),
        ),
    );
  },
};

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
          'Stops a lesson at its first failed step. Exit codes: 0 passed, 1 usage, 2 invalid lesson, 3 target or runtime fault, 4 a check failed.',
      )
      .argument('[lessons...]', 'lesson files, folders, or bundled lesson names (default: the bundled workshop)')
      .option('--cleanup', "run each lesson's Clean up section at the end");
    addReportOptions(addTargetOptions(command)).action((lessons: string[], flags: HeadlessFlags) =>
      run(async () => (await import('../modes/headless.js')).runHeadless('run', lessons, flags)),
    );
  },
};

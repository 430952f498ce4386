import type { Command } from 'commander';
import type { CommandModule } from './index.js';
import { addReportOptions, addTargetOptions } from '../lesson-options.js';
import type { HeadlessFlags } from '../modes/headless.js';

export const checkCommand: CommandModule = {
  register(program: Command, run) {
    const command = program
      .command('check')
      .summary("verify work done by hand: run only the lessons' checks")
      .description(
        'Runs only the checks of each step (no commands, no files), so learners can verify what they did by hand and ' +
          'authors can\n' +
          'check a prepared target. Exit codes: 0 passed, 1 usage, 2 invalid lesson, 3 target or runtime fault, ' +
          '4 a check failed.',
      )
      .argument('[lessons...]', 'lesson files, folders, or bundled lesson names (default: the bundled workshop)');
    addReportOptions(addTargetOptions(command))
      .option(
        '--reuse-secrets',
        "use a lesson's secrets saved for another lesson (the workshop asks first; headless, this flag says yes)",
      )
      .action((lessons: string[], flags: HeadlessFlags) =>
        run(async () => (await import('../modes/headless.js')).runHeadless('check', lessons, flags)),
      );
  },
};

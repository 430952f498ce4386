import type { Command } from 'commander';
import type { CommandModule } from './index.js';
import { addTargetOptions, type TargetFlags } from '../lesson-options.js';

export const startCommand: CommandModule = {
  register(program: Command, run) {
    const command = program
      .command('start')
      .summary('open the guided workshop (also what `kong-workshop` alone does)')
      .description(
        'Opens the interactive workshop: the lessons with your progress, then a lesson step by step: run it, watch ' +
          'the output,\n' +
          'see its checks, get a hint. Progress is saved after every step; coming back resumes where you left off.\n' +
          'Not on a terminal (output piped or redirected), it runs the lessons headless like `kong-workshop run`.',
      )
      .argument('[lessons...]', 'lesson files, folders or bundled lesson names; the first opens straight away');
    addTargetOptions(command).action((lessons: string[], flags: TargetFlags) =>
      run(async () => (await import('../modes/workshop.js')).runWorkshop(lessons, flags)),
    );
  },
};

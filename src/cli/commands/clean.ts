import type { Command } from 'commander';
import { addTargetOptions } from '../lesson-options.js';
import type { CleanFlags } from '../modes/clean.js';
import type { CommandModule } from './index.js';

/** `kong-workshop clean`: a lesson's clean-up, and its work folder gone. */
export const cleanCommand: CommandModule = {
  register(program: Command, run) {
    const command = program
      .command('clean')
      .summary("run a lesson's clean-up and remove the files it left (token files too)")
      .description(
        "Runs the lesson's `## Clean up` section against the target, then removes the lesson's work folder, where " +
          'its\n' +
          'steps wrote their files (lesson 1 writes one with the sandbox token). --keep-files keeps the folder.',
      )
      .argument('<lessons...>', 'lesson files, folders, or bundled lessons by name, id or number')
      .option('--keep-files', "keep the lesson's work folder");
    addTargetOptions(command).action((lessons: string[], flags: CleanFlags) =>
      run(async () => (await import('../modes/clean.js')).runClean(lessons, flags)),
    );
  },
};

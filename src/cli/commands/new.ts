import type { Command } from 'commander';
import type { CommandModule } from './index.js';

/** `kong-workshop new <id>`: a lesson to start from, that lints clean and verifies as written. */
export const newCommand: CommandModule = {
  register(program: Command, run) {
    program
      .command('new')
      .description('write a new lesson, <id>.md, that lints clean and verifies on the sandbox as written')
      .argument('<id>', 'the lesson id, kebab-case: my-first-lesson')
      .option('--dir <folder>', 'where to write it (default: the current folder)', '.')
      .action((id: string, options: { dir: string }) =>
        run(async () => (await import('../modes/new.js')).runNew(id, options.dir)),
      );
  },
};

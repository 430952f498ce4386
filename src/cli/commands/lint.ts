import { Option, type Command } from 'commander';
import type { CommandModule } from './index.js';
import { retireOldOutputFlags } from '../output-options.js';

/** `kong-workshop lint [paths...]`: checks lessons without running anything. */
export const lintCommand: CommandModule = {
  register(program: Command, run) {
    const command = program
      .command('lint')
      .description('check lesson files; every problem is reported as file:line:col with a hint')
      .argument('[paths...]', 'lesson files, or folders of them (default: the bundled lessons)')
      .addOption(
        new Option('--format <kind>', 'how to print the diagnostics')
          .choices(['text', 'json', 'github'])
          .default('text'),
      )
      .option('--strict', 'fail on warnings too (a step without a hint or a solution)', false)
      .option('--watch', 'lint again whenever a lesson file changes (Ctrl-C stops)', false);
    retireOldOutputFlags(command).action(
      (paths: string[], options: { format: 'text' | 'json' | 'github'; strict: boolean; watch: boolean }) =>
        run(async () => (await import('../modes/lint.js')).runLint(paths, options)),
    );
  },
};

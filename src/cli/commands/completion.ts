import { Argument, type Command } from 'commander';
import { ExitCode } from '../exit-codes.js';
import type { CommandModule } from './index.js';

/** `kong-workshop completion bash|zsh|fish`: a completion script, read from the parser's own command table. */
export const completionCommand: CommandModule = {
  register(program: Command, run) {
    program
      .command('completion')
      .summary('print a shell completion script: commands, options and their choices, bundled lessons')
      .description(
        'Prints a completion script for bash, zsh or fish, generated from the same command and option table the ' +
          'parser uses, so it never offers a flag that does not exist.',
      )
      .addArgument(new Argument('<shell>', 'the shell').choices(['bash', 'zsh', 'fish']))
      .action((shell: string) =>
        run(async () => {
          const [{ completionScript, SHELLS }, { bundledLessonNames }] = await Promise.all([
            import('../completion.js'),
            import('../lesson-files.js'),
          ]);
          const chosen = SHELLS.find((name) => name === shell) ?? 'bash';
          process.stdout.write(completionScript(chosen, program, bundledLessonNames()));
          return ExitCode.Ok;
        }),
      );
  },
};

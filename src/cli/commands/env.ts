import { Option, type Command } from 'commander';
import type { EnvFlags } from '../env/index.js';
import { TARGET_NAMES } from '../../shared/index.js';
import type { CommandModule } from './index.js';

/** `kong-workshop env`: the lesson environment for the learner's own shell. */
export const envCommand: CommandModule = {
  register(program: Command, run) {
    program
      .command('env')
      .summary('print the lesson environment (PROXY, ADMIN, …) for your own shell: eval "$(kong-workshop env)"')
      .description(
        'Prints export lines for the target the lessons use (PROXY, ADMIN, SANDBOX_TOKEN, UPSTREAM…) and puts this\n' +
          'kong-workshop first on PATH, so the commands of a lesson work when you type them yourself:\n' +
          '  eval "$(kong-workshop env)"            bash, zsh\n' +
          '  kong-workshop env --shell fish | source  fish\n' +
          'Secrets are printed only when standard output is not a terminal; on a terminal they are masked.',
      )
      .addOption(new Option('-t, --target <name>', 'the target (default sandbox)').choices([...TARGET_NAMES]))
      .addOption(
        new Option('--shell <name>', 'the shell syntax (default: from $SHELL)').choices(['bash', 'zsh', 'fish']),
      )
      .option('--lesson <lesson>', "also the lesson's WORKDIR, FIXTURES and the values its steps saved")
      .action((flags: EnvFlags) => run(async () => (await import('../env/index.js')).envCommandAction(flags)));
  },
};

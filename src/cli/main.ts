import { Command, CommanderError } from 'commander';
import { packageVersion } from '../shared/index.js';
import { commandModules, startCommandModule, type CommandModule } from './commands/index.js';
import { CliError, ExitCode } from './exit-codes.js';
import { formatCliError } from './format-error.js';
import { checkRetiredFlags } from './output-options.js';
import { usageHint } from './usage.js';

/** Builds the whole command tree: the parser, `--help` and the completion scripts all read it. */
export async function buildProgram(
  runAction: (action: () => Promise<number>) => Promise<void> = async () => {},
  modules: readonly (() => Promise<CommandModule>)[] = commandModules,
): Promise<Command> {
  const program = new Command('kong-workshop')
    .description('Hands-on, self-checking Kong Gateway workshops in your terminal.')
    .version(packageVersion(), '-V, --version', 'print the version')
    .helpOption('-h, --help', 'show help')
    .exitOverride()
    .configureOutput({
      writeErr: (text) => process.stderr.write(text),
      writeOut: (text) => process.stdout.write(text),
    });
  for (const load of modules) (await load()).register(program, runAction);
  configureUsageErrors(program);
  return program;
}

/** Every command, at every depth, ends a usage error with its own usage line and where its help is. */
function configureUsageErrors(command: Command): void {
  command.exitOverride().showHelpAfterError(usageHint(command));
  for (const sub of command.commands) configureUsageErrors(sub);
}

/** Parses argv, runs the chosen command, and returns the process exit code. Never throws. */
export async function main(argv: readonly string[]): Promise<number> {
  let exitCode: number = ExitCode.Ok;
  let active: Command | undefined;
  const program = await buildProgram(async (action) => {
    exitCode = await action();
  }, modulesFor(argv));
  program.hook('preAction', (_program, actionCommand) => {
    active = actionCommand;
    checkRetiredFlags(actionCommand);
  });

  try {
    // `kong-workshop` alone opens the workshop: the one command a newcomer needs to know.
    await program.parseAsync(argv.length === 0 ? ['start'] : [...argv], { from: 'user' });
    return exitCode;
  } catch (error) {
    if (error instanceof CommanderError) {
      // --help and --version end through here too, with exit code 0.
      return error.exitCode === 0 ? ExitCode.Ok : ExitCode.Usage;
    }
    process.stderr.write(formatCliError(error));
    if (error instanceof CliError && error.exitCode === ExitCode.Usage && active)
      process.stderr.write(`${usageHint(active)}\n`);
    return error instanceof CliError ? error.exitCode : ExitCode.Fault;
  }
}

/**
 * The workshop (`kong-workshop`, `start`) registers only its own command: the learner's first key
 * waits for the TUI, not for thirteen other commands' modules. Anything else sees them all.
 */
function modulesFor(argv: readonly string[]): readonly (() => Promise<CommandModule>)[] {
  const workshop = argv.length === 0 || (argv[0] === 'start' && !argv.some((arg) => arg === '--help' || arg === '-h'));
  return workshop ? [startCommandModule] : commandModules;
}

import { Command, CommanderError } from 'commander';
import { packageVersion } from '../shared/index.js';
import { commandModules } from './commands/index.js';
import { CliError, ExitCode } from './exit-codes.js';
import { formatCliError } from './format-error.js';
import { checkRetiredFlags } from './output-options.js';
import { usageHint } from './usage.js';

/** Builds the whole command tree: the parser, `--help` and the completion scripts all read it. */
export async function buildProgram(
  runAction: (action: () => Promise<number>) => Promise<void> = async () => {},
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
  for (const load of commandModules) (await load()).register(program, runAction);
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
  });
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

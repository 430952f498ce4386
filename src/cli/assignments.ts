import { VARIABLE_NAME } from '../shared/index.js';
import { CliError, ExitCode } from './exit-codes.js';

/** Parses repeated `--var NAME=VALUE` flags. */
export function parseAssignments(values: readonly string[] | undefined, flag: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const value of values ?? []) {
    const match = /^([A-Za-z_][A-Za-z0-9_]*)=(.*)$/s.exec(value);
    if (!match) {
      // Never echo what was given to --secret: it is probably the secret itself.
      const shown = flag === '--secret' ? '' : `, got '${value.replace(/=.*/s, '=…')}'`;
      throw new CliError(
        ExitCode.Usage,
        `${flag} expects NAME=VALUE${shown}`,
        `for example ${flag === '--secret' ? '--secret KONNECT_TOKEN=kpat_…' : '--var PROXY=http://localhost:8000'}`,
      );
    }
    const name = match[1] ?? '';
    // One rule for variable names, the lessons' own: a lower-case name could never be used by one.
    if (!VARIABLE_NAME.test(name))
      throw new CliError(
        ExitCode.Usage,
        `${flag} ${name}: variable names are upper case letters, digits and _`,
        `for example ${flag} ${name.toUpperCase().replace(/[^A-Z0-9_]/g, '_')}=…`,
      );
    out[name] = match[2] ?? '';
  }
  return out;
}

export const collect = (value: string, previous: string[] = []): string[] => [...previous, value];

/**
 * `--var` and `--choice` values: a learner's choice is a variable named after it, so both set it;
 * the run refuses an option the lesson does not offer, with the ones it does.
 */
export function lessonVariables(flags: {
  readonly var?: readonly string[];
  readonly choice?: readonly string[];
}): Record<string, string> {
  return { ...parseAssignments(flags.choice, '--choice'), ...parseAssignments(flags.var, '--var') };
}

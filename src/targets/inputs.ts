import type { TargetInput } from './types.js';
import { TargetError } from './types.js';

/** The value of a target input: given (flag or prompt), else its default, else a TargetError naming the flag. */
export function requireInput(input: TargetInput, values: Readonly<Record<string, string>>, target: string): string {
  const value = values[input.name] ?? input.default;
  if (value === undefined || value === '') {
    // A secret is never asked for on the command line, where `ps` would show it.
    const how = input.secret
      ? `set ${input.name} in the environment, or pass --secret-file ${input.name}=PATH`
      : `pass --var ${input.name}=…`;
    throw new TargetError(
      'missing-input',
      `the ${target} target needs ${input.name} (${input.prompt})`,
      `${how}${input.hint ? `; ${input.hint}` : ''}`,
    );
  }
  if (input.pattern && !new RegExp(input.pattern).test(value)) {
    throw new TargetError(
      'invalid-input',
      `${input.name} does not look right for the ${target} target`,
      input.hint ?? `it must match ${input.pattern}`,
    );
  }
  return value;
}

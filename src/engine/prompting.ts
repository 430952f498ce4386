import { interpolate, InterpolationError, type VarSpec } from '../lesson/index.js';
import type { RunFault } from './blocks.js';
import type { VariableStore } from './variables.js';

export interface PromptRequest {
  readonly variable: VarSpec;
  /** Why the previous answer was refused (it did not match the pattern). */
  readonly error?: string;
}

/** Asks the user; resolves undefined when they cancel. */
export type Prompter = (request: PromptRequest) => Promise<string | undefined>;

/**
 * Gives a declared variable its value: a value already known (flag, earlier prompt, saved
 * progress) wins; otherwise the user is asked (interactive) or the default applies (headless).
 * A value that does not match the declared pattern is refused with the lesson's hint.
 */
export async function resolveVariable(
  spec: VarSpec,
  variables: VariableStore,
  prompt: Prompter | undefined,
): Promise<RunFault | undefined> {
  const known = variables.get(spec.name);
  let fallback: string | undefined;
  try {
    fallback = defaultValue(spec, variables);
  } catch (error) {
    if (!(error instanceof InterpolationError)) throw error;
    return {
      code: 'undefined-variable',
      message: `the default of ${spec.name} needs {{${error.variable}}}, which this target does not provide`,
      hint: `pass --var ${spec.name}=…`,
    };
  }
  if (known !== undefined) {
    if (spec.secret && !variables.isSecret(spec.name))
      variables.set(spec.name, known, { secret: true, origin: 'flag' });
    const problem = patternProblem(spec, known);
    if (!problem) return undefined;
    if (!prompt)
      return { code: 'invalid-variable', message: `the value given for ${spec.name} ${problem}`, hint: hintFor(spec) };
  }

  if (prompt && (spec.prompt !== undefined || fallback === undefined)) {
    let error = known !== undefined ? patternProblem(spec, known) : undefined;
    for (;;) {
      const answer = await prompt({ variable: spec, error: error ? `${error}. ${spec.hint ?? ''}`.trim() : undefined });
      if (answer === undefined)
        return {
          code: 'cancelled',
          message: `no value given for ${spec.name}`,
          hint: 'run the step again to be asked once more',
        };
      const value = pickedOption(spec, answer === '' && fallback !== undefined ? fallback : answer);
      error = value === '' ? 'is empty' : patternProblem(spec, value);
      if (!error) {
        variables.set(spec.name, value, { secret: spec.secret, origin: 'prompt' });
        return undefined;
      }
    }
  }

  if (fallback !== undefined) {
    variables.set(spec.name, fallback, { secret: spec.secret, origin: 'lesson' });
    return undefined;
  }
  const how = spec.secret
    ? `pass --secret-env ${spec.name} (from the environment) or --secret-file ${spec.name}=PATH`
    : `pass --var ${spec.name}=…`;
  return {
    code: 'missing-variable',
    message: `${spec.name} has no value${spec.prompt ? ` (${spec.prompt})` : ''}`,
    hint: `${how}${spec.hint ? `; ${spec.hint}` : ''}`,
  };
}

/**
 * A default may name the target's values (`DECK_UPSTREAM: "{{UPSTREAM}}"`), so a variable the
 * lesson's commands need is declared once and is there for every check, re-check and
 * `kong-workshop env`, not only in the shell that ran the step exporting it.
 */
export function defaultValue(spec: VarSpec, variables: VariableStore): string | undefined {
  return spec.default === undefined ? undefined : interpolate(spec.default, variables.lookup);
}

/** A choice's picker takes an option's number as well as its name: `2` is the second option. */
function pickedOption(spec: VarSpec, answer: string): string {
  const number = /^\d+$/.test(answer.trim()) ? Number(answer.trim()) : undefined;
  return (number !== undefined && spec.options?.[number - 1]) || answer.trim() || answer;
}

function patternProblem(spec: VarSpec, value: string): string | undefined {
  if (spec.options && !spec.options.includes(value)) return `is not one of ${spec.options.join(', ')}`;
  if (spec.pattern === undefined) return undefined;
  return new RegExp(spec.pattern).test(value) ? undefined : `does not match ${spec.pattern}`;
}

function hintFor(spec: VarSpec): string {
  // Headless: the flag to give, not the picker's "type a number".
  if (spec.options) return `pass --choice ${spec.name}=… with one of ${spec.options.join(', ')}`;
  return spec.hint ?? `give a value that matches ${spec.pattern}`;
}

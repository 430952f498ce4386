import safeRegex from 'safe-regex2';
import * as z from 'zod';
import { parseDuration, errorMessage, isTargetName, VARIABLE_NAME } from '../shared/index.js';
import { didYouMean } from './suggest.js';
import { TARGET_NAMES, type PollPolicy, type TargetName } from './types.js';

export { VARIABLE_NAME };

const DEFAULT_POLL_INTERVAL_MS = 1000;

/** Milliseconds, from text with a unit. Bare numbers are refused: `30` could mean s or ms. */
export const durationSchema = z.union([z.string(), z.number()]).transform((value, ctx) => {
  const ms = typeof value === 'string' ? parseDuration(value) : undefined;
  if (ms !== undefined) return ms;
  const bare = typeof value === 'number' || /^\s*\d+(\.\d+)?\s*$/.test(value);
  ctx.addIssue({
    code: 'custom',
    message: bare ? `${String(value).trim()} has no unit` : `'${value}' is not a duration`,
    params: {
      code: 'bad-duration',
      hint: bare
        ? `write ${String(value).trim()}s (or ms, m, h): durations always carry a unit`
        : 'write a number with a unit: 500ms, 30s, 2m, 1h',
    },
  });
  return z.NEVER;
});

/**
 * `eventually: 30s` or `eventually: { timeout: 30s, interval: 2s, wait-anyway: true }`.
 * `wait-anyway` keeps polling through failures that waiting cannot normally fix (a 404 with no
 * route, a 401 for a request that sends no credential), for a lesson where something else adds them.
 */
export const eventuallySchema = z
  .union([
    durationSchema,
    z.strictObject({
      timeout: durationSchema,
      interval: durationSchema.optional(),
      'wait-anyway': z.boolean().optional(),
    }),
  ])
  .transform(
    (value): PollPolicy =>
      typeof value === 'number'
        ? { timeoutMs: value, intervalMs: DEFAULT_POLL_INTERVAL_MS }
        : {
            timeoutMs: value.timeout,
            intervalMs: value.interval ?? DEFAULT_POLL_INTERVAL_MS,
            ...(value['wait-anyway'] ? { waitAnyway: true } : {}),
          },
  );

export const targetNameSchema = z.string().transform((value, ctx): TargetName => {
  if (isTargetName(value)) return value;
  ctx.addIssue({
    code: 'custom',
    message: `unknown target '${value}'`,
    params: {
      code: 'unknown-target',
      standalone: true,
      hint: `${didYouMean(value, TARGET_NAMES)}Targets are ${TARGET_NAMES.join(', ')}`,
    },
  });
  return z.NEVER;
});

/** Text where YAML may have read a number or a boolean (`X-Limit: 5`, `default: 8000`). */
export const textSchema = z.union([z.string(), z.number(), z.boolean()]).transform(String);

export const scalarSchema = z.union([z.string(), z.number(), z.boolean(), z.null()]);

/** Why a pattern cannot be used, or undefined when it can: it must compile and run in linear-ish time. */
function regexProblem(pattern: string, flags: string): { message: string; hint: string } | undefined {
  try {
    new RegExp(pattern, flags);
  } catch (error) {
    return {
      message: `invalid regular expression: ${errorMessage(error).replace(/^Invalid regular expression: /, '')}`,
      hint: 'this is JavaScript regex syntax; escape special characters such as ( [ . with a backslash',
    };
  }
  // A repetition inside a repetition, such as (a+)+, can backtrack for minutes on a response
  // that almost matches: a check must never hang the workshop.
  if (!safeRegex(pattern)) {
    return {
      message: 'this pattern can take exponential time on some inputs (a repetition inside a repetition)',
      hint: "don't nest repetitions: (a+)+ matches what a+ does, and (\\w+\\s?)* can be \\w[\\w\\s]*",
    };
  }
  return undefined;
}

/** A JavaScript regular expression, or `/pattern/flags`. */
export const regexSchema = z.string().transform((value, ctx) => {
  const { pattern, flags } = splitRegex(value);
  const problem = regexProblem(pattern, flags);
  if (problem) {
    ctx.addIssue({ code: 'custom', message: problem.message, params: { hint: problem.hint } });
    return z.NEVER;
  }
  return { pattern, flags };
});

function splitRegex(value: string): { pattern: string; flags: string } {
  const literal = /^\/(.+)\/([dgimsuvy]*)$/s.exec(value);
  return literal ? { pattern: literal[1] ?? '', flags: literal[2] ?? '' } : { pattern: value, flags: '' };
}

/** A plain regular expression source (no `/…/flags` form), as variables' `pattern` takes. */
export const patternSchema = z.string().superRefine((value, ctx) => {
  const problem = regexProblem(value, '');
  if (problem) ctx.addIssue({ code: 'custom', message: problem.message, params: { hint: problem.hint } });
});

import * as z from 'zod';
import { parseDuration, errorMessage, isTargetName } from '../shared/index.js';
import { didYouMean } from './suggest.js';
import { TARGET_NAMES, type PollPolicy, type TargetName } from './types.js';

/** Variable names are upper case, because every variable is also exported to the shell. */
export const VARIABLE_NAME = /^[A-Z_][A-Z0-9_]*$/;

export const DEFAULT_POLL_INTERVAL_MS = 1000;

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

/** `eventually: 30s` or `eventually: { timeout: 30s, interval: 2s }`. */
export const eventuallySchema = z
  .union([durationSchema, z.strictObject({ timeout: durationSchema, interval: durationSchema.optional() })])
  .transform(
    (value): PollPolicy =>
      typeof value === 'number'
        ? { timeoutMs: value, intervalMs: DEFAULT_POLL_INTERVAL_MS }
        : { timeoutMs: value.timeout, intervalMs: value.interval ?? DEFAULT_POLL_INTERVAL_MS },
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

/** A JavaScript regular expression, or `/pattern/flags`. */
export const regexSchema = z.string().transform((value, ctx) => {
  const { pattern, flags } = splitRegex(value);
  try {
    new RegExp(pattern, flags);
  } catch (error) {
    ctx.addIssue({
      code: 'custom',
      message: `invalid regular expression: ${errorMessage(error).replace(/^Invalid regular expression: /, '')}`,
      params: { hint: 'this is JavaScript regex syntax; escape special characters such as ( [ . with a backslash' },
    });
    return z.NEVER;
  }
  return { pattern, flags };
});

export function splitRegex(value: string): { pattern: string; flags: string } {
  const literal = /^\/(.+)\/([dgimsuvy]*)$/s.exec(value);
  return literal ? { pattern: literal[1] ?? '', flags: literal[2] ?? '' } : { pattern: value, flags: '' };
}

/** A plain regular expression source (no `/…/flags` form), as variables' `pattern` takes. */
export const patternSchema = z.string().superRefine((value, ctx) => {
  try {
    new RegExp(value);
  } catch (error) {
    ctx.addIssue({
      code: 'custom',
      message: `invalid regular expression: ${errorMessage(error).replace(/^Invalid regular expression: /, '')}`,
      params: { hint: 'this is JavaScript regex syntax; escape special characters such as ( [ . with a backslash' },
    });
  }
});

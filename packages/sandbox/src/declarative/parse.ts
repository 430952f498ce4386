import { parse as parseYaml } from 'yaml';
import { declarativeConfigError, type DaoError } from '../dao-errors.js';
import { errorMessage } from '@kong-workshop/common';

export type ParsedConfig = { ok: true; value: Record<string, unknown> } | { ok: false; error: DaoError };

const failure = (reason: string): ParsedConfig => {
  const message = `failed parsing declarative configuration: ${reason}`;
  return { ok: false, error: declarativeConfigError({ error: message }) };
};

/** Parses a declarative configuration written as JSON or YAML (Kong's dc:unserialize). */
export function parseDeclarativeText(text: string): ParsedConfig {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    try {
      value = parseYaml(text, { schema: 'core', merge: true });
    } catch (error) {
      return failure(errorMessage(error).split('\n')[0] ?? 'invalid YAML');
    }
  }
  return asConfigObject(value);
}

/** A configuration must be an object; anything else is Kong's "expected an object". */
export function asConfigObject(value: unknown): ParsedConfig {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return failure('expected an object');
  return { ok: true, value: value as Record<string, unknown> };
}

import { schemaViolation, type DaoError, type FieldErrors } from '../dao-errors.js';
import { validateFields, type ValidateOptions } from './engine.js';
import {
  acls,
  basicauthCredentials,
  consumerGroupConsumers,
  consumerGroups,
  consumers,
  keyauthCredentials,
  routes,
  services,
  type EntitySchema,
  type EntityType,
} from './entities.js';
import { targets, upstreams } from './upstreams.js';
import { hmacauthCredentials, jwtSecrets, oauth2Credentials, oauth2Tokens } from './auth-entities.js';
import { isPluginName, PLUGIN_CONFIGS, plugins, unknownPluginMessage } from './plugins.js';
import { isRecord } from '@kong-workshop/common';

export const SCHEMAS: Readonly<Record<EntityType, EntitySchema>> = {
  upstreams,
  targets,
  services,
  routes,
  consumers,
  consumer_groups: consumerGroups,
  consumer_group_consumers: consumerGroupConsumers,
  plugins,
  keyauth_credentials: keyauthCredentials,
  basicauth_credentials: basicauthCredentials,
  acls,
  jwt_secrets: jwtSecrets,
  hmacauth_credentials: hmacauthCredentials,
  oauth2_credentials: oauth2Credentials,
  oauth2_tokens: oauth2Tokens,
};

export type Entity = Record<string, unknown> & { id: string };

export type Validation = { ok: true; value: Record<string, unknown> } | { ok: false; errors: FieldErrors };

/**
 * Validates one entity as Kong would on insert: shorthands expanded, defaults filled, unknown
 * fields refused, entity checks run. Returns Kong's field-error tree on failure.
 */
export function validateEntity(type: EntityType, input: unknown, options: ValidateOptions = {}): Validation {
  const schema = SCHEMAS[type];
  if (!isRecord(input)) return { ok: false, errors: { '@entity': ['expected a record'] } };
  const copy: Record<string, unknown> = { ...input };
  const shorthandErrors = schema.expandShorthands?.(copy);
  if (shorthandErrors) return { ok: false, errors: shorthandErrors };
  if (type === 'plugins') return validatePlugin(copy, options);
  const result = validateFields(schema.fields, copy, options, schema.checks);
  return result.errors ? { ok: false, errors: result.errors } : { ok: true, value: result.value };
}

function validatePlugin(input: Record<string, unknown>, options: ValidateOptions): Validation {
  const name = input.name;
  const known = isPluginName(name);
  const fields = known ? { ...plugins.fields, config: PLUGIN_CONFIGS[name].config } : plugins.fields;
  const checks = known ? PLUGIN_CONFIGS[name].checks : [];
  const result = validateFields(fields, known ? input : { ...input, config: undefined }, options, checks);
  const errors: Record<string, unknown> = { ...(result.errors ?? {}) };
  if (!known && typeof name === 'string') errors.name = unknownPluginMessage(name);
  return Object.keys(errors).length ? { ok: false, errors: errors as FieldErrors } : { ok: true, value: result.value };
}

/** The Admin API's 400 for a failed validation. */
export function violation(errors: FieldErrors): DaoError {
  return schemaViolation(errors);
}
